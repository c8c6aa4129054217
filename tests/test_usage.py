"""`modelswitch usage` on hand-made transcripts: dedup, attribution and its fallbacks, bad
lines, periods, prices (unknown is never $0), --compare, CSV, and the launch log."""

from __future__ import annotations

import json
import os
import stat

import pytest

from modelswitch.launch import log as launch_log
from modelswitch.launch.log import wants_session_id
from modelswitch.profile.schema import Profile
from modelswitch.profile.storage import atomic_write, dumps
from transcripts import T0, assistant, usage, write


def user(session, ts, cwd="/work/app"):
    return json.dumps({"type": "user", "sessionId": session, "cwd": cwd, "timestamp": ts,
                       "message": {"role": "user", "content": 'say "timestamp":"x"'}})


def profile(name, model, prices=(None, None, None, None)):
    p = Profile(name=name, base_url="https://example.com/anthropic", model=model, opus=model,
                price_input=prices[0], price_output=prices[1], price_cache_write=prices[2],
                price_cache_read=prices[3])
    from modelswitch import paths

    paths.profiles_dir().mkdir(parents=True, exist_ok=True)
    atomic_write(paths.profile_path(name), dumps(p))


def test_dedup_by_message_and_request_id(cli_run, claude_dir):
    profile("kimi", "kimi-k2-thinking", (0.6, 2.5, 0.6, 0.15))
    line = assistant("s1", "msg_1", "req_1", T0)
    write(claude_dir, "-work-app", "s1", [line, line, assistant("s1", "msg_2", "req_2", T0)])
    # a resumed session copies msg_1 into its own file: still counted once
    write(claude_dir, "-work-app", "s2", [line, assistant("s2", "msg_1", "req_9", T0)])
    data, _ = usage(cli_run)
    total = data["totals"]
    assert total["requests"] == 3 and total["input"] == 300  # msg_1/req_9 is another request


def test_attribution_by_launch_log_beats_the_model_id(cli_run, claude_dir):
    profile("kimi", "kimi-k2-thinking", (0.6, 2.5, 0.6, 0.15))
    profile("novita", "kimi-k2-thinking", (1.0, 3.0, 1.0, 0.2))
    launch_log.append({"time": "2026-11-20T09:59:59Z", "profile": "novita", "cwd": "/work/app",
                       "pid": 1, "claude": "2.1.332", "session": "s-exact"})
    launch_log.append({"time": "2026-11-20T11:00:00Z", "profile": "kimi", "cwd": "/work/other",
                       "pid": 2, "claude": "2.1.332", "session": ""})
    write(claude_dir, "-work-app", "s-exact", [assistant("s-exact", "m1", "r1", T0)])
    # no session id in the log, same cwd, after the launch: the cwd/time match
    write(claude_dir, "-work-other", "s-cwd",
          [assistant("s-cwd", "m2", "r2", "2026-11-20T11:05:00.000Z", cwd="/work/other")])
    # launched before any record in its folder: model id fallback, both candidates
    write(claude_dir, "-work-other", "s-early",
          [assistant("s-early", "m3", "r3", "2026-11-20T08:00:00.000Z", cwd="/work/other")])
    # a model no profile uses, and one only a preset uses
    write(claude_dir, "-x", "s-unknown", [assistant("s-unknown", "m4", "r4", T0, model="mystery")])
    write(claude_dir, "-x", "s-preset", [assistant("s-preset", "m5", "r5", T0, model="claude-sonnet-5-5")])
    data, _ = usage(cli_run, "--by", "session")
    rows = {row["key"]: row for row in data["rows"]}
    assert rows["s-exact"]["profile"] == "novita"
    assert rows["s-exact"]["cost_usd"] == pytest.approx((100 * 1.0 + 10 * 3.0) / 1e6)
    assert rows["s-cwd"]["profile"] == "kimi"
    assert rows["s-early"]["profile"] == "kimi|novita?"
    assert rows["s-early"]["cost_complete"] is False  # candidates disagree on prices
    assert rows["s-unknown"]["profile"] == "?" and rows["s-unknown"]["cost_complete"] is False
    assert rows["s-preset"]["profile"] == "claude-sonnet?" and rows["s-preset"]["cost_complete"]
    by_profile, _ = usage(cli_run, "--profile", "kimi")
    assert [row["key"] for row in by_profile["rows"]] == ["kimi"]


def test_a_cwd_match_needs_the_profile_to_serve_the_model(cli_run, claude_dir):
    profile("glm", "glm-4.6", (0.6, 2.2, 0.6, 0.11))
    profile("kimi", "kimi-k2-thinking", (0.6, 2.5, 0.6, 0.15))
    launch_log.append({"time": "2026-11-20T09:00:00Z", "profile": "glm", "cwd": "/work/app"})
    write(claude_dir, "-work-app", "s1", [assistant("s1", "m1", "r1", T0)])  # kimi's model
    data, _ = usage(cli_run)
    assert [row["key"] for row in data["rows"]] == ["kimi?"]


def test_bad_lines_are_counted_never_fatal(cli_run, claude_dir):
    profile("kimi", "kimi-k2-thinking", (0.6, 2.5, 0.6, 0.15))
    good = assistant("s1", "m1", "r1", T0)
    absurd = assistant("s1", "m2", "r2", T0, tokens=(10**12, 1, 0, 0))
    negative = assistant("s1", "m3", "r3", T0, tokens=(-5, 1, 0, 0))
    write(claude_dir, "-work-app", "s1", [
        good, good[:40], "not json at all", "[1, 2]", absurd, negative,
        json.dumps({"type": "assistant", "message": {"usage": {}}}),  # no timestamp
        "", "\x00\xff garbage }"])
    unreadable = write(claude_dir, "-work-app", "s2", [good])
    os.chmod(unreadable, 0)
    (claude_dir / "projects" / "-work-app" / "dir.jsonl").mkdir()
    data, stderr = usage(cli_run)
    assert data["totals"]["requests"] == 1
    line = data["skipped"]
    assert "3 truncated or non-JSON lines" in line and "2 lines with absurd" in line
    assert "1 lines missing fields" in line
    if os.geteuid() != 0:
        assert "2 unreadable files" in line
    assert stderr.count("\n") == 1 and stderr.startswith("modelswitch: usage: skipped")


def test_periods_days_and_response_time(cli_run, claude_dir):
    profile("kimi", "kimi-k2-thinking", (0.6, 2.5, 0.6, 0.15))
    write(claude_dir, "-work-app", "s1", [
        user("s1", "2026-11-01T12:00:00.000Z"), assistant("s1", "a", "1", "2026-11-01T12:00:02.000Z"),
        assistant("s1", "b", "2", "2026-11-01T12:00:03.000Z"),  # no user turn before: no time
        user("s1", "2026-11-10T12:00:00.000Z"), assistant("s1", "c", "3", "2026-11-10T12:00:06.000Z"),
        user("s1", "2026-11-20T12:00:00.000Z"), assistant("s1", "d", "4", "2026-11-20T12:00:04.000Z")])
    data, _ = usage(cli_run, "--by", "day")
    assert [row["key"] for row in data["rows"]] == ["2026-11-01", "2026-11-10", "2026-11-20"]
    assert data["totals"]["median_response_s"] == 4.0
    data, _ = usage(cli_run, "--since", "2026-11-05", "--until", "2026-11-10")
    assert data["totals"]["requests"] == 1
    data, _ = usage(cli_run, "--by", "model")
    assert data["rows"][0]["key"] == "kimi-k2-thinking" and data["rows"][0]["sessions"] == 1


def test_unknown_prices_are_unknown_not_zero(cli_run, claude_dir):
    profile("cheap", "m-x", (0.5, 1.0, None, None))
    write(claude_dir, "-p", "s1", [assistant("s1", "a", "1", T0, model="m-x", tokens=(10, 1, 0, 5))])
    data, _ = usage(cli_run)
    assert data["rows"][0]["cost_complete"] is False  # cache reads have no price
    table = cli_run(["usage"]).stdout
    assert "?" in table and "$0.00" not in table


def test_compare_csv_and_errors(cli_run, claude_dir):
    profile("kimi", "kimi-k2-thinking", (0.6, 2.5, 0.6, 0.15))
    write(claude_dir, "-p", "s1", [assistant("s1", "a", "1", T0, tokens=(1_000_000, 100_000, 0, 0))])
    data, _ = usage(cli_run, "--compare", "claude-sonnet", "--compare", "kimi")
    assert data["totals"]["compare_usd"] == {"claude-sonnet": 3.0, "kimi": 0.85}
    csv = cli_run(["usage", "--csv", "--compare", "claude-sonnet"]).stdout.splitlines()
    assert csv[0].startswith("profile,requests,sessions,input") and csv[-1].startswith("TOTAL,")
    profile("free", "x")
    for args, needle in ((["--compare", "free"], "has no prices"),
                         (["--compare", "nope"], "no profile or preset named"),
                         (["--since", "yesterday"], "not a date"), (["--by", "week"], "--by"),
                         (["--json", "--csv"], "exclude")):
        result = cli_run(["usage", *args])
        assert result.exit_code in (1, 2) and needle in result.stderr and "Traceback" not in result.stderr


def test_price_flags(cli_run):
    assert cli_run(["add", "k", "--preset", "kimi", "--no-key"]).exit_code == 0
    assert cli_run(["edit", "k", "--price-cache-read", "0.07", "--price-input", ""]).exit_code == 0
    shown = json.loads(cli_run(["show", "k", "--json"]).stdout)
    assert shown["price_cache_read"] == 0.07 and shown["price_input"] is None
    assert "cache read" in cli_run(["show", "k"]).stdout
    bad = cli_run(["edit", "k", "--price-output", "lots"])
    assert bad.exit_code == 2 and "--price-output" in bad.stderr


def test_launch_log_is_private_bounded_and_secret_free(isolated_home, monkeypatch):
    monkeypatch.setattr(launch_log, "MAX_BYTES", 300)
    for i in range(20):
        launch_log.append({"time": f"2026-11-20T10:00:{i:02d}Z", "profile": "p", "cwd": "/x"})
    path = launch_log.log_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_size <= 300 + 100
    assert (path.parent / launch_log.OLD_NAME).exists()
    assert 0 < len(launch_log.read()) < 20


@pytest.mark.parametrize("args, expected", [
    ([], True), (["-p", "hi"], True), (["--model", "opus"], True),
    (["--resume"], False), (["-r", "x"], False), (["-c"], False), (["--session-id", "u"], False),
    (["--session-id=u"], False), (["--continue", "-p", "x"], False), (["mcp", "list"], False),
    (["update"], False), (["-pc"], False), (["--", "-p"], False), (["--fork-session"], False)])
def test_session_id_is_added_only_when_safe(args, expected):
    assert wants_session_id(args) is expected


def test_a_cost_nobody_priced_is_unknown_in_json_and_csv_never_zero(tmp_path, cli_run, monkeypatch):
    cfg = tmp_path / "cfg" / "projects" / "p"
    cfg.mkdir(parents=True)
    (cfg / "s.jsonl").write_text(json.dumps({
        "type": "assistant", "timestamp": "2026-12-02T10:00:00Z", "sessionId": "s", "cwd": "/x",
        "requestId": "r1", "message": {"id": "m1", "model": "nobody-prices-this",
                                       "usage": {"input_tokens": 10, "output_tokens": 5}}}) + "\n")
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "cfg"))
    result = cli_run(["usage", "--since", "2026-11-01", "--until", "2026-12-31", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["totals"]["cost_usd"] is None and data["totals"]["cost_complete"] is False
    csv_out = cli_run(["usage", "--since", "2026-11-01", "--until", "2026-12-31", "--csv"]).stdout
    assert csv_out.splitlines()[-1].split(",")[7] == ""
