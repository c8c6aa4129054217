"""doctor: Claude Code settings files whose env block overrides modelswitch, auth traps."""

import json

import pytest

from modelswitch.profile import storage
from modelswitch.profile.schema import Profile
from modelswitch.keys.store import mask
from helpers import DOCTOR_KEY as KEY

SECRET = "sk-test-settings-0123456789abcdef"


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def doctor(cli_run, *args):
    result = cli_run(["doctor", *args])
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr and KEY not in result.stdout + result.stderr
    return result


def test_healthy_world_passes(cli_run, world):
    result = doctor(cli_run)
    assert result.exit_code == 0, result.stdout
    assert "✗" not in result.stdout and "9.9.9" in result.stdout


def test_user_settings_credential_is_named_and_masked(cli_run, world):
    path = write_json(world["home"] / ".claude" / "settings.json", {"env": {
        "ANTHROPIC_AUTH_TOKEN": SECRET, "ANTHROPIC_BASE_URL": "https://other.example/anthropic",
        "API_TIMEOUT_MS": "1000", "ANTHROPIC_MODEL": "glm-4.6"}})
    result = doctor(cli_run)
    assert result.exit_code == 1
    line = next(x for x in result.stdout.splitlines() if str(path) in x)
    assert "✗" in line and "user" in line
    for var in ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL"):
        assert var in line
    assert mask(SECRET) in line
    assert "API_TIMEOUT_MS" not in result.stdout  # not a variable modelswitch sets here


def test_claude_config_dir_replaces_home(cli_run, world, tmp_path, monkeypatch):
    write_json(world["home"] / ".claude" / "settings.json", {"env": {"ANTHROPIC_API_KEY": SECRET}})
    custom = tmp_path / "cfg"
    path = write_json(custom / "settings.json", {"env": {"ANTHROPIC_API_KEY": SECRET}})
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(custom))
    result = doctor(cli_run)
    assert result.exit_code == 1
    assert str(path) in result.stdout
    assert str(world["home"] / ".claude" / "settings.json") not in result.stdout


def test_project_and_local_settings_are_checked(cli_run, world):
    proj = write_json(world["project"] / ".claude" / "settings.json",
                      {"env": {"ANTHROPIC_DEFAULT_HAIKU_MODEL": "tiny"}})
    local = write_json(world["project"] / ".claude" / "settings.local.json",
                       {"env": {"ANTHROPIC_API_KEY": SECRET}})
    result = doctor(cli_run)
    lines = result.stdout.splitlines()
    proj_line = next(x for x in lines if str(proj) in x)
    local_line = next(x for x in lines if str(local) in x)
    assert "!" in proj_line and "project" in proj_line
    assert "ANTHROPIC_DEFAULT_HAIKU_MODEL" in proj_line
    assert "✗" in local_line and "local" in local_line and "ANTHROPIC_API_KEY" in local_line
    assert result.exit_code == 1


def test_model_only_override_is_a_warning_not_a_failure(cli_run, world):
    write_json(world["home"] / ".claude" / "settings.json", {"env": {"ANTHROPIC_MODEL": "x"}})
    result = doctor(cli_run)
    assert result.exit_code == 0
    assert "ANTHROPIC_MODEL=x" in result.stdout


def test_managed_settings_fail_even_for_a_model(cli_run, world):
    write_json(world["managed"], {"env": {"ANTHROPIC_MODEL": "x"}})
    result = doctor(cli_run)
    assert result.exit_code == 1
    assert str(world["managed"]) in result.stdout and "administrator" in result.stdout


def test_profile_extra_env_is_watched_too(cli_run, world):
    storage.write_profile(Profile(name="glm", base_url="https://api.z.ai/api/anthropic",
                                  key_source="none", env={"API_TIMEOUT_MS": "3000000"}),
                          overwrite=True)
    write_json(world["home"] / ".claude" / "settings.json", {"env": {"API_TIMEOUT_MS": "5"}})
    assert "API_TIMEOUT_MS=5" in doctor(cli_run).stdout


@pytest.mark.parametrize("text", ['{"env": {"ANTHROPIC_API_KEY": ', "[1, 2]", '{"env": 3}'])
def test_broken_settings_file_is_reported_not_a_crash(cli_run, world, text):
    path = write_json(world["project"] / ".claude" / "settings.json", text)
    result = doctor(cli_run)
    assert result.exit_code == 1
    assert any(str(path) in x and "✗" in x for x in result.stdout.splitlines())
    data = json.loads(doctor(cli_run, "--json").stdout)
    assert any(c["status"] == "fail" and str(path) in c["title"] for c in data["checks"])


def test_both_credential_variables_in_the_shell(cli_run, world, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    monkeypatch.setenv("ANTHROPIC_AUTH_TOKEN", SECRET + "x")
    result = doctor(cli_run)
    assert result.exit_code == 1
    assert "both set" in result.stdout
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    assert doctor(cli_run).exit_code == 0


@pytest.mark.parametrize("state, words, mark, code", [
    # a Console key is sent beside the profile's bearer token in shell mode: a failure
    ({"primaryApiKey": SECRET}, "primaryApiKey", "✗", 1),
    ({"oauthAccount": {"emailAddress": "me@example.com"}}, "claude.ai login", "!", 0),
])
def test_stored_login_next_to_a_token_profile(cli_run, world, state, words, mark, code):
    path = write_json(world["home"] / ".claude.json", state)
    result = doctor(cli_run)
    line = next(x for x in result.stdout.splitlines() if str(path) in x)
    assert mark in line and words in line and "kimi" in line
    assert SECRET not in result.stdout
    assert result.exit_code == code


def test_stored_login_without_token_profiles_is_fine(cli_run, world):
    storage.write_profile(Profile(name="kimi", base_url="https://x.example", auth="api-key"),
                          overwrite=True)
    write_json(world["home"] / ".claude.json", {"primaryApiKey": SECRET})
    result = doctor(cli_run)
    assert "auth-conflict" not in result.stdout and result.exit_code == 0


def test_claude_json_follows_claude_config_dir(cli_run, world, tmp_path, monkeypatch):
    custom = tmp_path / "cfg"
    path = write_json(custom / ".claude.json", {"primaryApiKey": SECRET})
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(custom))
    assert any(str(path) in x and "primaryApiKey" in x for x in doctor(cli_run).stdout.splitlines())
