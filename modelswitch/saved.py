"""MODELSWITCH_SAVED: what the user had before the first switch, so `off` can give it back.

The idea is direnv's (DIRENV_DIFF keeps the previous environment in one variable) and
conda's (CONDA_BACKUP_<NAME> keeps a variable's value from before `activate`), in one
variable like direnv: the first switch records {name: original value} for every variable
it changes that the user had set, later switches add the ones they newly touch, and `off`
sets them back and drops the record. A variable the user had not set is not recorded, so
`off` unsets it as before.

Encoding: base64url (no padding) of ASCII-only JSON. The alphabet is [A-Za-z0-9_-], which
every renderer carries unchanged (POSIX, fish and PowerShell quote it, cmd's `SET "%%L"`
has no %, !, ^, quotes, CR or LF to trip over). JSON's \\u escapes keep every string
exactly, including a lone surrogate from a non-UTF-8 environment (surrogateescape), which
the renderer turns back into the original byte.

The value comes from the environment, so it is untrusted: decode() checks everything and
returns None for anything modelswitch would not have written. Nothing in it is ever run;
names and values reach a shell only through the renderers' quoting.
"""

from __future__ import annotations

import base64
import binascii
import json

from .lazy_re import LazyPattern

TYPE_CHECKING = False  # typing costs ~3 ms at every launch: annotations only
if TYPE_CHECKING:
    from typing import Mapping, Optional

SAVED_VAR = "MODELSWITCH_SAVED"
MAX_LENGTH = 256 * 1024  # far above any real environment record; refuses absurd input early
_ALPHABET = LazyPattern(r"[A-Za-z0-9_-]*")
_NAME = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*")


def encode(values: Mapping[str, str]) -> str:
    data = json.dumps(dict(sorted(values.items())), ensure_ascii=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode("ascii")).decode("ascii").rstrip("=")


def decode(text: str) -> Optional[dict[str, str]]:
    """{name: value} from a SAVED_VAR value, or None when it is not one modelswitch wrote
    (which never records its own MODELSWITCH_* variables)."""
    if len(text) > MAX_LENGTH or not _ALPHABET.fullmatch(text) or len(text) % 4 == 1:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        document = json.loads(raw.decode("ascii"))
    except (binascii.Error, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not isinstance(document, dict):
        return None
    for name, value in document.items():
        if not (_NAME.fullmatch(name) and not name.startswith("MODELSWITCH_")
                and isinstance(value, str) and "\x00" not in value):
            return None
    return document


def read(environ: Mapping[str, str]) -> tuple[dict[str, str], bool]:
    """(saved originals, whether the record was usable). An absent record is usable and empty."""
    text = environ.get(SAVED_VAR)
    if text is None:
        return {}, True
    found = decode(text)
    return (found, True) if found is not None else ({}, False)


def problem(environ: Mapping[str, str]) -> Optional[str]:
    """A one-line warning when the record in environ is unusable, else None."""
    if read(environ)[1]:
        return None
    return (f"modelswitch: warning: ignoring {SAVED_VAR}: it is not a record modelswitch "
            "wrote, so the values you had before `use` cannot be given back")
