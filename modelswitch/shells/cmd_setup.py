"""`modelswitch init cmd`: make `modelswitch use NAME` work in every new cmd.exe window.

cmd has no rc file and no shell functions. As `conda init cmd.exe` does, the Command
Processor AutoRun registry value (run by cmd.exe at every start) calls the shipped
modelswitch_hook.bat, which defines a doskey macro `modelswitch` -> modelswitch.bat and
sets MODELSWITCH_HOOK=cmd, and a macro `claude` -> modelswitch_claude.bat (claude through
`modelswitch run` while a profile is active in the window). modelswitch.bat turns `use`/`off` into FOR /F over the
program's `--shell cmd` output (see shells/cmd.py) and passes everything else through.

On Windows `init cmd` writes the AutoRun value (keeping any existing command, saved to a
backup file first); `--print`, and every other platform, prints the commands instead.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .. import paths

AUTORUN_KEY = r"Software\Microsoft\Command Processor"


def hook_bat() -> Path:
    return paths.data_dir() / "modelswitch_hook.bat"


def front_bat() -> Path:
    return paths.data_dir() / "modelswitch.bat"


def autorun_command(bat: Path) -> str:
    return f'if exist "{bat}" "{bat}"'


def instructions(bat: Path, front: Path, note: str = "") -> str:
    """The commands to run by hand (reg.exe wants an embedded quote written as \\")."""
    command = autorun_command(bat).replace('"', '\\"')
    key = "HKCU\\" + AUTORUN_KEY
    lines = [
        "REM modelswitch for cmd.exe: run this once; every new cmd window then has",
        "REM `modelswitch use NAME` and `modelswitch off` (a doskey macro; at the prompt only).",
    ]
    if note:
        lines.append(f"REM {note}")
    lines += [
        f'REM If `reg query "{key}" /v AutoRun` shows a command already, add ours after it',
        'REM with " & " instead of replacing it.',
        f'reg add "{key}" /v AutoRun /t REG_SZ /d "{command}" /f',
        "REM For the current window, run:",
        f'doskey modelswitch="{front}" $*',
        f'doskey claude="{front.parent / "modelswitch_claude.bat"}" $*',
        "REM To undo: reg delete \"" + key + "\" /v AutoRun /f   (or restore your old command)",
    ]
    return "\n".join(lines) + "\n"


def print_text() -> str:
    note = "" if sys.platform == "win32" else (
        "(printed on " + sys.platform + ": the paths are this installation's; run "
        "`modelswitch init cmd` on Windows for yours)")
    return instructions(hook_bat(), front_bat(), note)


def install(backup_dir: Path) -> str:  # pragma: no cover - needs the Windows registry
    """Add our AutoRun command on Windows; returns what was done, for the user."""
    import winreg

    ours = autorun_command(hook_bat())
    with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, AUTORUN_KEY, 0,
                            winreg.KEY_READ | winreg.KEY_SET_VALUE) as key:
        try:
            current, kind = winreg.QueryValueEx(key, "AutoRun")
        except FileNotFoundError:
            current, kind = "", winreg.REG_SZ
        if ours in current:
            return "modelswitch: cmd AutoRun already set up; open a new cmd window to use it\n"
        done = []
        if current.strip():
            backup_dir.mkdir(parents=True, exist_ok=True)
            backup = backup_dir / f"cmd-autorun-backup-{time.strftime('%Y%m%d-%H%M%S')}.txt"
            backup.write_text(current + "\n", encoding="utf-8")
            done.append(f"saved the previous AutoRun command to {backup}")
            new = f"{current} & {ours}"
        else:
            new = ours
        winreg.SetValueEx(key, "AutoRun", 0, kind, new)
    done.append(f"set HKCU\\{AUTORUN_KEY}\\AutoRun to run {hook_bat()}")
    done.append(f'open a new cmd window, or in this one run: doskey modelswitch="{front_bat()}" $*'
                f' & doskey claude="{front_bat().parent / "modelswitch_claude.bat"}" $*')
    return "".join(f"modelswitch: {line}\n" for line in done)
