"""import --from-claude-settings on the most common messy file: ANTHROPIC_AUTH_TOKEN and
ANTHROPIC_API_KEY both set, to different values. --auth (or, on a terminal, the user's answer)
picks the one to keep; the other is never dropped silently."""

import json

import pytest

from modelswitch.profile import schema as profiles

TOKEN = "sk-test-bearer-0123456789abcdef"
API_KEY = "sk-test-apikey-fedcba9876543210"


@pytest.fixture
def settings(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://api.example/anthropic",
                                        "ANTHROPIC_AUTH_TOKEN": TOKEN,
                                        "ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_MODEL": "m1"}}))
    return path


def no_secret(result):
    assert "Traceback" not in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert API_KEY not in result.stdout + result.stderr


@pytest.mark.parametrize("auth,key,var,other", [
    ("bearer", TOKEN, "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"),
    ("api-key", API_KEY, "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"),
])
def test_auth_picks_the_credential_and_says_the_other_stays(cli_run, store, settings, auth, key,
                                                            var, other):
    result = cli_run(["import", "--from-claude-settings", str(settings), "x", "--auth", auth])
    no_secret(result)
    assert result.exit_code == 0, result.stderr
    profile = profiles.load_profile("x")
    assert profile.auth == auth and store.get("x") == key
    assert f"kept {var} ({auth}); {other} was not imported: it stays in {settings}" in result.stdout
    assert other in json.loads(settings.read_text())["env"]


def test_clean_says_where_the_other_went(cli_run, store, settings):
    result = cli_run(["import", "--from-claude-settings", str(settings), "x", "--auth",
                      "api-key", "--clean"])
    no_secret(result)
    assert result.exit_code == 0, result.stderr
    assert "ANTHROPIC_AUTH_TOKEN was not imported: removed from" in result.stdout
    assert "backup still holds it" in result.stdout
    backup = next(settings.parent.glob("settings.json.bak-*"))
    assert json.loads(backup.read_text())["env"]["ANTHROPIC_AUTH_TOKEN"] == TOKEN


def test_on_a_terminal_it_asks_with_masked_previews(cli_run, store, settings, monkeypatch):
    import helpers

    monkeypatch.setattr(helpers.FakeStdin, "isatty", lambda self: True)
    result = cli_run(["import", "--from-claude-settings", str(settings), "x"], input="2\n")
    no_secret(result)
    assert result.exit_code == 0, result.stderr
    assert "keep which?" in result.stderr and TOKEN[-4:] in result.stderr
    assert API_KEY[-4:] in result.stderr
    assert profiles.load_profile("x").auth == "api-key" and store.get("x") == API_KEY
    assert "ANTHROPIC_AUTH_TOKEN was not imported" in result.stdout
    result = cli_run(["import", "--from-claude-settings", str(settings), "y"], input="\n")
    assert result.exit_code == 2 and "--auth" in result.stderr
    assert "y" not in profiles.profile_names()


def test_auth_is_checked_and_only_for_migrations(cli_run, settings, tmp_path):
    result = cli_run(["import", "--from-claude-settings", str(settings), "x", "--auth", "basic"])
    assert result.exit_code == 2 and "invalid auth style" in result.stderr
    result = cli_run(["import", str(tmp_path / "p.toml"), "--auth", "bearer"])
    assert result.exit_code == 2 and "--auth only applies" in result.stderr
