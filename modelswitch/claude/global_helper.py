"""`modelswitch key print-for-claude NAME [--home DIR]`: the apiKeyHelper of `use --global`.

Claude Code runs it (through a shell) at start and whenever its cached key expires, and
sends what it prints as the key. So it is served from the fast path (no typer), prints the
key and nothing else, refuses a terminal (a key on a screen is a key in a scroll-back), and
on failure writes one line to stderr — claude shows it as "apiKeyHelper failed: ..." — and
exits non-zero.
"""

from __future__ import annotations

import os
import sys

USAGE = "usage: modelswitch key print-for-claude NAME [--home DIR]"


def parse(args: list[str]) -> tuple[str, str | None] | None:
    if len(args) == 1:
        return args[0], None
    if len(args) == 3 and args[1] == "--home":
        return args[0], args[2]
    return None


def main(args: list[str]) -> int:
    from ..errors import ModelswitchError, UsageError

    parsed = parse(args)
    if parsed is None or parsed[0].startswith("-"):
        raise UsageError("key print-for-claude takes a profile NAME (and --home DIR)", USAGE)
    name, home = parsed
    if sys.stdout.isatty():
        raise ModelswitchError("print-for-claude prints a key for Claude Code's apiKeyHelper; "
                               "it does not print to a terminal",
                               "see `modelswitch current --global`, or `modelswitch show NAME`")
    if home:
        os.environ["MODELSWITCH_HOME"] = home
    from ..profile.schema import load_profile
    from ..resolve import PLACEHOLDER_TOKEN
    from ..keys.store import default_store, read_key

    profile = load_profile(name)
    key = read_key(profile, default_store(), os.environ)
    sys.stdout.write(key if key is not None else PLACEHOLDER_TOKEN)
    sys.stdout.flush()
    return 0
