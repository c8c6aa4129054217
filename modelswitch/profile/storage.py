"""Writing profiles: atomic replace, private permissions, one writer at a time.

Every write goes to a temp file in the same directory, is fsynced and then
os.replace()d over the target, so a reader sees the old file or the new one and never
half of one. The directory is 0700 and files 0600 on POSIX. A lock file serialises
the check-then-write of concurrent processes so that `add` never overwrites a profile
another process created a moment earlier.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from pathlib import Path

from .. import paths
from ..errors import ModelswitchError, ProfileExists
from . import parsed_cache
from .schema import Profile

POSIX = os.name == "posix"
LOCK_TIMEOUT_VAR = "MODELSWITCH_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0  # longer than a keyring call may take (keys/timeout.py)
_held = threading.local()  # the lock is re-entrant within a thread: profile_ops nests writes


def ensure_dirs() -> Path:
    directory = paths.profiles_dir()
    for d in (paths.config_home(), directory):
        d.mkdir(parents=True, exist_ok=True)
        if POSIX:
            os.chmod(d, 0o700)
    return directory


def seconds_from_env(var: str, default: float) -> float:
    """A positive number of seconds from $var; `default` when unset or not one."""
    try:
        value = float(os.environ.get(var, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def lock_timeout() -> float:
    return seconds_from_env(LOCK_TIMEOUT_VAR, DEFAULT_LOCK_TIMEOUT)


@contextlib.contextmanager
def locked():
    """An exclusive lock over the config home for the duration of a write (and of the keyring
    calls that go with it). Re-entrant in one thread. Waits at most lock_timeout() seconds
    for another process, then gives up with a clear error instead of hanging.

    A file-system error (config home not writable, `profiles` not a directory, ...) becomes
    one clear ModelswitchError instead of a traceback.
    """
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    try:
        ensure_dirs()
        fd = os.open(paths.lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise _write_error(exc) from None
    try:
        _acquire(fd, lock_timeout())
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
    except OSError as exc:
        raise _write_error(exc) from None
    finally:
        os.close(fd)  # closing releases flock / msvcrt locks


def _try_lock(fd: int) -> bool:
    if POSIX:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt  # pragma: no cover - Windows

    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _acquire(fd: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    delay = 0.01
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            raise ModelswitchError(
                f"another modelswitch process has held the profile lock for over {seconds:g} s",
                f"it may be waiting on the keyring; try again, or end it (lock file "
                f"{paths.lock_path()}; ${LOCK_TIMEOUT_VAR} sets the wait)")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _write_error(exc: OSError) -> ModelswitchError:
    where = exc.filename2 or exc.filename or paths.config_home()
    problem = "exists and is not a directory" if isinstance(exc, FileExistsError) else (
        exc.strerror or str(exc))
    return ModelswitchError(f"cannot write {where}: {problem}",
                            f"the config home {paths.config_home()} (MODELSWITCH_HOME) must be "
                            "a writable directory")


def atomic_write(path: Path, text: str, mode: int = 0o600, owner: tuple[int, int] | None = None) -> None:
    """Replace `path` with `text` atomically: temp file beside it, fsync, os.replace.

    `mode` is the new file's permission bits (POSIX); `owner` (uid, gid) is kept when given
    (best effort), for rewriting a file that belongs to someone else's layout.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if POSIX:
            os.fchmod(fd, mode)
            if owner is not None and owner[0] != os.geteuid():
                with contextlib.suppress(OSError):
                    os.fchown(fd, *owner)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if POSIX:
        with contextlib.suppress(OSError):
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)


def dumps(profile: Profile) -> str:
    import tomli_w

    header = f"# modelswitch profile {profile.name!r}. The key is not stored here.\n"
    return header + tomli_w.dumps(profile.to_dict())


def refuse_existing(name: str, force: bool) -> None:
    """The one "already exists" check (call it under locked() when a write follows)."""
    if not force and paths.profile_path(name).exists():
        raise ProfileExists(f"profile {name!r} already exists",
                            f"use --force to replace it, or `modelswitch edit {name}`")


def write_profile(profile: Profile, *, overwrite: bool) -> Path:
    """Write a profile file (no key involved); refuse to replace one unless overwrite."""
    path = paths.profile_path(profile.name)
    text = dumps(profile)
    with locked():
        refuse_existing(profile.name, overwrite)
        atomic_write(path, text)
    return path


def delete_profile_file(name: str) -> None:
    with locked():
        with contextlib.suppress(FileNotFoundError):
            paths.profile_path(name).unlink()
        parsed_cache.forget(name)


def rename_profile_file(old: str, new: str, text: str) -> None:
    """Write the new file, then remove the old one, under one lock."""
    src, dst = paths.profile_path(old), paths.profile_path(new)
    with locked():
        if dst.exists():
            raise ProfileExists(f"profile {new!r} already exists", "remove it first or pick another name")
        if not src.exists():
            raise ModelswitchError(f"profile {old!r} disappeared during rename", "run it again")
        atomic_write(dst, text)
        src.unlink()
        parsed_cache.forget(old)
