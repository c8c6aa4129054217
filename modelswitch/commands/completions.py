"""Command: `modelswitch completions SHELL` prints the completion script for SHELL."""

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
            help="bash, zsh, fish or powershell; guessed from the running shell, as `init` "
                 "does, when left out.")] = None,
    ) -> None:
        """Print the completion script for SHELL: bash, zsh, fish or powershell."""
        from ..completion_scripts import render

        print(render(shell.value if shell else guess()), end="")


def guess() -> str:
    """The running shell (as `init` finds it), if there is a completion script for it."""
    from ..errors import UsageError
    from ..shells import detect

    found = detect()
    names = [s.value for s in CompletionShell]
    if found not in names:
        raise UsageError(f"no completion script for {found}",
                         "give one of: " + ", ".join(names))
    return found
