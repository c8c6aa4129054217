"""The one masking rule for a key shown to people (`show`, `list`, doctor, error lines).

What is masked: a variable whose name says it holds a secret, or whose value is shaped like
a key (hidden(); `show` and doctor both ask it). How: mask() keeps at most the first 3 and
last 4 characters.
"""

from __future__ import annotations

import re

from .lazy_re import LazyPattern

# Names that hold or carry a secret: ..._KEY, ..._TOKEN, passwords, auth, headers (they can
# carry `Authorization: ...`), credentials and cookies. TOKENS (a count, as in
# CLAUDE_CODE_MAX_OUTPUT_TOKENS) is not a secret.
SECRET_NAME_RE = LazyPattern(r"KEY|TOKEN(?!S)|SECRET|PASS|AUTH|HEADER|CREDENTIAL|COOKIE", re.I)


def mask(secret: str | None) -> str:
    """At most the first 3 and last 4 characters; less for short secrets."""
    if not secret:
        return ""
    if len(secret) < 12:
        return "*" * min(len(secret), 8)
    return f"{secret[:3]}…{secret[-4:]}"


def secret_name(name: str) -> bool:
    """Whether a variable's name says it holds (or carries) a secret."""
    return bool(SECRET_NAME_RE.search(name))


def hidden(name: str, value: str) -> bool:
    """Whether `name=value` is shown masked: by its name, or by the value's shape."""
    from .profile.share import looks_like_secret

    return bool(value) and (secret_name(name) or looks_like_secret(value))
