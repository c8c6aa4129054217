"""`modelswitch init SHELL`: the hook an rc file evaluates (the pyenv/conda pattern).

The hooks are real script files beside this module (posix.sh, fish.fish, csh.tcsh,
powershell.ps1), shipped in the package and checked by shellcheck and `fish -n`
(tests/integration/test_hook_scripts.py). Each Shell names its file (Shell.hook_file); @SHELL@ and
@RC_FILE@ are filled in per shell, so posix.sh serves bash, zsh, sh, dash and ksh, and
csh.tcsh both tcsh and csh. cmd.exe has no hook script: its `init` is the AutoRun set-up.

The hook defines a shell function `modelswitch`. `modelswitch use [NAME]` runs
`command modelswitch env [NAME] --shell S` and `modelswitch off` runs
`command modelswitch off --shell S`; the output is evaluated in the current shell only if
that command succeeded, so a failing switch changes nothing. Any argument starting with
`-` (`use --help`) and every other subcommand go straight to the program. The hook also
exports MODELSWITCH_HOOK=<shell> so the program (doctor, `use` without the hook) can tell
it is installed. cmd.exe has no functions: see cmd_setup.py and data/modelswitch.bat.

Each hook also defines `claude`. Claude Code applies the `env` block of its settings files
(~/.claude/settings.json, project and local settings) over the process environment, so
after `use kimi` a settings file's ANTHROPIC_BASE_URL would silently win. While a profile
is active in the shell (MODELSWITCH_PROFILE holds a profile-name-shaped value), `claude
ARGS` therefore runs `modelswitch run "$MODELSWITCH_PROFILE" -- ARGS`: run hands the
profile to claude through `claude --settings`, which outranks those files. run drops one
leading `--` after NAME and passes everything else to claude untouched (commands/launch.py
passed_args), so ARGS arrive exactly as typed, even `-p`, `--` or `--settings`. With no
profile active it runs the real claude as is. The exit status is claude's. `command claude`
(PowerShell: `& (Get-Command claude -CommandType Application)`) bypasses the function.
A value of MODELSWITCH_PROFILE that is not a profile name is ignored (the real claude
runs): it is never passed to `run`, where it could read as an option.
"""

from __future__ import annotations

import os

# posix.sh: one hook for every POSIX shell (bash, zsh, sh, dash, ksh): no `local` (ksh93's
# name() functions have none), so the two helper variables are global and unset after use.
#
# csh.tcsh: csh and tcsh have no functions: `modelswitch` and `claude` are aliases, one line
# each (an alias cannot hold if/then/else, only one-line `if (EXPR) COMMAND`), and the rc
# file evaluates this text with eval "`modelswitch init tcsh`", which joins its lines with
# spaces: so no comments, every command ends with `;`. eval applies history substitution,
# so `\!*` arrives in the alias as `!*` (the arguments as typed, quotes included: `set`
# parses them). `\name` skips alias expansion (csh's `command`). `__ms_v` is the arguments
# plus "", so `$__ms_v[1]` exists even with none. A `use`/`off` with no word starting with
# `-` evaluates the program's output; a failing switch prints nothing, so nothing changes,
# and the alias's status is the program's (`(exit N)` at the end; __ms_s stays set for
# that). `!=` is safe from history substitution (`!` before `=` is not a history
# reference). csh substitutes variables in a whole `if` line before testing, so `claude`
# reads MODELSWITCH_PROFILE through a quoted eval that runs only when the variable exists.
# Known limit: csh's `$list:q` drops an empty argument (`claude -p ''`); `\claude` passes it.
#
# powershell.ps1: [Console]::OutputEncoding is how PowerShell decodes a native program's
# output: UTF-8 while we run, so non-ASCII values arrive intact (modelswitch writes UTF-8).
HERE = os.path.dirname(os.path.abspath(__file__))


def script(file_name: str) -> str:
    """A shipped hook script's text, read with open(): `init` runs at every shell start, and
    importlib.resources would load pathlib and more for it."""
    with open(os.path.join(HERE, file_name), encoding="utf-8", newline="") as f:
        return f.read()


def hook(shell) -> str:
    """The init text for a Shell object with a hook_file (bash, zsh, sh, dash, ksh, fish,
    tcsh, csh, powershell)."""
    return script(shell.hook_file).replace("@SHELL@", shell.name).replace("@RC_FILE@", shell.rc_file)
