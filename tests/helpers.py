"""Shared test helpers: requiring real tools, running the CLI in a subprocess."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REQUIRE = os.environ.get("MODELSWITCH_REQUIRE_INTEGRATION") == "1"


def require_tool(name: str, why: str = "") -> str:
    """Path of a real tool; skip without it, or fail when integration is required."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed{': ' + why if why else ''}"
    if REQUIRE:
        pytest.fail(f"MODELSWITCH_REQUIRE_INTEGRATION=1 but {message}")
    pytest.skip(message)


def modelswitch_cmd() -> list[str]:
    """How to start the CLI as a user would (the installed console script if present)."""
    script = shutil.which("modelswitch")
    return [script] if script else [sys.executable, "-m", "modelswitch"]


def run_modelswitch(args: list[str], env: dict[str, str], input: str | bytes | None = None,
                    timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    if isinstance(input, str):
        input = input.encode()
    return subprocess.run(modelswitch_cmd() + args, env=env, input=input, capture_output=True,
                          timeout=timeout, **kw)


PROBE_KEY = "sk-test-probe-0123456789abcdef"


def make_profile(store, name="p", key=PROBE_KEY, **fields):
    """Write profile NAME (model m-main unless given) and, unless key is None, its key into store."""
    from modelswitch.profile import storage
    from modelswitch.profile.schema import Profile

    fields.setdefault("model", "m-main")
    storage.write_profile(Profile(name=name, **fields), overwrite=True)
    if key is not None:
        store.set(name, key)


DOCTOR_KEY = "sk-test-doctor-key-0123456789"  # the key of conftest.py's doctor `world`


def imported(args: list[str], env: dict[str, str]) -> set[str]:
    """Modules the CLI imports for `args`, from `python -X importtime` (stdout a pipe)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "modelswitch", *args],
                          env=env, capture_output=True, timeout=60)
    names = set()
    for line in done.stderr.decode().splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert names, done.stderr.decode()
    return names | {"<exit %d>" % done.returncode}


class FakeStdin(io.StringIO):
    """conftest.py's cli_run stdin: not a terminal, unless a test patches isatty."""

    def isatty(self) -> bool:
        return False

    @property
    def buffer(self):
        return io.BytesIO(self.getvalue().encode())
