"""The --settings carriers: a sealed, inheritable memfd on Linux; a private temp file elsewhere,
removed after the child exits."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from modelswitch.launch import settings_fd

DATA = b'{"env": {"ANTHROPIC_AUTH_TOKEN": "sk-test-carrier-42"}}'
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memfd is Linux-only")


@pytest.fixture(autouse=True)
def default_carrier(monkeypatch):
    monkeypatch.delenv(settings_fd.CARRIER_VAR, raising=False)


@linux_only
def test_memfd_is_inherited_across_exec_and_readable_by_its_path():
    carrier = settings_fd.create(DATA)
    try:
        assert carrier.fd is not None and carrier.directory is None
        assert carrier.path == f"//dev/fd/{carrier.fd}"
        assert os.get_inheritable(carrier.fd)
        assert os.readlink(f"/proc/self/fd/{carrier.fd}").startswith("/memfd:modelswitch-settings")
        # a program exec'd without special fd handling reads it, twice, from the start
        done = subprocess.run(["sh", "-c", 'cat "$0"; cat "$0"', carrier.path], close_fds=False,
                              capture_output=True, timeout=30)
        assert done.stdout == DATA * 2
    finally:
        carrier.remove()
    assert carrier.fd is None


@linux_only
def test_memfd_is_sealed_read_only():
    carrier = settings_fd.create(DATA)
    try:
        with pytest.raises(PermissionError):
            os.write(carrier.fd, b"x")
        with open(carrier.path, "rb") as fh:
            assert fh.read() == DATA
    finally:
        carrier.remove()


@linux_only
def test_memfd_failure_falls_back_to_a_private_file(monkeypatch):
    def refuse(*args):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(os, "memfd_create", refuse)
    carrier = settings_fd.create(DATA)
    try:
        assert carrier.fd is None and Path(carrier.path).read_bytes() == DATA
    finally:
        carrier.remove()


def test_file_carrier_is_private_and_removable(monkeypatch):
    monkeypatch.setenv(settings_fd.CARRIER_VAR, "file")
    carrier = settings_fd.create(DATA)
    path = Path(carrier.path)
    assert path.read_bytes() == DATA
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    carrier.remove()
    carrier.remove()  # idempotent
    assert not path.parent.exists()


@pytest.mark.skipif(os.name != "posix", reason="the exec watcher is POSIX-only")
def test_watcher_removes_the_file_once_the_process_has_exited(monkeypatch):
    monkeypatch.setenv(settings_fd.CARRIER_VAR, "file")
    carrier = settings_fd.create(DATA)
    directory = Path(carrier.directory)
    child = subprocess.Popen(["sleep", "0.6"])
    settings_fd.remove_after_exit(carrier, child.pid)
    time.sleep(0.3)
    assert directory.exists(), "removed while the process was still running"
    child.wait()
    deadline = time.monotonic() + 5
    while directory.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not directory.exists()


@pytest.mark.skipif(os.name != "posix", reason="the exec watcher is POSIX-only")
def test_watcher_polling_fallback(monkeypatch):
    """Without pidfd (and kqueue) the watcher polls until the process is gone."""
    import threading

    monkeypatch.delattr(os, "pidfd_open", raising=False)
    monkeypatch.setattr(settings_fd, "POLL_SECONDS", 0.02)
    child = subprocess.Popen(["sleep", "0.4"])
    threading.Thread(target=child.wait, daemon=True).start()  # reaps it, as a shell would
    started = time.monotonic()
    settings_fd._wait_for_exit(child.pid)
    assert 0.3 < time.monotonic() - started < 3
