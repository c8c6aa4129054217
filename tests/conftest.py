"""Isolation for every test: a private MODELSWITCH_HOME and an in-memory secret store."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import pytest

from modelswitch import cli
from modelswitch.keys import store as secrets


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


class _FakeStdin(io.StringIO):
    def isatty(self) -> bool:
        return False

    @property
    def buffer(self):
        return io.BytesIO(self.getvalue().encode())


@pytest.fixture
def cli_run(capsys, monkeypatch):
    """Run modelswitch's main() in-process: cli_run(["list"], input="...") -> Result."""

    def run(args: list[str], input: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", _FakeStdin(input))
        capsys.readouterr()
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # pragma: no cover - main() should return, not exit
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run
