"""Rows of the usage report: accumulate messages by a key, then print a table, JSON or CSV.

Memory is one Row per key (plus the session ids and response times it saw), whatever the
size of the transcripts.
"""

from __future__ import annotations

import statistics
from array import array
from dataclasses import dataclass, field

from .pricing import cost

TOKEN_NAMES = ("input", "output", "cache_write", "cache_read")


@dataclass
class Row:
    key: str
    tokens: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    requests: int = 0
    sessions: set = field(default_factory=set)
    cost: float = 0.0
    unpriced: int = 0  # requests whose cost is unknown
    compare: list[float] = field(default_factory=list)
    compare_unpriced: list[int] = field(default_factory=list)  # per --compare: unknown costs
    responses: array = field(default_factory=lambda: array("d"))
    extra: dict = field(default_factory=dict)  # --by session: profile, project

    def add(self, tokens, session: str, prices, compare_prices, response) -> None:
        for i in range(4):
            self.tokens[i] += tokens[i]
        self.requests += 1
        self.sessions.add(session)
        value = cost(tokens, prices)
        if value is None:
            self.unpriced += 1
        else:
            self.cost += value
        if not self.compare:
            self.compare = [0.0] * len(compare_prices)
            self.compare_unpriced = [0] * len(compare_prices)
        for i, other in enumerate(compare_prices):
            value = cost(tokens, other)
            if value is None:
                self.compare_unpriced[i] += 1
            else:
                self.compare[i] += value
        if response is not None:
            self.responses.append(response)

    def merge(self, other: "Row") -> None:
        for i in range(4):
            self.tokens[i] += other.tokens[i]
        self.requests += other.requests
        self.sessions |= other.sessions
        self.cost += other.cost
        self.unpriced += other.unpriced
        self.compare = [a + b for a, b in zip(self.compare or [0.0] * len(other.compare),
                                              other.compare)]
        self.compare_unpriced = [a + b for a, b in zip(
            self.compare_unpriced or [0] * len(other.compare_unpriced), other.compare_unpriced)]
        self.responses.extend(other.responses)

    def _known(self, cost: float, unpriced: int) -> float | None:
        """The cost of the priced requests; None (unknown, never $0) when none was priced."""
        return None if self.requests and unpriced >= self.requests else round(cost, 6)

    def median_response(self) -> float | None:
        return round(statistics.median(self.responses), 3) if self.responses else None

    def as_json(self, compare_names: list[str]) -> dict:
        data = {"key": self.key, **self.extra}
        data.update(zip(TOKEN_NAMES, self.tokens))
        data.update(requests=self.requests, sessions=len(self.sessions),
                    cost_usd=self._known(self.cost, self.unpriced), cost_complete=self.unpriced == 0,
                    unpriced_requests=self.unpriced,
                    median_response_s=self.median_response())
        unpriced = self.compare_unpriced or [0] * len(compare_names)
        data["compare_usd"] = {name: self._known(value, missing) for name, value, missing in
                               zip(compare_names, self.compare or [0.0] * len(compare_names),
                                   unpriced)}
        data["compare_complete"] = {name: n == 0 for name, n in zip(compare_names, unpriced)}
        return data


def totals(rows: list[Row]) -> Row:
    total = Row("TOTAL")
    for row in rows:
        total.merge(row)
    return total


def money(value: float, complete: bool = True) -> str:
    text = f"${value:,.2f}" if value >= 0.01 or value == 0 else f"${value:.4f}"
    if not complete:
        return text + "+?" if value else "?"
    return text


def _count(n: int) -> str:
    return f"{n:,}"


def table(rows: list[Row], by: str, compare_names: list[str], extra_names: list[str]) -> str:
    from ..tables import format_table

    headers = [by, *extra_names, "requests", "sessions", "input", "output", "cache write",
               "cache read", "cost", "median reply s",
               *(f"cost at {name}" for name in compare_names)]
    lines = []
    for row in [*rows, totals(rows)]:
        response = row.median_response()
        lines.append([row.key, *(row.extra.get(n, "") for n in extra_names),
                      _count(row.requests), _count(len(row.sessions)),
                      *map(_count, row.tokens), money(row.cost, row.unpriced == 0),
                      "-" if response is None else f"{response:.2f}",
                      *(money(v, n == 0) for v, n in zip(
                          row.compare or [0.0] * len(compare_names),
                          row.compare_unpriced or [0] * len(compare_names)))])
    first_number = 1 + len(extra_names)
    return format_table(headers, lines, right=frozenset(range(first_number, len(headers))))


def _cell(value) -> str | float:
    return "" if value is None else value


def csv_text(rows: list[Row], by: str, compare_names: list[str], extra_names: list[str]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([by, *extra_names, "requests", "sessions", *TOKEN_NAMES, "cost_usd",
                     "cost_complete", "median_response_s",
                     *(f"cost_at_{name}_usd" for name in compare_names)])
    for row in [*rows, totals(rows)]:
        data = row.as_json(compare_names)
        writer.writerow([row.key, *(row.extra.get(n, "") for n in extra_names), row.requests,
                         len(row.sessions), *row.tokens, _cell(data["cost_usd"]),
                         str(data["cost_complete"]).lower(),
                         _cell(data["median_response_s"]),
                         *map(_cell, data["compare_usd"].values())])
    return out.getvalue()
