"""Commands that run at shell start, served without typer (see shells/ and commands/shell.py).

run(argv) returns an exit status when it handled argv, or None to hand it to the
Typer app (which also knows these commands, for --help and completion).
"""

from __future__ import annotations


def run(argv: list[str]) -> int | None:
    return None
