"""`modelswitch usage`: tokens, requests, sessions, cost and response time from Claude Code's
own transcripts, by profile, model, day, project or session.

transcripts.py reads (streaming), attribution.py names the profile of each session,
pricing.py prices tokens, report.py accumulates rows and prints them. This module ties them
together: collect() is the one work function the command calls.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Mapping

from ..errors import UsageError

GROUPS = ("profile", "model", "day", "project", "session")


@dataclass
class Query:
    since: str | None = None
    until: str | None = None
    by: str = "profile"
    profiles: list[str] = field(default_factory=list)
    compare: list[str] = field(default_factory=list)


@dataclass
class Result:
    rows: list  # report.Row, sorted
    compare: list[str]
    extra: list[str]  # extra columns (--by session)
    files: int
    problems: str  # one line, '' when the data was clean


def parse_since(text: str, now: datetime | None = None) -> str:
    """'7d', '12h' or a date (YYYY-MM-DD, YYYYMMDD): the UTC ISO time it starts at."""
    now = now or datetime.now(timezone.utc)
    found = re.fullmatch(r"\s*(\d{1,5})\s*([dhw])\s*", text)
    if found:
        amount, unit = int(found.group(1)), found.group(2)
        delta = {"d": timedelta(days=amount), "h": timedelta(hours=amount),
                 "w": timedelta(weeks=amount)}[unit]
        return _iso(now - delta)
    return _iso(_local_day(text, "--since"))


def parse_until(text: str) -> str:
    """A date, inclusive: the UTC ISO time the next local day starts at."""
    return _iso(_local_day(text, "--until") + timedelta(days=1))


def _local_day(text: str, flag: str) -> datetime:
    for pattern in ("%Y-%m-%d", "%Y%m%d"):
        try:
            day = datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
        return day.astimezone()  # local midnight
    raise UsageError(f"{flag} {text!r}: not a date or a span",
                     "use YYYY-MM-DD, or for --since a span like 7d, 24h, 2w")


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


class _Days:
    """UTC timestamp -> local date, cached by hour (time zones move in whole quarter hours
    at most, so the minute is looked at only within the cached hour's offset)."""

    def __init__(self):
        self.offsets: dict[str, timedelta] = {}

    def day(self, stamp: str) -> str:
        hour = stamp[:13]
        offset = self.offsets.get(hour)
        if offset is None:
            try:
                moment = datetime.fromisoformat(hour + ":00:00+00:00")
            except ValueError:
                return stamp[:10]
            offset = self.offsets[hour] = moment.astimezone().utcoffset() or timedelta()
        try:
            moment = datetime.fromisoformat(stamp[:19]) + offset
        except ValueError:
            return stamp[:10]
        return moment.strftime("%Y-%m-%d")


class _Progress:
    """`reading transcripts: 120/4000 files, 300 MB` on a terminal's stderr, after a second."""

    def __init__(self):
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.enabled = sys.stderr is not None and sys.stderr.isatty()

    def __call__(self, done: int, total: int, size: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.start < 1 or now - self.last < 0.2:
            return
        self.last, self.shown = now, True
        sys.stderr.write(f"\rmodelswitch usage: reading transcripts {done}/{total} files, "
                         f"{size / 1e6:,.0f} MB ")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def collect(query: Query, environ: Mapping[str, str] | None = None) -> Result:
    from ..launch import log as launch_log
    from ..profile import schema as profiles
    from . import report, transcripts
    from .attribution import Attributor
    from .pricing import PriceBook

    environ = os.environ if environ is None else environ
    if query.by not in GROUPS:
        raise UsageError(f"--by {query.by!r}: not a grouping", "use one of " + ", ".join(GROUPS))
    users, _broken = profiles.load_all()
    presets = profiles.load_presets()
    book = PriceBook(users, presets)
    for name in query.compare:
        book.for_compare(name)  # a missing profile or one without prices fails before reading
    compare = tuple(query.compare)
    attributor = Attributor(launch_log.read(), users, presets)
    reader = transcripts.FileReader(parse_since(query.since) if query.since else "",
                                    parse_until(query.until) if query.until else "")
    files = transcripts.transcript_files(transcripts.config_dirs(environ))
    rows: dict[str, report.Row] = {}
    days = _Days()
    wanted = set(query.profiles)
    progress = _Progress()
    try:
        for session in transcripts.read_all(files, reader, progress):
            for message in session.messages:
                who = attributor.attribute(session.id, session.cwd, session.first, message.model)
                if wanted and (len(who.profiles) != 1 or who.profiles[0] not in wanted):
                    continue
                key = _key(query.by, who.label, message, session, days)
                row = rows.get(key)
                if row is None:
                    row = rows[key] = report.Row(key)
                    if query.by == "session":
                        row.extra = {"profile": who.label,
                                     "project": session.cwd or session.project}
                row.add(message.tokens, session.id,
                        book.for_candidates(who.profiles, message.model),
                        book.compare_prices(compare, message.model), message.response)
    finally:
        progress.clear()
    ordered = sorted(rows.values(), key=lambda r: (-r.cost, r.key) if query.by != "day" else r.key)
    return Result(ordered, list(query.compare), ["profile", "project"] if query.by == "session"
                  else [], len(files), reader.problems.summary())


def _key(by: str, label: str, message, session, days: _Days) -> str:
    if by == "profile":
        return label
    if by == "model":
        return message.model
    if by == "day":
        return days.day(message.timestamp)
    if by == "project":
        return session.cwd or session.project
    return session.id
