"""The one masking rule for a key shown to people (`show`, `list`, doctor, error lines)."""

from __future__ import annotations


def mask(secret: str | None) -> str:
    """At most the first 3 and last 4 characters; less for short secrets."""
    if not secret:
        return ""
    if len(secret) < 12:
        return "*" * min(len(secret), 8)
    return f"{secret[:3]}…{secret[-4:]}"
