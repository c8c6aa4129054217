"""The set-up the README promises: scripts/test in a virtual environment that fails loudly,
one claude cache folder for sudo and the user, and a GitHub workflow that parses."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from helpers import REPO, require_tool


def test_workflow_runs_three_systems_four_pythons_and_the_pinned_claude():
    flow = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text())
    matrix = flow["jobs"]["test"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert matrix["python"] == ["3.10", "3.11", "3.12", "3.13"]
    pinned = re.search(r'CLAUDE_CODE_VERSION="\$\{CLAUDE_CODE_VERSION:-([\d.]+)\}"',
                       (REPO / "scripts/install-test-tools").read_text())[1]
    assert flow["env"]["CLAUDE_CODE_VERSION"] == pinned
    runs = " ".join(step.get("run", "") for step in flow["jobs"]["test"]["steps"])
    assert "npm install -g" in runs and "pytest" in runs and 'windows or macos or pwsh' in runs


def test_scripts_test_uses_a_venv_and_never_hides_pip_status():
    text = (REPO / "scripts/test").read_text()
    assert "|| true" not in text and "PIPESTATUS" in text and "-m venv" in text
    assert 'export PATH="$bin:$PATH"' in text
    assert "python3-venv" in (REPO / "scripts/install-test-tools").read_text()


@pytest.mark.integration
@pytest.mark.parametrize("env,expected", [
    ({"HOME": "/home/u"}, "/home/u/.cache/modelswitch-test"),
    ({"HOME": "/home/u", "XDG_CACHE_HOME": "/x"}, "/x/modelswitch-test"),
    ({"HOME": "/home/u", "MODELSWITCH_TEST_CACHE": "/c"}, "/c"),
])
def test_one_cache_folder(env, expected):
    bash = require_tool("bash")
    out = subprocess.run([bash, "-c", "source scripts/test-cache-dir; modelswitch_test_cache"], cwd=REPO,
                         env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True)
    assert out.stdout.strip() == expected, out.stderr


@pytest.mark.integration
def test_under_sudo_the_cache_is_the_invoking_users():
    import os
    import pwd

    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("getent") is None:
        pytest.skip("needs root (as under sudo) and getent")
    user = pwd.getpwnam("nobody")
    out = subprocess.run(["bash", "-c", "source scripts/test-cache-dir; modelswitch_test_cache"], cwd=REPO,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/root", "SUDO_USER": "nobody",
                              "XDG_CACHE_HOME": "/root/.cache"}, capture_output=True, text=True)
    assert out.stdout.strip() == f"{user.pw_dir}/.cache/modelswitch-test", out.stderr
