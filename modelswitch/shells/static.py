"""`init SHELL --write`: the hook (and the completion script) as files the rc file sources.

`eval "$(modelswitch init bash)"` starts Python at every shell start (~40 ms) for text that
only changes when modelswitch does. --write puts that text in <config>/shell/ once and
prints the one line for the rc file (`. FILE`, fish/tcsh `source FILE`, PowerShell `. FILE`),
which costs nothing at start-up. Each file's first line names the modelswitch version that
wrote it; `doctor` flags a file an upgrade has left behind (stale()), and running the same
`init SHELL --write` again refreshes it. Neither file ever holds a key or a profile.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

HEADER = "# modelswitch {version}: static {what} for {shell}; refresh with `modelswitch init {shell} --write`\n"
PREFIX = "# modelswitch "


def directory(config_home: Path) -> Path:
    return config_home / "shell"


def version() -> str:
    from .. import __version__

    return __version__


def write(shell, hook_text: str, config_home: Path) -> str:
    """Write the hook (and completions, where modelswitch ships them) for `shell`; return the
    text to print: the lines for the rc file."""
    from ..paths import COMPLETION_FILES, completion_file

    folder = directory(config_home)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = shell.script_suffix
    files = [_write(folder / f"hook.{shell.name}.{suffix}", "hook", shell.name, hook_text)]
    if shell.name in COMPLETION_FILES:
        try:
            text = completion_file(shell.name).read_text(encoding="utf-8")
        except OSError:  # not shipped (odd install): generate it
            from modelswitch.completion.scripts import render

            text = render(shell.name)
        files.append(_write(folder / f"completions.{shell.name}.{suffix}", "completions",
                            shell.name, text))
    lines = [f"# add to {shell.rc_file} (instead of the eval line):"]
    lines += [shell.source_command.format(shell.quote(str(path))) for path in files]
    return "\n".join(lines) + "\n"


def _write(path: Path, what: str, shell: str, text: str) -> Path:
    """Atomic: a shell starting meanwhile reads the old file or the new one, never half."""
    temp = path.with_name(path.name + f".tmp{os.getpid()}")
    temp.write_text(HEADER.format(version=version(), what=what, shell=shell) + text,
                    encoding="utf-8")
    os.replace(temp, path)
    return path


def written_version(path: Path) -> Optional[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
    except OSError:
        return None
    if not first.startswith(PREFIX):
        return None
    return first[len(PREFIX):].split(":", 1)[0].strip()


def stale(config_home: Path) -> list[tuple[Path, str, Optional[str]]]:
    """[(file, shell, version that wrote it)] for every static file not written by this
    version of modelswitch."""
    folder = directory(config_home)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.*.*")):
        if ".tmp" in path.name:
            continue
        written = written_version(path)
        if written != version():
            found.append((path, path.name.split(".")[1], written))
    return found
