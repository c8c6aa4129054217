"""POSIX family: bash, zsh, sh, dash, ksh. One quoting rule, one hook (shells/hooks/posix.sh)."""

from __future__ import annotations

from .base import Shell


def quote(value: str) -> str:
    """POSIX single quotes: every byte between ' and ' is literal, newlines included; a '
    itself cannot appear inside, so shlex.quote closes the quote, writes "'" and reopens.

    shlex.quote leaves "safe-looking" words bare, but zsh expands a bare word starting with
    `=` (`export X==ls` sets X to /usr/bin/ls) and after `:=` in assignments, so a value
    is always single-quoted here, even when shlex would not bother. That is shlex.quote's
    quoted form, written out (shlex loads re, which shell start-up has no other use for).
    """
    return "'" + value.replace("'", "'\"'\"'") + "'"


class Posix(Shell):
    rc_file = "~/.profile"
    hook_file = "posix.sh"

    def quote(self, text: str) -> str:
        return quote(text)

    def set_line(self, var: str, value: str) -> str:
        return f"export {var}={quote(value)}"

    def unset_line(self, var: str) -> str:
        return f"unset -v {var}"  # -v: never a function that happens to share the name


class Bash(Posix):
    name = "bash"
    rc_file = "~/.bashrc"


class Zsh(Posix):
    name = "zsh"
    rc_file = "~/.zshrc"


class Sh(Posix):
    name = "sh"
    rc_file = "~/.profile (or the file $ENV names)"


class Dash(Posix):
    name = "dash"
    rc_file = "the file $ENV names (e.g. ~/.shinit)"


class Ksh(Posix):
    name = "ksh"
    rc_file = "~/.kshrc"
