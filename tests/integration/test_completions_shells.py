"""The committed completion scripts, driven in real bash, fish and zsh."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import REPO, require_tool
from modelswitch.profile import schema as profiles

SCRIPTS = REPO / "completions"
PROFILES = ["alpha", "beta", "glm-cn"]
PROFILE_COMMANDS = ["use", "env", "run", "exec", "show", "edit", "remove", "rename", "test",
                    "bench", "export", "key set", "key rm"]

BASH_HARNESS = r"""
source "$SCRIPT"
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_modelswitch modelswitch "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""

ZSH_HARNESS = r"""
compadd() {
    while [[ $1 == -* && $1 != -- ]]; do shift; done
    [[ $1 == -- ]] && shift
    print -l -- "$@"
}
_describe() { local arr=$4; print -l -- ${(P)arr%%:*}; }
_files() { print -- '<files>'; }
_command_names() { print -- '<commands>'; }
compset() { :; }
compdef() { :; }
source $SCRIPT
words=("$@")
CURRENT=$#
_modelswitch
"""


@pytest.fixture
def shell_env(tmp_path, isolated_home):
    """A home with three profiles and a `modelswitch` on PATH that runs this checkout."""
    from modelswitch.profile import storage

    for name in PROFILES:
        storage.write_profile(profiles.Profile(name=name, base_url="https://x.invalid/anthropic"),
                              overwrite=False)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    wrapper = bindir / "modelswitch"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m modelswitch "$@"\n')
    wrapper.chmod(0o755)
    home = tmp_path / "userhome"
    home.mkdir()
    return {**os.environ, "MODELSWITCH_HOME": str(isolated_home), "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local"),
            "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(REPO)}


def _lines(done: subprocess.CompletedProcess) -> list[str]:
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.split("\n") if line]


# ---------------------------------------------------------------- bash
def bash_complete(env, *words: str) -> list[str]:
    bash = require_tool("bash")
    done = subprocess.run([bash, "--norc", "--noprofile", "-c", BASH_HARNESS, "harness", *words],
                          env={**env, "SCRIPT": str(SCRIPTS / "modelswitch.bash")},
                          capture_output=True, text=True, timeout=60)
    assert done.stderr == ""
    return _lines(done)


@pytest.mark.parametrize("command", PROFILE_COMMANDS)
def test_bash_completes_profile_names(shell_env, command):
    assert bash_complete(shell_env, "modelswitch", *command.split(), "") == PROFILES


def test_bash_filters_by_prefix_and_knows_the_commands(shell_env):
    assert bash_complete(shell_env, "modelswitch", "use", "g") == ["glm-cn"]
    commands = bash_complete(shell_env, "modelswitch", "")
    assert {"use", "env", "run", "exec", "export", "import", "completions", "key"} <= set(commands)
    assert bash_complete(shell_env, "modelswitch", "key", "") == ["rm", "set"]


def test_bash_completes_presets_after_preset(shell_env):
    assert bash_complete(shell_env, "modelswitch", "add", "x", "--preset", "") == \
        profiles.preset_names()
    kimis = [p for p in profiles.preset_names() if p.startswith("kimi")]
    assert bash_complete(shell_env, "modelswitch", "add", "x", "--preset", "kimi") == kimis


def test_bash_completes_shells_after_shell(shell_env):
    shells = bash_complete(shell_env, "modelswitch", "env", "alpha", "--shell", "")
    assert {"bash", "zsh", "fish", "powershell"} <= set(shells)
    # `--shell=` is split at "=" by COMP_WORDBREAKS: the current word is "=" itself
    assert bash_complete(shell_env, "modelswitch", "env", "--shell", "=") == shells
    hooks = bash_complete(shell_env, "modelswitch", "init", "")
    assert "fish" in hooks and "json" not in hooks


def test_bash_flags_and_pass_through(shell_env):
    flags = bash_complete(shell_env, "modelswitch", "import", "--")
    assert {"--name", "--from-claude-settings", "--from-ccs", "--clean", "--help"} <= set(flags)
    # after `run NAME` every word belongs to claude: no profiles, no modelswitch flags
    assert bash_complete(shell_env, "modelswitch", "run", "alpha", "") == []
    assert bash_complete(shell_env, "modelswitch", "run", "alpha", "--") == []
    assert "echo" in bash_complete(shell_env, "modelswitch", "exec", "alpha", "--", "ech")
    assert bash_complete(shell_env, "modelswitch", "rename", "alpha", "") == []
    assert bash_complete(shell_env, "modelswitch", "bench", "alpha", "") == PROFILES


# ---------------------------------------------------------------- fish
def fish_complete(env, line: str) -> list[str]:
    fish = require_tool("fish")
    script = SCRIPTS / "modelswitch.fish"
    done = subprocess.run([fish, "--no-config", "-c", f"source {script}; complete -C $argv[1]",
                           line], env=env, capture_output=True, text=True, timeout=60)
    assert done.stderr == ""
    return [line.split("\t")[0] for line in _lines(done)]


def test_fish_completes_profile_names(shell_env):
    assert fish_complete(shell_env, "modelswitch use ") == PROFILES
    assert fish_complete(shell_env, "modelswitch key set g") == ["glm-cn"]
    assert fish_complete(shell_env, "modelswitch bench alpha ") == PROFILES


def test_fish_completes_commands_presets_and_shells(shell_env):
    assert {"use", "env", "export", "import"} <= set(fish_complete(shell_env, "modelswitch "))
    assert fish_complete(shell_env, "modelswitch add x --preset ") == profiles.preset_names()
    assert {"bash", "fish"} <= set(fish_complete(shell_env, "modelswitch env alpha --shell "))
    assert fish_complete(shell_env, "modelswitch env --shell=fi") == ["--shell=fish"]
    assert "--from-ccs" in fish_complete(shell_env, "modelswitch import --")


# ---------------------------------------------------------------- zsh
def test_zsh_loads_the_script(shell_env):
    zsh = require_tool("zsh")
    script = SCRIPTS / "_modelswitch"
    done = subprocess.run([zsh, "-f", "-c", f"autoload -Uz compinit; compinit -u; source {script}; "
                           "print -r -- $_comps[modelswitch]"],
                          env=shell_env, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "_modelswitch\n")
    done = subprocess.run([zsh, "-f", "-c", f"fpath=({SCRIPTS} $fpath); autoload -Uz compinit; "
                           "compinit -u; print -r -- $_comps[modelswitch]"],
                          env=shell_env, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "_modelswitch\n")


def zsh_complete(env, *words: str) -> list[str]:
    zsh = require_tool("zsh")
    done = subprocess.run([zsh, "-f", "-c", ZSH_HARNESS, "harness", *words],
                          env={**env, "SCRIPT": str(SCRIPTS / "_modelswitch")},
                          capture_output=True, text=True, timeout=60)
    assert done.stderr == ""
    return _lines(done)


def test_zsh_completion_function_offers_names(shell_env):
    assert zsh_complete(shell_env, "modelswitch", "use", "") == PROFILES
    assert zsh_complete(shell_env, "modelswitch", "key", "rm", "") == PROFILES
    assert zsh_complete(shell_env, "modelswitch", "add", "x", "--preset", "") == \
        profiles.preset_names()
    assert zsh_complete(shell_env, "modelswitch", "key", "") == ["rm", "set"]
    assert zsh_complete(shell_env, "modelswitch", "run", "alpha", "") == ["<files>"]


# ------------------------------------------------- run/exec: NAME is optional
def test_run_and_exec_name_is_optional_in_every_shell(shell_env):
    """`run -p <TAB>` and `run -- <TAB>` are claude's words (no profiles); `run --force <TAB>`
    still offers them; `exec -- <TAB>` offers commands."""
    assert bash_complete(shell_env, "modelswitch", "run", "") == PROFILES
    assert bash_complete(shell_env, "modelswitch", "run", "--force", "") == PROFILES
    assert bash_complete(shell_env, "modelswitch", "run", "-p", "") == []
    assert bash_complete(shell_env, "modelswitch", "run", "--", "") == []
    assert bash_complete(shell_env, "modelswitch", "run", "--resume", "--") == []
    assert "echo" in bash_complete(shell_env, "modelswitch", "exec", "--", "ech")
    assert bash_complete(shell_env, "modelswitch", "use", "--", "") == PROFILES  # others unchanged
    assert zsh_complete(shell_env, "modelswitch", "run", "--force", "") == PROFILES
    assert zsh_complete(shell_env, "modelswitch", "run", "-p", "") == ["<files>"]
    assert zsh_complete(shell_env, "modelswitch", "run", "--", "") == ["<files>"]
    assert zsh_complete(shell_env, "modelswitch", "exec", "--", "") == ["<commands>"]
    assert fish_complete(shell_env, "modelswitch run --force ") == PROFILES
    assert fish_complete(shell_env, "modelswitch run ") == PROFILES
    assert not set(fish_complete(shell_env, "modelswitch run -p ")) & set(PROFILES)
    assert not set(fish_complete(shell_env, "modelswitch run -- ")) & set(PROFILES)
