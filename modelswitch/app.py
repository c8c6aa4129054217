"""The Typer application: every command module registers its commands here.

Imported only for commands that are not on the fast path (see fastpath.py).
"""

from __future__ import annotations

import importlib
import sys

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .cli_help import PlainHelp

COMMAND_MODULES = (
    "presets",
    "add",
    "manage",
    "keys",
    "shell",
    "launch",
    "doctor",
    "probe",
    "completions",
    "share",
    "usage",
)


class _Command(PlainHelp, TyperCommand):
    """Every command: `NAME`, `[NAME]`, `NAME...` in usage and help (see cli_help.py)."""


class _Group(TyperGroup):
    """A group given no words prints its help and exits 0, without click's NoArgsIsHelpError
    (an exception typer does not export)."""

    def parse_args(self, ctx, args):
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            print(ctx.get_help())
            raise typer.Exit(0)
        return super().parse_args(ctx, args)


class App(typer.Typer):
    """typer.Typer whose groups and commands default to the classes above (public `cls=`);
    a sub-app is made with `type(app)(...)` so its commands get them too."""

    def __init__(self, *args, cls=_Group, **kwargs):
        super().__init__(*args, cls=cls, **kwargs)

    def command(self, *args, cls=_Command, **kwargs):
        return super().command(*args, cls=cls, **kwargs)


app = App(
    name="modelswitch",
    help="Point Claude Code at any Anthropic-compatible provider; keys stay in the OS keyring.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"modelswitch {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Point Claude Code at any Anthropic-compatible provider; keys stay in the OS keyring."""


for _module in COMMAND_MODULES:
    importlib.import_module(f".commands.{_module}", __package__).register(app)


def run_app(argv: list[str]) -> int:
    """Run the app without click's own error printing; main() formats our errors."""
    try:
        result = app(args=argv, prog_name="modelswitch", standalone_mode=False)
    except typer.TyperException as exc:  # click's errors; typer exports their base class
        from .usage_errors import house_error

        raise house_error(exc, lambda: _command_path(argv)) from None
    except typer.Abort:
        sys.stderr.write("\nmodelswitch: interrupted; nothing was changed\n")
        return 130
    if result == 130:  # typer turns KeyboardInterrupt into a silent Exit(130)
        sys.stderr.write("\nmodelswitch: interrupted; nothing was changed\n")
    return result if isinstance(result, int) else 0


def _command_path(argv: list[str]) -> str:
    """`modelswitch add` for `add x --preset` (click gives no context for a missing value)."""
    command, path = typer.main.get_command(app), ["modelswitch"]
    for word in argv:
        command = getattr(command, "commands", {}).get(word)
        if command is None:
            break
        path.append(word)
    return " ".join(path)
