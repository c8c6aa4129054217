"""`use --global` / `off --global` on the settings file (no claude here; see
test_global_e2e.py for the real one): exact restore, formatting and mode, a file edited in
between, credentials kept out of the state file, symlinks, concurrency, doctor, list."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys

import pytest

from helpers import modelswitch_cmd
from modelswitch.claude import global_state, global_switch
from modelswitch.errors import KeyringUnavailable

KIMI_KEY = "sk-kimi-unit-0123456789abcdef"
GLM_KEY = "sk-glm-unit-0123456789abcdef"
ODD = '{"theme": "dark",\n  "env": {"ANTHROPIC_MODEL": "mine", "EDITOR": "vi"},\n "permissions": {"allow": []}}'


@pytest.fixture
def user_home(tmp_path, monkeypatch, cli_run):
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    for name, key in (("kimi", KIMI_KEY), ("glm", GLM_KEY)):
        assert cli_run(["add", name, "--preset", name, "--key-stdin"], input=key + "\n").exit_code == 0
    return home


def settings(home):
    return home / ".claude" / "settings.json"


def no_key_anywhere(*roots) -> None:
    for root in roots:
        for dirpath, _, files in os.walk(root):
            for f in files:
                data = open(os.path.join(dirpath, f), "rb").read()
                assert KIMI_KEY.encode() not in data and GLM_KEY.encode() not in data, f


def test_odd_formatting_and_mode_come_back_byte_for_byte(user_home, cli_run, isolated_home):
    path = settings(user_home)
    path.write_text(ODD)
    path.chmod(0o640)
    done = cli_run(["use", "--global", "kimi"])
    assert done.exit_code == 0, done.stderr
    data = json.loads(path.read_text())
    assert data["env"]["ANTHROPIC_BASE_URL"] == "https://api.moonshot.ai/anthropic"
    assert data["env"]["ANTHROPIC_AUTH_TOKEN"] == "" and data["env"]["ANTHROPIC_API_KEY"] == ""
    assert data["env"]["ANTHROPIC_CUSTOM_HEADERS"] == "x-api-key:"  # bearer: key sent once
    assert data["env"]["EDITOR"] == "vi" and data["theme"] == "dark"
    assert shlex.split(data["apiKeyHelper"])[1:5] == ["-m", "modelswitch", "key", "print-for-claude"]
    assert path.stat().st_mode & 0o777 == 0o640
    no_key_anywhere(user_home, isolated_home)
    assert cli_run(["current", "--global"]).stdout == "kimi\n"
    assert cli_run(["off", "--global"]).exit_code == 0
    assert path.read_text() == ODD and path.stat().st_mode & 0o777 == 0o640
    assert not global_state.state_path().exists()
    assert cli_run(["current", "--global"]).exit_code == 1


def test_no_file_before_means_no_file_after(tmp_path, user_home, cli_run):
    path = settings(user_home)
    assert cli_run(["use", "--global", "glm"]).exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o600 and path.read_text().endswith("}\n")
    assert cli_run(["off", "--global"]).exit_code == 0
    assert not path.exists()


def test_switching_profiles_keeps_the_original(user_home, cli_run):
    path = settings(user_home)
    path.write_text(ODD)
    cli_run(["use", "--global", "kimi"])
    assert cli_run(["use", "--global", "glm"]).exit_code == 0
    env = json.loads(path.read_text())["env"]
    assert "ANTHROPIC_CUSTOM_MODEL_OPTION" not in env  # kimi's extra model is gone
    assert env["ANTHROPIC_MODEL"].startswith("glm-")
    assert cli_run(["off", "--global"]).exit_code == 0
    assert path.read_text() == ODD


def test_users_credential_goes_to_the_keyring_not_the_state_file(user_home, cli_run, store):
    path = settings(user_home)
    original = json.dumps({"env": {"ANTHROPIC_API_KEY": "sk-users-own-key-999888777"},
                           "apiKeyHelper": "pass show anthropic"}, indent=2)
    path.write_text(original)
    assert cli_run(["use", "--global", "kimi"]).exit_code == 0
    state_text = global_state.state_path().read_text()
    assert "sk-users-own-key" not in state_text and "pass show" not in state_text
    assert store.get(global_state.SAVED_ENTRY) == original
    assert "sk-users-own-key" not in path.read_text()
    assert cli_run(["off", "--global"]).exit_code == 0
    assert path.read_text() == original and store.get(global_state.SAVED_ENTRY) is None


def test_credential_without_a_keyring_is_refused(user_home, cli_run, monkeypatch, store):
    path = settings(user_home)
    path.write_text('{"env": {"ANTHROPIC_AUTH_TOKEN": "sk-users-own-key-999888777"}}')

    def refuse(name, secret):
        raise KeyringUnavailable("no keyring backend")

    monkeypatch.setattr(store, "set", refuse)
    done = cli_run(["use", "--global", "kimi"])
    assert done.exit_code == 1 and "holds a credential" in done.stderr
    assert path.read_text() == '{"env": {"ANTHROPIC_AUTH_TOKEN": "sk-users-own-key-999888777"}}'
    assert not global_state.state_path().exists()


def test_edits_between_use_and_off_survive(user_home, cli_run):
    path = settings(user_home)
    path.write_text(ODD)
    cli_run(["use", "--global", "kimi"])
    data = json.loads(path.read_text())
    data["env"]["NEW_VAR"] = "1"
    data["env"]["ANTHROPIC_DEFAULT_OPUS_MODEL"] = "my-own-opus"  # the user took this one over
    data["model"] = "opus"
    path.write_text(json.dumps(data, indent=4))
    done = cli_run(["off", "--global"])
    assert done.exit_code == 0 and "yours put back" in done.stdout
    after = json.loads(path.read_text())
    assert after["env"] == {"ANTHROPIC_MODEL": "mine", "EDITOR": "vi", "NEW_VAR": "1",
                            "ANTHROPIC_DEFAULT_OPUS_MODEL": "my-own-opus"}
    assert after["model"] == "opus" and "apiKeyHelper" not in after
    assert path.read_text().startswith('{\n    "')  # their new indentation is kept


def test_symlink_into_dotfiles_is_written_through(user_home, cli_run, tmp_path):
    dotfiles = user_home / "dotfiles" / "settings.json"
    dotfiles.parent.mkdir()
    dotfiles.write_text(ODD)
    settings(user_home).symlink_to(dotfiles)
    assert cli_run(["use", "--global", "kimi"]).exit_code == 0
    assert settings(user_home).is_symlink() and "apiKeyHelper" in dotfiles.read_text()
    assert cli_run(["off", "--global"]).exit_code == 0
    assert settings(user_home).is_symlink() and dotfiles.read_text() == ODD


def test_symlink_outside_home_is_refused(user_home, cli_run, tmp_path):
    outside = tmp_path / "elsewhere.json"
    outside.write_text(ODD)
    settings(user_home).symlink_to(outside)
    done = cli_run(["use", "--global", "kimi"])
    assert done.exit_code == 1 and "symlink" in done.stderr
    assert outside.read_text() == ODD


def test_helper_command_quotes_odd_paths(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "executable", "/opt/my python/bin/py'thon3")
    command = global_switch.helper_command("kimi", {"MODELSWITCH_HOME": str(tmp_path / "a b;c")})
    assert shlex.split(command) == ["/opt/my python/bin/py'thon3", "-m", "modelswitch", "key",
                                    "print-for-claude", "kimi", "--home", str(tmp_path / "a b;c")]
    assert global_switch.is_our_helper(command)


def test_api_key_profiles_keep_no_header_override(user_home, cli_run):
    assert cli_run(["add", "ant", "--preset", "anthropic", "--key-stdin"], input="sk-ant-x1\n").exit_code == 0
    assert cli_run(["use", "--global", "ant"]).exit_code == 0
    env = json.loads(settings(user_home).read_text())["env"]
    assert env["ANTHROPIC_CUSTOM_HEADERS"] == "" and env["ANTHROPIC_API_KEY"] == ""


def test_list_and_doctor_show_the_global_switch(user_home, cli_run, tmp_path, monkeypatch):
    cli_run(["use", "--global", "kimi"])
    listed = cli_run(["list"]).stdout
    assert any(line.startswith("G ") and " kimi " in line for line in listed.splitlines()), listed
    project = tmp_path / "proj"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.local.json").write_text('{"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:9"}}')
    monkeypatch.chdir(project)
    settings(user_home).write_text(settings(user_home).read_text().replace('"ANTHROPIC_MODEL"', '"X"'))
    out = cli_run(["doctor"]).stdout
    assert "profile 'kimi' is switched globally" in out
    assert "changed since modelswitch wrote it" in out
    assert "overrides the global switch: ANTHROPIC_BASE_URL" in out
    assert f"user settings {settings(user_home)}" not in out  # its own entries are not reported as overrides


def test_helper_prints_only_the_key_without_typer(user_home, isolated_home):
    env = dict(os.environ, HOME=str(user_home))
    code = ("import sys; from modelswitch import cli; from modelswitch.keys import store as secrets\n"
            "secrets.set_default_store(secrets.MemoryStore({'kimi': %r}))\n"
            "rc = cli.main(['key', 'print-for-claude', 'kimi'])\n"
            "sys.stderr.write(repr(('typer' in sys.modules, rc)))\n" % KIMI_KEY)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout == KIMI_KEY and done.stderr == "(False, 0)", done.stderr
    missing = subprocess.run(modelswitch_cmd() + ["key", "print-for-claude", "nope"], env=env,
                             capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stdout == ""
    assert len(missing.stderr.splitlines()) <= 2 and "nope" in missing.stderr


def test_concurrent_global_switches_lose_nothing(user_home, isolated_home, tmp_path):
    path = settings(user_home)
    path.write_text(ODD)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_"))}
    env.update(HOME=str(user_home), MODELSWITCH_HOME=str(isolated_home), KIMI_KEY="sk-k",
               GLM_KEY="sk-g")
    for name in ("ck", "cg"):  # env-key profiles: the subprocesses need no keyring
        preset = "kimi" if name == "ck" else "glm"
        var = "KIMI_KEY" if name == "ck" else "GLM_KEY"
        done = subprocess.run(modelswitch_cmd() + ["add", name, "--preset", preset, "--key-env", var],
                              env=env, capture_output=True)
        assert done.returncode == 0, done.stderr
    procs = [subprocess.Popen(modelswitch_cmd() + ["use", "--global", ("ck", "cg")[i % 2]], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(8)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    data = json.loads(path.read_text())
    state = global_state.load_state()
    assert data["env"]["EDITOR"] == "vi" and data["theme"] == "dark"
    assert data["env"]["ANTHROPIC_BASE_URL"] == state.owned_env["ANTHROPIC_BASE_URL"]
    assert state.exact
    done = subprocess.run(modelswitch_cmd() + ["off", "--global"], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert path.read_text() == ODD
