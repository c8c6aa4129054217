"""Commands: env, off, init, use, current — the Typer side, for --help, completion and usage
errors. Normal runs never get here: fastpath.py serves them without importing typer, and
both call the same work functions (shells/work.py) through fastpath.dispatch.
"""

SHELL_HELP = ("bash, zsh, sh, dash, ksh, fish, tcsh, csh, powershell (pwsh), cmd, or the data formats "
              "json and dotenv. Default: the shell that started modelswitch.")


def register(app) -> None:
    import typer

    from ..fast_commands import dispatch

    def global_option(what: str):
        return typer.Option(False, "--global", help=what)

    def shell_option():
        return typer.Option(None, "--shell", metavar="SHELL", help=SHELL_HELP)

    @app.command("env", short_help="Print the code that switches this shell to a profile.")
    def env_cmd(
        name: str = typer.Argument(None, metavar="NAME",
                                   help="Profile (default: the nearest .modelswitch file)."),
        shell: str = shell_option(),
        announce: bool = typer.Option(False, "--announce", hidden=True,
                                      help="The hook's `use`: say on stderr what is now active."),
    ) -> int:
        """Print the code that switches the current shell to profile NAME.

        Apply it with eval "$(modelswitch env NAME)" (fish: `| source`; PowerShell:
        `| Out-String | Invoke-Expression`). On a terminal it shows a masked preview instead.
        """
        return dispatch("env", name, {"--shell": shell, "--announce": announce})

    @app.command("off", short_help="Print the code that removes modelswitch's variables.")
    def off_cmd(shell: str = shell_option(),
                global_: bool = global_option("Undo `use --global`: restore Claude Code's user "
                                              "settings file.")) -> int:
        """Print the code that removes every variable modelswitch set from the current shell.

        With --global: undo `use --global` (your settings file comes back as it was).
        """
        if global_:
            from .global_cmd import off

            return off()
        return dispatch("off", None, {"--shell": shell})

    @app.command("init", short_help="Print the shell hook for your rc file.")
    def init_cmd(
        shell: str = typer.Argument(None, metavar="SHELL",
                                    help="bash, zsh, sh, dash, ksh, fish, tcsh, csh, powershell or cmd."),
        print_only: bool = typer.Option(False, "--print",
                                        help="cmd: print the set-up commands, change nothing."),
        write: bool = typer.Option(False, "--write",
                                   help="Write the hook (and completions) to files and print the "
                                        "line that sources them: no Python at shell start."),
    ) -> int:
        """Print the shell hook that makes `modelswitch use` and `off` work (for an rc file).

        bash/zsh/sh/ksh: eval "$(modelswitch init bash)"; fish: modelswitch init fish | source;
        tcsh/csh: eval "`modelswitch init tcsh`"; PowerShell: modelswitch init powershell |
        Out-String | Invoke-Expression. cmd: sets up
        (on Windows) or prints the AutoRun/doskey commands.
        """
        return dispatch("init", shell, {"--print": print_only, "--write": write})

    @app.command("use", short_help="Switch this shell to a profile (needs the hook).")
    def use_cmd(
        name: str = typer.Argument(None, metavar="NAME",
                                   help="Profile (default: the nearest .modelswitch file)."),
        global_: bool = global_option("Switch every new claude (IDE extensions too) through "
                                      "Claude Code's user settings; the key stays out of it."),
    ) -> int:
        """Switch the current shell to profile NAME (needs the hook: see `modelswitch init`).

        With --global: write the profile into Claude Code's user settings file
        (~/.claude/settings.json), with an apiKeyHelper that reads the key, never the key.
        """
        if global_:
            from .global_cmd import use

            return use(name)
        return dispatch("use", name, {})

    @app.command("current", short_help="Print the profile active in this shell.")
    def current_cmd(global_: bool = global_option("Print the profile switched with "
                                                  "`use --global`.")) -> int:
        """Print the profile active in this shell (exit status 1 if none)."""
        if global_:
            from .global_cmd import current

            return current()
        return dispatch("current", None, {})
