"""`env`/`use` without the hook: warn when a Claude Code settings file will beat the switch.

Claude Code applies the `env` block of its settings files (user, project, local, managed)
over the process environment, so after `eval "$(modelswitch env kimi)"` a settings.json that
sets ANTHROPIC_BASE_URL silently wins. With the hook loaded (MODELSWITCH_HOOK), `claude`
starts through `run`, which outranks those files, so there is nothing to warn about.

This runs at shell start: only the standard library, a file is parsed only when its bytes
mention "env", and an unreadable or invalid file, or a malformed env block, is skipped
(doctor reports it).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ModelswitchError
from .settings import env_of, env_strings, parse_settings, read_regular, settings_files

TYPE_CHECKING = False  # typing costs ~3 ms at every shell start: annotations only
if TYPE_CHECKING:
    from typing import Mapping, Optional

MAX_BYTES = 16 << 20  # a larger settings file is not read at shell start
HOOK_VAR = "MODELSWITCH_HOOK"


def env_block(path: Path) -> dict[str, str]:
    """The file's `env` block as text (settings.env_block's rule), or {} (missing, unreadable,
    too large, not JSON, no env block or a malformed one)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return {}
        raw = read_regular(path)
    except (OSError, ValueError):
        return {}
    if b'"env"' not in raw:
        return {}
    try:
        return env_strings(env_of(parse_settings(raw.decode("utf-8"), str(path), ""), str(path)))
    except (UnicodeDecodeError, ModelswitchError):
        return {}


def overrides(changes: Mapping[str, Optional[str]], watched, environ: Mapping[str, str],
              cwd: Path) -> list[tuple[str, Path, list[str]]]:
    """(kind, file, variables) for each settings file whose env block sets a watched
    variable to something else than the switch does (an unset variable counts as "")."""
    found = []
    for sf in settings_files(cwd, environ):
        env = env_block(sf.path)
        hits = sorted(k for k, v in env.items()
                      if k in watched and v != (changes.get(k) or ""))
        if hits:
            found.append((sf.kind, sf.path, hits))
    return found


def warning(profile, changes: Mapping[str, Optional[str]], environ: Mapping[str, str],
            cwd: Path, init_line: str) -> Optional[str]:
    """One stderr line naming the files and variables that beat this switch; None if none
    do or the hook is loaded. init_line: the rc-file line that loads the hook."""
    if environ.get(HOOK_VAR):
        return None
    from ..resolve import MANAGED_VARS
    from ..text import printable

    found = overrides(changes, set(MANAGED_VARS) | set(profile.env), environ, cwd)
    if not found:
        return None
    parts = [f"{printable(path)}{' (managed)' if kind == 'managed' else ''} sets "
             f"{printable(', '.join(hits))}" for kind, path, hits in found]
    return (f"modelswitch: warning: {'; '.join(parts)}: Claude Code applies that over this "
            f"shell's variables; start claude with `modelswitch run {profile.name}`, or load the "
            f"hook (`{init_line}` in your rc file)")
