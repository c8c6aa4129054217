"""Plain-text tables for `list` and `presets`: padded columns, no colours, no box drawing."""

from __future__ import annotations

import unicodedata
from typing import Sequence


def width(text: str) -> int:
    """Terminal columns `text` takes: East Asian wide/fullwidth characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], gap: int = 2) -> str:
    """Left-aligned columns separated by `gap` spaces; the last column is not padded."""
    table = [list(headers)] + [[str(cell) for cell in row] for row in rows]
    widths = [max(width(row[i]) for row in table) for i in range(len(headers))]
    lines = []
    for row in table:
        cells = [pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append((" " * gap).join(cells).rstrip())
    return "\n".join(lines) + "\n"


def format_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """`label  value` lines with the labels padded to one width (for `show`)."""
    if not pairs:
        return ""
    label_width = max(width(label) for label, _ in pairs)
    return "".join(f"{pad(label, label_width)}  {value}".rstrip() + "\n" for label, value in pairs)
