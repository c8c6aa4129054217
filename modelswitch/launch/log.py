"""The launch log `run` keeps so `usage` can tell which profile a Claude Code session ran on.

One JSON line per `modelswitch run`: time (UTC), profile name, working directory, the pid
that becomes claude, claude's version (from its package, never by running it), and the
session id modelswitch asked claude to use. Never a secret: nothing from the environment or
the profile but its name. The file is 0600, appended with O_APPEND (one write per record, so
concurrent launches never interleave) and bounded: past MAX_BYTES it is renamed to
`launches.1.jsonl` (the one before that is dropped), so at most 2 x MAX_BYTES are kept.

A launch must never fail because of the log: every error here is swallowed.

Session id: claude accepts `--session-id UUID`. It is added only when the user's arguments
neither pick a session themselves (--resume, --continue, --session-id, --fork-session, ...)
nor name a claude subcommand (`claude mcp list` takes no session); otherwise `usage` falls
back to matching the working directory and the time.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .. import paths

TYPE_CHECKING = False  # typing costs ~3 ms at every launch: annotations only
if TYPE_CHECKING:
    from typing import Sequence

LOG_NAME = "launches.jsonl"
OLD_NAME = "launches.1.jsonl"
MAX_BYTES = 512 * 1024  # ~2500 launches per file
SESSION_FLAGS = ("--resume", "-r", "--continue", "-c", "--session-id", "--fork-session",
                 "--from-pr", "--teleport", "--no-session-persistence", "--bg", "--background",
                 "--cloud", "--remote-control")
SUBCOMMANDS = frozenset("agents attach auth auto-mode doctor gateway import install logs mcp "
                        "plugin plugins purge respawn rm setup-token stop kill ultrareview update "
                        "upgrade config migrate-installer".split())


def log_path() -> Path:
    return paths.config_home() / LOG_NAME


def wants_session_id(args: Sequence[str]) -> bool:
    """Whether `--session-id` can be added safely to these claude arguments."""
    for arg in args:
        if arg == "--":
            return False
        if arg.split("=", 1)[0] in SESSION_FLAGS or arg in SUBCOMMANDS:
            return False
        if arg.startswith("-") and not arg.startswith("--") and len(arg) > 2 and \
                ("r" in arg[1:] or "c" in arg[1:]):  # bundled short flags such as -pc
            return False
    return True


def claude_version(program: str) -> str:
    """claude's version from the npm package next to the binary; '' when not found."""
    try:
        here = Path(os.path.realpath(program)).parent
        for folder in (here, here.parent):
            package = folder / "package.json"
            if package.is_file():
                version = json.loads(package.read_text(encoding="utf-8")).get("version", "")
                return version if isinstance(version, str) else ""
        name = here.name  # the native installer keeps versions/<version>
        return name if name[:1].isdigit() else ""
    except (OSError, ValueError):
        return ""


def random_uuid() -> str:
    """A random (version 4) UUID, as str(uuid.uuid4()) gives; the uuid module imports
    platform and more, a cost paid before claude starts."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def record(plan) -> list[str]:
    """Log this `run` launch; returns claude's arguments (with a session id when safe)."""
    from ..resolve import PROFILE_VAR

    args = list(plan.args)
    if plan.settings is None:  # exec: not claude through run, nothing to attribute
        return args
    session = ""
    if wants_session_id(args):
        session = random_uuid()
        args = ["--session-id", session, *args]
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
             "profile": plan.env.get(PROFILE_VAR, ""), "cwd": os.getcwd(), "pid": os.getpid(),
             "claude": claude_version(plan.program), "session": session}
    try:
        append(entry)
    except (OSError, ValueError):
        pass
    return args


def append(entry: dict) -> None:
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(OLD_NAME))
    except FileNotFoundError:
        pass
    line = (json.dumps(entry, ensure_ascii=True, separators=(",", ":")) + "\n").encode()
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def read() -> list[dict]:
    """Every readable record, oldest first; bad lines are skipped (the log is advisory)."""
    records = []
    for name in (OLD_NAME, LOG_NAME):
        try:
            with open(paths.config_home() / name, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    try:
                        item = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(item, dict) and isinstance(item.get("time"), str):
                        records.append(item)
        except OSError:
            continue
    return records
