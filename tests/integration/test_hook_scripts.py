"""The shell hooks are real files (modelswitch/shells/hooks/), so shell linters see them:
shellcheck for the POSIX hook as each POSIX shell gets it, `fish -n` for fish's."""

from __future__ import annotations

import os
import subprocess

import pytest

from helpers import require_tool
from modelswitch.shells import HOOK_SHELLS, get
from modelswitch.shells.hooks import HERE, hook


@pytest.mark.integration
@pytest.mark.parametrize("shell", ["sh", "bash", "dash", "ksh"])
def test_shellcheck_passes_the_posix_hook(shell):
    shellcheck = require_tool("shellcheck", "apt-get install shellcheck (scripts/install-test-tools)")
    # SC2209: `MODELSWITCH_HOOK=sh` is meant as the string "sh", not the output of running sh.
    done = subprocess.run([shellcheck, "--shell", shell, "--exclude", "SC2209", "-"],
                          input=hook(get(shell)), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.integration
def test_fish_parses_the_fish_hook(tmp_path):
    fish = require_tool("fish")
    path = tmp_path / "hook.fish"
    path.write_text(hook(get("fish")))
    done = subprocess.run([fish, "--no-execute", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_every_hook_shell_names_a_shipped_file():
    for name in HOOK_SHELLS:
        shell = get(name)
        if name == "cmd":  # no hook script: `init cmd` sets up AutoRun (shells/cmd_setup.py)
            assert shell.hook_file == ""
            continue
        assert os.path.isfile(os.path.join(HERE, shell.hook_file)), name
        text = hook(shell)
        assert "@SHELL@" not in text and "@RC_FILE@" not in text and name in text, name
    assert "~/.zshrc" in hook(get("zsh")) and "setenv MODELSWITCH_HOOK csh;" in hook(get("csh"))
