"""How the `--settings` JSON reaches claude without the key touching argv or a lasting file.

Two carriers:

memfd (Linux): an anonymous in-memory file (os.memfd_create without MFD_CLOEXEC, made
    inheritable and sealed read-only) passed as `//dev/fd/N`. It has no name on any file
    system and disappears when the last process holding it exits. The path starts with
    two slashes on purpose: claude 2.1.197 realpath()s `/dev/fd/N` to the kernel's pseudo
    name `/memfd:... (deleted)` and then fails with "Settings file not found"; a path with
    exactly two leading slashes is the same file to Linux (POSIX leaves `//` to the
    implementation; Linux reads it as `/`), and claude treats it as a network path it does
    not resolve, so it opens the fd directly. claude 2.1.330 accepts both spellings (both
    verified with the real CLI).

file (macOS, BSD, Windows, or Linux without memfd): a 0600 `settings.json` in a fresh
    0700 directory from tempfile.mkdtemp (the per-user temp dir on macOS and Windows),
    passed by its real path and removed when the child exits: by the waiting parent on
    Windows, by a small detached watcher process after exec on POSIX. It is not removed
    as soon as claude has read it, because claude re-reads its settings files during a
    session (cache invalidation) and a vanished --settings file silently hands control
    back to ~/.claude/settings.json. An unlinked-after-open file passed as /dev/fd/N (the
    macOS idea) fails the same way as the memfd on claude 2.1.197 ("... (deleted)" is not
    found) and on macOS /dev/fd/N shares the file offset, so a second read returns nothing.

MODELSWITCH_SETTINGS_CARRIER=file forces the file carrier (troubleshooting, tests).

The key itself never goes into either carrier: key_pipe() hands it over through a pipe
(see launch_key.py).
"""

from __future__ import annotations

import os
import sys

CARRIER_VAR = "MODELSWITCH_SETTINGS_CARRIER"
POLL_SECONDS = 0.5


class Carrier:
    """What to pass to `claude --settings` (path), and what backs it: a memfd the child must
    inherit (fd) or a temporary directory holding the file carrier (directory)."""

    __slots__ = ("path", "fd", "directory")

    def __init__(self, path: str, fd: int | None = None, directory: str | None = None) -> None:
        self.path = path
        self.fd = fd
        self.directory = directory

    def remove(self) -> None:
        """Close the memfd / delete the temp directory (idempotent)."""
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None
        if self.directory is not None:
            import shutil  # the file carrier only (not Linux): keeps the memfd path light

            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None


def create(data: bytes, environ=None) -> Carrier:
    """A carrier holding `data`, memfd where possible."""
    environ = os.environ if environ is None else environ
    if environ.get(CARRIER_VAR) != "file" and sys.platform.startswith("linux") \
            and hasattr(os, "memfd_create"):
        try:
            return _memfd(data)
        except OSError:
            pass  # seccomp or an old kernel: fall back to a private file
    return _temp_file(data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _memfd(data: bytes) -> Carrier:
    fd = os.memfd_create("modelswitch-settings", getattr(os, "MFD_ALLOW_SEALING", 0))
    try:
        _write_all(fd, data)
        os.lseek(fd, 0, os.SEEK_SET)
        _seal(fd)
        os.set_inheritable(fd, True)
    except OSError:
        os.close(fd)
        raise
    base = "//dev/fd" if os.path.isdir("/dev/fd") else "//proc/self/fd"
    return Carrier(path=f"{base}/{fd}", fd=fd)


def _seal(fd: int) -> None:
    """Make the memfd read-only for good (the child and its children inherit it)."""
    import fcntl

    seals = sum(getattr(fcntl, name, 0) for name in
                ("F_SEAL_SEAL", "F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE"))
    if hasattr(fcntl, "F_ADD_SEALS"):
        try:
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, seals)
        except OSError:
            pass  # sealing is hardening, not a requirement


def key_pipe(key: str) -> int:
    """The read end of a pipe that holds `key` and then EOF, inheritable by the next exec.

    The write end is closed before claude starts, so nothing else can add to it; a key is
    far below the pipe buffer (64 KiB on Linux, 16 KiB at least elsewhere), so the write
    never blocks. Once claude has read it the key exists only in claude's memory.
    """
    data = key.encode("utf-8")
    read_end, write_end = os.pipe()
    try:
        _write_all(write_end, data)
    except OSError:
        os.close(read_end)
        raise
    finally:
        os.close(write_end)
    os.set_inheritable(read_end, True)
    return read_end


def _temp_file(data: bytes) -> Carrier:
    import shutil
    import tempfile  # here, not at the top: Linux's memfd path never needs them

    directory = tempfile.mkdtemp(prefix="modelswitch-")  # 0700
    path = os.path.join(directory, "settings.json")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return Carrier(path=path, directory=directory)


def remove_after_exit(carrier: Carrier, pid: int) -> None:
    """POSIX: have a detached grandchild remove the file carrier once `pid` has exited.

    Called just before exec (pid = our own, which becomes the child's). The grandchild is
    in its own session (no terminal signals), holds no inherited descriptors (so a pipe
    reading our output still sees EOF), and is not a child of the exec'd program.
    """
    if carrier.directory is None:
        return
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return
    try:  # first child: detach, fork the watcher, exit at once
        os.setsid()
        if os.fork():
            os._exit(0)
        _detach_stdio()
        _wait_for_exit(pid)
        carrier.remove()
    finally:
        os._exit(0)


def _detach_stdio() -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, 1 << 16)


def _wait_for_exit(pid: int) -> None:
    """Block until process `pid` has exited (pidfd on Linux, kqueue on BSD/macOS, else poll)."""
    import select
    import time

    if hasattr(os, "pidfd_open"):
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            return  # already gone
        select.select([pidfd], [], [])
        return
    if hasattr(select, "kqueue"):
        try:
            queue = select.kqueue()
            event = select.kevent(pid, select.KQ_FILTER_PROC, select.KQ_EV_ADD, select.KQ_NOTE_EXIT)
            queue.control([event], 1, None)
            return
        except OSError:
            pass
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        except PermissionError:
            pass
        time.sleep(POLL_SECONDS)
