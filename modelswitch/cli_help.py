"""How arguments read in usage lines and --help: `NAME`, `[NAME]`, `NAME...`, as the README writes them.

typer 0.29 writes a required argument as `{NAME}` in usage lines and tags every argument with
its type (`NAME <str>`, `NAME <list[str]>`) in help. PlainHelp, mixed into the app's command
class (app.py, commands/launch.py), overrides the two public click methods that lay them out,
collect_usage_pieces() and format_options(); docs/cli.md (cli_reference.py) uses the same rows.
Only public click Parameter attributes are read: metavar, name, required, nargs.
No typer import here: app.py and the command modules bring it.
"""

from __future__ import annotations


def usage_name(param) -> str:
    """NAME if required, [NAME] if not, NAME... if it takes several; a metavar that already
    says what is optional (`[NAME] [CLAUDE_ARGS...]`) as written."""
    name = param.metavar or param.name
    if name.startswith("["):
        return name
    return (name if param.required else f"[{name}]") + ("..." if param.nargs != 1 else "")


def help_name(param) -> str:
    """The argument's name in the help's Arguments section, without a type tag."""
    name = param.metavar or param.name
    return name + ("..." if param.metavar is None and param.nargs != 1 else "")


def help_records(command, ctx) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(arguments, options): the rows COMMAND's --help shows; hidden parameters left out."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if param.param_type_name == "argument":
            arguments.append((help_name(param), record[1]))
        elif param.param_type_name == "option":
            options.append(record)
    return arguments, options


class PlainHelp:
    """Mixin for a click/typer Command class: plain argument names in usage and help."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(usage_name(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx, formatter) -> None:
        arguments, options = help_records(self, ctx)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
