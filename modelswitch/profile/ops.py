"""Work functions behind add / edit / rename / remove / key: profiles in, files and keys out.

Every function receives the SecretStore it may touch, so tests pass a MemoryStore and the
CLI passes secrets.default_store(). Validation happens before anything is written; a key
is stored only once the profile is known to be valid, and under the same lock as the file
write, so a failing keyring leaves no half profile behind.
"""

from __future__ import annotations


from modelswitch import paths
from modelswitch.profile import schema as profiles
from modelswitch.keys import prompt as secret_input
from modelswitch.profile import storage
from modelswitch.profile import validate
from modelswitch.errors import ProfileExists, UsageError
from modelswitch.profile.schema import Profile
from modelswitch.keys.store import SecretStore
from modelswitch.profile.flags import (FIELD_FLAGS, MODEL_FIELDS, PICKER_FLAGS,  # noqa: F401
                                       PRESET_FIELDS, ProfileFlags, apply_flags, picker_key,
                                       price_flag)

def overlay_preset(profile: Profile, preset: Profile) -> None:
    """Take the preset's fields that fields.FIELDS marks `preset` (URL, auth, models and
    picker text, context window, prices, description), copied; merge env."""
    for name in PRESET_FIELDS:
        setattr(profile, name, profiles.copy_value(getattr(preset, name)))
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
    new = old.replace(**{name: profiles.copy_value(getattr(old, name)) for name in profiles.FIELD_NAMES})
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
        renamed = profile.replace(name=new_name)
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
