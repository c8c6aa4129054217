"""Click/Typer usage errors rewritten in the house style: `modelswitch: <what>` + a hint.

Two cases get their own wording: an option that looks like it passes a key (`--key sk-…`:
keys are never arguments, they would land in shell history and in every process listing),
and a number option given something else or out of range (typer 0.29 reports those with the
validation library's sentence, "Input should be a valid integer, unable to parse string…").
"""

from __future__ import annotations

KEY_OPTIONS = {"--key", "--api-key", "--token", "--auth-token", "--secret", "--password",
               "--key-value", "-k"}


def _flags(ctx) -> set[str]:
    command = getattr(ctx, "command", None)
    return {opt for param in getattr(command, "params", []) for opt in getattr(param, "opts", [])}


def key_option(exc, path: str) -> tuple[str, str] | None:
    """A NoSuchOption for --key & co: say that keys are never arguments, show the way in."""
    name = getattr(exc, "option_name", "") or ""
    if name.split("=", 1)[0] not in KEY_OPTIONS:
        return None
    flags = _flags(exc.ctx)
    stdin = "--key-stdin" if "--key-stdin" in flags else "--stdin" if "--stdin" in flags else None
    ways = ["the hidden prompt (leave the option out)"]
    if stdin:
        ways.append(f"`{stdin}` (e.g. `pass show x | {path} … {stdin}`)")
    if not path.endswith("key set"):
        ways.append("`modelswitch key set NAME` later")
    return (f"there is no {name.split('=', 1)[0]} option: a key is never a command-line argument "
            "(shell history and process listings would keep it)",
            "give it through " + (", ".join(ways[:-1]) + " or " if len(ways) > 1 else "") + ways[-1])


def _shown(value: object) -> str:
    from modelswitch.keys.store import mask
    from modelswitch.profile.share import looks_like_secret

    text = str(value)
    return mask(text) if looks_like_secret(text) else text


def bad_number(exc) -> str | None:
    """`--context-window takes a whole number, not 'abc'` for a typer/pydantic number error."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    param = getattr(exc, "param", None)
    if not callable(errors) or param is None:
        return None
    try:
        first = errors(include_url=False)[0]
    except Exception:  # not the validation library's error after all
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


def _number(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
