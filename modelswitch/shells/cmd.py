"""cmd.exe: `NAME=value` lines for the shipped modelswitch.bat, never a script to run.

cmd has no eval and no quoting that survives every character: `%` expands even inside
quotes, `^ & | < > "` are parsed, `!` bites under delayed expansion. So the output is
data, not code: one `NAME=value` line per variable (`NAME=` unsets: in cmd an empty
value deletes the variable). modelswitch.bat reads the lines with FOR /F straight from
this program's stdout (no file, so no secret on disk) and applies each with
`SET "%%L"`; a last line MODELSWITCH_BAT_OK=1 tells it the output was complete (the
program prints nothing at all when it fails). A FOR variable is substituted after cmd
has already parsed `%`, `^`, `&`, `|`, `<`, `>` and quotes, so those characters in a
value arrive literally; SET splits at the first `=`, so later `=` signs stay in the
value. What cannot be carried is refused:
  - CR or LF: FOR /F splits lines there;
  - an empty value: it would delete the variable;
  - a value longer than fits on one cmd line (8191 characters);
  - `!` when delayed expansion is on in that window (the .bat says so with
    MODELSWITCH_CMD_DELAYED=1): cmd would expand !...! after the substitution.
Non-ASCII text is written in the console's code page (which is how cmd decodes FOR /F
output) and refused if that code page lacks a character.
"""

from __future__ import annotations

import os
import sys

from .base import Shell

MAX_LINE = 8191 - len('SET ""')
DONE_VAR = "MODELSWITCH_BAT_OK"


def console_encoding() -> str:
    """The console output code page on Windows (how cmd decodes FOR /F output), else UTF-8."""
    if sys.platform == "win32":
        import ctypes

        page = ctypes.windll.kernel32.GetConsoleOutputCP()  # type: ignore[attr-defined]
        if page:
            return "utf-8" if page == 65001 else f"cp{page}"
    return "utf-8"


class Cmd(Shell):
    name = "cmd"
    rc_file = "the Command Processor AutoRun registry value"
    errors = "strict"

    def __init__(self, environ=None):
        environ = os.environ if environ is None else environ
        self.delayed = environ.get("MODELSWITCH_CMD_DELAYED") == "1"
        self.encoding = console_encoding()

    def check_value(self, var: str, value: str) -> None:
        super().check_value(var, value)
        if "\r" in value or "\n" in value:
            self.refuse(var, "the value contains a line break (CR or LF), which cmd cannot hold")
        if value == "":
            self.refuse(var, "the value is empty, and in cmd an empty value deletes the variable")
        if len(var) + 1 + len(value) > MAX_LINE:
            self.refuse(var, "the value is too long for a cmd line (8191 characters)")
        if self.delayed and "!" in value:
            self.refuse(var, "the value contains '!' and this cmd window has delayed expansion on",
                        "open a window without it (`cmd /V:OFF`) and switch there")

    def encoding_hint(self) -> str:
        return "switch the console to UTF-8 first with `chcp 65001`"

    def render(self, changes) -> str:
        # The last line tells modelswitch.bat the output is complete (it clears it again).
        return super().render(changes) + f"{DONE_VAR}=1\n"

    def set_line(self, var: str, value: str) -> str:
        return f"{var}={value}"

    def unset_line(self, var: str) -> str:
        return f"{var}="

    def apply_hint(self, args: str) -> str:
        if args.startswith("env"):
            args = "use" + args[3:]
        return f"modelswitch {args}   (once `modelswitch init cmd` is set up)"

    def init_line(self) -> str:
        return "modelswitch init cmd"

    def use_without_hook(self, target: str, hooked: bool) -> tuple[str, str]:
        if hooked:
            return ("`modelswitch use` works through the shell hook, which is loaded in your "
                    "interactive shell but not here (scripts and subshells do not inherit it)",
                    f"run it at the cmd prompt, or start Claude Code with `modelswitch run {target}`")
        return ("`modelswitch use` needs the cmd set-up, which is not installed",
                "run `modelswitch init cmd` once, then open a new cmd window")

    def apply_lines(self, args: str, use: str, hooked: bool) -> list[str]:
        return [f"To apply it:  {self.apply_hint(args)}"]

    def init_text(self, *, print_only: bool, write: bool, config_home=None) -> str:
        """No hook script: `init cmd` sets up AutoRun (cmd_setup.py) on Windows, else prints how."""
        from ..errors import UsageError
        from . import cmd_setup

        if write:
            raise UsageError("cmd has no rc file to source a hook file from",
                             "run `modelswitch init cmd` once instead")
        if sys.platform == "win32" and not print_only:  # pragma: no cover - Windows only
            from ..paths import config_home as home

            return cmd_setup.install(config_home or home())
        return cmd_setup.print_text()
