"""The fish and PowerShell completion templates; completion.scripts.build_spec() fills their
tables. The walk and the quoting rules are explained in templates.py.
"""

from __future__ import annotations

from ..shells.fish import quote as _fish
from ..shells.powershell import quote_literal as _pwsh
from .templates import HEADER

# ---------------------------------------------------------------- fish
FISH = r"""
function __modelswitch_argkind --no-scope-shadowing --argument-names n
    # kind of positional number n (0-based) of the current command
    set -l count (count $args)
    if test $n -lt $count
        string replace -r '\.\.\.$' '' -- $args[(math $n + 1)]
    else if test $count -gt 0; and string match -q '*...' -- $args[-1]
        string replace -r '\.\.\.$' '' -- $args[-1]
    else if test $count -gt 0; and contains -- $args[-1] rest command
        echo rest
    end
end

function __modelswitch_optkind --no-scope-shadowing --argument-names opt
    for p in $vals
        set -l kv (string split -m 1 = -- $p)
        test "$kv[1]" = "$opt"; and echo $kv[2]
    end
end

function __modelswitch_values --argument-names kind cur
    switch $kind
        case profiles presets shells hook-shells ccs
            command modelswitch __names $kind 2>/dev/null
        case 'choice:*'
            string split , -- (string replace 'choice:' '' -- $kind)
        case command
            __fish_complete_command
        case file rest
            __fish_complete_path $cur
    end
end

function __modelswitch_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l mspath ''
    set -l subs; set -l flags; set -l vals; set -l args
    __modelswitch_spec ''
    set -l kind ''; set -l pos 0; set -l pass 0; set -l dd 0
    for word in $tokens[2..-1]
        if test -n "$kind"
            set kind ''
            continue
        end
        set -l launch 0  # run, exec: NAME is optional, `--` or claude's first option ends it
        test $pos = 0; and contains -- (__modelswitch_argkind 1) rest command; and set launch 1
        if test $dd = 0; and test "$word" = --
            set dd 1
            test $launch = 1; and set pos 1; and set pass 1
            continue
        end
        if test $pass = 0 -a $dd = 0; and string match -q -- '-*' $word
            if test $launch = 1; and not contains -- $word (string replace -r '\t.*' '' -- $flags)
                set pos 1; set pass 1
                continue
            end
            string match -q -- '*=*' $word; or set kind (__modelswitch_optkind $word)
            continue
        end
        if test $pos = 0; and contains -- $word (string replace -r '\t.*' '' -- $subs)
            set mspath (string trim -- "$mspath $word")
            __modelswitch_spec $mspath
            continue
        end
        set pos (math $pos + 1)
        contains -- (__modelswitch_argkind $pos) rest command; and set pass 1
    end
    if test -z "$kind" -a $pass = 0 -a $dd = 0; and string match -q -- '--*=*' $cur
        set -l opt (string split -m 1 = -- $cur)
        set kind (__modelswitch_optkind $opt[1])
        if test -n "$kind"
            printf '%s\n' $opt[1]=(__modelswitch_values $kind $opt[2])
            return
        end
    end
    if test -n "$kind"
        __modelswitch_values $kind $cur
    else if test $pass = 0 -a $dd = 0; and string match -q -- '-*' $cur
        printf '%s\n' $flags
    else if test $pos = 0 -a (count $subs) -gt 0
        printf '%s\n' $subs
    else
        __modelswitch_values (__modelswitch_argkind $pos) $cur
    end
end

complete -c modelswitch -f -a '(__modelswitch_complete)'
"""


def _fish_described(pairs) -> str:
    return " ".join(_fish(f"{name}\t{desc}") for name, desc in pairs)


def fish(spec) -> str:
    lines = [HEADER.format(comment="#", shell="fish"),
             "# Install: modelswitch completions fish > "
             "~/.config/fish/completions/modelswitch.fish\n\n",
             "function __modelswitch_spec --no-scope-shadowing  # the tables of command $argv[1]\n",
             "    switch \"$argv[1]\"\n"]
    for c in spec:
        vals = " ".join(_fish(f"{flag}={kind}") for flag, kind in c.values)
        lines.append(f"        case {_fish(c.path)}\n"
                     f"            set subs {_fish_described(c.subs)}".rstrip() + "\n"
                     f"            set flags {_fish_described(c.flags)}".rstrip() + "\n"
                     f"            set vals {vals}".rstrip() + "\n"
                     f"            set args {' '.join(c.args)}".rstrip() + "\n")
    lines.append("    end\nend\n")
    return "".join(lines) + FISH


# ---------------------------------------------------------------- PowerShell
PWSH = r"""
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.StartOffset -lt $cursorPosition } |
        ForEach-Object { $_.Extent.Text })
    if ($words.Count -gt 0 -and $wordToComplete -ne '' -and $words[-1] -eq $wordToComplete) {
        $words = @($words | Select-Object -First ($words.Count - 1))
    }
    function Get-ArgKind([int]$n) {
        $k = @($cmd.args)
        if ($n -lt $k.Count) { return $k[$n] -replace '\.\.\.$', '' }
        if ($k.Count -and $k[-1] -like '*...') { return $k[-1] -replace '\.\.\.$', '' }
        if ($k.Count -and @('rest', 'command') -contains $k[-1]) { return 'rest' }
        return ''
    }
    $path = ''; $cmd = $spec['']; $kind = ''; $pos = 0; $pass = $false; $dd = $false
    foreach ($word in @($words | Select-Object -Skip 1)) {
        if ($kind) { $kind = ''; continue }
        $launch = $pos -eq 0 -and @('rest', 'command') -contains (Get-ArgKind 1)  # run, exec
        if (-not $dd -and $word -eq '--') {
            $dd = $true
            if ($launch) { $pos = 1; $pass = $true }  # `run -- ...`: no NAME
            continue
        }
        if (-not $pass -and -not $dd -and $word -like '-*') {
            if ($launch -and -not $cmd.flags.ContainsKey($word)) { $pos = 1; $pass = $true; continue }
            if ($word -notlike '*=*' -and $cmd.vals.ContainsKey($word)) { $kind = $cmd.vals[$word] }
            continue
        }
        if ($pos -eq 0 -and $cmd.subs.ContainsKey($word)) {
            $path = "$path $word".Trim(); $cmd = $spec[$path]; continue
        }
        $pos++
        if (@('rest', 'command') -contains (Get-ArgKind $pos)) { $pass = $true }
    }
    $prefix = ''
    $cur = $wordToComplete
    if (-not $kind -and -not $pass -and -not $dd -and $cur -like '--*=*') {
        $opt, $cur = $cur -split '=', 2
        if ($cmd.vals.ContainsKey($opt)) { $kind = $cmd.vals[$opt]; $prefix = "$opt=" }
    }
    $items = @{}
    if ($kind) { $k = $kind }
    elseif (-not $pass -and -not $dd -and $cur -like '-*') { $items = $cmd.flags; $k = '' }
    elseif ($pos -eq 0 -and $cmd.subs.Count) { $items = $cmd.subs; $k = '' }
    else { $k = Get-ArgKind $pos }
    if (@('profiles', 'presets', 'shells', 'hook-shells', 'ccs') -contains $k) {
        $exe = Get-Command -Name modelswitch -CommandType Application `
            -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($exe) { & $exe.Source __names $k 2>$null | ForEach-Object { $items[$_] = $k } }
    } elseif ($k -like 'choice:*') {
        $k.Substring(7).Split(',') | ForEach-Object { $items[$_] = 'value' }
    } elseif ($k) { return }  # files, commands: PowerShell's own completion
    $items.Keys | Where-Object { $_ -like "$cur*" } | Sort-Object | ForEach-Object {
        $tip = if ($items[$_]) { $items[$_] } else { $_ }
        [Management.Automation.CompletionResult]::new("$prefix$_", $_, 'ParameterValue', $tip)
    }
}
"""


def _pwsh_table(pairs) -> str:
    """A hashtable literal; its keys are case-insensitive, so -v and -V would clash: first wins."""
    seen: set[str] = set()
    items = []
    for a, b in pairs:
        if a.lower() not in seen:
            seen.add(a.lower())
            items.append(f"{_pwsh(a)} = {_pwsh(b)}")
    return "@{" + "; ".join(items) + "}"


def powershell(spec) -> str:
    lines = [HEADER.format(comment="#", shell="powershell"),
             "# Install: modelswitch completions powershell | Out-String | Invoke-Expression\n"
             "# (add that line to $PROFILE)\n\n",
             "Register-ArgumentCompleter -Native -CommandName modelswitch, modelswitch.exe "
             "-ScriptBlock {\n",
             "    param($wordToComplete, $commandAst, $cursorPosition)\n",
             "    $spec = @{\n"]
    for c in spec:
        args = ", ".join(_pwsh(a) for a in c.args)
        lines.append(f"        {_pwsh(c.path)} = @{{\n"
                     f"            subs = {_pwsh_table(c.subs)}\n"
                     f"            flags = {_pwsh_table(c.flags)}\n"
                     f"            vals = {_pwsh_table(c.values)}\n"
                     f"            args = @({args})\n"
                     "        }\n")
    lines.append("    }")
    return "".join(lines) + PWSH
