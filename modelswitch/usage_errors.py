"""Click/Typer errors rewritten in the house style: `modelswitch: <what>` + a hint.

house_error() turns any error typer raises while parsing (typer.TyperException, the public
base of its vendored click's exceptions since typer 0.27.2) into a ModelswitchError: a usage
error (exit 2) with `see `… --help`` as hint, else a plain error (exit 1). Only typer's public
names are used; click's exception classes (UsageError, NoSuchOption) are not exported by
typer 0.29, so their public attributes tell them apart (exit_code, ctx, option_name, param).

Two cases get their own wording: an option that looks like it passes a key (`--key sk-…`:
keys are never arguments, they would land in shell history and in every process listing),
and a number option given something else or out of range (typer 0.29 reports those with the
validation library's sentence, "Input should be a valid integer, unable to parse string…").
"""

from __future__ import annotations

from .errors import ModelswitchError, UsageError

USAGE_EXIT = 2  # click's UsageError and its subclasses; its other errors exit 1
KEY_OPTIONS = {"--key", "--api-key", "--token", "--auth-token", "--secret", "--password",
               "--key-value", "-k"}


def _flags(ctx) -> set[str]:
    command = getattr(ctx, "command", None)
    return {opt for param in getattr(command, "params", []) for opt in getattr(param, "opts", [])}


def house_error(exc, command_path) -> ModelswitchError:
    """The ModelswitchError for typer's EXC; command_path() names the command when click
    gives no context (a missing option value)."""
    import typer

    if getattr(exc, "exit_code", 1) != USAGE_EXIT:
        return ModelswitchError(exc.format_message())
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx else command_path()
    key = key_option(exc, path)
    if key:
        return UsageError(*key)
    message = isinstance(exc, typer.BadParameter) and bad_number(exc)
    return UsageError(message or exc.format_message(), f"see `{path} --help`")


def key_option(exc, path: str) -> tuple[str, str] | None:
    """An unknown --key & co: say that keys are never arguments, show the way in."""
    name = (getattr(exc, "option_name", "") or "").split("=", 1)[0]
    flags = _flags(getattr(exc, "ctx", None))
    if name not in KEY_OPTIONS or name in flags:  # (a command that has the option is not this case)
        return None
    stdin = "--key-stdin" if "--key-stdin" in flags else "--stdin" if "--stdin" in flags else None
    ways = ["the hidden prompt (leave the option out)"]
    if stdin:
        ways.append(f"`{stdin}` (e.g. `pass show x | {path} … {stdin}`)")
    if not path.endswith("key set"):
        ways.append("`modelswitch key set NAME` later")
    return (f"there is no {name} option: a key is never a command-line argument "
            "(shell history and process listings would keep it)",
            "give it through " + (", ".join(ways[:-1]) + " or " if len(ways) > 1 else "") + ways[-1])


def _shown(value: object) -> str:
    from modelswitch.keys.store import mask
    from modelswitch.profile.share import looks_like_secret

    text = str(value)
    return mask(text) if looks_like_secret(text) else text


def bad_number(exc) -> str | None:
    """`--context-window takes a whole number, not 'abc'` for a typer/pydantic number error."""
    param = getattr(exc, "param", None)
    first = _validation_error(exc)
    if first is None or param is None:
        return None
    opts = getattr(param, "opts", None) or [getattr(param, "name", "value")]
    name = max(opts, key=len)
    kind, limits = first.get("type", ""), first.get("ctx") or {}
    given = _shown(first.get("input", ""))
    if kind.startswith("int_"):
        return f"{name} takes a whole number, not {given!r}"
    if kind.startswith("float_"):
        return f"{name} takes a number (e.g. 30 or 2.5), not {given!r}"
    for key, words in (("ge", "at least"), ("gt", "more than"), ("le", "at most"),
                       ("lt", "less than")):
        if key in limits:
            return f"{name} must be {words} {_number(limits[key])}, not {given}"
    return None


def _validation_error(exc) -> dict | None:
    """The first error of the validation library's report behind typer's BadParameter, if any.

    Not typer API, and it cannot be: typer 0.29 checks numbers with pydantic and raises
    BadParameter *from* its ValidationError, keeping only pydantic's English sentence in the
    message; the input, the kind (int_parsing, greater_than_equal…) and the limits are only in
    the chained error's errors() (pydantic's public API). tests/test_typer_public.py fails
    loudly if typer stops chaining it (the message would fall back to typer's own sentence).
    """
    errors = getattr(exc.__cause__, "errors", None)
    if not callable(errors):
        return None
    try:
        return errors(include_url=False)[0]
    except Exception:  # not the validation library's error after all
        return None


def _number(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
