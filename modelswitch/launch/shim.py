"""Windows: the real program behind an npm `.cmd` shim, so `run` starts it directly.

npm installs claude as a native `claude.exe` (@anthropic-ai/claude-code/bin/claude.exe, which
the package's postinstall fills with the platform binary) and puts a `claude.cmd` shim (plus
`claude.ps1` and a sh script) on PATH. shutil.which finds the .cmd; starting it runs cmd.exe,
which re-parses every argument (`%`, `^`, `&`, `"`...). The shim npm's cmd-shim writes for a
target with no shebang is only a preamble and one line `"%dp0%\\<target>" %*`, so the target
can be started instead with the same arguments, untouched.

Pure path logic (no Windows call): tested on every platform with fake shims.
"""

from __future__ import annotations

import os
import re

# The preamble cmd-shim writes before the command line (any case, any order): nothing here
# changes the environment the target sees, so skipping the shim changes nothing but parsing.
_PREAMBLE = {"@echo off", "goto start", ":find_dp0", "set dp0=%~dp0", "exit /b", ":start",
             "setlocal", "call :find_dp0"}
# `"%dp0%\rel\path.exe"   %*` (cmd-shim >= 3) or `"%~dp0\rel\path.exe" %*` (older npm).
_EXEC_LINE = re.compile(r'^"%(?:dp0%|~dp0)\\?(?P<rel>[^"%*?<>|]+\.exe)"\s*%\*$', re.IGNORECASE)
# Where `npm install [-g] @anthropic-ai/claude-code` leaves the binary, relative to the shim's
# folder: global (<prefix>\claude.cmd) and local (node_modules\.bin\claude.cmd).
_CLAUDE_LAYOUT = (("node_modules", "@anthropic-ai", "claude-code", "bin", "claude.exe"),
                  ("..", "@anthropic-ai", "claude-code", "bin", "claude.exe"))
_MAX_SHIM = 64 * 1024


def is_shim(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in (".cmd", ".bat")


def shim_target(shim: str) -> str | None:
    """The executable a cmd-shim `.cmd` starts, if the shim is only that; else None."""
    try:
        with open(shim, "rb") as handle:
            text = handle.read(_MAX_SHIM + 1)
    except OSError:
        return None
    if len(text) > _MAX_SHIM:
        return None
    target = None
    for line in text.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line or line.lower() in _PREAMBLE:
            continue
        match = _EXEC_LINE.match(line)
        if match is None or target is not None:
            return None  # anything else (a node script shim, a user's wrapper): keep the shim
        target = _under(shim, match["rel"].split("\\"))
    return target if target and _is_native(target) else None


def npm_layout_target(shim: str, command: str) -> str | None:
    """claude.exe where npm's package layout puts it beside the shim, if it is a real binary."""
    if command.lower() != "claude":
        return None
    for parts in _CLAUDE_LAYOUT:
        candidate = _under(shim, list(parts))
        if _is_native(candidate):
            return candidate
    return None


def native_program(program: str, command: str) -> str:
    """program itself, or the native executable its npm shim would start."""
    if not is_shim(program):
        return program
    return shim_target(program) or npm_layout_target(program, command) or program


def _under(shim: str, parts: list[str]) -> str:
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(shim)), *parts))


def _is_native(path: str) -> bool:
    """A PE executable (MZ header): not the text stub left when npm's postinstall did not run."""
    try:
        with open(path, "rb") as handle:
            return handle.read(2) == b"MZ"
    except OSError:
        return False
