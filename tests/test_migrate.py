"""import --from-claude-settings / --from-ccs: real-shaped files, --clean, backups."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from helpers import run_modelswitch

from modelswitch.profile import migrate, schema as profiles

FIXTURES = Path(__file__).parent / "fixtures"
CC_SWITCH = FIXTURES / "claude" / "cc-switch.settings.json"
HAND_EDITED = FIXTURES / "claude" / "hand-edited.settings.json"


def token_of(path: Path) -> str:
    env = json.loads(path.read_text())["env"]
    return env.get("ANTHROPIC_AUTH_TOKEN") or env["ANTHROPIC_API_KEY"]


@pytest.fixture
def claude_home(tmp_path, monkeypatch):
    """A fake ~/.claude with the cc-switch fixture as settings.json (mode 0640)."""
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    settings = home / ".claude" / "settings.json"
    shutil.copyfile(CC_SWITCH, settings)
    settings.chmod(0o640)
    return settings


def backups(settings: Path) -> list[Path]:
    return sorted(settings.parent.glob(settings.name + ".bak-*"))


def test_cc_switch_settings_become_a_profile_and_are_cleaned(cli_run, store, claude_home,
                                                             tmp_path):
    before_bytes = claude_home.read_bytes()
    before = json.loads(before_bytes)
    token = token_of(claude_home)
    result = cli_run(["import", "--from-claude-settings", "kimi", "--clean"])
    assert result.exit_code == 0, result.stderr
    profile = profiles.load_profile("kimi")
    assert (profile.base_url, profile.auth, profile.key_source) == (
        "https://api.moonshot.ai/anthropic", "bearer", "keyring")
    assert (profile.model, profile.haiku, profile.sonnet, profile.opus) == (
        "kimi-k2-turbo-preview", "kimi-k2-turbo-preview", "kimi-k2-turbo-preview",
        "kimi-k2-thinking")
    assert profile.env == {"API_TIMEOUT_MS": "3000000",
                           "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"}
    assert store.get("kimi") == token

    after = json.loads(claude_home.read_text())
    assert {k: v for k, v in after.items() if k != "env"} == \
        {k: v for k, v in before.items() if k != "env"}
    assert list(after) == list(before)  # key order kept
    assert after["env"] == {"DISABLE_TELEMETRY": "1", "BASH_DEFAULT_TIMEOUT_MS": "120000"}
    # the fixture is json.dumps(indent=2) shaped: the rewrite is byte-for-byte that shape
    assert claude_home.read_text() == json.dumps(after, indent=2, ensure_ascii=False) + "\n"
    assert stat.S_IMODE(claude_home.stat().st_mode) == 0o640

    [backup] = backups(claude_home)
    assert backup.read_bytes() == before_bytes
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert str(backup) in result.stdout and "0600" in result.stdout
    holders = [p for p in tmp_path.rglob("*") if p.is_file() and token.encode() in p.read_bytes()]
    assert holders == [backup]
    assert token not in result.stdout + result.stderr


def test_hand_edited_settings_with_an_api_key(cli_run, store, tmp_path):
    settings = tmp_path / "settings.json"
    shutil.copyfile(HAND_EDITED, settings)
    before = json.loads(settings.read_text())
    result = cli_run(["import", "--from-claude-settings", str(settings), "ds", "--clean"])
    assert result.exit_code == 0, result.stderr
    profile = profiles.load_profile("ds")
    assert profile.auth == "api-key"
    assert (profile.model, profile.haiku, profile.subagent, profile.context_window) == (
        "deepseek-chat", "deepseek-chat", "deepseek-reasoner", 131072)
    assert profile.env == {"CLAUDE_CODE_MAX_OUTPUT_TOKENS": "8192"}
    assert store.get("ds") == token_of(HAND_EDITED)
    text = settings.read_text()
    after = json.loads(text)
    assert after["env"] == {"DISABLE_AUTOUPDATER": "1", "MCP_TIMEOUT": "30000"}
    for key in ("model", "permissions", "hooks", "cleanupPeriodDays"):
        assert after[key] == before[key]
    assert '\n    "model": "sonnet",' in text  # four-space indent kept
    assert "Fertig ✓ — réponse prête" in text  # non-ASCII not turned into \u escapes
    assert "left in the file: DISABLE_AUTOUPDATER, MCP_TIMEOUT" in result.stdout


def test_tab_indent_and_no_final_newline_are_kept(cli_run, tmp_path):
    settings = tmp_path / "settings.json"
    data = json.loads(CC_SWITCH.read_text())
    settings.write_text(json.dumps(data, indent="\t"))
    assert cli_run(["import", "--from-claude-settings", str(settings), "k", "--clean"]
                   ).exit_code == 0
    text = settings.read_text()
    assert text.startswith('{\n\t"$schema"') and not text.endswith("\n")


def test_without_clean_the_file_is_untouched(cli_run, claude_home):
    before = claude_home.read_bytes()
    result = cli_run(["import", "--from-claude-settings", "kimi"])
    assert result.exit_code == 0
    assert claude_home.read_bytes() == before and backups(claude_home) == []
    assert "--clean" in result.stdout


def test_invalid_json_is_a_clear_error_and_changes_nothing(cli_run, store, tmp_path):
    settings = tmp_path / "settings.json"
    shutil.copyfile(FIXTURES / "claude" / "invalid.settings.json", settings)
    before = settings.read_bytes()
    result = cli_run(["import", "--from-claude-settings", str(settings), "x", "--clean"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"modelswitch: {settings}:5:3: invalid JSON")
    assert "Traceback" not in result.stderr and "sk-test" not in result.stderr
    assert settings.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [settings]
    assert profiles.profile_names() == [] and store.data == {}


def test_existing_profile_stops_before_the_file_is_cleaned(cli_run, store, claude_home):
    assert cli_run(["import", "--from-claude-settings", "kimi", "--no-key"]).exit_code == 0
    before = claude_home.read_bytes()
    result = cli_run(["import", "--from-claude-settings", "kimi", "--clean"])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert claude_home.read_bytes() == before and store.data == {}
    assert cli_run(["import", "--from-claude-settings", "kimi", "--clean", "--force"]
                   ).exit_code == 0
    assert store.get("kimi") == token_of(CC_SWITCH)


def test_a_symlinked_settings_file_stays_a_symlink(cli_run, tmp_path, claude_home):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "claude-settings.json"
    shutil.move(claude_home, real)
    claude_home.symlink_to(real)
    assert cli_run(["import", "--from-claude-settings", "kimi", "--clean"]).exit_code == 0
    assert claude_home.is_symlink()
    assert "ANTHROPIC_BASE_URL" not in json.loads(real.read_text())["env"]
    assert len(backups(claude_home)) == 1 and list(dotfiles.iterdir()) == [real]


def test_conflicting_credentials_and_empty_env_are_refused(cli_run, tmp_path):
    settings = tmp_path / "s.json"
    settings.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://x.example",
                                            "ANTHROPIC_AUTH_TOKEN": "sk-test-one-0123456789",
                                            "ANTHROPIC_API_KEY": "sk-test-two-0123456789"}}))
    result = cli_run(["import", "--from-claude-settings", str(settings), "x"])
    assert result.exit_code == 2 and "different values" in result.stderr  # no terminal to ask
    assert "--auth bearer" in result.stderr and "--auth api-key" in result.stderr
    settings.write_text(json.dumps({"env": {"DISABLE_TELEMETRY": "1"}, "model": "opus"}))
    result = cli_run(["import", "--from-claude-settings", str(settings), "x"])
    assert result.exit_code == 1 and "no ANTHROPIC_*" in result.stderr


def test_positional_words_of_from_claude_settings(cli_run, claude_home, tmp_path):
    assert cli_run(["import", "--from-claude-settings"]).exit_code == 2
    other = tmp_path / "other.json"
    shutil.copyfile(HAND_EDITED, other)
    assert cli_run(["import", "--from-claude-settings", str(other), "--name", "ds",
                    "--no-key"]).exit_code == 0
    assert profiles.load_profile("ds").auth == "api-key"
    assert cli_run(["import", "--from-claude-settings", "a", "b", "c"]).exit_code == 2


@pytest.fixture
def ccs_dir(tmp_path, monkeypatch):
    home = tmp_path / "ccshome"
    shutil.copytree(FIXTURES / "ccs", home / ".ccs")
    monkeypatch.setenv("CCS_HOME", str(home))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("CCS_DIR", raising=False)
    return home / ".ccs"


def test_from_ccs(cli_run, store, ccs_dir):
    before = (ccs_dir / "glm.settings.json").read_bytes()
    result = cli_run(["import", "--from-ccs", "glm"])
    assert result.exit_code == 0, result.stderr
    profile = profiles.load_profile("glm")
    assert (profile.base_url, profile.haiku) == ("https://api.z.ai/api/anthropic", "glm-4.5-air")
    assert store.get("glm") == token_of(ccs_dir / "glm.settings.json")
    assert (ccs_dir / "glm.settings.json").read_bytes() == before
    assert cli_run(["import", "--from-ccs", "glm", "--name", "z"]).exit_code == 0
    assert cli_run(["import", "--from-ccs", "glm", "z2"]).exit_code == 0
    assert profiles.profile_names() == ["glm", "z", "z2"]


def test_from_ccs_placeholder_token_is_not_stored(cli_run, store, ccs_dir):
    result = cli_run(["import", "--from-ccs", "kimi", "--clean"])
    assert result.exit_code == 0, result.stderr
    assert "placeholder" in result.stderr and store.data == {}
    assert "modelswitch key set kimi" in result.stdout
    after = json.loads((ccs_dir / "kimi.settings.json").read_text())
    assert after == {"env": {}, "alwaysThinkingEnabled": True}


def test_ccs_config_json_points_elsewhere(cli_run, store, ccs_dir, tmp_path):
    elsewhere = tmp_path / "custom.json"
    shutil.copyfile(ccs_dir / "glm.settings.json", elsewhere)
    (ccs_dir / "glm.settings.json").unlink()
    (ccs_dir / "config.json").write_text(json.dumps({"profiles": {"glm": str(elsewhere)}}))
    assert migrate.ccs_settings_path("glm") == elsewhere
    assert cli_run(["import", "--from-ccs", "glm"]).exit_code == 0
    assert cli_run(["import", "--from-ccs", "../etc/passwd"]).exit_code == 2


def test_changed_file_is_not_overwritten(store, tmp_path, monkeypatch):
    settings = tmp_path / "settings.json"
    shutil.copyfile(CC_SWITCH, settings)
    raw = settings.read_bytes()
    settings.write_text(settings.read_text().replace('"opus"', '"sonnet"'))
    with pytest.raises(Exception, match="changed while migrating"):
        migrate.clean_settings(settings, raw, ["ANTHROPIC_BASE_URL"])
    assert b'"sonnet"' in settings.read_bytes() and backups(settings) == []


def test_backup_names_do_not_collide(tmp_path):
    settings = tmp_path / "settings.json"
    first = migrate.write_backup(settings, b"one", now=0)
    second = migrate.write_backup(settings, b"two", now=0)
    assert first != second and first.read_bytes() == b"one" and second.read_bytes() == b"two"
    assert os.path.basename(second).startswith("settings.json.bak-")


def test_migration_with_the_real_keyring(secret_service, tmp_path):
    """The token lands in a real Secret Service, and in no plaintext file but the backup."""
    settings = tmp_path / "settings.json"
    shutil.copyfile(CC_SWITCH, settings)
    token = token_of(settings)
    env = {**secret_service.env, "MODELSWITCH_HOME": str(tmp_path / "ms")}
    done = run_modelswitch(["import", "--from-claude-settings", str(settings), "kimi-real",
                            "--clean"], env=env)
    assert done.returncode == 0, done.stderr
    assert secret_service.lookup("kimi-real") == token
    roots = (tmp_path, secret_service.home)
    holders = [p for root in roots for p in root.rglob("*")
               if p.is_file() and token.encode() in p.read_bytes()]
    assert holders == backups(settings)
