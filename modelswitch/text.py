"""The one escaping rule for text modelswitch prints for people: nothing printed can drive
the terminal.

A value can come from a hand-edited profile, an imported file, a Claude settings file or a
provider's reply, and any of them may carry ESC sequences (clear the screen, set the
clipboard with OSC 52, retitle the window), BEL, CR or backspace (overwrite what was
printed) or bidi controls (show text in another order than it is). printable() replaces
every such character with a visible escape (`\\x1b`, `\\t`, `\\u202e`) and keeps all other
text, letters of every script included, as it is.

Backslashes are not escaped, so printable() is idempotent: a value escaped where it is
built and again where it is printed comes out the same. JSON output needs none of this
(json.dumps escapes control characters itself).

Also the one writer of lines for people on standard error: say() for a `modelswitch: ...`
note, warn() for a `modelswitch: warning: ...`, note() for a line as given (a continuation,
or a message that already names modelswitch). Errors reach them through cli.main.
"""

from __future__ import annotations

import sys
import unicodedata

# Cc: C0 controls, DEL and C1 controls; Cf: format controls (bidi embeddings, overrides
# and isolates, zero-width characters, BOM); Zl/Zp: line and paragraph separators;
# Cs: lone surrogates (undecodable bytes kept by surrogateescape).
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(c: str) -> str:
    if c in NAMED:
        return NAMED[c]
    code = ord(c)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def is_unsafe(c: str) -> bool:
    return unicodedata.category(c) in UNSAFE_CATEGORIES


def printable(value: object) -> str:
    """One line of text with every control, format and separator character escaped."""
    text = str(value)
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(c) if is_unsafe(c) else c for c in text)


def note(line: str) -> None:
    """One line on standard error, as given, flushed (it must land before whatever a child
    process started next prints)."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def say(message: str) -> None:
    """A `modelswitch: <message>` line on standard error."""
    note(f"modelswitch: {message}")


def warn(message: str) -> None:
    """A `modelswitch: warning: <message>` line on standard error."""
    say(f"warning: {message}")
