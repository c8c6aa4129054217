"""The /model picker speaks the provider's language, in the real claude's terminal UI (tmux).

Through `run` (every auth mode, also the OAuth-descriptor one bearer keys use) the picker shows
the profile's models by their preset names and nothing of Anthropic's line-up; through the
environment alone (`use` without the hook) the *_NAME/_DESCRIPTION variables label the tiers.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import time
import uuid

import pytest
from anthropic_server import AnthropicServer
from claude_world import add_profile
from helpers import modelswitch_cmd, require_tool

pytestmark = pytest.mark.integration


def screen(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                          text=True).stdout


def wait_for(session: str, *texts: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = screen(session)
        if any(text in shown for text in texts):
            return shown
        time.sleep(0.3)
    raise AssertionError(f"none of {texts} appeared; the screen was:\n{screen(session)}")


def picker_screen(world, shell_command: str) -> str:
    """Start claude in a 200x50 tmux terminal, accept the folder-trust question, open /model."""
    require_tool("tmux")
    (world["home"] / ".claude.json").write_text(json.dumps(
        {"hasCompletedOnboarding": True, "theme": "dark"}))
    session = "ms-picker-" + uuid.uuid4().hex[:8]
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**world["env"], "TERM": "xterm-256color"}.items())
    command = f"cd {shlex.quote(str(world['project']))} && env -i {env} bash -c {shlex.quote(shell_command)}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "200", "-y", "50", command], check=True)
    try:
        shown = wait_for(session, "Yes, I trust", "? for shortcuts")
        for _ in range(10):  # the dialog may draw before it reads keys: answer until it goes
            if "Yes, I trust" not in shown:
                break
            time.sleep(1)
            subprocess.run(["tmux", "send-keys", "-t", session, "Down", "Enter"], check=True)
            time.sleep(1)
            shown = screen(session)
        wait_for(session, "? for shortcuts", "auto mode", "Auto mode")
        time.sleep(1)
        subprocess.run(["tmux", "send-keys", "-t", session, "/model"], check=True)
        time.sleep(0.5)
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        shown = wait_for(session, "Select model")
        return shown[shown.index("Select model"):]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def rows(picker: str) -> list[str]:
    return [line.strip() for line in picker.splitlines() if line.strip()[:2].rstrip(".").isdigit()
            or line.strip().startswith("❯")]


def test_run_shows_the_profiles_models_by_name(world):
    with AnthropicServer() as server:
        add_profile(world, "k", "kimi", server.base_url)
        picker = picker_screen(world, f"{shlex.join(modelswitch_cmd())} run k")
    listed = rows(picker)
    assert any("Kimi K2 Thinking" in row and "256K context" in row for row in listed), picker
    assert any("Kimi K2 Turbo" in row for row in listed), picker  # the custom model option
    assert not any("Sonnet 4.6" in row or "Opus 5.5" in row or "Fable" in row for row in listed), picker


def test_environment_alone_labels_each_tier(world):
    """`env` (no hook) then the real claude: the *_NAME variables label the tiers. (Settings
    files would win over the shell here: that is what `run` and the hook are for.)"""
    (world["home"] / ".claude" / "settings.json").unlink()
    (world["project"] / ".claude" / "settings.local.json").unlink()
    with AnthropicServer() as server:
        add_profile(world, "k", "glm", server.base_url)
        ms = shlex.join(modelswitch_cmd())
        picker = picker_screen(world, f'eval "$({ms} env k --shell bash)" && exec claude')
    listed = rows(picker)
    assert any("GLM-4.6" in row and "flagship" in row for row in listed), picker
    assert any("GLM-4.5-Air" in row for row in listed), picker
