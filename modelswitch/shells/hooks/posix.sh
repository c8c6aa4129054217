# modelswitch hook for @SHELL@. Load it from @RC_FILE@:
#   eval "$(modelswitch init @SHELL@)"
# `modelswitch use [NAME]` and `modelswitch off` change this shell; other commands run
# the program. A switch that fails changes nothing.
MODELSWITCH_HOOK=@SHELL@
export MODELSWITCH_HOOK
modelswitch() {
  case "${1-}" in
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
  __modelswitch_code=$(command modelswitch "$@" --shell @SHELL@) || {
    set -- "$?"
    unset __modelswitch_code
    return "$1"
  }
  eval "$__modelswitch_code"
  unset __modelswitch_code
}
# `claude` goes through `modelswitch run` while a profile is active here, so settings files
# cannot override the switch; `command claude` runs the real one. The name check is two
# case patterns (no regex in POSIX sh): it starts with a letter or digit, and has nothing
# but letters, digits, '.', '_' and '-'. "$@" passes every argument as one word, unchanged.
claude() {
  case "${MODELSWITCH_PROFILE-}" in
    [A-Za-z0-9]*)
      case "$MODELSWITCH_PROFILE" in
        *[!A-Za-z0-9._-]*) command claude "$@" ;;
        *) command modelswitch run "$MODELSWITCH_PROFILE" -- "$@" ;;
      esac ;;
    *) command claude "$@" ;;
  esac
}
