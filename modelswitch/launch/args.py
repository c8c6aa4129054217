"""The words after `run` / `exec`: modelswitch's own options, an optional NAME, the rest.

    run  [--force] [NAME] [CLAUDE_ARGS...]      exec [--force] [NAME] [--] CMD [ARGS...]

modelswitch's own options (--force, -h/--help) come first. The next word is NAME only if
it does not start with `-`: `run -p hi` and `run --resume` pass everything to claude, and
a `--` ends modelswitch's words (`run -- -p hi`, `exec -- env`: no NAME). One `--` right
after NAME is dropped (`run kimi -- -p hi`). Without NAME the profile is the nearest
`.modelswitch` pin file's, else the shell's active one (MODELSWITCH_PROFILE).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError

TYPE_CHECKING = False  # typing costs ~3 ms at every launch: annotations only
if TYPE_CHECKING:
    from typing import Mapping, Optional

FORCE = "--force"
HELP = ("-h", "--help")
OWN = (FORCE, *HELP)
PROFILE_VAR = "MODELSWITCH_PROFILE"  # resolve.PROFILE_VAR (not imported: keep this light)
USAGE = {"run": "modelswitch run [--force] [NAME] [CLAUDE_ARGS...]",
         "exec": "modelswitch exec [--force] [NAME] -- COMMAND [ARGS...]"}


def own_options(args: list[str]) -> list[str]:
    """The leading words that are modelswitch's own options (Typer parses only these)."""
    i = 0
    while i < len(args) and args[i] in OWN:
        i += 1
    return list(args[:i])


def split(args: list[str]) -> tuple[Optional[str], list[str]]:
    """(NAME or None, the program's words) from what follows modelswitch's own options."""
    if args[:1] == ["--"]:
        return None, list(args[1:])
    if args and not args[0].startswith("-"):
        rest = list(args[1:])
        return args[0], rest[1:] if rest[:1] == ["--"] else rest
    return None, list(args)


def pick_profile(name: Optional[str], verb: str, environ: Mapping[str, str],
                 cwd: Path) -> tuple[str, Optional[Path]]:
    """(profile name, the pin file that named it, or None when given or active)."""
    if name is not None:
        return name, None
    from ..shells.switch import DOTFILE, find_project_profile
    from ..profile.validate import NAME_RE

    found = find_project_profile(cwd)
    if found is not None:
        return found
    active = environ.get(PROFILE_VAR, "")
    if NAME_RE.fullmatch(active):
        return active, None
    raise UsageError(f"{verb}: no profile named, no {DOTFILE} file in {cwd} or above, "
                     "and no profile active in this shell",
                     f"{USAGE[verb]}; or pin one here: `echo kimi > {DOTFILE}`")


def pin_note(name: str, pin: Path) -> str:
    """The stderr line saying where the profile came from (the same words as `env`)."""
    return f"modelswitch: profile {name} (from {pin})"
