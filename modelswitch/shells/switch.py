"""The work behind env, off, init, use and current, shared by the fast path and Typer.

Each function receives what it needs (secret store, environment, working directory,
whether stdout is a terminal) and returns an Output; emit() writes it. Nothing here
imports typer or keyring (the store imports keyring itself, only for keyring keys).
"""

from __future__ import annotations

import sys

from ..errors import ModelswitchError, UsageError
from . import Shell, detect, get

TYPE_CHECKING = False  # typing and pathlib stay unloaded at shell start
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Mapping, Optional

DOTFILE = ".modelswitch"
# resolve.PROFILE_VAR, spelled out: importing resolve loads profiles and secrets, and
# `current` may run at every prompt (tests/test_shells_cli.py checks they agree).
PROFILE_VAR = "MODELSWITCH_PROFILE"


class Output:
    """Text for stdout (written in the shell's encoding) and an optional line for stderr."""

    __slots__ = ("text", "encoding", "errors", "note")

    def __init__(self, text: str, encoding: str = "utf-8", errors: str = "strict",
                 note: Optional[str] = None):
        self.text, self.encoding, self.errors, self.note = text, encoding, errors, note


def emit(output: Output) -> None:
    data = output.text.encode(output.encoding, output.errors)
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # pragma: no cover - an unusual stdout replacement
        sys.stdout.write(output.text)
    else:
        sys.stdout.flush()
        stream.write(data)
        stream.flush()
    if output.note:
        from ..text import note

        note(output.note)


def shell_for(name: Optional[str], environ: Mapping[str, str]) -> Shell:
    return get(detect(environ) if name is None else name)


def project_profile(cwd: Path) -> tuple[str, Path]:
    """The profile named by the nearest .modelswitch file from cwd upwards."""
    found = find_project_profile(cwd)
    if found is None:
        raise UsageError(f"no profile name given and no {DOTFILE} file in {cwd} or above",
                         f"give a NAME, or put one in a {DOTFILE} file (`echo kimi > {DOTFILE}`)")
    return found


def find_project_profile(cwd: Path) -> Optional[tuple[str, Path]]:
    """(name, file) of the nearest .modelswitch file from cwd upwards; None if there is none.
    A file that does not hold one profile name is an error."""
    from modelswitch.profile.validate import NAME_RE

    for directory in (cwd, *cwd.parents):
        path = directory / DOTFILE
        if not path.is_file():
            continue
        try:
            with open(path, "rb") as handle:
                raw = handle.read(4097)
            name = raw.decode("utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ModelswitchError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}",
                                   "it must hold just a profile name") from None
        if not NAME_RE.fullmatch(name):
            raise ModelswitchError(f"{path}: expected one profile name and nothing else",
                                   "write just the name, e.g. `echo kimi > .modelswitch`")
        return name, path
    return None


def env(name: Optional[str], shell_name: Optional[str], *, store, environ: Mapping[str, str],
        cwd: Path, tty: bool, announce: bool = False) -> Output:
    """`env [NAME]`: the code that switches the current shell to the profile. `announce`
    (the hooks' `use` passes --announce) adds one stderr line saying what is now active;
    a script's plain `eval "$(modelswitch env NAME)"` stays quiet."""
    from modelswitch.profile.schema import load_profile
    from ..resolve import SAVED_VAR, resolve

    shell = shell_for(shell_name, environ)
    note = None
    if name is None:
        name, path = project_profile(cwd)
        note = f"modelswitch: profile {name} (from {path})"
    try:
        profile = load_profile(name)
    except ModelswitchError as exc:
        if note is not None:  # say where the name came from
            exc.message += f" (named in {path})"
        raise
    changes = resolve(profile, store, environ)
    if not shell.is_shell:  # data for another program: no `off` there, so no record of the
        changes.pop(SAVED_VAR, None)  # user's earlier values (it may hold their own key)
    text = shell.render(changes)  # refuses what this shell cannot carry, even for a preview
    from modelswitch.claude.stored_login import shell_mode_warning

    warnings = [shell_mode_warning(profile, environ), saved_problem(environ)]
    if shell.is_shell:  # data formats feed programs, not a shell that will start claude
        from modelswitch.claude.settings_override import warning

        warnings.append(warning(profile, changes, environ, cwd, shell.init_line()))
    name_given = note is None
    note = "\n".join(w for w in (note, *warnings) if w) or None
    if tty:
        from .preview import preview

        return Output(preview(profile.name, changes, shell, name_given=name_given,
                              hooked=bool(environ.get("MODELSWITCH_HOOK"))), note=note)
    if announce:
        note = "\n".join(n for n in (note, now_using(profile.name, changes)) if n)
    return Output(text, shell.encoding, shell.errors, note)


def now_using(name: str, changes: Mapping[str, Optional[str]]) -> str:
    """`modelswitch: now using kimi (api.moonshot.ai, kimi-k2-thinking)`: the profile, the
    provider's host and the main model (each left out when the profile does not set it)."""
    url = changes.get("ANTHROPIC_BASE_URL") or ""
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]  # no urllib at startup
    details = ", ".join(d for d in (host, changes.get("ANTHROPIC_MODEL")) if d)
    return f"modelswitch: now using {name}" + (f" ({details})" if details else "")


def off(shell_name: Optional[str], *, environ: Mapping[str, str], tty: bool) -> Output:
    """`off`: the code that removes every managed variable and the last profile's extras,
    and gives back the values the user had before the first switch (saved.py)."""
    from ..resolve import resolve_off

    shell = shell_for(shell_name, environ)
    changes = resolve_off(environ)
    notes = [saved_problem(environ), *restorable(shell, changes)]
    if tty and shell.is_shell:
        notes.append("modelswitch: this is code for your shell and changed nothing yet; run "
                     f"`{shell.apply_hint('off')}`, or load the hook (`{shell.init_line()}`)")
    note = "\n".join(n for n in notes if n) or None
    if tty and any(value is not None for value in changes.values()):
        from .preview import off_preview  # restored values may be keys: never on a screen

        return Output(off_preview(changes, shell), note=note)
    return Output(shell.render(changes), shell.encoding, shell.errors, note)


def restorable(shell: Shell, changes: dict) -> list[str]:
    """Turn a restored value this shell cannot carry (an empty value in PowerShell or cmd, a
    line break in cmd) into an unset, with one warning each, rather than refuse the `off`."""
    from . import Unrepresentable

    warnings = []
    for name, value in changes.items():
        if value is None:
            continue
        try:
            shell.check_value(name, value)
        except Unrepresentable as exc:
            changes[name] = None
            warnings.append(f"modelswitch: warning: {exc.message}; unsetting it instead "
                            "of giving back your earlier value")
    return warnings


def saved_problem(environ: Mapping[str, str]) -> Optional[str]:
    from ..saved import problem

    return problem(environ)


def init(shell_name: Optional[str], *, environ: Mapping[str, str], print_only: bool,
         config_home: Optional[Path] = None, write: bool = False) -> Output:
    """`init SHELL`: the hook text for an rc file; for cmd, the AutoRun set-up. With `write`,
    the hook and completions go to files (shells/static.py) and the output is the rc line."""
    shell = shell_for(shell_name, environ)
    if not shell.is_shell:
        raise UsageError(f"{shell.name} is a data format, not a shell: it has no hook",
                         "use `modelswitch env NAME --shell " + shell.name + "` for data")
    return Output(shell.init_text(print_only=print_only, write=write, config_home=config_home))


def use(name: Optional[str], *, environ: Mapping[str, str]) -> Output:
    """`use` reached the program itself: the hook is not loaded here. Explain; change nothing."""
    target = name or "NAME"
    try:
        shell = get(detect(environ))
    except ModelswitchError:
        shell = get("bash")
    if not shell.is_shell:  # pragma: no cover - detect() only returns shells
        shell = get("bash")
    raise ModelswitchError(*shell.use_without_hook(target, bool(environ.get("MODELSWITCH_HOOK"))))


def current(*, environ: Mapping[str, str]) -> Output:
    """`current`: the active profile's name, for people and prompts."""
    from modelswitch.profile.validate import NAME_RE

    name = environ.get(PROFILE_VAR, "")
    if not NAME_RE.fullmatch(name):
        raise ModelswitchError("no profile is active in this shell",
                               "switch with `modelswitch use NAME`")
    return Output(name + "\n")


