"""`run NAME [CLAUDE_ARGS...]` and `exec NAME -- CMD [ARGS...]`: launch with a profile applied.

Everything after NAME goes to the program untouched (one leading `--` is dropped), so
modelswitch's own options (--force) come before NAME.
"""

PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True,
                "allow_interspersed_args": False}

FORCE_HELP = "Start even though another profile is active in this environment."

RUN_EPILOG = (
    "Examples: `modelswitch run kimi`, `modelswitch run kimi --resume`, "
    "`modelswitch run kimi -- -p \"hi\"`. The profile also goes to claude through "
    "`--settings` (an in-memory file, never on the command line), so it beats the env block "
    "of ~/.claude/settings.json and project settings. Your own --settings is merged."
)
EXEC_EPILOG = ("Examples: `modelswitch exec glm -- env`, "
               "`modelswitch exec kimi -- python app.py`.")


def passed_args(extra: list[str]) -> list[str]:
    """The program's arguments: what followed NAME, without one leading `--`."""
    return extra[1:] if extra[:1] == ["--"] else list(extra)


def run_claude(name: str, args: list[str], force: bool) -> int:
    from .. import launch, secrets

    plan = launch.plan_run(name, args, secrets.default_store(), force=force)
    return launch.execute(plan)


def exec_command(name: str, command: list[str], force: bool) -> int:
    from .. import launch, secrets

    plan = launch.plan_exec(name, command, secrets.default_store(), force=force)
    return launch.execute(plan)


def register(app) -> None:
    import typer

    name_arg = typer.Argument(..., metavar="NAME", help="Profile to apply.")
    force_opt = typer.Option(False, "--force", help=FORCE_HELP)

    @app.command("run", context_settings=PASS_THROUGH, epilog=RUN_EPILOG,
                 options_metavar="[--force]", short_help="Start Claude Code with a profile.")
    def run_cmd(ctx: typer.Context, name: str = name_arg, force: bool = force_opt) -> int:
        """Start Claude Code with a profile: modelswitch run NAME [CLAUDE_ARGS...]"""
        return run_claude(name, passed_args(ctx.args), force)

    @app.command("exec", context_settings=PASS_THROUGH, epilog=EXEC_EPILOG,
                 options_metavar="[--force]",
                 short_help="Run any command with a profile's environment.")
    def exec_cmd(ctx: typer.Context, name: str = name_arg, force: bool = force_opt) -> int:
        """Run any command with a profile's environment: modelswitch exec NAME -- CMD [ARGS...]"""
        return exec_command(name, passed_args(ctx.args), force)
