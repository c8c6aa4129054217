"""One reader of a Claude settings file's `env` block (claude/settings.py env_of/env_text),
one rule for a malformed block, whichever command reads it (issue 11)."""

import json
from pathlib import Path

import pytest

from modelswitch.claude import global_switch, settings as claude_settings, settings_override
from modelswitch.errors import ModelswitchError
from modelswitch.launch import settings as launch_settings
from modelswitch.profile import migrate


def test_env_of_takes_an_object_and_nothing_else():
    assert claude_settings.env_of({}, "f") == {} and claude_settings.env_of({"env": None}, "f") == {}
    assert claude_settings.env_of({"env": {"A": 1}}, "f") == {"A": 1}  # values as written
    for bad, kind in (([], "an array"), ("x", "a string"), (False, "a boolean"), (0, "a number")):
        with pytest.raises(ModelswitchError) as info:
            claude_settings.env_of({"env": bad}, "/x/settings.json")
        assert info.value.message == f'/x/settings.json: "env" is {kind}, not a JSON object'


def test_values_become_the_text_claude_code_would_see():
    text = claude_settings.env_text
    assert [text("a"), text(None), text(True), text(30000), text(2.5)] == ["a", "", "true", "30000", "2.5"]
    assert text(["é", 1]) == '["é", 1]'


def _write(tmp_path: Path, document) -> Path:
    path = tmp_path / "settings.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def test_every_reader_reads_a_block_alike(tmp_path):
    path = _write(tmp_path, {"env": {"A": "x", "B": None, "C": True, "D": 600000}})
    expected = {"A": "x", "B": "", "C": "true", "D": "600000"}
    assert claude_settings.env_block(path) == expected
    assert settings_override.env_block(path) == expected
    assert migrate.read_env(path)[2] == expected


@pytest.mark.parametrize("block", ["[]", '"x"', "false", "1"])
def test_a_malformed_block_is_one_clear_error_or_skipped_at_shell_start(tmp_path, block):
    path = _write(tmp_path, '{"env": ' + block + "}")
    for read in (claude_settings.env_block, lambda p: migrate.read_env(p),
                 lambda p: global_switch.parse(p.read_bytes(), p)):
        with pytest.raises(ModelswitchError) as info:
            read(path)
        assert info.value.message.startswith(f'{path}: "env" is ') and "not a JSON object" in info.value.message
    assert settings_override.env_block(path) == {}  # shell start never fails; doctor reports it
    with pytest.raises(ModelswitchError) as info:
        launch_settings.build({}, tmp_path, {"HOME": str(tmp_path)}, user_settings=json.loads(path.read_text()))
    assert info.value.message.startswith('your --settings: "env" is ') and info.value.hint
