# modelswitch hook for fish. Load it from ~/.config/fish/config.fish:
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
