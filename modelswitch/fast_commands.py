"""Commands that run at shell start, served without typer (see shells/ and commands/shell.py).

run(argv) returns an exit status when it handled argv, or None to hand it to the
Typer app (which also knows these commands, for --help and completion). argv is parsed
by hand: `env [NAME] [--shell S]`, `off [--shell S]`, `init [SHELL] [--print]`,
`use [NAME]`, `current`, `list [--json]`, `key print-for-claude NAME` (use --global's
apiKeyHelper) and `__names KIND` for completion scripts. -h/--help, an unknown
option, a missing option value or an extra word go to Typer, which prints the usage or
the usage error. Only the standard library and modelswitch's own light modules load
here; the keyring module loads only when the profile's key is in the keyring.
"""

from __future__ import annotations

import os
import sys

HELP = ("-h", "--help")
# command -> (options, taking a value?), how many words at most
SPECS: dict[str, tuple[dict[str, bool], int]] = {
    "env": ({"--shell": True, "--announce": False}, 1),
    "off": ({"--shell": True}, 0),
    "init": ({"--print": False, "--write": False}, 1),
    "use": ({}, 1),
    "current": ({}, 0),
    "list": ({"--json": False}, 0),
}


def parse(args: list[str], options: dict[str, bool], max_words: int):
    """(words, {option: value}) or None when Typer should handle (and report) argv."""
    words: list[str] = []
    found: dict[str, object] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            words.extend(args[i + 1:])
            break
        if arg.startswith("-") and arg != "-":
            option, eq, value = arg.partition("=")
            if option not in options:
                return None
            if not options[option]:
                if eq:
                    return None
                found[option] = True
            elif eq:
                found[option] = value
            elif i + 1 < len(args):
                i += 1
                found[option] = args[i]
            else:
                return None
        else:
            words.append(arg)
        i += 1
    if len(words) > max_words:
        return None
    return words, found


def run(argv: list[str]) -> int | None:
    if argv[:1] == ["__names"]:
        from .completion.names import main

        return main(argv[1:])
    if argv[:2] == ["key", "print-for-claude"] and not any(a in HELP for a in argv[2:]):
        from .claude.global_helper import main as helper  # claude's apiKeyHelper for `use --global`

        return helper(argv[2:])
    if argv == ["completions"]:
        return print_completion(completion_shell())
    if len(argv) == 2 and argv[0] == "completions":
        return print_completion(argv[1])
    if argv[:1] in (["run"], ["exec"]):
        return launch(argv[0], argv[1:])
    if not argv or argv[0] not in SPECS or any(a in HELP for a in argv[1:]):
        return None
    parsed = parse(argv[1:], *SPECS[argv[0]])
    if parsed is None:
        return None
    words, options = parsed
    return dispatch(argv[0], words[0] if words else None, options)


def launch(verb: str, args: list[str]) -> int | None:
    """`run`/`exec` without typer (claude starts sooner); --help goes to Typer. The words are
    split exactly as the Typer command splits them (launch_args)."""
    from .launch import args as launch_args

    own = launch_args.own_options(args)
    if any(option in launch_args.HELP for option in own):
        return None
    from .commands.launch import exec_command, run_claude

    words, force = args[len(own):], launch_args.FORCE in own
    return run_claude(words, force) if verb == "run" else exec_command(words, force)


def completion_shell(environ=None) -> str:
    """`completions` with no SHELL: the shell that started us, as `init` guesses it; a usage
    error when there is no completion script for that shell (sh, tcsh, cmd...)."""
    from .errors import UsageError
    from .paths import COMPLETION_FILES
    from .shells import detect

    shell = detect(environ)
    if shell not in COMPLETION_FILES:
        raise UsageError(f"no completion script for {shell}",
                         "pass one of: " + ", ".join(COMPLETION_FILES))
    return shell


def print_completion(shell: str) -> int | None:
    """`completions SHELL` from the shipped script (rc files eval it: no typer at shell start)."""
    from .paths import COMPLETION_FILES, completion_file

    if shell not in COMPLETION_FILES:
        return None  # Typer reports the bad choice
    try:
        text = completion_file(shell).read_text(encoding="utf-8")
    except OSError:
        return None  # not shipped (odd install): generate it through the Typer command
    sys.stdout.write(text)
    return 0


def dispatch(command: str, word: str | None, options: dict) -> int:
    if command == "list":  # no typer: the keyring is asked once, typer would cost more
        from .commands.manage import list_profiles

        return list_profiles(bool(options.get("--json")))
    from .shells import switch as work

    environ = os.environ
    shell = options.get("--shell")
    if command == "env":
        from .keys.store import default_store
        from .paths import cwd

        output = work.env(word, shell, store=default_store(), environ=environ, cwd=cwd(),
                          tty=sys.stdout.isatty(), announce=bool(options.get("--announce")))
    elif command == "off":
        output = work.off(shell, environ=environ, tty=sys.stdout.isatty())
    elif command == "init":
        output = work.init(word, environ=environ, print_only=bool(options.get("--print")),
                           write=bool(options.get("--write")))
    elif command == "use":
        output = work.use(word, environ=environ)
    else:
        output = work.current(environ=environ)
    work.emit(output)
    return 0
