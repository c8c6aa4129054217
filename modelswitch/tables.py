"""Plain-text tables for `list` and `presets`: padded columns, no colours, no box drawing."""

from __future__ import annotations

from typing import Sequence


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], gap: int = 2) -> str:
    """Left-aligned columns separated by `gap` spaces; the last column is not padded."""
    table = [list(headers)] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = []
    for row in table:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append((" " * gap).join(cells).rstrip())
    return "\n".join(lines) + "\n"


def format_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """`label  value` lines with the labels padded to one width (for `show`)."""
    if not pairs:
        return ""
    width = max(len(label) for label, _ in pairs)
    return "".join(f"{label.ljust(width)}  {value}".rstrip() + "\n" for label, value in pairs)
