"""The commands that run at every shell start stay light: `init` and `env` (key not in the
keyring) never import typer, questionary, tomli_w, keyring, an HTTP client or rich; and
Ruff's TID253 keeps those imports out of module level everywhere in the package.
"""

import os
import shutil
import subprocess
import sys

import pytest

from helpers import REPO, imported

HEAVY = ("typer", "questionary", "tomli_w", "keyring", "http.client", "urllib.request",
         "httpx", "rich")


@pytest.fixture
def env(isolated_home):
    profiles = isolated_home / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "ev.toml").write_text('base_url = "https://x.example"\nkey_source = "env:EV_KEY"\n')
    (profiles / "kr.toml").write_text('base_url = "https://x.example"\n')
    return dict(os.environ, MODELSWITCH_HOME=str(isolated_home), EV_KEY="sk-test-ev",
                PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", SHELL="/bin/bash")


@pytest.mark.parametrize("args", [["init", "bash"], ["init", "fish"], ["env", "ev"],
                                  ["env", "ev", "--shell", "zsh"], ["off", "--shell", "bash"],
                                  ["current"], ["env", "ev", "--shell", "json"],
                                  ["completions", "bash"], ["__names", "profiles"]])
def test_fast_commands_import_nothing_heavy(env, args):
    names = imported(args, env)
    assert "modelswitch.cli" in names
    assert not [n for n in names if n.split(".")[0] in HEAVY or n in HEAVY]


# Not needed to print the hook: modelswitch must not be what loads them (python itself, or an
# editable install's import finder, may load some before modelswitch starts).
INIT_FORBIDDEN = ("pathlib", "typing", "urllib", "urllib.parse", "enum", "re", "shlex",
                  "collections", "ipaddress", "fnmatch", "contextlib", "dataclasses")


def baseline(env: dict[str, str]) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"], env=env,
                          capture_output=True, timeout=60)
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.decode().splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_init_imports_only_what_the_hook_needs(env, shell):
    added = imported(["init", shell], env) - baseline(env)
    assert "<exit 0>" in added
    assert not [n for n in added if n in INIT_FORBIDDEN], sorted(added)


def test_a_keyring_key_does_load_keyring(env):
    names = imported(["env", "kr", "--shell", "bash"], env)  # fails: no keyring backend
    assert "keyring" in names and "<exit 1>" in names
    assert "typer" not in names


def test_ruff_tid253_bans_heavy_module_level_imports():
    ruff = shutil.which("ruff")
    command = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    done = subprocess.run(command + ["check", "--select", "TID253", "modelswitch"], cwd=REPO,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()


# `run` is timed from command start to claude's first request (benchmarks/launch_overhead.py):
# what it imports before the exec is paid on every launch.
RUN_FORBIDDEN = ("uuid", "platform", "shutil", "tempfile", "bz2", "lzma", "random", "dataclasses",
                 "inspect", "ast", "dis", "threading", "typing", "platformdirs", "typer", "click",
                 "questionary", "tomli_w", "keyring", "rich")


def test_run_imports_only_what_the_launch_needs(env, tmp_path):
    stub = tmp_path / "bin" / "claude"
    stub.parent.mkdir()
    stub.write_text("#!/bin/sh\nexit 0\n")
    stub.chmod(0o755)
    run_env = dict(env, PATH=f"{stub.parent}{os.pathsep}{env.get('PATH', '')}")
    imported(["run", "ev", "--", "-p", "hi"], run_env)  # the first read leaves the parse memo
    added = imported(["run", "ev", "--", "-p", "hi"], run_env) - baseline(run_env)
    assert "<exit 0>" in added and "modelswitch.launch.start" in added
    assert not [n for n in added if n in RUN_FORBIDDEN], sorted(added)


def test_env_with_an_env_key_imports_no_more_than_run(env):
    """`env` reads the same profile and key source as `run`: the same light modules."""
    imported(["env", "ev", "--shell", "bash"], env)  # the first read leaves the parse memo
    added = imported(["env", "ev", "--shell", "bash"], env) - baseline(env)
    assert "<exit 0>" in added and "modelswitch.profile.schema" in added
    assert not [n for n in added if n in RUN_FORBIDDEN], sorted(added)
