"""tomllib's answer for each user profile file, remembered, so `env` and `run` need not import
tomllib (with typing and datetime, ~7 ms: the largest single cost before claude starts).

<config>/.parsed/<name>.json holds {"text": the file's exact text, "data": what
tomllib.loads(text) returned}. It is used only when "text" is the file's text now, so it is
never stale: tomllib.loads memoised by its input, not a second copy of the profile. The
profile is still checked (schema.from_dict) on every read. JSON keeps every value a valid
profile can hold (strings, integers, floats including inf/nan, booleans, tables, arrays);
anything else (a TOML date) is simply not remembered. The file is 0600 in a 0700 folder and
ignored unless it is a regular file of ours that nobody else can write. No secret is in it:
a profile file holds none.
"""

from __future__ import annotations

import json
import os
import stat

from modelswitch import paths

DIR_NAME = ".parsed"
MAX_BYTES = 4 << 20  # twice a profile's size limit, with JSON's escapes


def cache_path(name: str) -> str | None:
    """Where profile `name`'s memo lives; None for a name that is not a plain file name
    (list reads every *.toml in the folder, whatever its name)."""
    if not name or name.startswith(".") or "/" in name or os.sep in name or "\0" in name:
        return None
    return os.path.join(str(paths.config_home()), DIR_NAME, name + ".json")


def _private_file_of_ours(st: os.stat_result) -> bool:
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        return False
    if os.name == "nt":
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def lookup(name: str, text: str) -> dict | None:
    """What tomllib.loads(text) gave when profile `name` last had exactly this text; None
    when not remembered (or anything about the remembered file is off)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    path = cache_path(name)
    if path is None:
        return None
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):
        return None
    try:
        if not _private_file_of_ours(os.fstat(fd)):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        entry = json.loads(b"".join(chunks))
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(fd)
    if isinstance(entry, dict) and entry.get("text") == text and isinstance(entry.get("data"), dict):
        return entry["data"]
    return None


def remember(name: str, text: str, data: dict) -> None:
    """Keep tomllib's answer for this text (atomically; any failure just means no memo)."""
    try:
        blob = json.dumps({"text": text, "data": data}, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # a TOML date, or absurd nesting
        return
    path = cache_path(name)
    if path is None:
        return
    directory = os.path.dirname(path)
    temporary = os.path.join(directory, f".{name}.{os.getpid()}.tmp")
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        if not _private_folder_of_ours(directory):
            return
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0), 0o600)
        try:
            view = memoryview(blob)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError:
        forget_file(temporary)


def _private_folder_of_ours(directory: str) -> bool:
    st = os.lstat(directory)
    if not stat.S_ISDIR(st.st_mode):
        return False
    return os.name == "nt" or (st.st_uid == os.geteuid() and not st.st_mode & 0o022)


def forget_file(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def forget(name: str) -> None:
    """Drop profile `name`'s memo (when the profile is removed or renamed)."""
    path = cache_path(name)
    if path is not None:
        forget_file(path)
