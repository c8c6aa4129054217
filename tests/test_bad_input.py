"""A table of bad inputs: each gives its exit status, one `modelswitch:` line (+ a hint),
no traceback, and leaves every existing profile file and key exactly as it was."""

import pytest

from modelswitch import paths

URL = "https://h.example/anthropic"
KEY = "sk-test-bad-input-0123456789"
OK = ["--base-url", URL, "--no-key"]

CASES = [
    # (args, stdin, exit status, words the message must contain)
    (["add", "bad name", *OK], "", 2, "invalid profile name"),
    (["add", "../escape", *OK], "", 2, "invalid profile name"),
    (["add", "x" * 65, *OK], "", 2, "invalid profile name"),
    (["add", "n", "--base-url", "ftp://h.example", "--no-key"], "", 2, "invalid base URL"),
    (["add", "n", "--base-url", "https://", "--no-key"], "", 2, "invalid base URL"),
    (["add", "n", "--base-url", "https://h.example/a b", "--no-key"], "", 2, "white space"),
    (["add", "n", "--base-url", "", "--no-key"], "", 2, "empty"),
    (["add", "n", "--preset", "kimmi", "--no-key"], "", 1, "kimi?"),
    (["add", "n", *OK, "--env", "NOEQUALS"], "", 2, "KEY=VALUE"),
    (["add", "n", *OK, "--env", "1BAD=x"], "", 2, "invalid environment variable name"),
    (["add", "n", *OK, "--env", "ANTHROPIC_API_KEY=sk-test-in-argv"], "", 2, "ANTHROPIC_API_KEY"),
    (["add", "n", *OK, "--context-window", "0"], "", 2, "positive"),
    (["add", "n", *OK, "--context-window", "lots"], "", 2, "--context-window"),
    (["add", "n", *OK, "--auth", "basic"], "", 2, "auth"),
    (["add", "n", *OK, "--key-env", "K"], "", 2, "cannot be used together"),
    (["add", "n", "--base-url", URL, "--key-env", "BAD-NAME"], "", 2, "BAD-NAME"),
    (["add", "n", "--base-url", URL, "--key-cmd", " "], "", 2, "--key-cmd"),
    (["add", "n", *OK, "--model", "two\nlines"], "", 2, "--model"),
    (["add", "n", "--preset", "kimi"], "", 2, "no key source"),
    (["add", "n", "--no-key"], "", 2, "no base URL"),
    (["add", "kimi", "--preset", "kimi", "--no-key"], "", 1, "already exists"),
    (["add", "n", "--preset", "kimi", "--key-stdin"], "\n", 1, "no key"),
    (["add", "n", "--bogus"], "", 2, "--bogus"),
    (["show", "kimmi"], "", 1, "kimi?"),
    (["edit", "kimi"], "", 2, "nothing to change"),
    (["edit", "kimi", "--base-url", "nope"], "", 2, "invalid base URL"),
    (["edit", "kimi", "--unset-env", "1X"], "", 2, "invalid environment variable name"),
    (["edit", "ghost", "--model", "m"], "", 1, "ghost"),
    (["rename", "kimi", "envp"], "", 1, "already exists"),
    (["rename", "kimi", "bad name"], "", 2, "invalid profile name"),
    (["rename", "kimi", "kimi"], "", 2, "same"),
    (["remove", "kimi"], "y\n", 2, "--yes"),
    (["remove", "ghost", "--yes"], "", 1, "ghost"),
    (["key", "set", "kimi"], KEY, 2, "--stdin"),
    (["key", "set", "kimi", "--stdin"], " \n", 1, "no key"),
    (["key", "rm", "ghost"], "", 1, "ghost"),
    (["presets", "--bogus"], "", 2, "--bogus"),
]


@pytest.fixture
def existing(cli_run, store):
    assert cli_run(["add", "kimi", "--preset", "kimi", "--key-stdin"], input=KEY).exit_code == 0
    assert cli_run(["add", "envp", "--preset", "glm", "--key-env", "GLM_KEY",
                    "--env", "API_TIMEOUT_MS=600000"]).exit_code == 0
    return snapshot(store)


def snapshot(store):
    files = {p.name: p.read_bytes() for p in paths.profiles_dir().iterdir() if p.is_file()}
    return files, dict(store.data)


@pytest.mark.parametrize("args, stdin, code, words", CASES,
                         ids=[" ".join(c[0])[:40] for c in CASES])
def test_bad_input(cli_run, store, existing, args, stdin, code, words):
    result = cli_run(args, input=stdin)
    assert result.exit_code == code, result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no error message"
    assert lines[0].startswith("modelswitch: ") and not lines[0].startswith("modelswitch: warn")
    assert words in result.stderr  # in the message or its hint
    assert len(lines) <= 2 and all(line.startswith("  hint: ") for line in lines[1:]), lines
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert KEY not in result.stderr and "sk-test-in-argv" not in result.stderr
    assert snapshot(store) == existing


def test_the_table_is_big_enough():
    assert len(CASES) >= 10
