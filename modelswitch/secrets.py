"""Where keys live: the OS keyring (default), an environment variable, or a command.

The SecretStore protocol is what commands receive, so tests inject MemoryStore. The
keyring module is imported only inside KeyringStore's methods: `env` for a profile whose
key is in an environment variable never loads it.
"""

from __future__ import annotations

import os
import subprocess
from typing import Mapping, Protocol

from .errors import KEYRING_HINT, KeyringUnavailable, KeyUnavailable
from .profiles import Profile

SERVICE = "modelswitch"


class SecretStore(Protocol):
    def get(self, name: str) -> str | None: ...
    def set(self, name: str, secret: str) -> None: ...
    def delete(self, name: str) -> bool: ...


class MemoryStore:
    """In-memory store for unit tests."""

    def __init__(self, initial: dict[str, str] | None = None):
        self.data = dict(initial or {})

    def get(self, name: str) -> str | None:
        return self.data.get(name)

    def set(self, name: str, secret: str) -> None:
        self.data[name] = secret

    def delete(self, name: str) -> bool:
        return self.data.pop(name, None) is not None


class KeyringStore:
    """The OS keyring through the keyring package: service 'modelswitch', user = profile."""

    def _call(self, action: str, fn, *args):
        import keyring.errors

        try:
            return fn(*args)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringLocked:
            raise KeyringUnavailable(
                f"cannot {action} the key: the keyring is locked", "unlock it (log in to the desktop session, "
                "or `gnome-keyring-daemon --unlock`), or use --key-env VAR / --key-cmd CMD") from None
        except keyring.errors.NoKeyringError:
            raise KeyringUnavailable(
                f"cannot {action} the key: no usable keyring backend on this machine", KEYRING_HINT) from None
        except (keyring.errors.KeyringError, RuntimeError, OSError) as exc:
            text = str(exc)
            if action == "store" and args[-1]:  # a backend's message must not echo the key
                text = text.replace(args[-1], mask(args[-1]))
            detail = text.split(". ")[0][:120]
            raise KeyringUnavailable(
                f"cannot {action} the key: keyring backend failed ({type(exc).__name__}: {detail})",
                KEYRING_HINT) from None
        except Exception as exc:  # D-Bus and backend errors of every kind
            raise KeyringUnavailable(
                f"cannot {action} the key: keyring backend failed ({type(exc).__name__})", KEYRING_HINT) from None

    def get(self, name: str) -> str | None:
        import keyring

        return self._call("read", keyring.get_password, SERVICE, name)

    def set(self, name: str, secret: str) -> None:
        import keyring

        self._call("store", keyring.set_password, SERVICE, name, secret)

    def delete(self, name: str) -> bool:
        import keyring

        result = self._call("delete", keyring.delete_password, SERVICE, name)
        return result is not False


_default: SecretStore | None = None


def default_store() -> SecretStore:
    global _default
    if _default is None:
        _default = KeyringStore()
    return _default


def set_default_store(store: SecretStore | None) -> None:
    """Tests install a MemoryStore here; None restores the keyring store."""
    global _default
    _default = store


def backend_name() -> str:
    import keyring

    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def read_key(profile: Profile, store: SecretStore, environ: Mapping[str, str] | None = None) -> str | None:
    """The profile's key from its source; None for key_source 'none'. Raises if unreadable."""
    environ = os.environ if environ is None else environ
    source = profile.key_source
    if source == "none":
        return None
    if source == "keyring":
        key = store.get(profile.name)
        if not key:
            raise KeyUnavailable(
                f"profile {profile.name!r} has no key in the keyring",
                f"store one with `modelswitch key set {profile.name}`",
            )
        return key
    kind, _, rest = source.partition(":")
    if kind == "env":
        key = environ.get(rest, "")
        if not key:
            raise KeyUnavailable(
                f"profile {profile.name!r} reads its key from ${rest}, which is not set",
                f"export {rest}=... first, or store the key with `modelswitch key set {profile.name}`",
            )
        return key
    if kind == "cmd":
        return _run_key_command(profile.name, rest)
    raise KeyUnavailable(f"profile {profile.name!r} has an unknown key source {source!r}",
                         "use keyring, env:VAR, cmd:COMMAND or none")


def _run_key_command(name: str, command: str) -> str:
    try:
        done = subprocess.run(command, shell=True, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, timeout=60)
    except subprocess.TimeoutExpired:
        raise KeyUnavailable(f"the key command of profile {name!r} timed out after 60 s",
                             "check the command with `modelswitch show " + name + "`") from None
    if done.returncode != 0:
        raise KeyUnavailable(f"the key command of profile {name!r} failed with exit status {done.returncode}",
                             "run the command yourself to see why") from None
    key = done.stdout.decode("utf-8", "replace").strip()
    if not key:
        raise KeyUnavailable(f"the key command of profile {name!r} printed nothing",
                             "it must print the key on standard output")
    return key


def key_state(profile: Profile, store: SecretStore) -> str:
    """keyring / env / cmd / none / missing, for `list` (never reads a cmd key)."""
    source = profile.key_source
    if source == "none":
        return "none"
    if source.startswith("cmd:"):
        return "cmd"
    if source.startswith("env:"):
        return "env" if os.environ.get(source[4:]) else "missing"
    try:
        return "keyring" if store.get(profile.name) else "missing"
    except KeyringUnavailable:
        return "unavailable"


def mask(secret: str | None) -> str:
    """At most the first 3 and last 4 characters; less for short secrets."""
    if not secret:
        return ""
    if len(secret) < 12:
        return "*" * min(len(secret), 8)
    return f"{secret[:3]}…{secret[-4:]}"
