"""What `env` shows on a terminal instead of code: the changes with the key masked, and how
to apply them. Plain text, not shell code: nothing here can be evaluated into a secret."""

from __future__ import annotations

from ..resolve import CREDENTIAL_VARS, PLACEHOLDER_TOKEN
from ..saved import SAVED_VAR, decode
from ..keys.store import mask
from .base import Shell

TYPE_CHECKING = False  # typing stays unloaded at shell start
if TYPE_CHECKING:
    from typing import Mapping, Optional


def shown(var: str, value: str) -> str:
    if var in CREDENTIAL_VARS and value != PLACEHOLDER_TOKEN:
        return mask(value) + "   (masked)"
    if var == SAVED_VAR:  # the user's earlier values, maybe their own key: names only
        return "(your earlier " + ", ".join(sorted(decode(value) or {})) + ", kept for `off`)"
    # Escape control characters so a value cannot drive the terminal.
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)


def preview(name: str, changes: Mapping[str, Optional[str]], shell: Shell, *,
            name_given: bool = True, hooked: bool = False) -> str:
    args = f"env {name}" if name_given else "env"
    width = max(len(var) for var in changes)
    lines = [f"modelswitch {args}: what it does in {shell.name} "
             "(stdout is a terminal, so the key is masked and nothing is printed to eval)"]
    for var, value in changes.items():
        if value is not None:
            lines.append(f"  set    {var.ljust(width)}  {shown(var, value)}")
    unset = [var for var, value in changes.items() if value is None]
    if unset:
        lines.append("  unset  " + " ".join(unset))
    lines.append("")
    lines += shell.apply_lines(args, f"modelswitch use{' ' + name if name_given else ''}", hooked)
    return "\n".join(lines) + "\n"


def off_preview(changes: Mapping[str, Optional[str]], shell: Shell) -> str:
    """What `off` would do, on a terminal: the values it gives back may be the user's own
    keys, so each is masked and no code is printed."""
    lines = [f"modelswitch off: what it does in {shell.name} "
             "(stdout is a terminal, so your earlier values are masked and nothing is printed to eval)"]
    for var, value in changes.items():
        if value is not None:
            lines.append(f"  restore  {var}  {mask(value) or '(empty)'}   (masked)")
    unset = [var for var, value in changes.items() if value is None]
    if unset:
        lines.append("  unset    " + " ".join(unset))
    lines += ["", f"To apply it to this shell:  {shell.apply_hint('off')}"]
    return "\n".join(lines) + "\n"
