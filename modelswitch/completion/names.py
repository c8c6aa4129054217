"""`modelswitch __names KIND`: the names completion scripts offer, one per line, fast.

Completion scripts call this on every <TAB>, so it imports neither typer nor keyring and
reads no profile file: profile names are file names (profiles.profile_names()).
KIND is `profiles`, `presets`, `shells`, `hook-shells` (for `init`) or `ccs` (profiles
of the ccs tool, for `import --from-ccs`). An unknown kind prints nothing and exits 2, quietly: a completion
must never spill errors onto the user's command line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def ccs_dir() -> Path:
    """Where ccs keeps its files: $CCS_DIR, else $CCS_HOME/.ccs, else ~/.ccs (as ccs does)."""
    if os.environ.get("CCS_DIR"):
        return Path(os.environ["CCS_DIR"]).expanduser()
    if os.environ.get("CCS_HOME"):
        return Path(os.environ["CCS_HOME"]).expanduser() / ".ccs"
    return Path.home() / ".ccs"


def ccs_names() -> list[str]:
    suffix = ".settings.json"
    directory = ccs_dir()
    if not directory.is_dir():
        return []
    return sorted(p.name[: -len(suffix)] for p in directory.glob("*" + suffix))


def shell_names() -> list[str]:
    """Values of --shell: the canonical names of the shells and formats `env` renders."""
    from ..shells import NAMES

    return list(NAMES)


def hook_shell_names() -> list[str]:
    """Shells `init` writes a hook for."""
    from ..shells import HOOK_SHELLS

    return list(HOOK_SHELLS)


def _profiles() -> list[str]:
    from ..profile.schema import profile_names

    return profile_names()


def _presets() -> list[str]:
    from ..profile.schema import preset_names

    return preset_names()


LISTERS = {"profiles": _profiles, "presets": _presets, "shells": shell_names,
           "hook-shells": hook_shell_names, "ccs": ccs_names}


def main(argv: list[str]) -> int:
    lister = LISTERS.get(argv[0] if argv else "")
    if lister is None:
        return 2
    try:
        names = lister()
    except OSError:
        return 1
    if names:
        sys.stdout.write("\n".join(names) + "\n")
    return 0
