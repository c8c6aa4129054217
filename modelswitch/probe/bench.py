"""`bench`: the same prompt to several profiles, N runs each, medians side by side.

Numbers are medians over the successful runs (statistics.median, never means); failed runs
are counted in the success column and listed under the table. Rows are ranked by median
total time, fastest first; a profile with no successful run is not ranked.

  TTFT     time to the first content_block_delta (request start -> first token)
  TOTAL    time to message_stop
  TOK/S    output tokens / (TOTAL - TTFT): generation speed after the first token
           (not shown when that window is under 10 ms: too short to measure)
  IN, OUT  input and output tokens from the reply's usage
  COST     IN x price_input + OUT x price_output (dollars per million tokens), per run
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .request import ANTHROPIC_URL, ProbeResult, Target, models_to_test, probe, target_for_profile
from ..profile.schema import Profile
from ..keys.store import SecretStore
from ..tables import format_table
from ..text import printable

DEFAULT_PROMPT = "Explain in about 100 words what an HTTP proxy does."
DEFAULT_RUNS = 3
DEFAULT_MAX_TOKENS = 512
DEFAULT_TIMEOUT = 120.0
MIN_WINDOW = 0.01  # seconds of streaming below which tokens/s is not measurable


@dataclass
class BenchRow:
    profile: Profile
    model: str
    results: list[ProbeResult] = field(default_factory=list)
    rank: int | None = None

    @property
    def good(self) -> list[ProbeResult]:
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[ProbeResult]:
        return [r for r in self.results if not r.ok]

    def _median(self, values) -> float | None:
        import statistics

        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    @property
    def ttft(self) -> float | None:
        return self._median(r.ttft for r in self.good)

    @property
    def total(self) -> float | None:
        return self._median(r.total for r in self.good)

    @property
    def tokens_per_s(self) -> float | None:
        return self._median(_speed(r) for r in self.good)

    @property
    def input_tokens(self) -> float | None:
        return self._median(r.input_tokens for r in self.good)

    @property
    def output_tokens(self) -> float | None:
        return self._median(r.output_tokens for r in self.good)

    @property
    def cost(self) -> float | None:
        return self._median(_cost(self.profile, r) for r in self.good)

    def failure_summary(self) -> str:
        """`server error x3 (HTTP 500: internal server error)`, one part per distinct failure."""
        counts: dict[tuple, int] = {}
        for r in self.failed:
            key = (r.outcome, r.status, r.message)
            counts[key] = counts.get(key, 0) + 1
        parts = []
        for (outcome, status, message), n in counts.items():
            detail = "; ".join(x for x in (f"HTTP {status}" if status else "", message) if x)
            parts.append(f"{outcome} x{n}" + (f" ({detail})" if detail else ""))
        return ", ".join(parts)


def _speed(result: ProbeResult) -> float | None:
    if result.ttft is None or result.total is None or not result.output_tokens:
        return None
    window = result.total - result.ttft
    return result.output_tokens / window if window >= MIN_WINDOW else None


def _cost(profile: Profile, result: ProbeResult) -> float | None:
    if profile.price_input is None and profile.price_output is None:
        return None
    tokens_in, tokens_out = result.input_tokens or 0, result.output_tokens or 0
    return (tokens_in * (profile.price_input or 0) + tokens_out * (profile.price_output or 0)) / 1e6


class Progress:
    """A one-line progress bar on a terminal (nothing when the stream is not a TTY)."""

    def __init__(self, stream, total: int, enabled: bool | None = None, width: int = 20):
        self.stream, self.total, self.width, self.done = stream, total, width, 0
        self.enabled = stream.isatty() if enabled is None else enabled

    def step(self, label: str) -> None:
        if not self.enabled:
            return
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r\x1b[2Kbench [{bar}] {self.done}/{self.total} {label}")
        self.stream.flush()

    def advance(self) -> None:
        self.done += 1

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def rank(rows: list[BenchRow]) -> list[BenchRow]:
    """Fastest median total first; rows without a success last and unranked."""
    ordered = sorted(rows, key=lambda r: (r.total is None, r.total or 0.0))
    for i, row in enumerate(ordered, 1):
        row.rank = i if row.total is not None else None
    return ordered


def run_bench(profiles: list[Profile], store: SecretStore, prompt: str = DEFAULT_PROMPT,
              runs: int = DEFAULT_RUNS, max_tokens: int = DEFAULT_MAX_TOKENS,
              timeout: float = DEFAULT_TIMEOUT, progress: Progress | None = None,
              environ=None) -> list[BenchRow]:
    """Every profile's main model `runs` times; keys are read before the first request."""
    targets: list[tuple[Profile, Target, tuple[str, list[str]]]] = []
    for profile in profiles:
        target = target_for_profile(profile, store, environ)
        targets.append((profile, target, models_to_test(profile)[0]))
    rows = []
    for profile, target, (model, roles) in targets:
        row = BenchRow(profile, model)
        for i in range(runs):
            if progress:
                progress.step(f"{profile.name} run {i + 1}/{runs}")
            row.results.append(probe(target, model, prompt, max_tokens, timeout))
            row.results[-1].roles = roles
            if progress:
                progress.advance()
        rows.append(row)
    if progress:
        progress.finish()
    return rank(rows)


def _num(value: float | None, fmt: str, suffix: str = "") -> str:
    return "—" if value is None else format(value, fmt) + suffix


def _money(value: float | None) -> str:
    if value is None:
        return "—"
    return f"${value:.6f}" if value < 0.01 else f"${value:.4f}"


def render_table(rows: list[BenchRow]) -> str:
    headers = ["RANK", "PROFILE", "MODEL", "OK", "TTFT", "TOTAL", "TOK/S", "IN", "OUT", "COST/RUN"]
    cells = [[str(r.rank or "—"), r.profile.name, r.model, f"{len(r.good)}/{len(r.results)}",
              _num(r.ttft, ".2f", "s"), _num(r.total, ".2f", "s"), _num(r.tokens_per_s, ".1f"),
              _num(r.input_tokens, ".0f"), _num(r.output_tokens, ".0f"), _money(r.cost)]
             for r in rows]
    text = format_table(headers, cells, right={0, 3, 4, 5, 6, 7, 8, 9})
    failures = [f"  {r.profile.name}: {len(r.failed)} of {len(r.results)} failed: "
                f"{printable(r.failure_summary())}" for r in rows if r.failed]
    if failures:
        text += "\nfailures:\n" + "\n".join(failures) + "\n"
    return text


def _clean(value, digits: int = 4):
    """Round for JSON/CSV; medians of whole token counts stay integers."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, digits)
    return value


def row_dict(row: BenchRow) -> dict:
    return {
        "rank": row.rank, "profile": row.profile.name, "model": row.model,
        "base_url": row.profile.base_url or ANTHROPIC_URL,
        "runs": len(row.results), "successes": len(row.good),
        "ttft_median_s": _clean(row.ttft), "total_median_s": _clean(row.total),
        "output_tokens_per_s": _clean(row.tokens_per_s, 1),
        "input_tokens": _clean(row.input_tokens), "output_tokens": _clean(row.output_tokens),
        "cost_per_run_usd": _clean(row.cost, 8), "failures": row.failure_summary(),
        "results": [r.to_dict() for r in row.results],
    }


def render_json(rows: list[BenchRow], prompt: str, runs: int, max_tokens: int) -> str:
    doc = {"prompt": prompt, "runs": runs, "max_tokens": max_tokens,
           "profiles": [row_dict(r) for r in rows]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


CSV_FIELDS = ["rank", "profile", "model", "base_url", "runs", "successes", "ttft_median_s",
              "total_median_s", "output_tokens_per_s", "input_tokens", "output_tokens",
              "cost_per_run_usd", "failures"]


def render_csv(rows: list[BenchRow]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row_dict(row).items()})
    return out.getvalue()
