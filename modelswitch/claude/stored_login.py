"""Does Claude Code hold a login of its own that it would send beside a profile's token?

A Console /login keeps its API key as "primaryApiKey" in ~/.claude.json. Verified with the
pinned claude (2.1.330, loopback server): with ANTHROPIC_AUTH_TOKEN in the environment,
claude sends `Authorization: Bearer <profile key>` *and* `x-api-key: <primaryApiKey>` to
the profile's host — the user's own Anthropic key to a third party. `run` prevents it (the
key goes by descriptor, launch_key.py); shell mode cannot, so `env`/`use` warn and doctor
fails. This runs on `env`, at shell start: the file (often megabytes of project history)
is parsed only when its bytes mention the key at all.
"""

from __future__ import annotations

import json
from pathlib import Path

from .settings import claude_json_path

TYPE_CHECKING = False  # typing costs ~3 ms at every shell start: annotations only
if TYPE_CHECKING:
    from typing import Mapping

KEY_FIELD = "primaryApiKey"
MAX_BYTES = 64 << 20  # a larger ~/.claude.json is not read at shell start


def stored_api_key_file(environ: Mapping[str, str]) -> Path | None:
    """The ~/.claude.json path when it holds a non-empty primaryApiKey, else None."""
    path = claude_json_path(environ)
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    if KEY_FIELD.encode() not in raw:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None  # doctor reports an unreadable file
    return path if isinstance(data, dict) and data.get(KEY_FIELD) else None


def shell_mode_warning(profile, environ: Mapping[str, str]) -> str | None:
    """One stderr line when claude started from a switched shell would send the stored key."""
    if profile.auth != "bearer" or not profile.base_url:
        return None  # no third-party host, or the profile's own x-api-key takes its place
    path = stored_api_key_file(environ)
    if path is None:
        return None
    return (f"modelswitch: warning: {path} holds a Console login key ({KEY_FIELD}); claude "
            f"started from this shell sends it as x-api-key to {profile.base_url} beside the "
            f"profile's token: start claude with `modelswitch run {profile.name}`, or run "
            "`claude /logout`")
