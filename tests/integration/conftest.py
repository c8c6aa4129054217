"""Tests that drive a real external tool: a real shell, the Secret Service, Wine's cmd.exe, the
real `claude` CLI, tmux, a terminal (pty) or a real pip install. Every test collected here is
marked `integration` (`pytest -m "not integration"` runs the fast unit tests only); a missing
tool skips, or fails under MODELSWITCH_REQUIRE_INTEGRATION=1 (helpers.require_tool)."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.integration)
