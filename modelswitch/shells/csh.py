"""csh family: tcsh and csh. `setenv NAME value;` / `unsetenv NAME;`, one command a line.

Users apply the output with eval "`modelswitch env NAME --shell tcsh`". Inside double
quotes a command substitution is split at newlines, one word a line, and eval joins the
words with spaces: so every command ends with `;`, and a value can never hold a newline
(it would split the line; csh has no escape that makes one). Such a value is refused.
"""

from __future__ import annotations

from .base import Shell

_OUTSIDE = "!'\\"  # the characters written outside the quotes, each behind a backslash


def quote(value: str) -> str:
    """csh single quotes keep $, `, ", *, ~, spaces, tabs, CR and every other byte literal,
    with three exceptions, each written outside the quotes as \\c (a backslash before any
    character makes it literal, in every context): ' (cannot appear inside), ! (history
    substitution happens inside single quotes too, and eval applies it to the text it
    runs) and \\ (literal in quotes by default, but a quote character under the user's
    `set backslash_quote`). So 'it'\\''s'\\!'' ends up `it's!`.
    """
    out, run = [], []
    for ch in value:
        if ch in _OUTSIDE:
            if run:
                out.append("'" + "".join(run) + "'")
                run = []
            out.append("\\" + ch)
        else:
            run.append(ch)
    if run or not out:
        out.append("'" + "".join(run) + "'")
    return "".join(out)


class Tcsh(Shell):
    name = "tcsh"
    rc_file = "~/.tcshrc"
    hook_file = "csh.tcsh"
    script_suffix = "tcsh"
    source_command = "source {}"

    def quote(self, text: str) -> str:
        return quote(text)

    def check_value(self, var: str, value: str) -> None:
        super().check_value(var, value)
        if "\n" in value:
            self.refuse(var, "the value contains a line break, which csh and tcsh cannot set "
                        "through eval")

    def set_line(self, var: str, value: str) -> str:
        return f"setenv {var} {quote(value)};"

    def unset_line(self, var: str) -> str:
        return f"unsetenv {var};"

    def apply_hint(self, args: str) -> str:
        return f'eval "`modelswitch {args} --shell {self.name}`"'

    def init_line(self) -> str:
        return f'eval "`modelswitch init {self.name}`"'


class Csh(Tcsh):
    name = "csh"
    script_suffix = "csh"
    rc_file = "~/.cshrc"
