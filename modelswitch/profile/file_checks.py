"""Before a profile file is read: it must be a private regular file of sane size.

FIFOs, devices, directories and dangling symlinks are reported without blocking, and a
world-writable file or folder is refused (anyone could plant a profile in it).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from modelswitch.errors import InvalidProfile

MAX_FILE_BYTES = 1 << 20  # a profile is a few hundred bytes; refuse to slurp anything huge


def _world_writable(mode: int) -> bool:
    # Windows reports 0o666 for every writable file: the bit means nothing there.
    return os.name != "nt" and bool(mode & stat.S_IWOTH)


def check_private_dir(directory: Path) -> None:
    """Refuse a world-writable profiles folder: anyone could plant a profile in it."""
    try:
        mode = directory.stat().st_mode
    except OSError:
        return
    if _world_writable(mode):
        raise InvalidProfile(f"{directory}: the profiles folder is world-writable; not used",
                             f"chmod o-w '{directory}' (modelswitch keeps it 0700)")


def check_regular(path: Path) -> None:
    """Refuse anything but a private regular file before it is read: FIFOs, devices,
    directories and dangling symlinks are reported without blocking (opened O_NONBLOCK,
    checked with fstat; the folder is the user's own 0700 one, so it cannot be swapped)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        why = "a dangling symlink" if path.is_symlink() else "no such file"
        raise InvalidProfile(f"{path}: cannot read: {why}", "fix or remove it") from None
    except OSError as exc:
        raise InvalidProfile(f"{path}: cannot read: {exc.strerror or exc}",
                             "fix its permissions, or remove it") from None
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    if not stat.S_ISREG(st.st_mode):
        kind = ("a directory" if stat.S_ISDIR(st.st_mode) else
                "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device or other special file")
        raise InvalidProfile(f"{path}: cannot read: {kind}, not a regular file", "remove it")
    if _world_writable(st.st_mode):
        raise InvalidProfile(f"{path}: world-writable; not used",
                             f"check it, then chmod o-w '{path}' (modelswitch writes 0600)")
    if st.st_size > MAX_FILE_BYTES:
        raise InvalidProfile(f"{path}: too large for a profile ({st.st_size} bytes)",
                             "fix or remove the file")
