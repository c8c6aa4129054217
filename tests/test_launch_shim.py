"""npm's claude.cmd shim is replaced by the claude.exe it starts (Windows), so arguments skip
cmd.exe's parsing. Pure path logic: fake shims and fake binaries, on every platform."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from modelswitch.launch import start as launch
from platforms import only, windows
from modelswitch.launch.shim import native_program, npm_layout_target, shim_target

# What npm's cmd-shim writes for @anthropic-ai/claude-code (bin: bin/claude.exe, no shebang).
GLOBAL_SHIM = ('@ECHO off\r\nGOTO start\r\n:find_dp0\r\nSET dp0=%~dp0\r\nEXIT /b\r\n:start\r\n'
               'SETLOCAL\r\nCALL :find_dp0\r\n'
               '"%dp0%\\node_modules\\@anthropic-ai\\claude-code\\bin\\claude.exe"   %*\r\n')
LOCAL_SHIM = GLOBAL_SHIM.replace("%dp0%\\node_modules\\", "%dp0%\\..\\")
OLD_SHIM = '@IF EXIST "%~dp0\\node.exe" (\r\n"%~dp0\\node.exe" "%~dp0\\cli.js" %*\r\n)\r\n'


def _binary(path: Path, content: bytes = b"MZ\x90\x00fake pe") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _global(tmp_path: Path, shim: str = GLOBAL_SHIM) -> tuple[Path, Path]:
    (tmp_path / "claude.cmd").write_text(shim, newline="")
    exe = _binary(tmp_path / "node_modules/@anthropic-ai/claude-code/bin/claude.exe")
    return tmp_path / "claude.cmd", exe


def test_the_global_shim_resolves_to_the_native_binary(tmp_path):
    shim, exe = _global(tmp_path)
    assert shim_target(str(shim)) == str(exe)
    assert native_program(str(shim), "claude") == str(exe)


def test_the_local_shim_in_node_modules_bin_resolves_too(tmp_path):
    bin_dir = tmp_path / "node_modules/.bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "claude.cmd").write_text(LOCAL_SHIM, newline="")
    exe = _binary(tmp_path / "node_modules/@anthropic-ai/claude-code/bin/claude.exe")
    assert native_program(str(bin_dir / "claude.cmd"), "claude") == str(exe)


def test_older_npm_dp0_form_and_lf_line_ends(tmp_path):
    shim, exe = _global(tmp_path, GLOBAL_SHIM.replace("%dp0%", "%~dp0").replace("\r\n", "\n"))
    assert shim_target(str(shim)) == str(exe)


def test_the_postinstall_stub_is_not_a_binary_so_the_shim_stays(tmp_path):
    shim, exe = _global(tmp_path)
    exe.write_bytes(b"echo claude was installed without its postinstall\n")
    assert native_program(str(shim), "claude") == str(shim)


def test_a_missing_target_keeps_the_shim(tmp_path):
    shim, exe = _global(tmp_path)
    exe.unlink()
    assert native_program(str(shim), "claude") == str(shim)


@pytest.mark.parametrize("extra", ['SET "ANTHROPIC_BASE_URL=http://x"\r\n', 'echo hi\r\n',
                                   '"%dp0%\\other.exe" %*\r\n'])
def test_a_shim_that_does_anything_else_is_kept(tmp_path, extra):
    shim, _ = _global(tmp_path, GLOBAL_SHIM.replace("CALL :find_dp0\r\n", "CALL :find_dp0\r\n" + extra))
    _binary(tmp_path / "other.exe")
    assert shim_target(str(shim)) is None


def test_a_node_script_shim_falls_back_to_the_npm_layout_for_claude_only(tmp_path):
    shim, exe = _global(tmp_path, OLD_SHIM)
    assert shim_target(str(shim)) is None
    assert npm_layout_target(str(shim), "claude") == str(exe)
    assert native_program(str(shim), "CLAUDE") == str(exe)
    assert native_program(str(shim), "other") == str(shim)


def test_arguments_are_not_part_of_the_target(tmp_path):
    shim, _ = _global(tmp_path, GLOBAL_SHIM.replace('"   %*', '" --flag %*'))
    assert shim_target(str(shim)) is None


def test_non_shims_are_returned_as_they_are(tmp_path):
    exe = _binary(tmp_path / "claude.exe")
    assert native_program(str(exe), "claude") == str(exe)
    assert native_program(str(tmp_path / "claude"), "claude") == str(tmp_path / "claude")


def test_find_program_resolves_shims_only_on_windows(tmp_path, monkeypatch):
    shim, exe = _global(tmp_path)
    posix_claude = tmp_path / "bin" / "claude"
    posix_claude.parent.mkdir()
    posix_claude.write_text("#!/bin/sh\n")
    posix_claude.chmod(0o755)
    saved = launch.os.name
    launch.os.name = "posix"
    try:
        assert launch.find_program("claude", str(posix_claude.parent)) == str(posix_claude)
    finally:
        launch.os.name = saved
    monkeypatch.setattr(shutil, "which", lambda command, path=None: str(shim))
    launch.os.name = "nt"  # only for this call: pathlib reads it too
    try:
        program = launch.find_program("claude", "x")
    finally:
        launch.os.name = saved
    assert program == str(exe)


@pytest.mark.skipif(launch.os.name != "posix", reason="the POSIX PATH search")
def test_which_posix_agrees_with_shutil_which(tmp_path, monkeypatch):
    """run's own PATH search (no shutil import) picks what shutil.which picks."""
    monkeypatch.chdir(tmp_path)
    plain, runnable, folder, second = (tmp_path / d for d in ("plain", "runnable", "folder", "second"))
    for directory in (plain, runnable, folder, second):
        directory.mkdir()
    (plain / "tool").write_text("not executable")
    (folder / "tool").mkdir()  # a directory named like the program
    for directory in (runnable, second):
        (directory / "tool").write_text("#!/bin/sh\n")
        (directory / "tool").chmod(0o755)
    (tmp_path / "here").write_text("#!/bin/sh\n")
    (tmp_path / "here").chmod(0o755)
    cases = [("tool", os.pathsep.join(map(str, (plain, folder, runnable, second)))),
             ("tool", os.pathsep.join(map(str, (plain, folder)))),
             ("tool", ""), ("here", ""), ("here", os.pathsep + str(plain)),
             (str(runnable / "tool"), str(plain)), (str(plain / "tool"), str(runnable)),
             ("./here", str(plain)), ("missing", str(runnable))]
    for command, path in cases:
        assert launch.which_posix(command, path) == shutil.which(command, path=path), (command, path)
    assert launch.which_posix("tool", str(runnable)) == str(runnable / "tool")


@only(windows)
def test_real_npm_claude_cmd_resolves_to_claude_exe():
    from helpers import require_tool

    require_tool("claude", "npm install -g @anthropic-ai/claude-code")
    found = shutil.which("claude")
    program = launch.find_program("claude", None if found is None else str(Path(found).parent))
    assert program is not None and program.lower().endswith("claude.exe"), (found, program)
    assert Path(program).read_bytes()[:2] == b"MZ"
