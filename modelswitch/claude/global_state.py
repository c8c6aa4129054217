"""What `use --global` remembers: a state file with no secret, and the user's original file.

The state file `<config home>/global.json` (0600) says which profile is switched globally,
in which settings file, which entries modelswitch wrote there (names and the non-secret
values it wrote) and the SHA-256 of the bytes it wrote, so `off --global` can tell whether
anything else changed the file since.

The user's original settings file (its exact text, or "absent") is what `off --global`
puts back. It can hold the user's own credentials (an ANTHROPIC_API_KEY in its env block,
an apiKeyHelper like `echo sk-...`, a token in some other variable). Decision: when any
string in it is a credential variable's value or looks like a key (share.looks_like_secret),
the original goes to the OS keyring (service `modelswitch`, entry SAVED_ENTRY, a name no
profile can have) and the state file only says so; when nothing in it looks secret, it
stays in the state file, so `use --global` works without a keyring for keyless or
env/cmd-key profiles. With a secret and no usable keyring, the switch is refused (the
user's key must not be copied into a plain file).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import paths
from ..errors import ModelswitchError
from ..resolve import ALL_CREDENTIAL_VARS

SAVED_ENTRY = "@global-settings-original"  # NAME_RE needs a letter or digit first: no clash
STATE_VERSION = 1


def state_path() -> Path:
    return paths.config_home() / "global.json"


def sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


@dataclass
class State:
    profile: str
    settings: str                      # the settings path as claude reads it (not resolved)
    owned_env: dict[str, str]          # env entries modelswitch wrote, with their values
    helper: str                        # the apiKeyHelper command modelswitch wrote
    written_sha256: str | None = None  # the bytes modelswitch last wrote
    exact: bool = True                 # the saved original still restores the file exactly
    saved_in: str = "state"            # "state" or "keyring"
    original: str | None = field(default=None, repr=False)  # only when saved_in == "state"
    original_absent: bool = False
    version: int = STATE_VERSION


def load_state() -> State | None:
    path = state_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelswitchError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}",
                               "check its permissions") from None
    try:
        data = json.loads(text)
        state = State(**data)
        if not isinstance(state.owned_env, dict) or state.version != STATE_VERSION:
            raise TypeError
    except (ValueError, TypeError):
        raise ModelswitchError(f"{path} is not a modelswitch global state file",
                               "restore ~/.claude/settings.json by hand, then delete it") from None
    return state


def save_state(state: State) -> None:
    from ..profile.storage import atomic_write, ensure_dirs

    ensure_dirs()
    atomic_write(state_path(), json.dumps(asdict(state), indent=2, sort_keys=True) + "\n")


def drop_state() -> None:
    with contextlib.suppress(FileNotFoundError):
        state_path().unlink()


def _strings(data):
    """(key, string) pairs of every string value in a JSON document (iterative)."""
    stack = [(None, data)]
    while stack:
        key, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.items())
        elif isinstance(item, list):
            stack.extend((key, v) for v in item)
        elif isinstance(item, str):
            yield key, item


def holds_secret(text: str | None) -> bool:
    """Whether a settings file's text may hold a credential (then it is kept in the keyring)."""
    from ..profile.share import looks_like_secret

    if not text or not text.strip():
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return True  # cannot tell: treat as secret
    for key, value in _strings(data):
        if value and (key in ALL_CREDENTIAL_VARS or key == "apiKeyHelper" or looks_like_secret(value)):
            return True
    return False


def keep_original(state: State, original: str | None, store) -> None:
    """Save the user's original file text in the state (no secret) or the keyring."""
    state.original_absent = original is None
    if not holds_secret(original):
        state.saved_in, state.original = "state", original
        return
    from ..errors import KeyUnavailable

    try:
        store.set(SAVED_ENTRY, original)
    except KeyUnavailable as exc:
        raise ModelswitchError(
            "your Claude Code settings file holds a credential, which modelswitch keeps only in "
            f"the OS keyring while it is switched, and the keyring is not usable: {exc.message}",
            "fix the keyring (see `modelswitch doctor`), or move that credential out of the "
            "settings file") from None
    state.saved_in, state.original = "keyring", None


def original_text(state: State, store) -> str | None:
    """The user's original file text (None: there was no file)."""
    if state.original_absent:
        return None
    if state.saved_in == "state":
        return state.original
    text = store.get(SAVED_ENTRY)
    if text is None:
        raise ModelswitchError("the saved copy of your settings file is missing from the keyring",
                               f"edit the file by hand, then delete {state_path()}")
    return text


def forget_original(state: State, store) -> None:
    if state.saved_in == "keyring":
        with contextlib.suppress(ModelswitchError):
            store.delete(SAVED_ENTRY)
