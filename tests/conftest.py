"""Isolation for every test (a private MODELSWITCH_HOME and an in-memory secret store) and the
fixtures tests in both tests/ and tests/integration/ use. Fixtures only real-tool tests use are
in integration/conftest.py; plain functions in helpers.py and the modules beside it."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from modelswitch import cli
from modelswitch.keys import store as secrets

# Test modules, in tests/ and tests/integration/, import the plain helper modules beside this
# file (helpers, anthropic_server, secret_service, platforms) as top-level modules. pytest's
# default (prepend) import mode puts this folder on sys.path when it imports this conftest;
# this says so explicitly, so the tests/integration/ files never depend on the order.
TESTS = str(Path(__file__).resolve().parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

from helpers import FakeStdin  # noqa: E402  (tests import `helpers`, never `conftest`: there are two)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "mshome"
    monkeypatch.setenv("MODELSWITCH_HOME", str(home))
    for var in ("MODELSWITCH_PROFILE", "MODELSWITCH_VARS", "MODELSWITCH_DEBUG", "MODELSWITCH_HOOK",
                "MODELSWITCH_LAUNCHED"):
        monkeypatch.delenv(var, raising=False)
    saved_backend = None
    if "keyring" in sys.modules:
        import keyring

        saved_backend = keyring.get_keyring()
    store = secrets.MemoryStore()
    secrets.set_default_store(store)
    yield home
    secrets.set_default_store(None)
    if saved_backend is not None:
        import keyring

        keyring.set_keyring(saved_backend)


@pytest.fixture
def store():
    return secrets.default_store()


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli_run(capsys, monkeypatch):
    """Run modelswitch's main() in-process: cli_run(["list"], input="...") -> Result."""

    def run(args: list[str], input: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", FakeStdin(input))
        capsys.readouterr()
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # pragma: no cover - main() should return, not exit
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory):
    """A real, private Secret Service (secret_service.py); started once, on first use."""
    from secret_service import private_secret_service

    with private_secret_service(tmp_path_factory.mktemp("keyring-home")) as service:
        yield service


@pytest.fixture
def claude_dir(tmp_path, monkeypatch):
    """CLAUDE_CONFIG_DIR for hand-made transcripts (transcripts.py)."""
    root = tmp_path / "claude"
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(root))
    return root


@pytest.fixture
def world(tmp_path, monkeypatch, store):
    """doctor's world: a clean HOME, project dir, managed path and a fake `claude`; one healthy
    profile, kimi, whose key is helpers.DOCTOR_KEY. (Under integration/ `world` is the real
    claude's instead.)"""
    from helpers import DOCTOR_KEY
    from modelswitch.claude import settings as claude_settings
    from modelswitch.profile import storage
    from modelswitch.profile.schema import Profile

    home, project, bindir = tmp_path / "home", tmp_path / "project", tmp_path / "bin"
    for d in (home, project / ".git", bindir):
        d.mkdir(parents=True)
    claude = bindir / "claude"
    claude.write_text("#!/bin/sh\necho '9.9.9 (Claude Code)'\n")
    claude.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PATH", f"{bindir}:/usr/bin:/bin")
    monkeypatch.setenv("MODELSWITCH_HOOK", "bash")
    for var in ("CLAUDE_CONFIG_DIR", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    managed = tmp_path / "managed" / "managed-settings.json"
    monkeypatch.setattr(claude_settings, "managed_settings_path", lambda platform=None: managed)
    monkeypatch.chdir(project)
    storage.write_profile(Profile(name="kimi", base_url="https://api.moonshot.ai/anthropic",
                                  model="k2"), overwrite=True)
    store.set("kimi", DOCTOR_KEY)
    return {"home": home, "project": project, "managed": managed}
