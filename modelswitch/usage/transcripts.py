"""Reading Claude Code's JSONL transcripts, one line at a time.

`$CLAUDE_CONFIG_DIR/projects/<project>/<session>.jsonl` (default ~/.claude, also
~/.config/claude): lines of `"type": "assistant"` carry timestamp, sessionId, cwd,
message.id, requestId, message.model and message.usage. Only lines that can matter are
parsed: a line holding `"usage"` (an assistant reply) with json.loads, a user turn's time by
a search for its top-level `"timestamp"`. Memory per file is the file's messages (a few
numbers each), never its text; the dedup set holds one integer per distinct message.

Streaming writes a message once per content block, and resumed or forked sessions copy old
messages into a new file: a message counts once per (message id, request id), as careful
readers (ccusage) do.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator, Mapping

MAX_TOKENS = 50_000_000  # more than any context window many times over: a corrupt number
USER_RE = re.compile(rb'"type"\s*:\s*"user"')
TIME_RE = re.compile(rb'"timestamp"\s*:\s*"([0-9T:.+Z-]{10,40})"')
TOKEN_FIELDS = ("input_tokens", "output_tokens", "cache_creation_input_tokens",
                "cache_read_input_tokens")


@dataclass(slots=True)
class Message:
    session: str
    timestamp: str  # ISO 8601 UTC as claude wrote it
    model: str
    tokens: tuple[int, int, int, int]  # input, output, cache write, cache read
    response: float | None  # seconds from the user turn before it, if known


@dataclass
class Session:
    id: str
    cwd: str
    project: str  # the folder under projects/ (claude's encoding of the cwd)
    first: str  # earliest timestamp in the file for this session
    messages: list[Message] = field(default_factory=list)


@dataclass
class Problems:
    """Bad data met on the way: counted, reported in one line, never fatal."""

    not_json: int = 0
    missing: int = 0
    absurd: int = 0
    unreadable: int = 0

    def summary(self) -> str:
        parts = [f"{n} {what}" for n, what in (
            (self.not_json, "truncated or non-JSON lines"), (self.missing, "lines missing fields"),
            (self.absurd, "lines with absurd token counts"), (self.unreadable, "unreadable files"))
            if n]
        return "skipped " + ", ".join(parts) if parts else ""


def config_dirs(environ: Mapping[str, str]) -> list[Path]:
    """Claude's config folders: $CLAUDE_CONFIG_DIR (comma-separated list allowed), else
    ~/.claude and ~/.config/claude."""
    given = environ.get("CLAUDE_CONFIG_DIR", "")
    if given.strip():
        return [Path(p).expanduser() for p in given.split(",") if p.strip()]
    home = Path(environ.get("HOME") or Path.home())
    config = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
    return [home / ".claude", config / "claude"]


def transcript_files(dirs: list[Path]) -> list[Path]:
    """Every *.jsonl under <dir>/projects (subagent transcripts live one level deeper)."""
    found: list[Path] = []
    for directory in dirs:
        root = directory / "projects"
        for dirpath, _dirs, files in os.walk(root, onerror=lambda e: None):
            found.extend(Path(dirpath, f) for f in files if f.endswith(".jsonl"))
    return sorted(set(found))


def seconds_between(start: str, end: str) -> float | None:
    try:
        delta = (datetime.fromisoformat(end.replace("Z", "+00:00")) -
                 datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
    except ValueError:
        return None
    return delta if 0 <= delta < 3600 else None


def _tokens(usage) -> tuple[int, int, int, int] | None:
    if not isinstance(usage, dict):
        return None
    values = []
    for name in TOKEN_FIELDS:
        value = usage.get(name) or 0
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TOKENS:
            return None
        values.append(value)
    return tuple(values)  # type: ignore[return-value]


class FileReader:
    """Reads files one by one; keeps the dedup set and the problem counts across them."""

    def __init__(self, since: str = "", until: str = ""):
        self.since, self.until = since, until  # UTC ISO bounds ('' = open)
        self.seen: set[int] = set()
        self.problems = Problems()
        self.bytes = 0

    def read(self, path: Path) -> list[Session]:
        sessions: dict[str, Session] = {}
        try:
            with open(path, "rb") as fh:
                self._lines(fh, path, sessions)
        except OSError:
            self.problems.unreadable += 1
        return [s for s in sessions.values() if s.messages]

    def _lines(self, fh, path: Path, sessions: dict[str, Session]) -> None:
        project = path.parent.name if path.parent.parent.name == "projects" else \
            path.parent.parent.parent.name  # <project>/<session>/subagents/x.jsonl
        user_time = ""
        for line in fh:
            self.bytes += len(line)
            if b'"usage"' not in line:
                if USER_RE.search(line):
                    found = TIME_RE.findall(line)
                    if found:
                        user_time = found[-1].decode()  # the top-level one comes last
                elif line.strip() and not line.rstrip().endswith(b"}"):
                    self.problems.not_json += 1
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                self.problems.not_json += 1
                continue
            if not isinstance(entry, dict):
                self.problems.not_json += 1
                continue
            kind = entry.get("type")
            if kind == "user":
                stamp = entry.get("timestamp")
                user_time = stamp if isinstance(stamp, str) else user_time
                continue
            if kind != "assistant":
                continue
            message = self._message(entry, project, sessions, user_time)
            if message is not None:
                user_time = ""

    def _message(self, entry: dict, project: str, sessions: dict[str, Session],
                 user_time: str) -> Message | None:
        body = entry.get("message")
        stamp = entry.get("timestamp")
        if not isinstance(body, dict) or not isinstance(stamp, str) or "usage" not in body:
            self.problems.missing += 1
            return None
        model = body.get("model")
        if model == "<synthetic>":  # claude's own placeholder replies: no request was made
            return None
        tokens = _tokens(body["usage"])
        if tokens is None:
            self.problems.absurd += 1
            return None
        session_id = entry.get("sessionId")
        session_id = session_id if isinstance(session_id, str) and session_id else "?"
        session = sessions.get(session_id)
        if session is None:
            cwd = entry.get("cwd")
            session = sessions[session_id] = Session(
                session_id, cwd if isinstance(cwd, str) else "", project, stamp)
        elif stamp < session.first:
            session.first = stamp
        ids = (body.get("id"), entry.get("requestId"))
        if ids != (None, None):
            key = hash(ids)
            if key in self.seen:
                return None
            self.seen.add(key)
        if (self.since and stamp < self.since) or (self.until and stamp >= self.until):
            return None
        response = seconds_between(user_time, stamp) if user_time else None
        message = Message(session_id, stamp, model if isinstance(model, str) else "?", tokens,
                          response)
        session.messages.append(message)
        return message


def read_all(files: list[Path], reader: FileReader, progress=None) -> Iterator[Session]:
    for number, path in enumerate(files, 1):
        yield from reader.read(path)
        if progress is not None:
            progress(number, len(files), reader.bytes)
