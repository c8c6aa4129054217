"""Where a profile's key comes from, parsed once: `keyring`, `none`, `env:VAR` or `cmd:COMMAND`.

A profile file stores the text form (`key_source = "env:MOONSHOT_KEY"`); everything that
branches on it asks KeySource.parse() instead of slicing the string. run_command() is the one
way a key command runs (`env`/`use`/`run`, `test`, `bench` and `doctor` alike), with one time
limit. Standard library only, and light: `env` and `use` load this at shell start.
"""

from __future__ import annotations

from collections import namedtuple

from ..errors import KeyUnavailable, UsageError

KINDS = ("keyring", "none", "env", "cmd")
BARE = ("keyring", "none")  # the kinds without a value
COMMAND_TIMEOUT = 60  # seconds a key command may take (a password manager may prompt)
SYNTAX_HINT = "use 'keyring', 'env:VARIABLE', 'cmd:COMMAND' or 'none'"


class KeySource(namedtuple("KeySource", "kind value", defaults=("",))):
    """kind: one of KINDS; value: the variable (env) or the command (cmd), "" for keyring and
    none. An immutable named tuple (a frozen dataclass would import dataclasses at shell start)."""

    __slots__ = ()

    @classmethod
    def parse(cls, text: object) -> KeySource:
        """The one parser. Anything but keyring, none, env:VAR or cmd:COMMAND (a non-blank
        command) raises UsageError "invalid key source ..."; the variable's name and the
        command's characters are validate.check_key_source's business."""
        if isinstance(text, str):
            if text in BARE:
                return cls(text)
            kind, sep, rest = text.partition(":")
            if sep and kind in ("env", "cmd") and rest.strip():
                return cls(kind, rest)
        raise UsageError(f"invalid key source {text!r}", SYNTAX_HINT)

    @classmethod
    def env(cls, var: str) -> KeySource:
        return cls("env", var)

    @classmethod
    def cmd(cls, command: str) -> KeySource:
        return cls("cmd", command)

    def __str__(self) -> str:
        """The text form stored in profile files."""
        return self.kind if self.kind in BARE else f"{self.kind}:{self.value}"

    def describe(self) -> str:
        """Short words for where the key lives, for success messages."""
        if self.kind == "keyring":
            return "key in the keyring"
        if self.kind == "none":
            return "no key"
        return f"key from ${self.value}" if self.kind == "env" else f"key from the command `{self.value}`"


class KeyCommandFailed(KeyUnavailable):
    """A key command that could not give a key; `problem` says why without the profile's
    name ("failed with exit status 2: ...", "printed nothing"), for doctor's own line."""

    def __init__(self, name: str, problem: str, hint: str):
        super().__init__(f"the key command of profile {name!r} {problem}", hint)
        self.problem = problem


def run_command(name: str, command: str, timeout: float = COMMAND_TIMEOUT) -> str:
    """The key profile `name`'s key command prints (one line). KeyCommandFailed, with the
    tail of its stderr (masked), if it fails, prints nothing or runs over `timeout` s."""
    import subprocess

    from .prompt import stderr_tail
    from .store import check_key, strip_newline

    hint = f"run the command yourself (see `modelswitch show {name}`)"
    try:
        done = subprocess.run(command, shell=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise KeyCommandFailed(name, f"timed out after {timeout:g} s", hint) from None
    except OSError as exc:
        raise KeyCommandFailed(name, f"cannot start ({exc.strerror})", hint) from None
    if done.returncode != 0:
        said = stderr_tail(done.stderr)
        raise KeyCommandFailed(name, f"failed with exit status {done.returncode}"
                               + (f": {said}" if said else ""), hint) from None
    text = done.stdout.decode("utf-8", "replace")
    if not text.strip():
        raise KeyCommandFailed(name, "printed nothing", "it must print the key on standard output")
    return check_key(name, strip_newline(text).strip(" \t"), "its key command's output", one_newline=False)
