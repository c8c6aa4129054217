"""`test` shows progress: the header before any reply, the models in parallel under one
overall deadline, each row as its model answers; a keyless claude.ai-login profile is
explained, not probed with a placeholder token."""

import json
import time

from anthropic_server import AnthropicServer
from helpers import PROBE_KEY as KEY, make_profile

from modelswitch.probe import replies
from modelswitch.commands import probe as probe_cmd


class Timed:
    """A stdout that remembers when each piece of text was written."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.pieces: list[tuple[float, str]] = []

    def write(self, text: str) -> int:
        self.pieces.append((time.monotonic() - self.start, text))
        return len(text)

    def flush(self) -> None:
        pass

    def first(self, needle: str) -> float:
        return next(t for t, text in self.pieces if needle in text)


def test_header_at_once_rows_as_they_finish_in_parallel(store, monkeypatch):
    out = Timed()
    monkeypatch.setattr("sys.stdout", out)
    with AnthropicServer(model_delays={"m-fast": 0.1, "m-mid": 1.0, "m-slow": 1.5}) as srv:
        make_profile(store, base_url=srv.base_url, model="m-slow", haiku="m-fast", sonnet="m-mid")
        code = probe_cmd.run_test("p", False, 10.0)
    text = "".join(t for _, t in out.pieces)
    assert code == 0, text
    assert KEY not in text
    assert out.first("MODEL") < 0.5  # the header does not wait for any reply
    assert out.first("m-fast") < 0.8  # the fast model's row does not wait for the slow one
    assert out.first("m-fast") < out.first("m-mid") < out.first("m-slow")
    assert out.first("m-slow") < 2.4  # in parallel: 1.5 s, not 0.1 + 1.0 + 1.5
    rows = [line for line in text.splitlines() if line.startswith("m-")]
    assert [r.split()[0] for r in rows] == ["m-fast", "m-mid", "m-slow"]
    assert len({r.index(" ok ") for r in rows}) == 1  # the columns line up
    assert text.rstrip().endswith("ok: 3 of 3 models answered")


def test_one_overall_deadline_for_all_models(cli_run, store):
    with AnthropicServer(mode="slow", delay=5) as srv:
        make_profile(store, base_url=srv.base_url, model="m1", haiku="m2", sonnet="m3")
        started = time.monotonic()
        result = cli_run(["test", "p", "--timeout", "1", "--json"])
        elapsed = time.monotonic() - started
    doc = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [m["outcome"] for m in doc["models"]] == [replies.TIMEOUT] * 3
    assert [m["model"] for m in doc["models"]] == ["m1", "m2", "m3"]  # JSON keeps model order
    assert elapsed < 2.5  # one deadline, not 1 s per model


def test_keyless_anthropic_profile_explains_the_claude_login(cli_run, store):
    make_profile(store, key=None, key_source="none", auth="api-key")
    result = cli_run(["test", "p"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("modelswitch: ") and "claude.ai login" in result.stderr
    assert "Traceback" not in result.stderr and "modelswitch run p" in result.stderr


def test_a_failing_key_command_shows_its_reason(cli_run, store):
    make_profile(store, key=None, base_url="http://127.0.0.1:9",
                 key_source=f"cmd:echo 'pass: kimi is not in the password store' >&2; "
                            f"echo 'leaked {KEY}' >&2; exit 1")
    result = cli_run(["test", "p"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "exit status 1" in result.stderr and "not in the password store" in result.stderr
    assert KEY not in result.stderr
