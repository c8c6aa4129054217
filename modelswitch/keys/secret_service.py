"""Read modelswitch's keys straight from the Secret Service (jeepney), without loading keyring.

`env NAME` runs at shell start; keyring itself (backend discovery through entry points, a
D-Bus probe, secretstorage and cryptography) costs more than the read. When keyring would
use its SecretService backend anyway, get() and present() ask the Secret Service directly
for the items keyring wrote: default collection (keyring's `aliases/default`), attributes
service=modelswitch, username=<profile> (keyring's default scheme), the first match.

Every doubt returns None and the caller asks keyring as before: a platform where keyring
picks another backend, PYTHON_KEYRING_BACKEND / KEYRING_PROPERTY_* / keyringrc.cfg, a
third-party keyring backend installed, no session bus, no default collection, a locked
collection or item, no matching item, any D-Bus or decoding error. So behaviour (and
every error message) is keyring's whenever this path does not have a clean answer.

The secret travels in a "plain" session: over the user's own session bus, where any
process that could watch it could as well ask the Secret Service for the item itself.
"""

from __future__ import annotations

import os
import sys

SERVICE = "modelswitch"
SECRETS = "org.freedesktop.secrets"
DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default"
SS_BACKEND = "keyring.backends.SecretService.Keyring"
# distributions whose keyring backends never outrank SecretService on Linux
KNOWN_BACKENDS = {"keyring", "keyrings.alt", "keyrings_alt"}


def usable(environ=os.environ) -> bool:
    """Would keyring pick its SecretService backend (as far as can be told cheaply)?"""
    if sys.platform in ("win32", "darwin", "cygwin") or not environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    if environ.get("PYTHON_KEYRING_BACKEND", SS_BACKEND) != SS_BACKEND:
        return False
    if any(k.startswith("KEYRING_PROPERTY_") for k in environ):
        return False
    config = environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    if os.path.exists(os.path.join(config, "python_keyring", "keyringrc.cfg")):
        return False
    return not other_backends_installed()


def other_backends_installed() -> bool:
    """A distribution on sys.path, other than keyring's and keyrings.alt, with keyring backends."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith(".dist-info") or name.split("-")[0] in KNOWN_BACKENDS:
                continue
            try:
                with open(os.path.join(entry, name, "entry_points.txt"), encoding="utf-8") as f:
                    if "[keyring.backends]" in f.read():
                        return True
            except OSError:
                continue
    return False


class Reader:
    """One connection to the session bus; raises on anything unexpected."""

    def __init__(self):
        from jeepney.io.blocking import open_dbus_connection

        self.conn = open_dbus_connection(bus="SESSION")

    def close(self):
        self.conn.close()

    def call(self, path: str, interface: str, method: str, signature: str = "", body=()):
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        address = DBusAddress(path, bus_name=SECRETS, interface=interface)
        reply = self.conn.send_and_get_reply(new_method_call(address, method, signature, body),
                                             timeout=10)
        return unwrap_msg(reply)

    def locked(self, path: str, interface: str) -> bool:
        (value,) = self.call(path, "org.freedesktop.DBus.Properties", "Get", "ss",
                             (f"org.freedesktop.Secret.{interface}", "Locked"))
        return bool(value[1])

    def items(self, attributes: dict[str, str]) -> list[str] | None:
        """Item paths in the default collection matching `attributes`; None if it is locked."""
        if self.locked(DEFAULT_COLLECTION, "Collection"):
            return None
        (paths,) = self.call(DEFAULT_COLLECTION, "org.freedesktop.Secret.Collection",
                             "SearchItems", "a{ss}", (attributes,))
        return list(paths)

    def attributes(self, path: str) -> dict[str, str]:
        (value,) = self.call(path, "org.freedesktop.DBus.Properties", "Get", "ss",
                             ("org.freedesktop.Secret.Item", "Attributes"))
        return dict(value[1])

    def secret(self, path: str) -> str | None:
        if self.locked(path, "Item"):
            return None
        output, session = self.call("/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
                                    "OpenSession", "sv", ("plain", ("s", "")))
        (secret,) = self.call(path, "org.freedesktop.Secret.Item", "GetSecret", "o", (session,))
        return bytes(secret[2]).decode("utf-8")


def _with_reader(fn):
    if not usable():
        return None
    try:
        reader = Reader()
    except Exception:  # no bus, refused connection, jeepney missing: keyring decides
        return None
    try:
        return fn(reader)
    except Exception:  # any D-Bus error or odd reply: keyring decides
        return None
    finally:
        try:
            reader.close()
        except Exception:
            pass


def get(name: str) -> str | None:
    """The key keyring would return for profile `name`, or None when unsure (ask keyring)."""
    def read(reader: Reader):
        paths = reader.items({"username": name, "service": SERVICE})
        return reader.secret(paths[0]) if paths else None

    return _with_reader(read)


def present() -> set[str] | None:
    """Profile names with a key item (secrets stay unread), or None when unsure."""
    def names(reader: Reader):
        paths = reader.items({"service": SERVICE})
        if paths is None:
            return None
        found = set()
        for path in paths:
            user = reader.attributes(path).get("username")
            if user:
                found.add(user)
        return found

    return _with_reader(names)


def holders() -> set[str] | None:
    """present() within modelswitch's keyring time limit; None when unsure or too slow."""
    from .timeout import keyring_timeout, within

    try:
        return within(keyring_timeout(), present)
    except TimeoutError:
        return None
