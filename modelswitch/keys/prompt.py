"""Choosing where a key lives, and reading it: a hidden prompt on a terminal, else stdin.

A profile's key command runs in keys/source.py.

The key is never taken from argv (world-readable in the process list) and never echoed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from ..profile import validate
from ..errors import ModelswitchError, UsageError
from .source import KeySource


class Interrupted(ModelswitchError):
    """Ctrl-C at a prompt. Typer would turn KeyboardInterrupt into a silent exit 130; this
    way main() says that nothing was saved."""

    exit_code = 130

    def __init__(self):
        super().__init__("interrupted; nothing was saved")


@dataclass
class KeyChoice:
    """Where the key will live; `secret` is the key to put in the keyring, once read."""

    source: str
    secret: str | None = None


def key_choice(key_stdin: bool, key_env: str | None, key_cmd: str | None,
               no_key: bool) -> KeyChoice | None:
    """The key flags as one choice; None when none was given. At most one is allowed."""
    given = [flag for flag, on in (("--key-stdin", key_stdin), ("--key-env", key_env is not None),
                                   ("--key-cmd", key_cmd is not None), ("--no-key", no_key)) if on]
    if len(given) > 1:
        raise UsageError(f"{' and '.join(given)} cannot be used together",
                         "pick one place for the key")
    if key_env is not None:
        return KeyChoice(str(KeySource.env(validate.check_env_key(key_env))))
    if key_cmd is not None:
        if not key_cmd.strip() or "\n" in key_cmd or "\x00" in key_cmd:
            raise UsageError("--key-cmd needs a one-line command",
                             "e.g. --key-cmd 'pass show moonshot'")
        refuse_key_in_command(key_cmd)
        return KeyChoice(str(KeySource.cmd(key_cmd)))
    if no_key:
        return KeyChoice("none")
    if key_stdin:
        return KeyChoice("keyring")
    return None


def refuse_key_in_command(command: str) -> None:
    """A key command is saved in the profile file as written (and shown by `show` and
    `list --json`): one that holds the key itself (`echo sk-…`) would put the key there."""
    from modelswitch.profile.share import looks_like_secret

    if looks_like_secret(command):
        raise UsageError("the --key-cmd command holds what looks like a key itself; the command "
                         "is saved in the profile file as written (and shown by `show` and "
                         "`list --json`), so it was not saved",
                         "store the key in the keyring instead (--key-stdin, or `modelswitch key "
                         "set NAME`); --key-cmd is for a command that fetches it, e.g. "
                         "'pass show moonshot'")


def describe_source(source: str) -> str:
    """Short words for where a key lives, for success messages."""
    return KeySource.parse(source).describe()


def clean_secret(text: str, where: str, none_hint: str = "use --no-key for none") -> str:
    """The key without one trailing newline (from `echo` or a paste) and surrounding blanks.

    Anything else that is not printable (an interior or second newline, CR, tab) is refused,
    as secrets.check_key refuses it from every other source.
    """
    from .store import strip_newline

    key = strip_newline(text).strip(" ")
    if not key.strip():
        raise ModelswitchError(f"no key on {where}", f"paste the key, or {none_hint}")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in key):
        raise ModelswitchError(f"the key read from {where} holds white space or control characters",
                               "give only the key, on one line")
    return key


def read_secret(name: str, allow_stdin: bool, flag: str) -> str:
    """The key for profile `name`: hidden prompt on a TTY, else stdin if `allow_stdin`."""
    stdin = sys.stdin
    # `key set` has no --no-key option; a profile becomes keyless through `edit`
    none_hint = (f"make the profile keyless with `modelswitch edit {name} --no-key`"
                 if flag == "--stdin" else "use --no-key for none")
    if stdin is not None and stdin.isatty():
        import getpass

        try:
            text = getpass.getpass(f"API key for {name!r} (input hidden): ")
        except EOFError:
            text = ""
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            raise Interrupted() from None
        return clean_secret(text, "the prompt", none_hint)
    if not allow_stdin:
        raise UsageError("no terminal to prompt for the key",
                         f"pipe the key in and pass {flag}")
    return clean_secret(stdin.read() if stdin is not None else "", "standard input", none_hint)


_KEYISH = re.compile(r"\b(?:sk|pk|rk|key|tok|token)[-_][A-Za-z0-9._~+/=-]{4,}|[A-Za-z0-9_+=-]{24,}", re.I)


def stderr_tail(data: bytes, lines: int = 3, limit: int = 200) -> str:
    """The last few lines a failing command wrote to stderr, fit for one error line:
    key-shaped words masked, control characters escaped, at most `limit` characters."""
    from .store import mask

    text = data.decode("utf-8", "replace")
    kept = [line.strip() for line in text.splitlines() if line.strip()][-lines:]
    joined = _KEYISH.sub(lambda m: mask(m.group(0)), " | ".join(kept))
    escaped = "".join(c if c.isprintable() else repr(c)[1:-1] for c in joined)
    return escaped if len(escaped) <= limit else "…" + escaped[-(limit - 1):]
