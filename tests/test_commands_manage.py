"""`list`, `show`, `rename`, `remove`: what they print and what they do to files and keys."""

import json
import re
import sys

import pytest

from modelswitch import paths
from modelswitch.commands import manage
from modelswitch.errors import ModelswitchError

KEY = "sk-test-manage-0123456789"


def add(cli_run, name, *flags, key=None):
    args = ["add", name, *flags] + (["--key-stdin"] if key else [])
    result = cli_run(args, input=key or "")
    assert result.exit_code == 0, result.stderr


def table(stdout):
    """Rows of `list` as lists of cells (split on runs of 2+ spaces), header first."""
    return [re.split(r"\s{2,}", line.strip()) for line in stdout.splitlines() if line.strip()]


def test_list_columns_key_states_and_active_marker(cli_run, monkeypatch):
    add(cli_run, "kimi", "--preset", "kimi", key=KEY)
    add(cli_run, "nokey", "--preset", "kimi", "--key-stdin", key=KEY)
    cli_run(["key", "rm", "nokey"])
    add(cli_run, "envset", "--preset", "glm", "--key-env", "GLM_TEST_KEY")
    add(cli_run, "envunset", "--preset", "glm", "--key-env", "UNSET_TEST_KEY")
    add(cli_run, "cmd", "--base-url", "https://h.example", "--key-cmd", "false")
    add(cli_run, "local", "--base-url", "http://127.0.0.1:9", "--no-key")
    monkeypatch.setenv("GLM_TEST_KEY", "sk-test-env")
    monkeypatch.delenv("UNSET_TEST_KEY", raising=False)
    monkeypatch.setenv("MODELSWITCH_PROFILE", "envset")
    result = cli_run(["list"])
    assert result.exit_code == 0
    rows = table(result.stdout)
    assert rows[0] == ["NAME", "BASE URL", "MODEL", "KEY"]
    by_name = {r[-4]: r for r in rows[1:]}
    assert list(by_name) == sorted(by_name)
    states = {name: r[-1] for name, r in by_name.items()}
    assert states == {"cmd": "cmd", "envset": "env", "envunset": "missing", "kimi": "keyring",
                      "local": "none", "nokey": "missing"}
    assert by_name["envset"][0] == "*" and all(len(r) == 4 for n, r in by_name.items()
                                               if n != "envset")
    assert by_name["kimi"][1:3] == ["https://api.moonshot.ai/anthropic", "kimi-k2-thinking"]
    assert KEY not in result.stdout and "sk-test-env" not in result.stdout


def test_list_json_and_empty_list(cli_run, monkeypatch):
    empty = cli_run(["list", "--json"])
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []
    assert cli_run(["list"]).exit_code == 0
    add(cli_run, "a", "--preset", "kimi", key=KEY)
    monkeypatch.setenv("MODELSWITCH_PROFILE", "a")
    items = json.loads(cli_run(["list", "--json"]).stdout)
    assert [(i["name"], i["key_state"], i["active"]) for i in items] == [("a", "keyring", True)]
    assert KEY not in json.dumps(items)


def test_show_masks_the_key(cli_run, monkeypatch):
    add(cli_run, "k", "--preset", "kimi", "--env", "API_TIMEOUT_MS=1", key=KEY)
    result = cli_run(["show", "k"])
    assert result.exit_code == 0
    assert KEY not in result.stdout
    assert KEY[:3] in result.stdout and KEY[-4:] in result.stdout  # masked preview
    assert "https://api.moonshot.ai/anthropic" in result.stdout
    assert "API_TIMEOUT_MS=1" in result.stdout
    assert str(paths.profile_path("k")) in result.stdout
    data = json.loads(cli_run(["show", "k", "--json"]).stdout)
    assert KEY not in json.dumps(data)
    assert data["key_state"] == "keyring" and data["key_masked"].endswith(KEY[-4:])
    assert data["env"] == {"API_TIMEOUT_MS": "1"}


def test_show_env_key_masks_the_variable(cli_run, monkeypatch):
    add(cli_run, "e", "--preset", "kimi", "--key-env", "SHOW_TEST_KEY")
    monkeypatch.setenv("SHOW_TEST_KEY", KEY)
    out = cli_run(["show", "e"]).stdout
    assert "$SHOW_TEST_KEY" in out and KEY not in out


def test_show_never_runs_a_key_command(cli_run, tmp_path):
    marker = tmp_path / "ran"
    add(cli_run, "c", "--base-url", "https://h.example", "--key-cmd", f"touch {marker}")
    assert cli_run(["show", "c"]).exit_code == 0
    assert cli_run(["list"]).exit_code == 0
    assert not marker.exists()


def test_rename_moves_the_key(cli_run, store):
    add(cli_run, "old", "--preset", "kimi", key=KEY)
    result = cli_run(["rename", "old", "new"])
    assert result.exit_code == 0, result.stderr
    assert store.data == {"new": KEY}
    assert not paths.profile_path("old").exists()
    assert cli_run(["show", "new"]).exit_code == 0


def test_rename_of_env_profile_only_moves_the_file(cli_run, store):
    add(cli_run, "e", "--preset", "kimi", "--key-env", "X_KEY")
    store.set("e", "sk-test-leftover")  # not the profile's source: left alone
    assert cli_run(["rename", "e", "f"]).exit_code == 0
    assert store.data == {"e": "sk-test-leftover"}
    assert paths.profile_path("f").exists() and not paths.profile_path("e").exists()


def test_rename_onto_existing_changes_nothing(cli_run, store):
    add(cli_run, "a", "--preset", "kimi", key="sk-test-aaaaaaaa")
    add(cli_run, "b", "--preset", "glm", key="sk-test-bbbbbbbb")
    before = {n: paths.profile_path(n).read_bytes() for n in "ab"}
    result = cli_run(["rename", "a", "b"])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert {n: paths.profile_path(n).read_bytes() for n in "ab"} == before
    assert store.data == {"a": "sk-test-aaaaaaaa", "b": "sk-test-bbbbbbbb"}


def test_remove_needs_yes_without_a_terminal(cli_run, store):
    add(cli_run, "k", "--preset", "kimi", key=KEY)
    refused = cli_run(["remove", "k"], input="y\n")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert paths.profile_path("k").exists() and store.get("k") == KEY
    done = cli_run(["remove", "k", "--yes"])
    assert done.exit_code == 0
    assert not paths.profile_path("k").exists() and store.data == {}
    assert cli_run(["list", "--json"]).stdout.strip() == "[]"


def test_remove_unknown_profile_suggests(cli_run):
    add(cli_run, "kimi", "--preset", "kimi", "--no-key")
    result = cli_run(["remove", "kimmi", "--yes"])
    assert result.exit_code == 1 and "kimi?" in result.stderr


class Tty:
    """A terminal stdin that answers the confirmation prompt with `text`."""

    def __init__(self, text):
        self.text = text

    def isatty(self):
        return True

    def readline(self):
        return self.text


def test_remove_asks_on_a_terminal(cli_run, store, monkeypatch):
    add(cli_run, "k", "--preset", "kimi", key=KEY)
    with pytest.raises(ModelswitchError):
        monkeypatch.setattr(sys, "stdin", Tty("n\n"))
        manage.remove_profile("k", yes=False)
    assert paths.profile_path("k").exists() and store.get("k") == KEY
    monkeypatch.setattr(sys, "stdin", Tty("y\n"))
    assert "removed" in manage.remove_profile("k", yes=False)
    assert not paths.profile_path("k").exists() and store.data == {}
