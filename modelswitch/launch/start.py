"""Starting claude (`run`) or any command (`exec`) with a profile applied.

The plan is computed first (nesting guard, resolve(), the child's environment, the
--settings document) and executed second:

- POSIX: os.execve. No Python process stays between the shell and claude, so exit
  status, signals and job control are claude's own.
- Windows: a child process with the environment; the parent waits and returns its exit
  code. Ctrl-C reaches the child directly (the console sends it to every process attached
  to it); the parent ignores it and keeps waiting, so the child decides what Ctrl-C means.

`run` passes the profile through `claude --settings <carrier>` as well as the process
environment (see launch_settings.py for why, settings_fd.py for how it stays off argv and
off the disk), and the key through a pipe rather than either (launch_key.py: the commands
Claude runs inherit its environment, not the pipe).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from . import key as launch_key, log as launch_log, settings as launch_settings
from modelswitch.launch import settings_fd
from ..errors import ModelswitchError, UsageError
from ..resolve import SAVED_VAR, Changes, resolve
from ..keys.store import SecretStore

TYPE_CHECKING = False  # typing costs ~3 ms at every launch: annotations only
if TYPE_CHECKING:
    from typing import Mapping, Sequence

CLAUDE = "claude"
CLAUDE_INSTALL = "npm install -g @anthropic-ai/claude-code"


class CommandNotFound(ModelswitchError):
    """The program to launch is not on PATH: exit 127, like a shell."""

    exit_code = 127


class Plan:
    """What to start. A plain class, not a dataclass: `run` is on the way to claude's first
    request, and the dataclasses module (with inspect) costs more than this class."""

    def __init__(self, command: str, program: str, args: list[str], env: dict[str, str],
                 settings: dict | None = None, key: launch_key.KeyHandoff | None = None) -> None:
        self.command = command  # as the user named it (argv[0])
        self.program = program  # the resolved path
        self.args = args
        self.env = env
        self.settings = settings  # run only: the --settings document
        self.key = key  # run only: the key, for a pipe at exec time


# Set in the environment of everything run/exec starts (the profile's name; no secret). Not
# a managed variable, so `use`/`off` inside a launched process leave it: it says "this process
# tree was started by modelswitch with that profile", which is what nesting is about.
LAUNCHED_VAR = "MODELSWITCH_LAUNCHED"


def check_nesting(name: str, environ: Mapping[str, str], force: bool, verb: str = "run") -> None:
    """aws-vault's guard: do not silently stack one profile's launch inside another's.
    A shell merely switched by `use` is not nesting: `run OTHER` there starts OTHER."""
    launched = environ.get(LAUNCHED_VAR)
    if launched and launched != name and not force:
        raise ModelswitchError(
            f"this is inside a process modelswitch started with profile {launched!r} "
            f"({LAUNCHED_VAR}={launched}); refusing to start {name!r} inside it",
            f"leave that process first (`exit`), or use `modelswitch {verb} --force {name}`")


def mark_launched(env: dict[str, str], name: str) -> dict[str, str]:
    """The child's environment, marked as started by modelswitch with `name`."""
    env[LAUNCHED_VAR] = name
    return env


def apply_changes(changes: Changes, environ: Mapping[str, str]) -> dict[str, str]:
    """A copy of environ with the changes applied (None = unset)."""
    env = dict(environ)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def find_program(command: str, path: str | None) -> str | None:
    """Where `command` is: on PATH (PATHEXT on Windows: claude.cmd, claude.exe), or a path.
    On Windows an npm .cmd shim is replaced by the .exe it starts (launch_shim.py), so the
    arguments never pass through cmd.exe's parsing."""
    path = path if path is not None else os.defpath
    if os.name == "nt":
        import shutil

        from .shim import native_program

        program = shutil.which(command, path=path)
        return native_program(program, command) if program is not None else None
    return which_posix(command, path)


def which_posix(command: str, path: str) -> str | None:
    """shutil.which's POSIX rule without importing shutil (which brings bz2, lzma, fnmatch):
    a name with a slash is checked as given, otherwise each PATH entry in order; the first
    existing, executable, non-directory file wins."""
    def runnable(candidate: str) -> bool:
        return os.path.exists(candidate) and os.access(candidate, os.X_OK) \
            and not os.path.isdir(candidate)

    if os.path.dirname(command):
        return command if runnable(command) else None
    if not path:
        return None
    seen = set()
    for folder in path.split(os.pathsep):
        if folder in seen:
            continue
        seen.add(folder)
        candidate = os.path.join(folder, command)
        if runnable(candidate):
            return candidate
    return None


def _missing(command: str) -> CommandNotFound:
    if command == CLAUDE:
        return CommandNotFound(f"`{CLAUDE}` is not on PATH; install Claude Code with `{CLAUDE_INSTALL}`")
    return CommandNotFound(f"{command}: command not found")


def _prepare(name: str, command: str, store: SecretStore, environ: Mapping[str, str],
             force: bool) -> tuple[Changes, dict[str, str], str]:
    from ..profile.schema import load_profile

    check_nesting(name, environ, force, "run" if command == CLAUDE else "exec")
    profile = load_profile(name)
    search_path = profile.env.get("PATH", environ.get("PATH"))
    program = find_program(command, search_path)
    if program is None:  # before reading the key: no keyring prompt for nothing
        raise _missing(command)
    changes = resolve(profile, store, environ)
    # The record of the user's earlier values (saved.py) is for `off` in their shell. It can
    # hold their own Anthropic key, so it goes to neither the child's environment nor the
    # --settings env block: commands claude runs must not see it.
    changes[SAVED_VAR] = None
    return changes, mark_launched(apply_changes(changes, environ), name), program


def plan_run(name: str, args: Sequence[str], store: SecretStore,
             environ: Mapping[str, str] | None = None, force: bool = False,
             cwd: Path | None = None) -> Plan:
    """What `modelswitch run NAME ARGS` starts: claude, the environment, the --settings."""
    environ = os.environ if environ is None else environ
    cwd = Path.cwd() if cwd is None else cwd
    args, user_value = launch_settings.split_settings_args(args)
    user_settings = launch_settings.load_user_settings(user_value, cwd) if user_value is not None else None
    changes, _, program = _prepare(name, CLAUDE, store, environ, force)
    changes, key = launch_key.split_key(changes)
    env = mark_launched(apply_changes(changes, environ), name)
    settings = launch_settings.build(changes, cwd, env, user_settings, sends_key=key is not None)
    return Plan(CLAUDE, program, list(args), env, settings, key)


def plan_exec(name: str, command: Sequence[str], store: SecretStore,
              environ: Mapping[str, str] | None = None, force: bool = False) -> Plan:
    """What `modelswitch exec NAME -- CMD ARGS` starts."""
    environ = os.environ if environ is None else environ
    if not command:
        raise UsageError("exec needs a command to run", "modelswitch exec [NAME] -- COMMAND [ARGS...]")
    _, env, program = _prepare(name, command[0], store, environ, force)
    if Path(program).stem == CLAUDE:
        launch_settings.warn(f"settings files can override the environment; "
                             f"`modelswitch run {name}` makes the profile win over them")
    return Plan(command[0], program, list(command[1:]), env)


def execute(plan: Plan) -> int:
    """Start the plan: exec on POSIX (does not return), wait for the child on Windows."""
    carrier = None
    args = launch_log.record(plan)  # usage's launch log; adds --session-id when safe
    key_fd = None
    if plan.key is not None:  # the fd number goes in both places, so no settings file can move it
        key_fd = settings_fd.key_pipe(plan.key.key)
        plan.env[plan.key.variable] = str(key_fd)
        plan.settings["env"][plan.key.variable] = str(key_fd)
    if plan.settings is not None:
        data = json.dumps(plan.settings, ensure_ascii=False).encode("utf-8")
        carrier = settings_fd.create(data, plan.env)
        args = [launch_settings.SETTINGS_FLAG, carrier.path, *args]
    if os.name == "nt":
        return spawn([plan.program, *args], plan.env, carrier)
    try:
        return exec_posix(plan.program, [plan.command, *args], plan.env, carrier)
    finally:  # reached only when exec failed
        if key_fd is not None:
            os.close(key_fd)


def exec_posix(program: str, argv: list[str], env: dict[str, str],
               carrier: settings_fd.Carrier | None) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    if carrier is not None:
        settings_fd.remove_after_exit(carrier, os.getpid())
    try:
        os.execve(program, argv, env)
    except OSError as exc:
        if carrier is not None:
            carrier.remove()
        raise ModelswitchError(f"cannot run {program}: {exc.strerror or exc}",
                               "check that it is an executable file") from None
    raise AssertionError("unreachable")  # pragma: no cover


def spawn(argv: list[str], env: dict[str, str], carrier: settings_fd.Carrier | None) -> int:
    """Run argv as a child, wait through Ctrl-C, return its exit code, then clean up."""
    import subprocess

    try:
        try:
            child = subprocess.Popen(argv, env=env)
        except OSError as exc:
            raise ModelswitchError(f"cannot run {argv[0]}: {exc.strerror or exc}",
                                   "check that it is an executable file") from None
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue  # the child got the Ctrl-C too; its exit code is what counts
    finally:
        if carrier is not None:
            carrier.remove()
