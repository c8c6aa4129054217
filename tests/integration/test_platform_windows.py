"""Real Windows (GitHub Actions windows-latest): cmd.exe running the shipped modelswitch.bat,
`init cmd` writing the AutoRun registry value, and `run` starting npm's claude (claude.cmd
shim -> claude.exe) with arguments cmd.exe would otherwise re-parse. Skipped elsewhere; the
Wine tests (test_cmd_wine.py) cover what Linux can."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from anthropic_server import AnthropicServer
from helpers import modelswitch_cmd, require_tool, run_modelswitch
from modelswitch.paths import data_dir
from platforms import windows

pytestmark = windows

KEY = 'sk-test-%PATH%&|^"<>!key'
VALUES = {"W_PERCENT": "100% %PATH% %% %~1 %*", "W_BANG": "a!PATH!b! !!", "W_CARET": "^^x^ ^",
          "W_AMP": "a & b | c < d > e && f || g", "W_QUOTE": 'say "hi" "', "W_EQUALS": "==x==",
          "W_SPACES": "  lead and trail  ", "W_PARENS": "(x) )( ()"}
AUTORUN_KEY = r"Software\Microsoft\Command Processor"


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _profile(home: Path, name: str, base_url: str, env: dict[str, str]) -> None:
    (home / "profiles").mkdir(parents=True, exist_ok=True)
    lines = [f"base_url = {_toml(base_url)}", 'key_source = "env:W_KEY"', 'model = "w-model"', "[env]"]
    lines += [f"{k} = {_toml(v)}" for k, v in env.items()]
    (home / "profiles" / f"{name}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "MODELSWITCH_"))}
    return dict(env, MODELSWITCH_HOME=str(home), W_KEY=KEY, PYTHONUTF8="1", **extra)


def test_modelswitch_bat_use_and_off_in_real_cmd(isolated_home, tmp_path):
    _profile(isolated_home, "w", "https://w.example/anthropic", VALUES)
    exe = shutil.which("modelswitch")
    assert exe, "the modelswitch console script is not on PATH"
    bat = data_dir() / "modelswitch.bat"
    script = tmp_path / "t.cmd"
    script.write_text(f'@CALL "{bat}" use w\r\n@IF ERRORLEVEL 1 EXIT /B 7\r\n@SET W_\r\n'
                      f'@SET ANTHROPIC_AUTH_TOKEN\r\n@ECHO ---\r\n@CALL "{bat}" off\r\n'
                      '@IF ERRORLEVEL 1 EXIT /B 8\r\n@SET W_\r\n@SET ANTHROPIC_\r\n@EXIT /B 0\r\n',
                      encoding="ascii")
    done = subprocess.run(["cmd.exe", "/d", "/c", str(script)], capture_output=True, timeout=120,
                          env=_env(isolated_home, MODELSWITCH_EXE=exe))
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    before, after = done.stdout.decode("utf-8", "replace").split("---")
    got = dict(line.split("=", 1) for line in before.splitlines() if "=" in line)
    assert got == {**VALUES, "ANTHROPIC_AUTH_TOKEN": KEY}
    assert "W_" not in after and "ANTHROPIC_" not in after


@pytest.fixture
def autorun():
    """The user's AutoRun value, put back (or removed) afterwards."""
    import winreg

    with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, AUTORUN_KEY, 0,
                            winreg.KEY_READ | winreg.KEY_SET_VALUE) as key:
        try:
            saved = winreg.QueryValueEx(key, "AutoRun")
        except FileNotFoundError:
            saved = None
        yield key
        if saved is None:
            try:
                winreg.DeleteValue(key, "AutoRun")
            except FileNotFoundError:
                pass
        else:
            winreg.SetValueEx(key, "AutoRun", 0, saved[1], saved[0])


def test_init_cmd_writes_autorun_and_keeps_the_old_command(autorun, isolated_home):
    import winreg

    winreg.SetValueEx(autorun, "AutoRun", 0, winreg.REG_SZ, "echo previous")
    done = run_modelswitch(["init", "cmd"], _env(isolated_home))
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    value, _ = winreg.QueryValueEx(autorun, "AutoRun")
    assert value.startswith("echo previous & ") and "modelswitch_hook.bat" in value
    again = run_modelswitch(["init", "cmd"], _env(isolated_home))  # idempotent
    assert again.returncode == 0 and winreg.QueryValueEx(autorun, "AutoRun")[0] == value
    shell = subprocess.run(["cmd.exe", "/c", "echo ok"], capture_output=True, timeout=60)
    assert shell.returncode == 0 and b"ok" in shell.stdout  # AutoRun runs and cmd still works


def test_run_starts_claude_exe_and_arguments_skip_cmd_parsing(isolated_home, tmp_path):
    require_tool("claude", "npm install -g @anthropic-ai/claude-code")
    assert shutil.which("claude").lower().endswith((".cmd", ".exe"))
    prompt = 'say "hi" 100% %PATH% ^& a & b | c < d > e !x! (done)'
    home = tmp_path / "userhome"
    (home / ".claude").mkdir(parents=True)
    with AnthropicServer() as server:
        _profile(isolated_home, "w", server.base_url, {})
        env = _env(isolated_home, USERPROFILE=str(home), HOME=str(home),
                   CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1")
        done = subprocess.run(modelswitch_cmd() + ["run", "w", "-p", prompt], env=env, cwd=tmp_path,
                              capture_output=True, timeout=180)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        bodies = [json.dumps(m.body, ensure_ascii=False) for m in server.messages()]
    assert any(json.dumps(prompt, ensure_ascii=False)[1:-1] in body for body in bodies), bodies[:1]
