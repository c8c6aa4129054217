"""profile_ops work functions with injected stores: failures roll back, no half profiles."""

import pytest

from modelswitch import paths
from modelswitch.profile import ops as profile_ops, schema as profiles, storage
from modelswitch.errors import KeyringUnavailable, ModelswitchError
from modelswitch.profile.ops import ProfileFlags
from modelswitch.keys.store import MemoryStore


class NoKeyring:
    """A store whose every call fails like a missing backend (and counts the calls)."""

    def __init__(self):
        self.calls = 0

    def _fail(self, *args):
        self.calls += 1
        raise KeyringUnavailable("cannot use the key: no usable keyring backend", "hint")

    get = set = delete = _fail


def new_profile(name, store, secret=None, **flags):
    flags.setdefault("base_url", "https://h.example/anthropic")
    profile, _ = profile_ops.build_new(name, ProfileFlags(**flags),
                                       "keyring" if secret else "none")
    profile_ops.save(profile, secret, store, new=True)
    return profile


def test_failed_file_write_puts_the_old_key_back(monkeypatch):
    store = MemoryStore()
    profile = new_profile("k", store, "sk-test-old-000000")
    monkeypatch.setattr(storage, "atomic_write", lambda path, text: (_ for _ in ()).throw(
        OSError("disk full")))
    with pytest.raises(ModelswitchError, match="disk full"):  # one line, no traceback
        profile_ops.save(profile, "sk-test-new-111111", store, new=False)
    assert store.data == {"k": "sk-test-old-000000"}


def test_failed_first_write_leaves_no_key(monkeypatch):
    store = MemoryStore()
    profile, _ = profile_ops.build_new("k", ProfileFlags(base_url="https://h.example"), "keyring")
    monkeypatch.setattr(storage, "atomic_write", lambda path, text: (_ for _ in ()).throw(
        OSError("disk full")))
    with pytest.raises(ModelswitchError, match="disk full"):  # one line, no traceback
        profile_ops.save(profile, "sk-test-new-111111", store, new=True)
    assert store.data == {} and not paths.profile_path("k").exists()


def test_failed_rename_keeps_the_key_under_the_old_name(monkeypatch):
    store = MemoryStore()
    new_profile("a", store, "sk-test-aaaaaaaaaa")

    def boom(old, new, text):
        raise OSError("read-only file system")

    monkeypatch.setattr(storage, "rename_profile_file", boom)
    with pytest.raises((OSError, ModelswitchError)):  # the profile lock words an OSError
        profile_ops.rename("a", "b", store)
    assert store.data == {"a": "sk-test-aaaaaaaaaa"}
    assert profiles.profile_names() == ["a"]


def test_profiles_with_keys_elsewhere_never_touch_the_keyring():
    store = NoKeyring()
    new_profile("e", store)
    profile_ops.rename("e", "f", store)
    profile_ops.remove("f", store)
    assert store.calls == 0 and profiles.profile_names() == []


def test_remove_keeps_the_profile_when_its_keyring_key_cannot_be_deleted():
    new_profile("k", MemoryStore(), "sk-test-kkkkkkkkkk")
    with pytest.raises(KeyringUnavailable):
        profile_ops.remove("k", NoKeyring())
    assert paths.profile_path("k").exists()


def test_list_and_show_survive_an_unavailable_keyring(cli_run):
    from modelswitch.keys import store as secrets

    new_profile("k", MemoryStore(), "sk-test-kkkkkkkkkk")
    secrets.set_default_store(NoKeyring())
    listed = cli_run(["list"])
    assert listed.exit_code == 0 and "unavailable" in listed.stdout
    shown = cli_run(["show", "k"])
    assert shown.exit_code == 0 and "unavailable" in shown.stdout


def test_changed_fields_names_what_differs():
    a = profiles.Profile(name="x", base_url="https://a", model="m", env={"A": "1"})
    b = profiles.Profile(name="x", base_url="https://a", model="n", env={"A": "2"})
    assert profile_ops.changed_fields(a, b) == ["env", "model"]
    assert profile_ops.changed_fields(a, a) == []
