"""The renderer base class: Changes in, text for one shell out. Renderers only quote.

A subclass says how to set and unset one variable (`set_line`, `unset_line`) and how its
users apply the output (`apply_hint`, `rc_hint`). The loop, the sort order and the checks
every shell shares live here: variable names must be plain identifiers (they are written
unquoted) and no value may hold a NUL byte (no shell, and no process environment, can
carry one). A value a shell cannot carry exactly is refused with one line naming the
variable, never the value: it may be the key.
"""

from __future__ import annotations

from ..errors import ModelswitchError

TYPE_CHECKING = False  # typing stays unloaded at shell start
if TYPE_CHECKING:
    from typing import Mapping, Optional


class Unrepresentable(ModelswitchError):
    """A value this shell cannot carry exactly (the message names the variable only)."""


class Shell:
    name = ""  # canonical name, as given to --shell
    rc_file = ""  # where the hook line goes
    hook_file = ""  # the hook script in shells/hooks/ that `init` prints (hooks.hook())
    script_suffix = "sh"  # `init --write` files: hook.<name>.<suffix> (static.py)
    source_command = ". {}"  # how an rc file loads such a file
    encoding = "utf-8"
    errors = "surrogateescape"  # a value read from a non-UTF-8 environment keeps its bytes
    is_shell = True  # False for the data formats (json, dotenv): no hook, no `use`

    # -- rendering -------------------------------------------------------------------
    def render(self, changes: Mapping[str, Optional[str]]) -> str:
        lines = []
        for var in sorted(changes):
            value = changes[var]
            self.check_name(var)
            if value is None:
                lines.append(self.unset_line(var))
            else:
                self.check_value(var, value)
                lines.append(self.set_line(var, value))
        return "".join(line + "\n" for line in lines)

    def set_line(self, var: str, value: str) -> str:
        raise NotImplementedError

    def unset_line(self, var: str) -> str:
        raise NotImplementedError

    # -- checks ----------------------------------------------------------------------
    def check_name(self, var: str) -> None:
        if not (var.isascii() and var.isidentifier()):  # [A-Za-z_][A-Za-z0-9_]*
            raise Unrepresentable(f"cannot set {var!r} for {self.name}: not a valid variable name",
                                  "names are letters, digits and '_', not starting with a digit")

    def check_value(self, var: str, value: str) -> None:
        if "\x00" in value:
            self.refuse(var, "the value contains a NUL byte, which no environment can hold")
        try:
            value.encode(self.encoding, self.errors)
        except UnicodeEncodeError:
            self.refuse(var, f"the value has characters the {self.encoding} encoding cannot carry",
                        self.encoding_hint())

    def refuse(self, var: str, why: str, hint: str | None = None) -> None:
        raise Unrepresentable(f"cannot set {var} for {self.name}: {why}",
                              hint or "change that value in the profile, or use another shell")

    def encoding_hint(self) -> str | None:
        return None

    # -- telling people how to use the output ------------------------------------------
    def apply_hint(self, args: str) -> str:
        """The command that applies `modelswitch <args>` output to the current shell."""
        return f'eval "$(modelswitch {args} --shell {self.name})"'

    def init_line(self) -> str:
        """The line for the rc file that installs the hook."""
        return f'eval "$(modelswitch init {self.name})"'

    def quote(self, text: str) -> str:
        """A word (a file path) quoted by this shell's rule: each family's module-level quote()."""
        raise NotImplementedError

    def use_without_hook(self, target: str, hooked: bool) -> tuple[str, str]:
        """`use` reached the program: (message, hint). `hooked`: the hook is loaded in the
        user's interactive shell, not here (a script or a subshell)."""
        here = self.apply_hint(f"env {target}")
        if hooked:
            return ("`modelswitch use` works through the shell hook, which is loaded in your "
                    "interactive shell but not here (scripts and subshells do not inherit it)",
                    f"here, run `{here}`, or start Claude Code with `modelswitch run {target}`")
        return ("`modelswitch use` needs the shell hook, which is not loaded in this shell",
                f"add `{self.init_line()}` to {self.rc_file} and open a new shell; "
                f"for this shell only, run `{here}`")

    def apply_lines(self, args: str, use: str, hooked: bool) -> list[str]:
        """The end of `env`'s terminal preview (preview.py): how to apply the changes here."""
        if not self.is_shell:
            return [f"To write it:  {self.apply_hint(args)}"]
        lines = [f"To apply it to this shell:  {self.apply_hint(args)}"]
        if hooked:
            lines.append(f"or, with the hook loaded:  {use}")
        else:
            lines.append(f"To switch with `{use}`, load the hook from {self.rc_file}:  {self.init_line()}")
        return lines

    # -- `init` ----------------------------------------------------------------------
    def init_text(self, *, print_only: bool, write: bool, config_home=None) -> str:
        """`init SHELL`: the hook script named by hook_file (shells/hooks/); with `write`, the
        hook and completions go to files (static.py) and the text is the rc line."""
        from .hooks import hook

        if not write:
            return hook(self)
        from ..paths import config_home as home
        from .static import write as write_static

        return write_static(self, hook(self), config_home or home())
