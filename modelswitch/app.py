"""The Typer application: every command module registers its commands here.

Imported only for commands that are not on the fast path (see fastpath.py).
"""

from __future__ import annotations

import importlib
import sys

import typer

from . import __version__
from .errors import ModelswitchError, UsageError

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

app = typer.Typer(
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


def _plain_argument_help() -> None:
    """typer 0.29 writes a required argument as `{NAME}` in usage lines and tags arguments
    with `<str>` / `<list[str]>`; show `NAME`, `[NAME]` and `NAME...` as the README does."""
    from typer.core import TyperArgument

    def usage_name(self) -> str:
        name = self.display_name_raw
        if name.startswith("["):  # a metavar that already says what is optional
            return name
        return (name if self.required else f"[{name}]") + ("..." if self.nargs != 1 else "")

    TyperArgument._usage_display_name = usage_name
    TyperArgument.display_type_rich = lambda self, ctx: None


_plain_argument_help()
for _module in COMMAND_MODULES:
    importlib.import_module(f".commands.{_module}", __package__).register(app)


def run_app(argv: list[str]) -> int:
    """Run the app without click's own error printing; main() formats our errors."""
    from typer._click import exceptions as click_exc

    try:
        result = app(args=argv, prog_name="modelswitch", standalone_mode=False)
    except click_exc.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "usage: modelswitch COMMAND")
        return 0
    except click_exc.UsageError as exc:
        from .usage_errors import bad_number, key_option

        path = exc.ctx.command_path if exc.ctx else _command_path(argv)
        if isinstance(exc, click_exc.NoSuchOption) and key_option(exc, path):
            raise UsageError(*key_option(exc, path)) from None
        message = isinstance(exc, click_exc.BadParameter) and bad_number(exc)
        raise UsageError(message or exc.format_message(), f"see `{path} --help`") from None
    except click_exc.ClickException as exc:
        raise ModelswitchError(exc.format_message()) from None
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
