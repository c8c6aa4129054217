"""`modelswitch bench`: ranking by median total time, failures counted, usage and cost."""

import csv
import io
import json
import statistics
import os
import sys

import helpers
from anthropic_server import AnthropicServer
from helpers import run_modelswitch

from modelswitch.probe import bench
from modelswitch.profile import storage
from modelswitch.probe.request import ProbeResult
from modelswitch.profile.schema import Profile

KEY = "sk-test-bench-0123456789abcdef"


def make_profile(store, name, base_url, **fields):
    fields.setdefault("model", f"{name}-model")
    helpers.make_profile(store, name, KEY, base_url=base_url, **fields)


def test_two_servers_are_ranked_fastest_first(cli_run, store):
    with AnthropicServer(delay=0.3) as slow, AnthropicServer(delay=0.05) as fast:
        make_profile(store, "aaa-slow", slow.base_url)
        make_profile(store, "zzz-fast", fast.base_url)
        result = cli_run(["bench", "aaa-slow", "zzz-fast", "--runs", "2", "--json"])
        table = cli_run(["bench", "aaa-slow", "zzz-fast", "--runs", "1"])
        assert len(slow.messages()) == 3 and len(fast.messages()) == 3
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    ranks = {p["profile"]: p["rank"] for p in doc["profiles"]}
    assert ranks == {"zzz-fast": 1, "aaa-slow": 2}
    slow_row = next(p for p in doc["profiles"] if p["profile"] == "aaa-slow")
    assert slow_row["total_median_s"] >= 0.3 and slow_row["successes"] == 2
    assert table.exit_code == 0
    assert table.stdout.index("zzz-fast") < table.stdout.index("aaa-slow")
    assert KEY not in result.stdout + result.stderr + table.stdout + table.stderr


def test_failing_profile_is_counted_and_listed_not_hidden(cli_run, store):
    with AnthropicServer() as good, AnthropicServer(mode="500") as bad:
        make_profile(store, "good", good.base_url)
        make_profile(store, "bad", bad.base_url)
        result = cli_run(["bench", "bad", "good", "--runs", "2", "--json"])
        table = cli_run(["bench", "bad", "good", "--runs", "2"])
    assert result.exit_code == 1
    rows = {p["profile"]: p for p in json.loads(result.stdout)["profiles"]}
    assert rows["bad"]["successes"] == 0 and rows["bad"]["runs"] == 2
    assert rows["bad"]["rank"] is None and rows["good"]["rank"] == 1
    assert "server error x2" in rows["bad"]["failures"]
    assert [r["status"] for r in rows["bad"]["results"]] == [500, 500]
    assert "0/2" in table.stdout and "2/2" in table.stdout
    assert "bad: 2 of 2 failed" in table.stdout and "Traceback" not in table.stderr


def test_prompt_max_tokens_usage_and_cost(cli_run, store):
    with AnthropicServer(input_tokens=1000, output_tokens=400) as srv:
        make_profile(store, "priced", srv.base_url, price_input=0.60, price_output=2.50)
        result = cli_run(["bench", "priced", "--runs", "3", "--prompt", "say hi",
                          "--max-tokens", "77", "--json"])
        bodies = [r.body for r in srv.messages()]
    assert result.exit_code == 0
    assert len(bodies) == 3
    assert all(b["messages"] == [{"role": "user", "content": "say hi"}] for b in bodies)
    assert all(b["max_tokens"] == 77 and b["stream"] is True for b in bodies)
    row = json.loads(result.stdout)["profiles"][0]
    assert (row["input_tokens"], row["output_tokens"]) == (1000, 400)
    assert abs(row["cost_per_run_usd"] - (1000 * 0.60 + 400 * 2.50) / 1e6) < 1e-9


def test_csv_output_parses(cli_run, store):
    with AnthropicServer() as srv:
        make_profile(store, "one", srv.base_url)
        make_profile(store, "two", srv.base_url)
        result = cli_run(["bench", "one", "two", "--runs", "1", "--csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["profile"] for r in rows) == ["one", "two"]
    assert all(r["successes"] == "1" and r["runs"] == "1" for r in rows)
    assert all(r["cost_per_run_usd"] == "" for r in rows)  # no prices: left empty


def test_json_and_csv_together_is_a_usage_error(cli_run, store):
    make_profile(store, "one", "http://127.0.0.1:9")
    assert cli_run(["bench", "one", "--json", "--csv"]).exit_code == 2
    assert cli_run(["bench", "one", "--runs", "0"]).exit_code == 2


def test_a_missing_key_fails_before_any_request(cli_run, store):
    with AnthropicServer() as srv:
        make_profile(store, "has", srv.base_url)
        storage.write_profile(Profile(name="nokey", base_url=srv.base_url, model="m"),
                              overwrite=True)
        result = cli_run(["bench", "has", "nokey", "--runs", "1"])
        sent = srv.messages()
    assert result.exit_code == 1 and "nokey" in result.stderr
    assert sent == []


def test_progress_bar_on_a_terminal_only(cli_run, store, monkeypatch):
    with AnthropicServer() as srv:
        make_profile(store, "one", srv.base_url)
        quiet = cli_run(["bench", "one", "--runs", "2"])
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
        loud = cli_run(["bench", "one", "--runs", "2"])
    assert quiet.stderr == ""
    assert "one run 2/2" in loud.stderr and "\r" in loud.stderr


def test_progress_counts_steps():
    out = io.StringIO()
    progress = bench.Progress(out, total=4, enabled=True, width=4)
    for _ in range(2):
        progress.step("x")
        progress.advance()
    progress.step("y")
    assert out.getvalue().endswith("[##--] 2/4 y")
    progress.finish()
    assert out.getvalue().endswith("\r\x1b[2K")


def result(ok=True, ttft=0.1, total=1.0, tokens_in=10, tokens_out=90):
    return ProbeResult(model="m", outcome="ok" if ok else "server error", status=200 if ok else 500,
                       ttft=ttft if ok else None, total=total, input_tokens=tokens_in,
                       output_tokens=tokens_out, message="" if ok else "boom")


def test_row_uses_medians_of_successful_runs_only():
    row = bench.BenchRow(Profile(name="p", price_output=1.0), "m")
    row.results = [result(total=1.0), result(total=2.0), result(total=30.0, ttft=0.5),
                   result(ok=False, total=0.01)]
    assert row.total == statistics.median([1.0, 2.0, 30.0]) == 2.0
    assert row.ttft == 0.1
    assert len(row.good) == 3 and "server error x1" in row.failure_summary()
    assert row.tokens_per_s == statistics.median([90 / 0.9, 90 / 1.9, 90 / 29.5])
    assert row.cost == 90 / 1e6


def test_rank_puts_rows_without_success_last():
    rows = []
    for name, total, ok in (("a", 3.0, True), ("b", 1.0, False), ("c", 2.0, True)):
        row = bench.BenchRow(Profile(name=name), "m")
        row.results = [result(ok=ok, total=total)]
        rows.append(row)
    ranked = bench.rank(rows)
    assert [(r.profile.name, r.rank) for r in ranked] == [("c", 1), ("a", 2), ("b", None)]


def test_installed_command_ranks_two_servers(tmp_path):
    """The console script as a user runs it: `modelswitch bench slow fast`."""
    home = tmp_path / "cli-home"
    (home / "profiles").mkdir(parents=True)
    env = dict(os.environ, MODELSWITCH_HOME=str(home), BENCH_KEY=KEY)
    with AnthropicServer(delay=0.25) as slow, AnthropicServer(delay=0.02) as fast:
        for name, srv in (("slow", slow), ("fast", fast)):
            (home / "profiles" / f"{name}.toml").write_text(
                f'base_url = "{srv.base_url}"\nkey_source = "env:BENCH_KEY"\nmodel = "m"\n')
        done = run_modelswitch(["bench", "slow", "fast", "--runs", "2"], env)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    ranked = [line.split()[:2] for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert ranked == [["1", "fast"], ["2", "slow"]]
    assert KEY not in out + err and "Traceback" not in err
