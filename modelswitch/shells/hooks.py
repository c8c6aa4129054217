"""`modelswitch init SHELL`: the hook an rc file evaluates (the pyenv/conda pattern).

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

# One hook for every POSIX shell (bash, zsh, sh, dash, ksh): no `local` (ksh93's name()
# functions have none), so the two helper variables are global and unset after use.
POSIX_HOOK = r"""# modelswitch hook for {shell}. Load it from {rc_file}:
#   eval "$(modelswitch init {shell})"
# `modelswitch use [NAME]` and `modelswitch off` change this shell; other commands run
# the program. A switch that fails changes nothing.
MODELSWITCH_HOOK={shell}
export MODELSWITCH_HOOK
modelswitch() {{
  case "${{1-}}" in
    use|off) ;;
    *) command modelswitch "$@"; return ;;
  esac
  for __modelswitch_arg in "$@"; do
    case "$__modelswitch_arg" in
      -*) unset __modelswitch_arg; command modelswitch "$@"; return ;;
    esac
  done
  unset __modelswitch_arg
  if [ "$1" = use ]; then
    shift
    set -- env --announce "$@"
  fi
  __modelswitch_code=$(command modelswitch "$@" --shell {shell}) || {{
    set -- "$?"
    unset __modelswitch_code
    return "$1"
  }}
  eval "$__modelswitch_code"
  unset __modelswitch_code
}}
# `claude` goes through `modelswitch run` while a profile is active here, so settings files
# cannot override the switch; `command claude` runs the real one. The name check is two
# case patterns (no regex in POSIX sh): it starts with a letter or digit, and has nothing
# but letters, digits, '.', '_' and '-'. "$@" passes every argument as one word, unchanged.
claude() {{
  case "${{MODELSWITCH_PROFILE-}}" in
    [A-Za-z0-9]*)
      case "$MODELSWITCH_PROFILE" in
        *[!A-Za-z0-9._-]*) command claude "$@" ;;
        *) command modelswitch run "$MODELSWITCH_PROFILE" -- "$@" ;;
      esac ;;
    *) command claude "$@" ;;
  esac
}}
"""

FISH_HOOK = r"""# modelswitch hook for fish. Load it from ~/.config/fish/config.fish:
#   modelswitch init fish | source
# `modelswitch use [NAME]` and `modelswitch off` change this shell; other commands run
# the program. A switch that fails changes nothing.
set -gx MODELSWITCH_HOOK fish
function modelswitch --description 'Switch Claude Code providers; use/off change this shell'
    if not contains -- "$argv[1]" use off
        command modelswitch $argv
        return
    end
    for __modelswitch_arg in $argv
        if string match -q -- '-*' $__modelswitch_arg
            command modelswitch $argv
            return
        end
    end
    set -l __modelswitch_args $argv
    set -e __modelswitch_args[1]
    if test "$argv[1]" = use
        set __modelswitch_args env --announce $__modelswitch_args
    else
        set __modelswitch_args off $__modelswitch_args
    end
    set -l __modelswitch_code (command modelswitch $__modelswitch_args --shell fish)
    or return
    string join \n -- $__modelswitch_code | source
    return 0
end
# `claude` goes through `modelswitch run` while a profile is active here, so settings files
# cannot override the switch; `command claude` runs the real one. "$MODELSWITCH_PROFILE" is
# quoted so a list or an empty value is one string; \z (not $, which also matches before a
# final newline) ends the name. $argv passes every argument as one word, unchanged.
function claude --description 'Claude Code; through `modelswitch run` while a profile is active'
    if string match -q -r -- '^[A-Za-z0-9][A-Za-z0-9._-]*\z' "$MODELSWITCH_PROFILE"
        command modelswitch run "$MODELSWITCH_PROFILE" -- $argv
    else
        command claude $argv
    end
end
"""

# csh and tcsh have no functions: `modelswitch` and `claude` are aliases, one line each
# (an alias cannot hold if/then/else, only one-line `if (EXPR) COMMAND`), and the rc file
# evaluates this text with eval "`modelswitch init tcsh`", which joins its lines with spaces:
# so no comments, every command ends with `;`. eval applies history substitution, so `\!*`
# arrives in the alias as `!*` (the arguments as typed, quotes included: `set` parses them). `\name`
# skips alias expansion (csh's `command`). `__ms_v` is the arguments plus "", so `$__ms_v[1]`
# exists even with none. A `use`/`off` with no word starting with `-` evaluates the
# program's output; a failing switch prints nothing, so nothing changes, and the alias's
# status is the program's (`(exit N)` at the end; __ms_s stays set for that). `!=` is safe
# from history substitution (`!` before `=` is not a history reference). csh substitutes
# variables in a whole `if` line before testing, so `claude` reads MODELSWITCH_PROFILE
# through a quoted eval that runs only when the variable exists. Known limit: csh's
# `$list:q` drops an empty argument (`claude -p ''`); `\claude` passes it.
# One command per item, joined with "; " into the alias body.
_CSH_MODELSWITCH = "; ".join([
    r'''set __ms_a = (\!*)''',
    r'''set __ms_v = ($__ms_a:q "")''',
    r'''set __ms_m = pass''',
    r'''if ("$__ms_v[1]" == use || "$__ms_v[1]" == off) set __ms_m = "$__ms_v[1]"''',
    r'''if ("$__ms_a" =~ "-*" || "$__ms_a" =~ "* -*") set __ms_m = pass''',
    r'''set __ms_s = 0''',
    r'''if ("$__ms_m" == pass) \modelswitch $__ms_a:q''',
    r'''if ("$__ms_m" == pass) set __ms_s = $status''',
    r'''if ("$__ms_m" == use) set __ms_m = "env --announce"''',
    r'''set __ms_c = ""''',
    r'''if ("$__ms_m" != pass) set __ms_c = "`\modelswitch $__ms_m $__ms_a[2-]:q '''
    r'''--shell {shell} || echo __ms_failed`"''',
    r'''if ("$__ms_c" =~ *__ms_failed) set __ms_s = 1''',
    r'''if ("$__ms_c" =~ *__ms_failed) set __ms_c = ""''',
    r'''eval "$__ms_c"''',
    r'''unset __ms_a __ms_v __ms_m __ms_c''',
    r'''(exit $__ms_s)''',
])
_CSH_CLAUDE = "; ".join([
    r'''set __ms_a = (\!*)''',
    r'''set __ms_p = ""''',
    r"""if ($?MODELSWITCH_PROFILE) eval '\''set __ms_p = "$MODELSWITCH_PROFILE"'\''""",
    r'''if ("$__ms_p" =~ *[^A-Za-z0-9._-]* || "$__ms_p" =~ [._-]*) set __ms_p = ""''',
    r'''set __ms_s = 0''',
    r'''if ("$__ms_p" != "") \modelswitch run "$__ms_p" -- $__ms_a:q''',
    r'''if ("$__ms_p" != "") set __ms_s = $status''',
    r'''if ("$__ms_p" == "") \claude $__ms_a:q''',
    r'''if ("$__ms_p" == "") set __ms_s = $status''',
    r'''unset __ms_a __ms_p''',
    r'''(exit $__ms_s)''',
])
CSH_HOOK = ("setenv MODELSWITCH_HOOK {shell};\n"
            f"alias modelswitch '{_CSH_MODELSWITCH}';\n"
            f"alias claude '{_CSH_CLAUDE}';\n")

# [Console]::OutputEncoding is how PowerShell decodes a native program's output: UTF-8
# while we run, so non-ASCII values arrive intact (modelswitch writes UTF-8).
POWERSHELL_HOOK = r"""# modelswitch hook for PowerShell. Load it from $PROFILE:
#   modelswitch init powershell | Out-String | Invoke-Expression
# `modelswitch use [NAME]` and `modelswitch off` change this session; other commands run
# the program. A switch that fails changes nothing.
$Env:MODELSWITCH_HOOK = 'powershell'
function global:modelswitch {
    $exe = Get-Command -Name modelswitch -CommandType Application -ErrorAction Stop |
        Select-Object -First 1
    $verb = if ($args.Count -gt 0) { [string]$args[0] } else { '' }
    $dashed = @($args | Where-Object { ([string]$_).StartsWith('-') }).Count -gt 0
    if (($verb -ne 'use' -and $verb -ne 'off') -or $dashed) {
        & $exe @args
        return
    }
    $rest = @($args | Select-Object -Skip 1)
    if ($verb -eq 'use') { $verb = 'env'; $rest = @('--announce') + $rest }
    $saved = [Console]::OutputEncoding
    try {
        [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
        $code = & $exe $verb @rest --shell powershell
    } finally {
        [Console]::OutputEncoding = $saved
    }
    if ($LASTEXITCODE -ne 0) { return }
    if ($code) { Invoke-Expression (@($code) -join "`n") }
}
# `claude` goes through `modelswitch run` while a profile is active here, so settings files
# cannot override the switch; `& (Get-Command claude -CommandType Application)` runs the real
# one. -cmatch is case-sensitive and \z (not $) ends the name. '--' is quoted: a bare -- is
# PowerShell's own end-of-parameters token and may not reach the program. @args splats
# every argument as typed; $LASTEXITCODE is claude's.
function global:claude {
    $name = [string]$Env:MODELSWITCH_PROFILE
    if ($name -cmatch '^[A-Za-z0-9][A-Za-z0-9._-]*\z') {
        $exe = Get-Command -Name modelswitch -CommandType Application -ErrorAction Stop |
            Select-Object -First 1
        & $exe run $name '--' @args
    } else {
        $exe = Get-Command -Name claude -CommandType Application -ErrorAction Stop |
            Select-Object -First 1
        & $exe @args
    }
}
"""


def hook(shell) -> str:
    """The init text for a Shell object (bash, zsh, sh, dash, ksh, fish, powershell, tcsh, csh)."""
    if shell.name == "fish":
        return FISH_HOOK
    if shell.name == "powershell":
        return POWERSHELL_HOOK
    if shell.name in ("tcsh", "csh"):
        return CSH_HOOK.replace("{shell}", shell.name)
    return POSIX_HOOK.format(shell=shell.name, rc_file=shell.rc_file)
