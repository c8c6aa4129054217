"""Shell renderers: a registry of names, get(name) -> Shell, and detect().

Each family lives in its own small module and is imported only when asked for (this runs
at every shell start). Renderers only quote: what to set is resolve()'s business.
"""

from __future__ import annotations

import importlib
import os
import sys

from ..errors import UsageError
from .base import Shell, Unrepresentable

__all__ = ["Shell", "Unrepresentable", "NAMES", "SHELLS", "get", "canonical", "detect"]

# name -> (module, class). Output formats first in --help order: shells, then data.
_REGISTRY = {
    "bash": ("posix", "Bash"),
    "zsh": ("posix", "Zsh"),
    "sh": ("posix", "Sh"),
    "dash": ("posix", "Dash"),
    "ksh": ("posix", "Ksh"),
    "fish": ("fish", "Fish"),
    "tcsh": ("csh", "Tcsh"),
    "csh": ("csh", "Csh"),
    "powershell": ("powershell", "PowerShell"),
    "cmd": ("cmd", "Cmd"),
    "json": ("data", "Json"),
    "dotenv": ("data", "Dotenv"),
}
ALIASES = {"pwsh": "powershell", "ksh93": "ksh", "mksh": "ksh", "lksh": "ksh", "oksh": "ksh",
           "ash": "sh", "cmd.exe": "cmd"}
NAMES = tuple(_REGISTRY)  # canonical names
SHELLS = tuple(sorted(set(_REGISTRY) | set(ALIASES) - {"cmd.exe"}))  # what --shell accepts
HOOK_SHELLS = tuple(n for n in NAMES if n not in ("json", "dotenv"))


def canonical(name: str) -> str | None:
    """bash, -bash, BASH.EXE, /bin/bash -> bash; pwsh -> powershell; None if unknown."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower().lstrip("-")
    if base.endswith(".exe"):
        base = base[:-4]
    base = ALIASES.get(base, base)
    return base if base in _REGISTRY else None


def get(name: str) -> Shell:
    found = canonical(name) if "/" not in name and "\\" not in name else None
    if found is None:
        raise UsageError(f"unknown shell {name!r}",
                         "choose one of: " + ", ".join(NAMES + ("pwsh",)))
    module, cls = _REGISTRY[found]
    return getattr(importlib.import_module(f".{module}", __name__), cls)()


def detect(environ=None) -> str:
    """The shell that started us: the process tree (shellingham), then $SHELL, then cmd on
    Windows. Raises a usage error asking for --shell when nothing fits."""
    environ = os.environ if environ is None else environ
    try:
        import shellingham

        found = canonical(shellingham.detect_shell()[0])
        if found:
            return found
    except Exception:  # ShellDetectionFailure, no /proc and no ps, not installed, ...
        pass
    found = canonical(environ.get("SHELL", ""))
    if found:
        return found
    if sys.platform == "win32" and environ.get("ComSpec"):
        return canonical(environ["ComSpec"]) or "cmd"
    raise UsageError("cannot tell which shell this is",
                     "pass --shell with one of: " + ", ".join(NAMES))
