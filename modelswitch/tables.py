"""Plain-text tables for `list`, `presets`, `test` and `bench`: padded columns, no colours,
no box drawing. Every cell and label is passed through text.printable(), so a value from a
file or a provider cannot drive the terminal and widths count what is really shown."""

from __future__ import annotations

import unicodedata
from typing import AbstractSet, Sequence

from .text import printable


def width(text: str) -> int:
    """Terminal columns `text` takes: East Asian wide/fullwidth characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], gap: int = 2,
                 right: AbstractSet[int] = frozenset()) -> str:
    """Columns separated by `gap` spaces, left-aligned except the indexes in `right`; the
    last column is not padded when it is left-aligned."""
    table = [[printable(cell) for cell in headers]] + [[printable(c) for c in r] for r in rows]
    widths = [max(width(row[i]) for row in table) for i in range(len(headers))]
    last = len(headers) - 1
    lines = []
    for row in table:
        cells = [" " * (widths[i] - width(cell)) + cell if i in right else
                 cell if i == last else pad(cell, widths[i]) for i, cell in enumerate(row)]
        lines.append((" " * gap).join(cells).rstrip())
    return "\n".join(lines) + "\n"


def format_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """`label  value` lines with the labels padded to one width (for `show`)."""
    if not pairs:
        return ""
    pairs = [(printable(label), printable(value)) for label, value in pairs]
    label_width = max(width(label) for label, _ in pairs)
    return "".join(f"{pad(label, label_width)}  {value}".rstrip() + "\n" for label, value in pairs)
