"""A hand-broken profile file: `file:line:col: problem`, and every other profile still works."""

import json
import re

import pytest

from modelswitch import paths

BROKEN = {
    # name: (file text, line, col) of the problem
    "badtoml": ('base_url = "https://x.example"\nmodel = "unterminated\n', 2),
    "badschema": ('base_url = "https://x.example"\nmodel = "m"\ncontext_window = -5\n', 3),
    "unknownkey": ('# comment\n\nbase_url = "https://x.example"\n  colour = "red"\n', 4),
}


@pytest.fixture
def home(cli_run):
    result = cli_run(["add", "good", "--preset", "kimi", "--key-stdin"],
                     input="sk-test-good-123456")
    assert result.exit_code == 0
    for name, (text, _) in BROKEN.items():
        paths.profile_path(name).write_text(text)
    return cli_run


def error_position(message, name):
    """(line, col) from a `<file>:<line>:<col>: problem` message about profile `name`."""
    path = re.escape(str(paths.profile_path(name)))
    found = re.search(path + r":(\d+):(\d+): \S", message)
    assert found, message
    return int(found.group(1)), int(found.group(2))


def test_list_shows_good_and_flags_broken(home):
    result = home(["list"])
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert set(rows) == {"good", *BROKEN}
    assert "BROKEN" in rows["badtoml"] and "keyring" in rows["good"]
    for name, (_, line) in BROKEN.items():
        assert error_position(result.stderr, name)[0] == line
    assert "Traceback" not in result.stderr


def test_list_json_carries_the_errors(home):
    items = {i["name"]: i for i in json.loads(home(["list", "--json"]).stdout)}
    assert items["good"]["base_url"] == "https://api.moonshot.ai/anthropic"
    for name, (_, line) in BROKEN.items():
        assert error_position(items[name]["error"], name)[0] == line


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_show_of_a_broken_profile_is_one_error_line(home, name):
    result = home(["show", name])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"modelswitch: {paths.profile_path(name)}:")
    assert error_position(lines[0], name)[0] == BROKEN[name][1]
    assert len(lines) <= 2 and all(line.startswith("  hint: ") for line in lines[1:])
    assert result.stdout == ""


def test_other_commands_keep_working(home, store):
    assert home(["show", "good"]).exit_code == 0
    assert home(["edit", "good", "--model", "m2"]).exit_code == 0
    assert home(["rename", "good", "better"]).exit_code == 0
    assert store.data == {"better": "sk-test-good-123456"}
    assert home(["add", "new", "--base-url", "https://n.example", "--no-key"]).exit_code == 0


def test_broken_profile_can_be_removed_but_not_edited(home):
    before = paths.profile_path("badtoml").read_bytes()
    edit = home(["edit", "badtoml", "--model", "m"])
    assert edit.exit_code == 1 and paths.profile_path("badtoml").read_bytes() == before
    removed = home(["remove", "badtoml", "--yes"])
    assert removed.exit_code == 0 and not paths.profile_path("badtoml").exists()
