"""Entry point. Fast commands (env, init, off, use, current, completion names) are
served without importing typer; everything else goes to the Typer app in app.py.

main() is the one place that turns a ModelswitchError into `modelswitch: <what>` plus a
hint on stderr and an exit status (1, or 2 for usage); --debug shows the traceback.
"""

from __future__ import annotations

import os
import sys

from .errors import ModelswitchError


def _say(message: str, hint: str | None) -> None:
    """The one printer of errors; a value quoted in them cannot drive the terminal."""
    from .text import note, printable, say

    say(printable(message))
    if hint:
        note(f"  hint: {printable(hint)}")


def _run(argv: list[str]) -> int:
    from . import fast_commands as fastpath

    handled = fastpath.run(argv)
    if handled is not None:
        return handled
    from .app import run_app

    return run_app(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in ("stdout", "stderr"):
        if getattr(sys, stream) is None:  # started with that fd closed (`>&-`): discard output
            setattr(sys, stream, open(os.devnull, "w", encoding="utf-8"))
    debug = bool(os.environ.get("MODELSWITCH_DEBUG"))
    if argv[:1] == ["--debug"]:
        debug, argv = True, argv[1:]
    try:
        return _run(argv)
    except ModelswitchError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        _say(exc.message, exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\nmodelswitch: interrupted; nothing was changed\n")
        return 130
    except BrokenPipeError:
        return 1
