"""resolve(): the one place that decides what a profile does to the environment.

Input: a profile, a secret store and the current environment (only the marker is read
from it). Output: Changes, a sorted mapping VAR -> value, or None meaning "unset".
Renderers quote it; the launcher applies it; nothing else decides.
"""

from __future__ import annotations

from .profile import fields, tiers
from .errors import KeyUnavailable
from .profile.schema import FIELD_VARS, Profile
from .saved import SAVED_VAR
from .saved import encode as encode_saved
from .saved import read as read_saved
from .keys.store import SecretStore, read_key

TYPE_CHECKING = False  # typing costs ~3 ms at every launch: annotations only
if TYPE_CHECKING:
    from typing import Mapping

Changes = dict[str, "str | None"]  # VAR -> value, None: unset

PROFILE_VAR = "MODELSWITCH_PROFILE"
MARKER_VAR = "MODELSWITCH_VARS"  # comma-separated names this profile set
PLACEHOLDER_TOKEN = "modelswitch-no-key"

CREDENTIAL_VARS = ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY")
AUTH_VAR = {"bearer": "ANTHROPIC_AUTH_TOKEN", "api-key": "ANTHROPIC_API_KEY"}

# Every other variable the pinned claude (2.1.330, read from its strings and checked on
# the wire) turns into a credential or header on its API requests. A switch owns them like
# the pair above: a profile sets at most the pair, so each of these is unset by `use`/`off`
# and neutralised ("") by `run`, or the user's own token/header would travel to the
# profile's host beside the profile's key.
OTHER_CREDENTIAL_VARS = (
    "ANTHROPIC_CUSTOM_HEADERS",  # "Name: value" lines sent on every API request
    "CLAUDE_CODE_OAUTH_TOKEN",  # Authorization: Bearer, outranks the launcher's fd token
    "CLAUDE_CODE_OAUTH_REFRESH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR",  # a key read from an inherited fd
    "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR",
    "CLAUDE_CODE_GATEWAY_TOKEN_FILE_DESCRIPTOR",
    "CLAUDE_CODE_SESSION_ACCESS_TOKEN",
    "ANTHROPIC_IDENTITY_TOKEN",
    "ANTHROPIC_IDENTITY_TOKEN_FILE",
)
ALL_CREDENTIAL_VARS = CREDENTIAL_VARS + OTHER_CREDENTIAL_VARS

# The pinned claude's cloud modes: each outranks ANTHROPIC_BASE_URL and brings its own
# credentials (ANTHROPIC_FOUNDRY_API_KEY, AWS_BEARER_TOKEN_BEDROCK, ANTHROPIC_AWS_API_KEY,
# CLAUDE_CODE_GATEWAY_TOKEN, cloud SDK logins), which claude sends only in that mode (verified
# on 2.1.332: alone they reach no host). A switch owns every mode flag, so a mode left in the
# shell cannot redirect a profile, and those credentials stay the user's, unused.
CLOUD_MODE_VARS = tuple(f"CLAUDE_CODE_USE_{mode}" for mode in (
    "BEDROCK", "VERTEX", "FOUNDRY", "GATEWAY", "ANTHROPIC_AWS", "ANTHROPIC_GOOGLE_CLOUD", "MANTLE"))

# Every variable a switch owns: set when the profile sets it, unset otherwise.
MANAGED_VARS = (
    "ANTHROPIC_BASE_URL",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_API_KEY",
    *OTHER_CREDENTIAL_VARS,
    *tiers.OTHER_MODEL_VARS,
    *tiers.all_slot_vars(),
    "CLAUDE_CODE_MAX_CONTEXT_TOKENS",
    *CLOUD_MODE_VARS,
    PROFILE_VAR,
    MARKER_VAR,
)
# ...and every variable a profile field feeds (fields.FIELDS), so a new field's are owned too.
MANAGED_VARS += tuple(var for var in fields.field_vars() if var not in MANAGED_VARS)


def previous_vars(environ: Mapping[str, str]) -> set[str]:
    """The variables the previously applied profile set, from its marker."""
    from .profile.validate import ENV_KEY_RE

    names = environ.get(MARKER_VAR, "").split(",")
    return {n for n in names if ENV_KEY_RE.fullmatch(n)}


def _source_slot(profile: Profile, slot: str) -> str:
    """The slot whose model and picker text `slot` uses: its own, or its fallback's."""
    fallback = tiers.FALLBACK.get(slot)
    return fallback if fallback and not getattr(profile, slot) else slot


def slot_models(profile: Profile) -> dict[str, str]:
    """Each model slot's model id (fallbacks applied), for the slots that have one."""
    models = {slot: getattr(profile, _source_slot(profile, slot)) for slot in tiers.SLOT_VARS}
    return {slot: model for slot, model in models.items() if model}


def picker_text(profile: Profile, slot: str, attribute: str) -> str:
    return profile.picker.get(f"{_source_slot(profile, slot)}_{attribute}", "")


def profile_values(profile: Profile, key: str | None) -> dict[str, str]:
    """The variables a profile sets, before bookkeeping. Pure."""
    values: dict[str, str] = {}
    for f in fields.FIELDS:  # base URL, models, context window: each field's variables
        value = getattr(profile, f.name)
        if f.env and value not in ("", None):
            values.update(dict.fromkeys(f.env, str(value)))
    for slot, model in slot_models(profile).items():  # the slots again, with fallbacks
        values[tiers.slot_var(slot)] = model
        for attribute in tiers.PICKER_ATTRIBUTES:
            text = picker_text(profile, slot, attribute)
            if text:
                values[tiers.slot_var(slot, attribute)] = text
    for name, value in profile.env.items():
        if name in FIELD_VARS:
            continue  # refused in profile files; a Profile built in code cannot sneak them in
        values[name] = value
    credential = AUTH_VAR[profile.auth]
    if key is not None:
        values[credential] = key
    elif values.get("ANTHROPIC_BASE_URL"):
        # Never a base URL without a credential: Claude Code would send the user's
        # claude.ai login to the third-party host. Keyless endpoints get a placeholder.
        values[credential] = PLACEHOLDER_TOKEN
    return values


def _is_utf8(text: str) -> bool:
    """False for text that cannot be encoded, e.g. os.environ's surrogate-escaped bytes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def resolve(profile: Profile, store: SecretStore, environ: Mapping[str, str] | None = None,
            key: str | None = None) -> Changes:
    """Changes that switch from whatever is active to `profile`.

    Reads the key (raising KeyUnavailable if it cannot: never half a profile) unless
    `key` is given. Unsets every managed variable and every leftover of the previous
    profile that this one does not set.
    """
    environ = {} if environ is None else environ
    if key is None:
        key = read_key(profile, store, environ)
    if key is not None and ("\x00" in key or not key.strip() or not _is_utf8(key)):
        raise KeyUnavailable(f"the key of profile {profile.name!r} is empty, not UTF-8 text or holds a NUL byte",
                             f"store it again with `modelswitch key set {profile.name}`")
    values = profile_values(profile, key)
    values[PROFILE_VAR] = profile.name
    values[MARKER_VAR] = ",".join(sorted(values))  # what this profile set, incl. PROFILE_VAR
    changes: Changes = {name: None for name in set(MANAGED_VARS) | previous_vars(environ)}
    changes.update(values)
    changes[SAVED_VAR] = remember_originals(changes, environ)
    return dict(sorted(changes.items()))


# modelswitch's own bookkeeping: never recorded as the user's, never restored by `off`.
BOOKKEEPING_VARS = (PROFILE_VAR, MARKER_VAR, SAVED_VAR)


def remember_originals(touched: Mapping[str, object], environ: Mapping[str, str]) -> str | None:
    """The SAVED_VAR value after a switch that touches these names (None: nothing to keep).

    Keeps what was recorded before and adds the user's value of each touched variable that
    is set in environ, unless the previous profile's marker lists it (then the value is
    that profile's, not the user's) or an original is already recorded. See saved.py.
    """
    saved, _ = read_saved(environ)  # an unusable record is replaced (work.py warns)
    profiles_own = previous_vars(environ)
    for name in touched:
        if name in environ and name not in saved and name not in profiles_own \
                and name not in BOOKKEEPING_VARS:
            saved[name] = environ[name]
    return encode_saved(saved) if saved else None


def is_active(environ: Mapping[str, str]) -> bool:
    """Whether a switch is in effect: any of the bookkeeping variables is set."""
    return any(name in environ for name in BOOKKEEPING_VARS)


def resolve_off(environ: Mapping[str, str] | None = None) -> Changes:
    """Changes that undo the switch: every managed variable and the previous profile's
    leftovers are unset, then the values the user had before the first switch come back.
    With no switch in effect, nothing changes (a second `off` keeps what the first gave back).
    """
    environ = {} if environ is None else environ
    if not is_active(environ):
        return {}
    changes: Changes = {name: None for name in set(MANAGED_VARS) | previous_vars(environ)}
    changes[SAVED_VAR] = None
    saved, _ = read_saved(environ)
    changes.update({name: value for name, value in saved.items() if name not in BOOKKEEPING_VARS})
    return dict(sorted(changes.items()))
