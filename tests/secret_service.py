"""A real, private Secret Service for integration tests (the `secret_service` fixture is in
conftest.py).

Starts a session D-Bus daemon (what `dbus-run-session` does) and an unlocked
gnome-keyring-daemon on it, with HOME and XDG dirs inside a temp dir, so tests never touch
the developer's own keyring. Subprocesses get `env` and use keyring's default backend
selection, which picks SecretService on that bus.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from helpers import require_tool

KEYRING_PASSWORD = b"modelswitch-test-login"


@dataclass
class SecretService:
    env: dict[str, str]
    home: Path

    def lookup(self, profile: str) -> str | None:
        """Read an entry straight from the Secret Service with secret-tool (not via keyring)."""
        done = subprocess.run(["secret-tool", "lookup", "service", "modelswitch", "username", profile],
                              env=self.env, capture_output=True, timeout=30)
        return done.stdout.decode() if done.returncode == 0 and done.stdout else None

    def store(self, profile: str, secret: str) -> None:
        subprocess.run(["secret-tool", "store", "--label", f"modelswitch {profile}", "service",
                        "modelswitch", "username", profile], env=self.env, input=secret.encode(),
                       check=True, timeout=30)


    def daemon_pid(self) -> int:
        """The pid of the process owning org.freedesktop.secrets on this private bus."""
        done = subprocess.run(["dbus-send", "--session", "--print-reply=literal",
                               "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                               "org.freedesktop.DBus.GetConnectionUnixProcessID",
                               "string:org.freedesktop.secrets"], env=self.env, capture_output=True,
                              text=True, timeout=30, check=True)
        return int(done.stdout.split()[-1])


@contextlib.contextmanager
def private_secret_service(home: Path):
    """A session bus and an unlocked gnome-keyring-daemon of its own, under `home`."""
    require_tool("dbus-daemon", "Debian package dbus")
    require_tool("gnome-keyring-daemon", "Debian package gnome-keyring")
    require_tool("secret-tool", "Debian package libsecret-tools")
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "GNOME_KEYRING", "PYTHON_KEYRING"))}
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"))
    bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--nopidfile", "--print-address=1",
                          "--print-pid=1"], env=env, capture_output=True, text=True, timeout=30, check=True)
    address, pid = bus.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    daemon = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"], env=env,
                            input=KEYRING_PASSWORD, capture_output=True, timeout=30)
    for line in daemon.stdout.decode().splitlines():
        key, _, value = line.partition("=")
        if key.startswith("GNOME_KEYRING"):
            env[key] = value
    try:
        yield SecretService(env=env, home=home)
    finally:
        os.kill(int(pid), signal.SIGTERM)  # gnome-keyring-daemon exits when its bus goes away
