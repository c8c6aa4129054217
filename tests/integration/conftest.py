"""Tests that drive a real external tool: a real shell, the Secret Service, Wine's cmd.exe, the
real `claude` CLI, tmux, a terminal (pty) or a real pip install. Every test collected here is
marked `integration` (`pytest -m "not integration"` runs the fast unit tests only); a missing
tool skips, or fails under MODELSWITCH_REQUIRE_INTEGRATION=1 (helpers.require_tool)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anthropic_server import AnthropicServer
from claude_world import DECOY
from helpers import modelswitch_cmd, require_tool
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
    home, project = tmp_path / "home", tmp_path / "project"
    (home / ".claude").mkdir(parents=True)
    (project / ".git").mkdir(parents=True)
    env = {k: v for k, v in secret_service.env.items()
           if not k.startswith(("ANTHROPIC_", "CLAUDE_", "MODELSWITCH_"))}
    env.update(HOME=str(home), MODELSWITCH_HOME=str(tmp_path / "mshome"),
               CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1")
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
