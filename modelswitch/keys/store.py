"""Where keys live: the OS keyring (default), an environment variable, or a command.

The SecretStore protocol is what commands receive, so tests inject MemoryStore. The
keyring module is imported only inside KeyringStore's methods: `env` for a profile whose
key is in an environment variable never loads it.
"""

from __future__ import annotations

import os

from ..errors import KeyringUnavailable, KeyUnavailable, UsageError
from .timeout import TIMEOUT_VAR, keyring_timeout, within  # noqa: F401  (doctor imports them here)
from ..profile.schema import Profile
from modelswitch.redact import mask  # noqa: F401  (the one masking rule; callers import it here)

TYPE_CHECKING = False  # typing costs ~3 ms at every launch: annotations only
if TYPE_CHECKING:
    from typing import Mapping, Protocol
else:
    Protocol = object  # SecretStore is a typing.Protocol for type checkers

SERVICE = "modelswitch"
# Backends that are not an OS keyring: a key "in the keyring" must never land there.
NOT_A_KEYRING = {
    "keyring.backends.fail.Keyring": "no keyring backend",
    "keyring.backends.null.Keyring": "the keyring is disabled (null backend)",
    "keyrings.alt.file.PlaintextKeyring": "keyrings.alt's PlaintextKeyring keeps keys in a plain file",
}
CHOOSE_HINT = (
    "choose an OS keyring with PYTHON_KEYRING_BACKEND or keyringrc.cfg (`keyring diagnose` shows "
    "where), or run a Secret Service (e.g. `dbus-run-session` + `gnome-keyring-daemon --unlock`); "
    "or keep the key elsewhere with --key-env VAR / --key-cmd CMD"
)


def _class_names(backend) -> list[str]:
    return [f"{c.__module__}.{c.__qualname__}" for c in type(backend).__mro__]


def backend_problem(backend) -> str | None:
    """Why `backend` is not an OS keyring (None if it is). A chain is judged by its first
    member, where keyring writes go; an empty chain is the null backend."""
    for name in _class_names(backend):
        if name in NOT_A_KEYRING:
            return NOT_A_KEYRING[name]
        if name == "keyring.backends.chainer.ChainerBackend":
            members = list(backend.backends)
            if not members:
                return "no keyring backend (an empty ChainerBackend)"
            problem = backend_problem(members[0])
            return f"the keyring chain writes to a backend that is not an OS keyring: {problem}" \
                if problem else None
    return None


def refuse_backend(backend, action: str):
    problem = backend_problem(backend)
    if problem:
        raise KeyringUnavailable(f"cannot {action} the key: {problem}", CHOOSE_HINT)
    return backend


class KeyringTimeout(KeyringUnavailable):
    """The keyring did not answer in time (frozen daemon, unlock prompt nobody sees)."""


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

    def _call(self, action: str, op, *args, direct=None):
        seconds = keyring_timeout()
        try:
            return within(seconds, self._direct_or_backend, direct, action, op, *args)
        except TimeoutError:
            raise KeyringTimeout(
                f"cannot {action} the key: the keyring did not answer within {seconds:g} s",
                "it may be locked behind an unlock prompt, or its daemon is stuck: unlock or restart "
                f"it (${TIMEOUT_VAR} sets the limit), or use --key-env VAR / --key-cmd CMD") from None

    def _direct_or_backend(self, direct, action: str, op, *args):
        """`direct` (the Secret Service read without keyring) first; keyring when it is unsure."""
        found = direct(*args) if direct else None
        return found if found is not None else self._backend_call(action, op, *args)

    def _backend_call(self, action: str, op, *args):
        import keyring
        import keyring.errors

        try:
            return op(refuse_backend(keyring.get_keyring(), action), *args)
        except KeyringUnavailable:
            raise
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringLocked:
            raise KeyringUnavailable(
                f"cannot {action} the key: the keyring is locked", "unlock it (log in to the desktop session, "
                "or `gnome-keyring-daemon --unlock`), or use --key-env VAR / --key-cmd CMD") from None
        except keyring.errors.NoKeyringError:
            raise KeyringUnavailable(
                f"cannot {action} the key: no usable keyring backend on this machine", CHOOSE_HINT) from None
        except (keyring.errors.KeyringError, RuntimeError, OSError) as exc:
            text = str(exc)
            if action == "store" and args[-1]:  # a backend's message must not echo the key
                text = text.replace(args[-1], mask(args[-1]))
            detail = text.split(". ")[0][:120]
            raise KeyringUnavailable(
                f"cannot {action} the key: keyring backend failed ({type(exc).__name__}: {detail})",
                CHOOSE_HINT) from None
        except Exception as exc:  # D-Bus and backend errors of every kind
            raise KeyringUnavailable(
                f"cannot {action} the key: keyring backend failed ({type(exc).__name__})", CHOOSE_HINT) from None

    def get(self, name: str) -> str | None:
        from . import secret_service as direct

        return self._call("read", lambda backend, n: backend.get_password(SERVICE, n), name,
                          direct=direct.get)

    def set(self, name: str, secret: str) -> None:
        self._call("store", _set, name, secret)

    def delete(self, name: str) -> bool:
        return self._call("delete", _delete, name)


def _set(backend, name: str, secret: str) -> None:
    """set_password, then make sure a read returns it: an item another tool stored under the
    same service and user (other attributes) would otherwise shadow it. Such items go."""
    for _ in range(10):
        backend.set_password(SERVICE, name, secret)
        if backend.get_password(SERVICE, name) == secret:
            return
        backend.delete_password(SERVICE, name)
    raise RuntimeError("the stored key does not read back")


def _delete(backend, name: str) -> bool:
    """Delete every item for `name` (another tool may have stored one beside ours)."""
    import keyring.errors

    deleted = False
    for _ in range(20):
        try:
            backend.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            break
        deleted = True
    return deleted


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

    return describe_backend(keyring.get_keyring())


def describe_backend(backend) -> str:
    """module.Class of the backend; for a chain, also the member keys are written to."""
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    members = list(getattr(backend, "backends", None) or []) if name.endswith("ChainerBackend") else []
    return f"{name} → {describe_backend(members[0])}" if members else name


def strip_newline(text: str) -> str:
    """`text` without one trailing LF or CRLF (what `echo` and `pass show` add)."""
    return text[:-2] if text.endswith("\r\n") else text[:-1] if text.endswith("\n") else text


def check_key(name: str, key: str | None, where: str, *, one_newline: bool = True) -> str:
    """The one rule for a key from any source: one trailing newline (LF or CRLF) is dropped;
    an empty key, or one holding a newline, CR, NUL or any other control character, is
    refused (a newline in an eval'd export would run the rest as shell code)."""
    key = strip_newline(key or "") if one_newline else key or ""
    if not key:
        raise KeyUnavailable(f"the key of profile {name!r} from {where} is empty",
                             f"check {where}, or store a key with `modelswitch key set {name}`")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in key):
        raise KeyUnavailable(f"the key of profile {name!r} from {where} holds a newline or "
                             "another control character", "a key is one line of printable text: "
                             f"fix {where} (e.g. keep only the first line), or `modelswitch key set {name}`")
    return key


def read_key(profile: Profile, store: SecretStore, environ: Mapping[str, str] | None = None) -> str | None:
    """The profile's key from its source; None for key_source 'none'. Raises if unreadable."""
    from .source import KeySource

    environ = os.environ if environ is None else environ
    try:
        source = KeySource.parse(profile.key_source)
    except UsageError:
        raise KeyUnavailable(f"profile {profile.name!r} has an unknown key source "
                             f"{profile.key_source!r}", "use keyring, env:VAR, cmd:COMMAND or none") from None
    if source.kind == "none":
        return None
    if source.kind == "keyring":
        key = store.get(profile.name)
        if not key:
            raise KeyUnavailable(
                f"profile {profile.name!r} has no key in the keyring",
                f"store one with `modelswitch key set {profile.name}`",
            )
        return check_key(profile.name, key, "the keyring")
    if source.kind == "cmd":
        from .source import run_command

        return run_command(profile.name, source.value)
    var = source.value
    key = environ.get(var, "")
    if not key:
        raise KeyUnavailable(
            f"profile {profile.name!r} reads its key from ${var}, which is not set",
            f"export {var}=... first, or store the key with `modelswitch key set {profile.name}`",
        )
    return check_key(profile.name, key, f"${var}")


def key_state(profile: Profile, store: SecretStore, holders: set[str] | None = None) -> str:
    """keyring / env / cmd / none / missing, for `list` (never reads a cmd key). `holders`: profiles
    known to have a key item (secret_service_read.holders()), so those need no query."""
    from .source import KeySource

    source = KeySource.parse(profile.key_source)
    if source.kind in ("none", "cmd"):
        return source.kind
    if source.kind == "env":
        return "env" if os.environ.get(source.value) else "missing"
    if holders and profile.name in holders:
        return "keyring"
    try:
        return "keyring" if store.get(profile.name) else "missing"
    except KeyringUnavailable:
        return "unavailable"
