"""fish: `set -gx NAME 'value'` / `set -e -g NAME`, then one `true`.

A sourced script's status is its last command's, and fish's `set` in assignment mode does
not set a status: it passes on whatever came before, such as the 4 of `set -e` for a
variable that is not set (or a failure from before `source` started). The final `true`
makes `modelswitch env NAME | source; and claude` go on after every switch that worked,
without changing what is set or erased.
"""

from __future__ import annotations

from .base import Shell


def quote(value: str) -> str:
    """fish single quotes: the only escapes inside are \\\\ and \\' (a backslash before any
    other character stays a backslash); $, (, *, ~, newlines and everything else are
    literal. So escape exactly those two and wrap in '...'.
    """
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Fish(Shell):
    name = "fish"
    rc_file = "~/.config/fish/config.fish"
    hook_file = "fish.fish"
    script_suffix = "fish"
    source_command = "source {}"

    def quote(self, text: str) -> str:
        return quote(text)

    def render(self, changes) -> str:
        return super().render(changes) + "true\n"

    def set_line(self, var: str, value: str) -> str:
        return f"set -gx {var} {quote(value)}"

    def unset_line(self, var: str) -> str:
        # -g: erase this session's global only. A plain `set -e` inside the hook function
        # would fall through to a universal variable and delete it for every session.
        return f"set -e -g {var}"

    def apply_hint(self, args: str) -> str:
        return f"modelswitch {args} --shell fish | source"

    def init_line(self) -> str:
        return "modelswitch init fish | source"
