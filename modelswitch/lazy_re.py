"""Regular expressions compiled on first use, not at import.

`env` and `run` import the validation and masking modules at every shell start and launch,
and use few of their patterns (often none): compiling all of them at import was a
measurable part of `run`'s time before claude starts (benchmarks/launch_overhead.py).
"""

from __future__ import annotations

import re


class LazyPattern:
    """Stands in for re.compile(pattern, flags): the same methods, compiled when first used."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str):  # fullmatch, match, search, sub, findall, ...
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
