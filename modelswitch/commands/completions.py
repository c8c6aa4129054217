"""Command: `modelswitch completions SHELL` prints the completion script for SHELL."""

import enum
from typing import Annotated


class CompletionShell(str, enum.Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def register(app) -> None:
    import typer

    @app.command("completions", short_help="Print the shell completion script.")
    def completions(
        shell: Annotated[CompletionShell, typer.Argument(
            show_default=False, metavar="SHELL", help="bash, zsh, fish or powershell.")],
    ) -> None:
        """Print the completion script for SHELL: bash, zsh, fish or powershell."""
        from ..completion.scripts import render

        print(render(shell.value), end="")
