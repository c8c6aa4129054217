"""doctor: config home, profiles, keys, claude, shell hook, NAME focus, --json."""

import json
import os

import pytest
from helpers import DOCTOR_KEY as KEY

from modelswitch import paths
from modelswitch.keys import store as secrets
from modelswitch.profile import storage
from modelswitch.profile.schema import Profile

CMD_KEY = "sk-test-from-command-0123456789"
pytestmark = pytest.mark.usefixtures("world")


def doctor(cli_run, *args):
    result = cli_run(["doctor", *args])
    assert "Traceback" not in result.stderr
    for secret in (KEY, CMD_KEY):
        assert secret not in result.stdout + result.stderr
    return result


def line_with(text, *words):
    return next(x for x in text.splitlines() if all(w in x for w in words))


def add(name, **fields):
    storage.write_profile(Profile(name=name, **fields), overwrite=True)


def test_missing_keyring_key_fails_with_a_hint(cli_run):
    add("nokey", base_url="https://x.example")
    result = doctor(cli_run)
    assert result.exit_code == 1
    assert "✗" in line_with(result.stdout, "nokey")
    assert "modelswitch key set nokey" in result.stdout
    assert "✓" in line_with(result.stdout, "kimi:", "key found")


def test_env_and_cmd_key_sources(cli_run, monkeypatch):
    add("envp", base_url="https://x.example", key_source="env:DOCTOR_TEST_KEY")
    add("cmdok", base_url="https://x.example", key_source=f"cmd:printf {CMD_KEY}")
    add("cmdbad", base_url="https://x.example", key_source="cmd:exit 3")
    add("cmdempty", base_url="https://x.example", key_source="cmd:true")
    monkeypatch.delenv("DOCTOR_TEST_KEY", raising=False)
    result = doctor(cli_run)
    assert result.exit_code == 1
    assert "✗" in line_with(result.stdout, "DOCTOR_TEST_KEY")
    assert "✓" in line_with(result.stdout, "cmdok:")
    assert "✗" in line_with(result.stdout, "cmdbad:") and "3" in line_with(result.stdout, "cmdbad:")
    assert "✗" in line_with(result.stdout, "cmdempty:", "nothing")
    monkeypatch.setenv("DOCTOR_TEST_KEY", KEY)
    assert "✓" in line_with(doctor(cli_run).stdout, "envp:")


def test_name_focuses_the_profile_checks(cli_run):
    add("second", base_url="http://plain.example/v1")
    focused = doctor(cli_run, "kimi")
    assert focused.exit_code == 0, focused.stdout
    assert "second" not in focused.stdout and "kimi:" in focused.stdout
    everything = doctor(cli_run)
    assert "second:" in everything.stdout
    missing = cli_run(["doctor", "nosuch"])
    assert missing.exit_code == 1 and "no profile named 'nosuch'" in missing.stderr


def test_url_warnings(cli_run, store):
    add("v1", base_url="https://api.example.com/v1", key_source="none")
    add("plain", base_url="http://api.example.com/anthropic", key_source="none")
    add("local", base_url="http://127.0.0.1:8080", key_source="none")
    result = doctor(cli_run)
    assert "!" in line_with(result.stdout, "v1:", "/v1")
    assert "!" in line_with(result.stdout, "plain:", "plain http")
    assert not any("local:" in x and "http" in x for x in result.stdout.splitlines())
    assert result.exit_code == 0


def test_broken_profile_is_reported_and_the_rest_still_checked(cli_run):
    storage.ensure_dirs()
    bad = paths.profile_path("bad")
    bad.write_text('model = "x"\nbase_url = \n')
    bad.chmod(0o600)
    result = doctor(cli_run)
    assert result.exit_code == 1
    assert "✗" in line_with(result.stdout, f"{bad}:2")
    assert "kimi:" in result.stdout


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_loose_permissions_warn(cli_run):
    path = paths.profile_path("kimi")
    path.chmod(0o644)
    result = doctor(cli_run)
    assert "!" in line_with(result.stdout, str(path)) and "chmod" in result.stdout
    assert result.exit_code == 0
    path.chmod(0o600)
    assert "private" in doctor(cli_run).stdout


def test_claude_missing_or_broken(cli_run, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = doctor(cli_run)
    assert result.exit_code == 1 and "claude is not on PATH" in result.stdout
    broken = empty / "claude"
    broken.write_text("#!/bin/sh\nexit 4\n")
    broken.chmod(0o755)
    result = doctor(cli_run)
    assert result.exit_code == 1 and "--version" in line_with(result.stdout, "✗")


def test_shell_hook_and_active_profile(cli_run, monkeypatch):
    assert "✓" in line_with(doctor(cli_run).stdout, "hook", "bash")
    monkeypatch.delenv("MODELSWITCH_HOOK")
    monkeypatch.setenv("SHELL", "/usr/bin/fish")
    monkeypatch.setenv("MODELSWITCH_PROFILE", "gone")
    result = doctor(cli_run)
    assert "!" in line_with(result.stdout, "hook is not loaded")
    assert "modelswitch init fish" in result.stdout
    assert "!" in line_with(result.stdout, "active profile: gone")
    assert result.exit_code == 0


def test_json_output(cli_run):
    add("nokey", base_url="https://x.example")
    result = doctor(cli_run, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert {c["status"] for c in data["checks"]} <= {"ok", "warn", "fail"}
    assert all(set(c) == {"section", "status", "title", "hint"} for c in data["checks"])
    failed = [c for c in data["checks"] if c["status"] == "fail"]
    assert len(failed) == 1 and "nokey" in failed[0]["title"] and failed[0]["hint"]
    assert json.loads(doctor(cli_run, "kimi", "--json").stdout)["ok"] is True


def test_fail_keyring_backend(cli_run):
    import keyring
    from keyring.backends import fail

    saved = keyring.get_keyring()
    secrets.set_default_store(secrets.KeyringStore())
    keyring.set_keyring(fail.Keyring())
    try:
        result = doctor(cli_run)
    finally:
        keyring.set_keyring(saved)
    assert result.exit_code == 1
    assert "✗" in line_with(result.stdout, "no usable keyring backend", "fail.Keyring")
    assert "✗" in line_with(result.stdout, "kimi", "unusable")


def test_unmapped_model_tiers_are_named_with_the_fix(cli_run):
    add("half", base_url="https://half.example/anthropic", key_source="none", model="m1",
        sonnet="m1")
    add("full", base_url="https://full.example/anthropic", key_source="none", haiku="a",
        sonnet="b", opus="c")  # fable borrows opus: nothing unmapped
    text = doctor(cli_run).stdout
    line = line_with(text, "half:", "unmapped")
    assert "haiku (ANTHROPIC_DEFAULT_HAIKU_MODEL)" in line and "opus" in line and "fable" in line
    assert "sonnet" not in line.split("unmapped")[1].split(";")[0]
    assert "half.example" in line
    assert "modelswitch edit half --haiku MODEL --opus MODEL --fable MODEL" in text
    assert not [x for x in text.splitlines() if "full:" in x and "unmapped" in x]
