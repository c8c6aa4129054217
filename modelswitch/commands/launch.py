"""`run [NAME] [CLAUDE_ARGS...]` and `exec [NAME] -- CMD [ARGS...]`: launch with a profile applied.

Typer parses only modelswitch's own leading options (--force, --help); the words after them
are split by launch_args (NAME only if it does not start with `-`, `--` ends our words) and
go to the program untouched. Without NAME: the `.modelswitch` pin, else the active profile.
"""

WORDS = "modelswitch.words"  # ctx.meta key: the words after modelswitch's own options

FORCE_HELP = ("Start even when running inside a process modelswitch launched with another "
              "profile (MODELSWITCH_LAUNCHED).")
NAME_HELP = ("Profile to apply; default: the nearest .modelswitch file's, else the shell's "
             "active profile. It must come first and not start with `-`: everything after it "
             "(or after `--`) is passed on untouched.")

RUN_EPILOG = (
    "Examples: `modelswitch run kimi`, `modelswitch run kimi --resume`, "
    "`modelswitch run kimi -- -p \"hi\"`, `modelswitch run -p \"hi\"` (pinned or active "
    "profile). The profile also goes to claude through "
    "`--settings` (an in-memory file, never on the command line), so it beats the env block "
    "of ~/.claude/settings.json and project settings. Your own --settings is merged."
)
EXEC_EPILOG = ("Examples: `modelswitch exec glm -- env`, "
               "`modelswitch exec kimi -- python app.py`, "
               "`modelswitch exec -- env` (pinned or active profile).")


def _profile(name: str | None, verb: str) -> str:
    """NAME, else the pin file's profile (said on stderr) or the active one."""
    import os

    from ..launch import args as launch_args
    from ..text import note
    from ..paths import cwd

    name, pin = launch_args.pick_profile(name, verb, os.environ, cwd())
    if pin is not None:
        note(launch_args.pin_note(name, pin))
    return name


def run_claude(words: list[str], force: bool) -> int:
    from ..launch import start as launch, args as launch_args
    from ..keys import store as secrets

    name, args = launch_args.split(words)
    plan = launch.plan_run(_profile(name, "run"), args, secrets.default_store(), force=force)
    return launch.execute(plan)


def exec_command(words: list[str], force: bool) -> int:
    from ..launch import start as launch, args as launch_args
    from ..keys import store as secrets
    from ..errors import UsageError

    name, command = launch_args.split(words)
    if not command:
        hint = launch_args.USAGE["exec"]
        if name is not None:
            hint += f"; to run `{name}` with the pinned or active profile: `modelswitch exec -- {name}`"
        raise UsageError("exec needs a command to run", hint)
    plan = launch.plan_exec(_profile(name, "exec"), command, secrets.default_store(), force=force)
    return launch.execute(plan)


def _command_class():
    from typer.core import TyperCommand

    from ..cli_help import PlainHelp
    from ..launch import args as launch_args

    class LaunchCommand(PlainHelp, TyperCommand):
        """Hands click only the leading own options; keeps every later word as typed."""

        def parse_args(self, ctx, args):
            own = launch_args.own_options(args)
            ctx.meta[WORDS] = list(args[len(own):])
            return super().parse_args(ctx, own)

    return LaunchCommand


def register(app) -> None:
    import typer

    cls = _command_class()
    force_opt = typer.Option(False, "--force", help=FORCE_HELP)
    # Documents NAME for --help and completion; the words are split by launch_args instead.
    run_arg = typer.Argument(None, metavar="[NAME] [CLAUDE_ARGS...]", help=NAME_HELP, show_default=False)
    exec_arg = typer.Argument(None, metavar="[NAME] -- COMMAND [ARGS...]", help=NAME_HELP,
                              show_default=False)

    @app.command("run", cls=cls, epilog=RUN_EPILOG, options_metavar="[--force]",
                 short_help="Start Claude Code with a profile.")
    def run_cmd(ctx: typer.Context, name: str = run_arg, force: bool = force_opt) -> int:
        """Start Claude Code with a profile: modelswitch run [NAME] [CLAUDE_ARGS...]"""
        return run_claude(ctx.meta[WORDS], force)

    @app.command("exec", cls=cls, epilog=EXEC_EPILOG, options_metavar="[--force]",
                 short_help="Run any command with a profile's environment.")
    def exec_cmd(ctx: typer.Context, name: str = exec_arg, force: bool = force_opt) -> int:
        """Run any command with a profile's environment: modelswitch exec [NAME] -- CMD [ARGS...]"""
        return exec_command(ctx.meta[WORDS], force)
