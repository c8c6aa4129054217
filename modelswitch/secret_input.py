"""Choosing where a key lives, and reading it: a hidden prompt on a terminal, else stdin.

The key is never taken from argv (world-readable in the process list) and never echoed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from . import validate
from .errors import ModelswitchError, UsageError


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
        return KeyChoice("env:" + validate.check_env_key(key_env))
    if key_cmd is not None:
        if not key_cmd.strip() or "\n" in key_cmd or "\x00" in key_cmd:
            raise UsageError("--key-cmd needs a one-line command",
                             "e.g. --key-cmd 'pass show moonshot'")
        return KeyChoice("cmd:" + key_cmd)
    if no_key:
        return KeyChoice("none")
    if key_stdin:
        return KeyChoice("keyring")
    return None


def describe_source(source: str) -> str:
    """Short words for where a key lives, for success messages."""
    if source == "keyring":
        return "key in the keyring"
    if source == "none":
        return "no key"
    kind, _, rest = source.partition(":")
    return f"key from ${rest}" if kind == "env" else f"key from the command `{rest}`"


def clean_secret(text: str, where: str, none_hint: str = "use --no-key for none") -> str:
    """The key without surrounding white space (a trailing newline from `echo` or a paste)."""
    key = text.strip()
    if not key:
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
