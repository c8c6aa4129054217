"""Shell completion scripts for bash, zsh, fish and PowerShell, generated from the Typer app.

build_spec() walks the click command tree Typer builds (typer.main.get_command) and
describes every command: its subcommands, its flags, which flags take a value and what
kind of value, and what kind each positional argument is. Each renderer embeds that table
in a fixed template (in completion_templates) whose logic is the same in every shell: walk
the words before the cursor (descending into subcommands, skipping option values, switching
to pass-through after `run NAME` / `exec NAME`), then offer subcommands, flags or values.

Value kinds: profiles, presets, shells, hook-shells, ccs (listed at <TAB> time by the fast
`modelswitch __names KIND`), choice:a,b (fixed words), file, command (a program name),
rest (pass-through words: files), any (no suggestion). A kind ending in `...` repeats.
The committed files in completions/ are this module's output; a test keeps them current
(regenerate with `python -m modelswitch.completion.scripts completions`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import templates, templates_fish_pwsh
from ..paths import COMPLETION_FILES as FILES

SHELLS = ("bash", "zsh", "fish", "powershell")

# Commands whose first positional argument is an existing profile.
PROFILE_COMMANDS = {"use", "env", "run", "exec", "show", "edit", "remove", "rename", "key set",
                    "key rm", "test", "bench", "export", "doctor"}
# After the profile, these pass every word through (to claude, or to a command).
PASSTHROUGH = {"run": "rest", "exec": "command"}
OPTION_KINDS = {"--preset": "presets", "--shell": "shells", "--from-ccs": "ccs", "-o": "file",
                "--output": "file", "--from-claude-settings": "file"}
# Positional arguments whose kind the parameter name cannot tell.
ARG_KINDS = {"init": "hook-shells"}
ARG_NAME_KINDS = {"shell": "shells", "preset": "presets", "file": "file", "path": "file",
                  "source": "file", "profile": "profiles", "profiles": "profiles"}
HELP_FLAGS = (("-h", "Show help and exit."), ("--help", "Show help and exit."))


@dataclass(frozen=True)
class Command:
    path: str                            # "" for the root, "use", "key set"
    subs: tuple[tuple[str, str], ...]    # (name, description)
    flags: tuple[tuple[str, str], ...]   # (flag, description)
    values: tuple[tuple[str, str], ...]  # (flag, kind) for flags that take a value
    args: tuple[str, ...]                # kind of each positional


def _short(text: str | None) -> str:
    line = " ".join((text or "").split())
    line = re.split(r"(?<=\.)\s", line, maxsplit=1)[0]
    return line if len(line) <= 70 else line[:69].rstrip() + "…"


def _annotation(param):
    """The parameter's Python type, unwrapped from Optional/List (typer keeps it here)."""
    import typing

    ann = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    while typing.get_origin(ann) is not None:
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        ann = args[0] if args else None
    return ann


def _type_kind(param) -> str | None:
    import enum
    from pathlib import PurePath

    ann = _annotation(param)
    if isinstance(ann, type) and issubclass(ann, enum.Enum):
        words = [str(m.value) for m in ann]
        if all(re.fullmatch(r"[\w.+-]+", w) for w in words):
            return "choice:" + ",".join(words)
    if isinstance(ann, type) and issubclass(ann, PurePath):
        return "file"
    return None


def _metavar_kind(param) -> str | None:
    """`--auth bearer|api-key`: a metavar listing the accepted words."""
    metavar = getattr(param, "metavar", None) or ""
    if re.fullmatch(r"[\w.-]+(\|[\w.-]+)+", metavar):
        return "choice:" + metavar.replace("|", ",")
    return None


def _option(param) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    names = [*param.opts, *param.secondary_opts]
    flags = [(n, _short(param.help)) for n in names]
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return flags, []
    kind = next((OPTION_KINDS[n] for n in names if n in OPTION_KINDS), None)
    kind = kind or _type_kind(param) or _metavar_kind(param) or "any"
    return flags, [(n, kind) for n in param.opts]


def _arguments(path: str, params) -> tuple[str, ...]:
    kinds: list[str] = []
    for param in (p for p in params if p.param_type_name == "argument"):
        if path in PASSTHROUGH and kinds:
            break
        if not kinds and path in PROFILE_COMMANDS:
            kind = "profiles"
        elif not kinds and path in ARG_KINDS:
            kind = ARG_KINDS[path]
        else:
            kind = _type_kind(param) or ARG_NAME_KINDS.get(param.name or "", "any")
        kinds.append(kind + ("..." if param.nargs == -1 else ""))
    if path in PASSTHROUGH:
        kinds = (kinds or ["profiles"])[:1] + [PASSTHROUGH[path]]
    return tuple(kinds)


def _walk(command, path: str, out: list[Command]) -> None:
    children = getattr(command, "commands", {}) or {}
    visible = sorted((n, c) for n, c in children.items() if not getattr(c, "hidden", False))
    flags, values = [], []
    for param in command.params:
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            f, v = _option(param)
            flags += f
            values += v
    flags += [f for f in HELP_FLAGS if f[0] not in {x for x, _ in flags}]
    subs = tuple((n, _short(c.get_short_help_str(200))) for n, c in visible)
    out.append(Command(path, subs, tuple(flags), tuple(values), _arguments(path, command.params)))
    for name, child in visible:
        _walk(child, f"{path} {name}".strip(), out)


def build_spec(app=None) -> list[Command]:
    """Every command of the Typer app (default: modelswitch's), root first."""
    import typer

    if app is None:
        from ..app import app
    out: list[Command] = []
    _walk(typer.main.get_command(app), "", out)
    return out


def render(shell: str, spec: list[Command] | None = None) -> str:
    if shell not in SHELLS:
        from ..errors import UsageError

        raise UsageError(f"no completion script for {shell!r}", "use one of: " + ", ".join(SHELLS))
    spec = build_spec() if spec is None else spec
    module = templates if shell in ("bash", "zsh") else templates_fish_pwsh
    return getattr(module, shell)(spec)


def write_all(directory: Path) -> list[Path]:
    """Regenerate the committed scripts (completions/ in a checkout)."""
    written = []
    for shell in SHELLS:
        path = directory / FILES[shell]
        path.write_text(render(shell), encoding="utf-8", newline="\n")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - developer helper
    for p in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "completions")):
        print(p)
