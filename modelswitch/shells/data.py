"""Data formats for other programs: json and dotenv. Not shells: no hook, no `use`."""

from __future__ import annotations

from .base import Shell

TYPE_CHECKING = False  # typing stays unloaded at shell start
if TYPE_CHECKING:
    from typing import Mapping, Optional


class Json(Shell):
    """{"set": {NAME: value, ...}, "unset": [NAME, ...]}, keys sorted, ASCII-only (every
    other character as a \\u escape), so any JSON reader gets the exact strings back."""

    name = "json"
    is_shell = False

    def render(self, changes: Mapping[str, Optional[str]]) -> str:
        import json

        for var, value in changes.items():
            self.check_name(var)
            if value is not None:
                self.check_value(var, value)
        document = {
            "set": {k: v for k, v in sorted(changes.items()) if v is not None},
            "unset": sorted(k for k, v in changes.items() if v is None),
        }
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=True) + "\n"

    def apply_hint(self, args: str) -> str:
        return f"modelswitch {args} --shell json > FILE   (data for another program)"


def dotenv_quote(value: str) -> str:
    """Double quotes as python-dotenv reads them: inside "...", backslash escapes \\\\ \\" \\n
    \\r (and \\' \\t ...) are decoded and every other character is literal. So write \\ as
    \\\\, " as \\", and CR/LF as \\r/\\n to keep one variable per line."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


class Dotenv(Shell):
    """NAME="value" lines for a .env file, in python-dotenv's double-quoted syntax. Variables
    to unset are left out (a .env file cannot unset); json lists them."""

    name = "dotenv"
    is_shell = False

    def check_value(self, var: str, value: str) -> None:
        super().check_value(var, value)
        if "${" in value:
            # python-dotenv (and docker compose) expand ${NAME} even inside quotes, and
            # python-dotenv has no escape for it.
            self.refuse(var, "the value contains '${', which dotenv readers expand",
                        "use --shell json for this profile")

    def set_line(self, var: str, value: str) -> str:
        return f"{var}={dotenv_quote(value)}"

    def render(self, changes: Mapping[str, Optional[str]]) -> str:
        return super().render({k: v for k, v in changes.items() if v is not None})

    def apply_hint(self, args: str) -> str:
        return f"modelswitch {args} --shell dotenv > .env   (data for another program)"
