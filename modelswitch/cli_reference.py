"""Write docs/cli.md, the command reference, from the Typer app itself.

    python -m modelswitch.cli_reference            # rewrite docs/cli.md in this checkout
    python -m modelswitch.cli_reference --check    # exit 1 if docs/cli.md is stale
    python -m modelswitch.cli_reference --stdout   # print it

Walks the Click command tree that Typer builds (typer.main.get_command) through public
Click API only: each command's usage pieces, help text and the help rows --help shows
(cli_help.help_records).
Hidden commands and options are left out. tests/test_docs.py keeps the file current.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

COMMAND = "python -m modelswitch.cli_reference"
HEADER = f"""# CLI reference

<!-- Generated from the Typer app by `{COMMAND}`; do not edit by hand. -->

Every command and option of `modelswitch`, as `modelswitch COMMAND --help` prints them. The guides
explain them: [shells](shells.md), [launching](launching.md), [profiles](profiles.md),
[troubleshooting](troubleshooting.md), [usage](usage.md), [sharing](sharing.md),
[JSON output](json.md). Back to the [README](../README.md).
"""


def load_app():
    """The Typer app: `build_app()` if the app module offers one, else its module-level `app`."""
    module = importlib.import_module("modelswitch.app")
    build = getattr(module, "build_app", None)
    return build() if callable(build) else module.app


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _help_text(command) -> str:
    text = (command.help or "").split("\f", 1)[0]
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _params(command, ctx) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from .cli_help import help_records

    arguments, options = help_records(command, ctx)
    return ([(name, _one_line(text)) for name, text in arguments],
            [(name, _one_line(text)) for name, text in options])


def _section(command, ctx, lines: list[str]) -> None:
    path = ctx.command_path
    lines += ["", f"## {path}", ""]
    help_text = _help_text(command)
    if help_text:
        lines += [help_text, ""]
    usage = " ".join([path, *command.collect_usage_pieces(ctx)])
    lines += ["```", usage, "```"]
    arguments, options = _params(command, ctx)
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            lines += ["", f"{title}:", ""]
            lines += [f"- `{name}`" + (f": {text}" if text else "") for name, text in rows]
    subcommands = _subcommands(command, ctx)
    if subcommands:
        lines += ["", "Commands:", ""]
        lines += [f"- [`{name}`](#{_slug(f'{path} {name}')}): {_one_line(sub.get_short_help_str(200))}"
                  for name, sub in subcommands]
    for name, sub in subcommands:
        _section(sub, sub.context_class(sub, info_name=name, parent=ctx, **sub.context_settings), lines)


def _subcommands(command, ctx) -> list:
    names = command.list_commands(ctx) if hasattr(command, "list_commands") else []
    found = [(name, command.get_command(ctx, name)) for name in names]
    return [(name, sub) for name, sub in found if sub is not None and not sub.hidden]


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    import re

    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def render(app=None) -> str:
    import typer.main

    root = typer.main.get_command(app if app is not None else load_app())
    ctx = root.context_class(root, info_name="modelswitch", **root.context_settings)
    lines = [HEADER.rstrip("\n")]
    _section(root, ctx, lines)
    return "\n".join(lines) + "\n"


def default_path() -> Path:
    return Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--stdout" in args:
        sys.stdout.write(text)
        return 0
    path = default_path()
    if "--check" in args:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is stale; regenerate it with `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
