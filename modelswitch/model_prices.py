"""Per-model prices: a profile's `[prices."MODEL-ID"]` tables.

    [prices."glm-4.5-air"]
    input = 0.20        # USD per million tokens
    output = 1.10
    cache_read = 0.03   # a key left out is unknown

A model listed here is priced by its own table (all four prices; the profile-level price_*
are not mixed in, they belong to another model); any other model by the profile's price_*.
Reading and checking live here so profiles.py stays the schema of the flat fields.
"""

from __future__ import annotations

import re

from .errors import UsageError
from modelswitch.profile.validate import check_price, check_text

KEYS = ("input", "output", "cache_write", "cache_read")  # the order of pricing.Prices
MAX_MODELS = 64  # a profile has a handful of models


class TableError(Exception):
    """A problem in the prices table; `key` is the TOML key to point at, `model` its table."""

    def __init__(self, model: str | None, key: str, problem: str, hint: str | None = None):
        super().__init__(problem)
        self.model, self.key, self.problem, self.hint = model, key, problem, hint


def parse(value) -> dict[str, dict[str, float]]:
    """The checked {model: {key: price}} of a TOML `prices` value; raises TableError."""
    if not isinstance(value, dict):
        raise TableError(None, "prices", 'prices must be tables: [prices."MODEL"] input = 0.60 ...')
    if len(value) > MAX_MODELS:
        raise TableError(None, "prices", f"prices lists more than {MAX_MODELS} models")
    out: dict[str, dict[str, float]] = {}
    for model, table in value.items():
        try:
            check_text("model id", model)
        except UsageError as exc:
            raise TableError(model, model, f"prices: {exc.message}", exc.hint) from None
        if not model.strip() or model != model.strip():
            raise TableError(model, model, f"prices: model id {model!r} is empty or padded")
        if not isinstance(table, dict):
            raise TableError(model, model, f'prices."{model}" must be a table of input, output, '
                             "cache_write, cache_read", 'e.g. [prices."glm-4.5-air"] input = 0.20')
        clean = {}
        for key, price in table.items():
            label = f'prices."{model}".{key}'
            if key not in KEYS:
                raise TableError(model, key, f"unknown field {label!r}",
                                 "use input, output, cache_write, cache_read")
            try:
                clean[key] = check_price(price, label)
            except UsageError as exc:
                raise TableError(model, key, exc.message, exc.hint) from None
        if clean:
            out[model] = {key: clean[key] for key in KEYS if key in clean}
    return out


def as_tuple(table: dict[str, float]) -> tuple:
    return tuple(table.get(key) for key in KEYS)


def position(text: str, model: str | None, key: str) -> tuple[int, int] | None:
    """Line and column of `key` inside the `[prices."MODEL"]` table, or None if not found."""
    start = 0
    if model is not None:
        header = re.compile(r"^[ \t]*\[[ \t]*prices[ \t]*\.[ \t]*[\"']?" + re.escape(model)
                            + r"[\"']?[ \t]*\]", re.M)
        found = header.search(text)
        if not found:
            return None
        if key == model:
            return _line_col(text, found.start(), found)
        start = found.end()
    pattern = re.compile(r"^([ \t]*)[\"']?" + re.escape(key) + r"[\"']?[ \t]*=", re.M)
    match = pattern.search(text, start)
    if not match:
        return None
    return _line_col(text, match.start(), match)


def _line_col(text: str, offset: int, match) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_flag(text: str) -> tuple[str, dict[str, float] | None]:
    """--model-price 'glm-4.5-air=0.20,1.10,,0.03' -> (model, {input, output, cache_read});
    'MODEL=' -> (model, None): remove its prices. '' or '?' leaves one price unknown."""
    flag = "--model-price"
    model, sep, values = text.partition("=")
    model = model.strip()
    hint = f"e.g. {flag} glm-4.5-air=0.20,1.10 or {flag} 'glm-4.5-air=0.20,1.10,0.20,0.03'"
    if not sep or not model:
        raise UsageError(f"{flag} expects MODEL=IN,OUT[,CACHE_WRITE,CACHE_READ], got {text!r}", hint)
    check_text(f"{flag} model", model)
    if not values.strip():
        return model, None
    parts = [part.strip() for part in values.split(",")]
    if not 2 <= len(parts) <= 4:
        raise UsageError(f"{flag} {model}: give 2 to 4 prices (input, output, cache write, "
                         f"cache read), got {len(parts)}", hint)
    table = {}
    for key, part in zip(KEYS, parts):
        if part.lower() in ("", "?", "unknown"):
            continue
        try:
            value = float(part.lstrip("$"))
        except ValueError:
            raise UsageError(f"{flag} {model}: {key} must be a number (USD per million "
                             f"tokens), got {part!r}", hint) from None
        table[key] = check_price(value, f"{flag} {model} {key}")
    if not table:
        return model, None
    return model, table
