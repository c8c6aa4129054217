"""Tests that drive a real external tool: a real shell, the Secret Service, Wine's cmd.exe, the
real `claude` CLI, tmux, a terminal (pty) or a real pip install. Every test collected here is
marked `integration` (`pytest -m "not integration"` runs the fast unit tests only); a missing
tool skips, or fails under MODELSWITCH_REQUIRE_INTEGRATION=1 (helpers.require_tool)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from anthropic_server import AnthropicServer
from claude_world import DECOY, private_world
from helpers import modelswitch_cmd, require_tool
from shell_world import A_KEY, A_PROFILE, B_KEY, B_PROFILE, HOSTILE, P1, P2, STUB, program_dir
from wizard_terminal import TIMEOUT

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="module")
def claude_bin():
    return require_tool("claude", "the Claude Code CLI (npm install @anthropic-ai/claude-code)")


@pytest.fixture
def world(secret_service, claude_bin, tmp_path):
    """Environment, HOME and project directory for one launch; a decoy server in settings files."""
    env, home, project = private_world(secret_service, tmp_path)
    with AnthropicServer(reply="DECOY ANSWERED") as decoy:
        decoy_env = {"ANTHROPIC_BASE_URL": decoy.base_url, "ANTHROPIC_AUTH_TOKEN": DECOY["token"],
                     "ANTHROPIC_API_KEY": DECOY["key"], "ANTHROPIC_MODEL": "decoy-model",
                     "ANTHROPIC_DEFAULT_HAIKU_MODEL": "decoy-haiku"}
        (home / ".claude" / "settings.json").write_text(json.dumps(
            {"env": decoy_env, "apiKeyHelper": f"echo {DECOY['helper']}"}))
        (project / ".claude").mkdir()
        (project / ".claude" / "settings.local.json").write_text(json.dumps(
            {"env": {"ANTHROPIC_BASE_URL": decoy.base_url, "ANTHROPIC_AUTH_TOKEN": DECOY["token"]}}))
        yield {"env": env, "home": home, "project": project, "decoy": decoy, "tmp": tmp_path,
               "keyring": secret_service}


@pytest.fixture
def spawn(secret_service, tmp_path):
    """Start modelswitch on a real pseudo-terminal (pexpect), keys in the private Secret Service."""
    pexpect = pytest.importorskip("pexpect")
    home = tmp_path / "mshome"
    env = {k: v for k, v in secret_service.env.items() if not k.startswith("MODELSWITCH_")}
    env.update(MODELSWITCH_HOME=str(home), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    children = []

    def start(*args, columns=120):
        cmd = modelswitch_cmd()
        child = pexpect.spawn(cmd[0], cmd[1:] + list(args), env=env, dimensions=(40, columns),
                              timeout=TIMEOUT, encoding="utf-8")
        children.append(child)
        return child

    start.home = home
    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


@pytest.fixture
def shell_env(tmp_path, isolated_home):
    """A real shell's environment: profiles a and b (keys in MS_A_KEY/MS_B_KEY), a project whose
    .modelswitch names b, a `modelswitch` on PATH and a stale user key."""
    profiles = isolated_home / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "a.toml").write_text(A_PROFILE)
    (profiles / "b.toml").write_text(B_PROFILE)
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / ".modelswitch").write_text("b\n")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ANTHROPIC_", "CLAUDE_CODE_", "MODELSWITCH_")) and
           k not in ("BASH_ENV", "ENV", "ZDOTDIR")}
    env.update(PATH=program_dir(tmp_path) + os.pathsep + os.environ["PATH"],
               MODELSWITCH_HOME=str(isolated_home), MS_A_KEY=A_KEY, MS_B_KEY=B_KEY,
               HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), ZDOTDIR=str(home),
               PROJECT=str(project), KEEP_ME="kept", ANTHROPIC_API_KEY="stale-user-key",
               LC_ALL="C.UTF-8")
    return env


@pytest.fixture
def stub_claude_env(tmp_path, isolated_home):
    """A real shell's environment with profiles p and p2 and a stub `claude` first on PATH that
    prints how it was started (shell_world.calls); the user's own key is hostile."""
    profiles = isolated_home / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "p.toml").write_text(P1)
    (profiles / "p2.toml").write_text(P2)
    stub_dir = tmp_path / "stub"
    stub_dir.mkdir()
    (stub_dir / "claude").write_text(STUB)
    (stub_dir / "claude").chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ANTHROPIC_", "CLAUDE_CODE_", "MODELSWITCH_", "API_TIMEOUT"))
           and k not in ("BASH_ENV", "ENV", "ZDOTDIR")}
    env.update(PATH=os.pathsep.join([program_dir(tmp_path), str(stub_dir), os.environ["PATH"]]),
               MODELSWITCH_HOME=str(isolated_home), HOME=str(home), ZDOTDIR=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), LC_ALL="C.UTF-8", P2_KEY="sk-test-p2",
               ANTHROPIC_API_KEY=HOSTILE, ANTHROPIC_MODEL="user-model")
    return env
