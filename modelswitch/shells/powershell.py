"""PowerShell (pwsh 7 and Windows PowerShell 5.1): `$Env:NAME = '...'` / `Remove-Item`."""

from __future__ import annotations

import re

from .base import Shell

# PowerShell's tokenizer ends a single-quoted string at any of these four (plain ' and the
# curly ‘ ’ ‚ ‛, see CharExtensions.IsSingleQuote); inside the string each is written twice.
SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
# Characters that never go inside a quoted literal: the C0 controls and DEL. CR and LF
# above all, because `... | Out-String | Invoke-Expression` and the hook read our output
# line by line (a native command's output reaches PowerShell as lines, rejoined with the
# platform's newline): a literal LF could come back as CRLF. They are written as [char]N.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def quote_literal(text: str) -> str:
    """A single-quoted literal: nothing expands inside ('$x', '`n' stay as typed); the only
    escape is doubling each quote character, as CodeGeneration.EscapeSingleQuotedStringContent
    does."""
    return "'" + "".join(c + c if c in SINGLE_QUOTES else c for c in text) + "'"


def quote(value: str) -> str:
    """An expression for `value` on one line: single-quoted runs joined with [char]N for
    control characters, e.g. 'a' + [char]10 + 'b'. It starts with a string literal so that
    `+` concatenates strings (a leading [char] would make `+` add numbers)."""
    parts: list[str] = []
    start = 0
    for match in CONTROL.finditer(value):
        if match.start() > start or not parts:
            parts.append(quote_literal(value[start:match.start()]))
        parts.append(f"[char]{ord(match.group())}")
        start = match.end()
    if start < len(value) or not parts:
        parts.append(quote_literal(value[start:]))
    return parts[0] if len(parts) == 1 else "(" + " + ".join(parts) + ")"


class PowerShell(Shell):
    name = "powershell"
    rc_file = "$PROFILE"
    hook_file = "powershell.ps1"
    script_suffix = "ps1"

    def quote(self, text: str) -> str:
        return quote(text)

    def check_value(self, var: str, value: str) -> None:
        super().check_value(var, value)
        if value == "":
            # Before PowerShell 7.5, assigning '' to $Env:X deletes X (so does Windows).
            self.refuse(var, "the value is empty, and PowerShell before 7.5 deletes a variable "
                             "set to an empty string")

    def set_line(self, var: str, value: str) -> str:
        return f"$Env:{var} = {quote(value)}"

    def unset_line(self, var: str) -> str:
        # -LiteralPath: the name is never a wildcard pattern; SilentlyContinue: unsetting a
        # variable that is not set is not an error.
        return f"Remove-Item -LiteralPath Env:{var} -ErrorAction SilentlyContinue"

    def apply_hint(self, args: str) -> str:
        return f"modelswitch {args} --shell powershell | Out-String | Invoke-Expression"

    def init_line(self) -> str:
        return "modelswitch init powershell | Out-String | Invoke-Expression"
