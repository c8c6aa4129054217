"""The real macOS Keychain through keyring (GitHub Actions macos-latest): `add --key-stdin`
writes the key there, `env` reads it back, `key rm` deletes it. Skipped elsewhere; the Secret
Service tests (test_keyring_integration.py) cover Linux."""

from __future__ import annotations

import json
import os
import uuid

from helpers import run_modelswitch
from platforms import macos

pytestmark = macos


def test_keychain_write_read_delete(isolated_home):
    import keyring

    name = f"mstest-{uuid.uuid4().hex[:10]}"
    key = f"sk-test-{uuid.uuid4().hex}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "MODELSWITCH_"))}
    env["MODELSWITCH_HOME"] = str(isolated_home)
    try:
        done = run_modelswitch(["add", name, "--preset", "kimi", "--key-stdin"], env, input=key + "\n")
        assert done.returncode == 0, done.stderr.decode()
        assert type(keyring.get_keyring()).__module__.startswith("keyring.backends.macOS")
        assert keyring.get_password("modelswitch", name) == key  # in the Keychain itself
        shown = run_modelswitch(["env", name, "--shell", "json"], env)
        assert shown.returncode == 0, shown.stderr.decode()
        assert json.loads(shown.stdout)["set"]["ANTHROPIC_AUTH_TOKEN"] == key
        assert run_modelswitch(["key", "rm", name], env).returncode == 0
        assert keyring.get_password("modelswitch", name) is None
    finally:
        try:
            keyring.delete_password("modelswitch", name)
        except keyring.errors.PasswordDeleteError:
            pass
