"""Command: `modelswitch completions [SHELL]` prints the completion script for SHELL (default:
the shell that started modelswitch, as `init` guesses it)."""

import enum
from typing import Annotated, Optional


class CompletionShell(str, enum.Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def register(app) -> None:
    import typer

    @app.command("completions", short_help="Print the shell completion script.")
    def completions(
        shell: Annotated[Optional[CompletionShell], typer.Argument(
            show_default=False, metavar="[SHELL]",
            help="bash, zsh, fish or powershell. Default: the shell that started modelswitch.")] = None,
    ) -> None:
        """Print the completion script for SHELL: bash, zsh, fish or powershell (default: yours)."""
        from modelswitch.completion.scripts import render
        from modelswitch.fast_commands import completion_shell

        print(render(shell.value if shell else completion_shell()), end="")
