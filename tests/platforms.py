"""Platform marks for tests that need a real Windows, macOS or PowerShell: each runs where its
system is (GitHub Actions, .github/workflows/ci.yml) and is skipped, with the reason, elsewhere."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

windows = [pytest.mark.windows, pytest.mark.skipif(
    sys.platform != "win32", reason="Windows only: real cmd.exe, registry, npm's claude.cmd (CI: windows-latest)")]
macos = [pytest.mark.macos, pytest.mark.skipif(
    sys.platform != "darwin", reason="macOS only: the real Keychain (CI: macos-latest)")]
# pwsh ships on GitHub's images (all three systems); it cannot be installed on this Debian
# machine, so outside Windows the test needs pwsh on PATH instead of failing for its absence
# (MODELSWITCH_REQUIRE_PWSH=1, set by the workflow, makes a missing pwsh a failure).
pwsh = [pytest.mark.pwsh, pytest.mark.skipif(
    sys.platform != "win32" and shutil.which("pwsh") is None and os.environ.get("MODELSWITCH_REQUIRE_PWSH") != "1",
    reason="PowerShell (pwsh) is not installed here (CI: preinstalled on GitHub's runners)")]


def powershell() -> str:
    """pwsh, else Windows PowerShell 5.1 on Windows."""
    found = shutil.which("pwsh") or (shutil.which("powershell") if sys.platform == "win32" else None)
    assert found, "no PowerShell on PATH"
    return found


def only(marks: list):
    """The marks as one decorator, for a single test: @only(windows)."""
    def apply(test):
        for mark in marks:
            test = mark(test)
        return test
    return apply
