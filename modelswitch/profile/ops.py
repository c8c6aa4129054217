"""Work functions behind add / edit / rename / remove / key: profiles in, files and keys out.

Every function receives the SecretStore it may touch, so tests pass a MemoryStore and the
CLI passes secrets.default_store(). Validation happens before anything is written; a key
is stored only once the profile is known to be valid, and under the same lock as the file
write, so a failing keyring leaves no half profile behind.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from modelswitch import model_prices
from modelswitch import paths
from modelswitch.profile import schema as profiles
from modelswitch.keys import prompt as secret_input
from modelswitch.profile import storage
from modelswitch.profile import tiers
from modelswitch.profile import validate
from modelswitch.errors import ProfileExists, UsageError
from modelswitch.profile.schema import Profile
from modelswitch.keys.store import SecretStore

MODEL_FIELDS = profiles.MODEL_FIELDS
PRESET_FIELDS = ("description", "base_url", "auth") + MODEL_FIELDS + (
    "context_window",) + profiles.PRICE_FIELDS
FIELD_FLAGS = {"base_url": "--base-url", "context_window": "--context-window",
               **{name: "--" + name.replace("_", "-") for name in profiles.PRICE_FIELDS},
               **{name: "--" + name.replace("_", "-") for name in MODEL_FIELDS}}
# --tier-name / --tier-description / --tier-capabilities: the picker attribute each sets
PICKER_FLAGS = {attribute: f"--tier-{attribute}" for attribute in tiers.PICKER_ATTRIBUTES}


@dataclass
class ProfileFlags:
    """What the user gave on the command line (None = not given)."""

    preset: str | None = None
    base_url: str | None = None
    model: str | None = None
    haiku: str | None = None
    sonnet: str | None = None
    opus: str | None = None
    fable: str | None = None
    custom_model: str | None = None
    subagent: str | None = None
    context_window: int | None = None
    price_input: str | None = None  # "" (or "unknown") clears the price
    price_output: str | None = None
    price_cache_write: str | None = None
    price_cache_read: str | None = None
    model_price: list[str] = field(default_factory=list)  # "MODEL=IN,OUT[,CW,CR]"; "MODEL=" drops
    auth: str | None = None
    description: str | None = None
    env: list[str] = field(default_factory=list)
    unset_env: list[str] = field(default_factory=list)
    # picker attribute -> ["TIER=TEXT", ...] (--tier-name opus="Kimi K2"; empty TEXT clears)
    picker: dict[str, list[str]] = field(default_factory=dict)

    def given(self) -> bool:
        values = dataclasses.asdict(self)
        return any(v not in (None, []) for k, v in values.items() if k != "picker") or \
            any(self.picker.values())


def picker_key(attribute: str, text: str) -> tuple[str, str]:
    """'opus=Kimi K2' given to --tier-name -> ('opus_name', 'Kimi K2')."""
    flag = PICKER_FLAGS[attribute]
    slot, sep, value = text.partition("=")
    slot = tiers.SLOT_ALIASES.get(slot.strip(), slot.strip())
    if not sep or slot not in tiers.SLOT_VARS:
        names = ", ".join(s for s in tiers.SLOT_VARS if s not in tiers.SLOT_ALIASES.values())
        raise UsageError(f"{flag} expects TIER=TEXT, got {text!r}",
                         f"TIER is one of {names}, custom; e.g. {flag} opus=\"Kimi K2 Thinking\"")
    key = f"{slot}_{attribute}"
    return key, validate.check_picker_text(key, value.strip(), f"{flag} {slot}")


def price_flag(flag: str, text: str) -> float | None:
    """--price-input 0.60 -> 0.6; '' or 'unknown' -> None (unknown, never $0)."""
    text = text.strip()
    if text.lower() in ("", "unknown", "?"):
        return None
    try:
        value = float(text.lstrip("$"))
    except ValueError:
        raise UsageError(f"{flag} must be a number (USD per million tokens), got {text!r}",
                         f"e.g. {flag} 0.60; {flag} '' clears it") from None
    return validate.check_price(value, flag)


def _single_line(label: str, value: str) -> str:
    return validate.check_text(label, value)


def _env_pair(text: str) -> tuple[tuple[str, str], list[str]]:
    """((key, value), URL warnings) for one --env; validate.check_env holds the rules."""
    key, value = validate.parse_env_assignment(text)
    return (key, value), validate.check_env(key, value)


def apply_flags(profile: Profile, flags: ProfileFlags) -> list[str]:
    """Validate the flags and apply them to `profile` (in place). Returns URL warnings."""
    warnings: list[str] = []
    if flags.base_url is not None:
        warnings = validate.check_url(flags.base_url)  # also refuses control characters
        profile.base_url = flags.base_url
    if flags.auth is not None:
        profile.auth = validate.check_auth(flags.auth)
    for name in MODEL_FIELDS:
        value = getattr(flags, name)
        if value is not None:
            setattr(profile, name, _single_line(FIELD_FLAGS[name], value.strip()))
    for attribute, items in flags.picker.items():
        for text in items:
            key, value = picker_key(attribute, text)
            if value:
                profile.picker[key] = value
            else:
                profile.picker.pop(key, None)
    if flags.description is not None:
        profile.description = _single_line("--description", flags.description)
    if flags.context_window is not None:
        profile.context_window = validate.check_context_window(flags.context_window,
                                                               "--context-window")
    for name in profiles.PRICE_FIELDS:
        value = getattr(flags, name)
        if value is not None:
            setattr(profile, name, price_flag(FIELD_FLAGS[name], value))
    for text in flags.model_price:
        model, table = model_prices.parse_flag(text)
        if table is not None:
            profile.prices[model] = table
        elif profile.prices.pop(model, None) is None:
            warnings.append(f"--model-price {model}=: profile {profile.name!r} has no prices "
                            "for that model")
    for key in flags.unset_env:
        if profile.env.pop(validate.check_env_key(key), None) is None:
            warnings.append(f"--unset-env {key}: profile {profile.name!r} has no such variable")
    for text in flags.env:
        (key, value), url_warnings = _env_pair(text)
        warnings += url_warnings
        profile.env[key] = value
    return warnings


def overlay_preset(profile: Profile, preset: Profile) -> None:
    """Take the preset's URL, auth, models, context window, prices (the profile-level ones
    and the per-model table) and description; merge env."""
    for name in PRESET_FIELDS:
        setattr(profile, name, getattr(preset, name))
    profile.prices = {model: dict(table) for model, table in preset.prices.items()}
    profile.picker = dict(preset.picker)
    profile.env.update(preset.env)
    profile.preset = preset.name


def build_new(name: str, flags: ProfileFlags, source: str) -> tuple[Profile, list[str]]:
    """A new profile: the preset (if any), then the flags on top. Validates everything."""
    validate.check_name(name)
    profile = Profile(name=name)
    if flags.preset:
        overlay_preset(profile, profiles.load_preset(flags.preset))
    if flags.base_url == "":
        raise UsageError("--base-url is empty", "give the provider's Anthropic-compatible URL")
    warnings = apply_flags(profile, flags)
    if not profile.base_url and not flags.preset:
        raise UsageError("no base URL: give --base-url URL or --preset NAME",
                         "see `modelswitch presets`, e.g. --preset kimi")
    profile.key_source = validate.check_key_source(source)
    return profile, warnings


def save(profile: Profile, secret: str | None, store: SecretStore, *, new: bool,
         force: bool = False) -> None:
    """Write the profile and, if given, its key, under one lock.

    The key goes in first: if the keyring refuses it, no file is written. If the file
    write then fails, the keyring entry is put back as it was. A keyring entry the saved
    profile does not use is deleted (best effort): a new profile without a key of its own
    never inherits one left by an earlier profile of that name (it could belong to another
    provider), and an edit that moves the key out of the keyring leaves nothing behind.
    Profiles whose key always lived elsewhere do not touch the keyring.
    """
    text = storage.dumps(profile)
    path = paths.profile_path(profile.name)
    with storage.locked():
        if new:
            storage.refuse_existing(profile.name, force)
            stale = secret is None and (profile.key_source == "keyring" or _keyring_sourced(path))
        elif not path.exists():
            raise profiles.not_found(profile.name, profiles.profile_names(), "profile")
        else:
            stale = profile.key_source != "keyring" and _keyring_sourced(path)
        previous = None
        if secret is not None:
            previous = _current_key(store, profile.name)
            store.set(profile.name, secret)
        try:
            storage.atomic_write(path, text)
        except BaseException:
            if secret is not None:
                _restore(store, profile.name, previous)
            raise
        if stale:
            _forget_key(store, profile.name)


def _keyring_sourced(path) -> bool:
    """Whether the profile file being replaced kept its key in the keyring (or is broken)."""
    from modelswitch.errors import InvalidProfile

    if not path.exists():
        return False
    try:
        return profiles.load_file(path).key_source == "keyring"
    except InvalidProfile:
        return True


def _forget_key(store: SecretStore, name: str) -> bool:
    """Delete a keyring entry nothing should use; best effort (the profile itself is saved)."""
    from modelswitch.errors import KeyringUnavailable

    try:
        return store.delete(name)
    except KeyringUnavailable:
        return False


def _current_key(store: SecretStore, name: str) -> str | None:
    """The key stored now (to put back on failure); None if unreadable: set() will say why.
    A keyring that does not answer is not asked twice."""
    from modelswitch.errors import KeyringUnavailable
    from modelswitch.keys.store import KeyringTimeout

    try:
        return store.get(name)
    except KeyringTimeout:
        raise
    except KeyringUnavailable:
        return None


def _restore(store: SecretStore, name: str, previous: str | None) -> None:
    if previous is None:
        store.delete(name)
    else:
        store.set(name, previous)


def prepare_edit(name: str, flags: ProfileFlags,
                 choice: secret_input.KeyChoice | None) -> tuple[Profile, Profile, list[str]]:
    """(old, new, warnings) for `edit`; nothing is written yet."""
    old = profiles.load_profile(name)
    new = dataclasses.replace(old, env=dict(old.env), picker=dict(old.picker),
                              prices={model: dict(table) for model, table in old.prices.items()})
    if flags.preset:
        overlay_preset(new, profiles.load_preset(flags.preset))
    warnings = apply_flags(new, flags)
    if choice is not None:
        new.key_source = choice.source
    return old, new, warnings


def changed_fields(old: Profile, new: Profile) -> list[str]:
    a, b = old.to_dict(), new.to_dict()
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def rename(old_name: str, new_name: str, store: SecretStore) -> bool:
    """Rename a profile; a keyring key moves with it (read old, set new, delete old), all
    under the profile lock. A leftover keyring entry for the new name is never adopted.

    Returns whether a key was moved.
    """
    validate.check_name(new_name)
    with storage.locked():
        profile = profiles.load_profile(old_name)
        if old_name == new_name:
            raise UsageError("the old and new names are the same", "pick another name")
        if paths.profile_path(new_name).exists():
            raise ProfileExists(f"profile {new_name!r} already exists",
                                f"pick another name, or first `modelswitch remove {new_name}`")
        in_keyring = profile.key_source == "keyring"
        key = store.get(old_name) if in_keyring else None
        if key:
            store.set(new_name, key)
        elif in_keyring:
            store.delete(new_name)
        renamed = dataclasses.replace(profile, name=new_name)
        try:
            storage.rename_profile_file(old_name, new_name, storage.dumps(renamed))
        except BaseException:
            if key:
                store.delete(new_name)
            raise
        if in_keyring:
            store.delete(old_name)
    return bool(key)


def remove(name: str, store: SecretStore) -> bool:
    """Delete the profile's keyring entry, then its file, under the profile lock. Returns
    whether a key was deleted.

    A broken file can be removed too (its keyring entry is deleted if the keyring works).
    Profiles whose key lives elsewhere do not touch the keyring at all.
    """
    from modelswitch.errors import InvalidProfile

    validate.check_name(name)
    with storage.locked():
        if not paths.profile_path(name).exists():
            raise profiles.not_found(name, profiles.profile_names(), "profile")
        try:
            source = profiles.load_profile(name).key_source
        except InvalidProfile:
            source = None
        deleted = False
        if source == "keyring":
            deleted = store.delete(name)
        elif source is None:
            deleted = _forget_key(store, name)
        storage.delete_profile_file(name)
    return deleted


def set_key(name: str, secret: str, store: SecretStore) -> str:
    """Store the key in the keyring and make the profile read it from there.

    Returns the previous key source.
    """
    with storage.locked():
        profile = profiles.load_profile(name)
        previous = profile.key_source
        if previous == "keyring":
            store.set(name, secret)
            return previous
        profile.key_source = "keyring"
        save(profile, secret, store, new=False)
    return previous


def rm_key(name: str, store: SecretStore) -> bool:
    """Delete the profile's keyring entry; True if there was one."""
    validate.check_name(name)
    with storage.locked():
        deleted = store.delete(name)
        if not deleted and not paths.profile_path(name).exists():
            raise profiles.not_found(name, profiles.profile_names(), "profile")
    return deleted
