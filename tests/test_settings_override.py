"""`env` without the hook warns (one stderr line) when a Claude Code settings file's env block
will override the switch; with the hook (MODELSWITCH_HOOK), or nothing to override, it is quiet."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from helpers import modelswitch_cmd, require_tool
from modelswitch.claude import settings as claude_settings, settings_override
from modelswitch.profile.schema import Profile
from modelswitch.shells import switch as work
from modelswitch.profile.storage import write_profile

KEY = "sk-test-override-0123456789"


@pytest.fixture
def setup(tmp_path, store, monkeypatch):
    write_profile(Profile(name="p", base_url="https://p.example/anthropic", model="p-model",
                          key_source="env:P_TEST_KEY", env={"P_EXTRA": "1"}), overwrite=True)
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    monkeypatch.setattr(claude_settings, "managed_settings_path",
                        lambda platform=None: tmp_path / "no-managed.json")
    environ = {"HOME": str(home), "P_TEST_KEY": KEY, "PATH": os.environ.get("PATH", ""),
               "SHELL": "/bin/bash"}
    return home, project, environ


def note_of(environ, project, shell="bash") -> str | None:
    from modelswitch.keys import store as secrets

    out = work.env("p", shell, store=secrets.default_store(), environ=environ, cwd=project, tty=False)
    return out.note


def write(path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data))


def test_user_settings_env_block_is_named_with_its_variables(setup):
    home, project, environ = setup
    user = home / ".claude" / "settings.json"
    write(user, {"env": {"ANTHROPIC_BASE_URL": "https://old.example", "P_EXTRA": "2",
                         "ANTHROPIC_AUTH_TOKEN": "sk-old-secret", "UNRELATED": "x"}})
    note = note_of(environ, project)
    assert note is not None and len(note.splitlines()) == 1
    assert note.startswith("modelswitch: warning: ") and str(user) in note
    assert "ANTHROPIC_AUTH_TOKEN, ANTHROPIC_BASE_URL, P_EXTRA" in note  # managed + profile's [env]
    assert "UNRELATED" not in note and "sk-old-secret" not in note  # names only, never values
    assert "modelswitch run p" in note and 'eval "$(modelswitch init bash)"' in note


def test_quiet_with_the_hook_for_data_formats_and_without_overrides(setup):
    home, project, environ = setup
    write(home / ".claude" / "settings.json", {"env": {"ANTHROPIC_MODEL": "other"}})
    assert note_of(dict(environ, MODELSWITCH_HOOK="bash"), project) is None
    assert note_of(environ, project, shell="json") is None
    write(home / ".claude" / "settings.json", {"env": {"ANTHROPIC_MODEL": "p-model", "X": "1"},
                                               "model": "opus"})
    assert note_of(environ, project) is None  # the same value as the switch overrides nothing


def test_every_settings_file_kind_in_one_line(setup, tmp_path, monkeypatch):
    home, project, environ = setup
    config = tmp_path / "config"
    environ["CLAUDE_CONFIG_DIR"] = str(config)
    write(home / ".claude" / "settings.json", {"env": {"ANTHROPIC_MODEL": "ignored: not the config dir"}})
    write(config / "settings.json", {"env": {"ANTHROPIC_MODEL": "m"}})
    write(project / ".claude" / "settings.local.json", {"env": {"ANTHROPIC_DEFAULT_HAIKU_MODEL": "h"}})
    managed = tmp_path / "managed.json"
    write(managed, {"env": {"ANTHROPIC_BASE_URL": "https://corp.example"}})
    monkeypatch.setattr(claude_settings, "managed_settings_path", lambda platform=None: managed)
    (project / "sub").mkdir()
    note = note_of(environ, project / "sub")  # the project's files are found from below
    assert len(note.splitlines()) == 1
    assert str(config / "settings.json") in note and str(home) not in note
    assert "settings.local.json sets ANTHROPIC_DEFAULT_HAIKU_MODEL" in note
    assert f"{managed} (managed) sets ANTHROPIC_BASE_URL" in note


@pytest.mark.parametrize("content", ['{"env": {"ANTHROPIC_MODEL": ', '["env"]', '{"env": "x"}',
                                     '{"env": {"ANTHROPIC_MODEL": "m"}, "env2": ' + "[" * 100000 + "]"])
def test_broken_settings_files_never_crash(setup, content):
    home, project, environ = setup
    write(home / ".claude" / "settings.json", content)
    assert note_of(environ, project) is None


def test_unreadable_or_odd_settings_files_are_skipped(setup, monkeypatch):
    home, project, environ = setup
    (home / ".claude" / "settings.json").mkdir()  # a directory
    os.mkfifo(project / ".claude-fifo")
    (project / ".claude").mkdir()
    os.symlink(project / ".claude-fifo", project / ".claude" / "settings.json")  # a FIFO: never read
    assert note_of(environ, project) is None
    write(project / ".claude" / "settings.local.json", {"env": {"ANTHROPIC_MODEL": "m"}})

    def denied(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(settings_override, "read_regular", denied)
    assert note_of(environ, project) is None


def test_a_file_without_env_is_not_parsed(setup, monkeypatch):
    home, project, environ = setup
    write(home / ".claude" / "settings.json", {"model": "opus", "permissions": {"allow": []}})
    calls = []
    monkeypatch.setattr(json, "loads", lambda raw, **kw: calls.append(raw) or {})
    assert note_of(environ, project) is None and calls == []


@pytest.mark.integration
def test_real_bash_eval_prints_exactly_one_warning_line(setup, tmp_path):
    bash = require_tool("bash")
    home, project, environ = setup
    user = home / ".claude" / "settings.json"
    write(user, {"env": {"ANTHROPIC_BASE_URL": "https://old.example"}})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "MODELSWITCH_", "CLAUDE_"))}
    env.update(environ, MODELSWITCH_HOME=os.environ["MODELSWITCH_HOME"])
    ms = " ".join(modelswitch_cmd())
    script = f'eval "$({ms} env p)" && echo "url=$ANTHROPIC_BASE_URL"'
    done = subprocess.run([bash, "--norc", "--noprofile", "-c", script], env=env, cwd=project,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "url=https://p.example/anthropic\n"
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and str(user) in lines[0] and "ANTHROPIC_BASE_URL" in lines[0]
    done = subprocess.run([bash, "--norc", "--noprofile", "-c", script], cwd=project,
                          env=dict(env, MODELSWITCH_HOOK="bash"), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stderr == ""
