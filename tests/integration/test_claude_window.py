"""A profile's context window takes effect in the real claude (not only in our output).

Verified on 2.1.330 and 2.1.332: for a model id claude does not know, CLAUDE_CODE_MAX_CONTEXT_TOKENS
is the window (`/context` reports it, the "doesn't recognize the model ... assumes 1m" notice
goes away) and the auto-compact point follows it: with a 128k window and a server reporting
120k input tokens, claude asks the model for a summary (a compaction request) after the turn.
"""

from __future__ import annotations

import pytest
from anthropic_server import AnthropicServer
from claude_world import add_profile
from helpers import run_modelswitch

pytestmark = pytest.mark.integration

UNKNOWN_MODEL_NOTICE = "doesn't recognize the model"
COMPACTION_MARK = "<summary>"  # claude's compaction prompt asks for an <analysis>/<summary> reply


def launch(world, name: str, *args: str):
    done = run_modelswitch(["run", name, "--", *args], world["env"], cwd=world["project"],
                           timeout=120)
    return done.stdout.decode(), done.stderr.decode(), done.returncode


def context_line(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if "Tokens:" in line)


@pytest.mark.parametrize("window,shown", [(128000, "/ 128k"), (2000000, "/ 2m")])
def test_context_reports_the_profiles_window(world, window, shown):
    with AnthropicServer() as server:
        add_profile(world, "w", "kimi", server.base_url)
        assert run_modelswitch(["edit", "w", "--context-window", str(window)],
                               world["env"]).returncode == 0
        stdout, stderr, code = launch(world, "w", "-p", "/context")
    assert code == 0, stderr
    assert shown in context_line(stdout)
    assert UNKNOWN_MODEL_NOTICE not in stderr


def test_without_a_window_claude_assumes_1m_and_says_so(world):
    with AnthropicServer() as server:
        add_profile(world, "w", "glm", server.base_url)  # glm's preset sets no window
        stdout, stderr, code = launch(world, "w", "-p", "/context")
    assert code == 0, stderr
    assert "/ 1m" in context_line(stdout)
    assert UNKNOWN_MODEL_NOTICE in stderr


def compaction_requests(server) -> list:
    found = []
    for request in server.messages():
        text = str((request.body or {}).get("messages", [])[-1:])
        if COMPACTION_MARK in text:
            found.append(request)
    return found


@pytest.mark.parametrize("preset,compacts", [("kimi", True), ("glm", False)])
def test_auto_compact_point_follows_the_window(world, preset, compacts):
    """kimi's window (262144) is lowered to 128k here; glm has none (claude assumes 1m)."""
    with AnthropicServer(mode="tool", tool_command="true", input_tokens=120000) as server:
        add_profile(world, "c", preset, server.base_url)
        if compacts:
            assert run_modelswitch(["edit", "c", "--context-window", "128000"],
                                   world["env"]).returncode == 0
        launch(world, "c", "-p", "run true", "--allowedTools", "Bash")
        assert server.messages(), "claude sent no request"
    assert bool(compaction_requests(server)) is compacts
