"""Real PowerShell: `env --shell powershell` output, run with Invoke-Expression, sets every
hostile value byte for byte (the renderer's rules are checked without pwsh in
test_shells_powershell.py). Runs on GitHub's runners, where pwsh is preinstalled."""

from __future__ import annotations

import base64
import os
import subprocess

from helpers import modelswitch_cmd
from platforms import powershell, pwsh

pytestmark = pwsh

KEY = "sk-test-'$(Remove-Item x)`\u2019;exit 1"
VALUES = {
    "P_DOLLAR": "$Env:HOME $(Remove-Item nothing) @(1) ${x}",
    "P_QUOTES": "it's \u2018curly\u2019 \u201alow\u201b '' \"double\" \u201csmart\u201d",
    "P_BACKTICK": "`n `$ ``",
    "P_PATH": "C:\\path\\ %PATH% ; & | < >",
    "P_UNICODE": "\u00e9\u4e2d\U0001F600",
    "P_NEWLINE": "a\nb\r\nc",
    "P_TAB": "tab\there",
}


def _toml(value: str) -> str:
    return "\"" + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                          if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in value) + "\""


def test_invoke_expression_round_trips_hostile_values(isolated_home, tmp_path):
    profiles = isolated_home / "profiles"
    profiles.mkdir(parents=True)
    lines = ['base_url = "https://p.example/anthropic"', 'key_source = "env:P_KEY"',
             'model = "p-model"', "[env]"] + [f"{k} = {_toml(v)}" for k, v in VALUES.items()]
    (profiles / "hostile.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = [*VALUES, "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL"]
    command = " ".join(f"'{part}'" for part in modelswitch_cmd())
    script = (
        "$ErrorActionPreference = 'Stop'\n"
        "[Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)\n"
        f"$code = (& {command} env hostile --shell powershell) -join \"`n\"\n"
        "if ($LASTEXITCODE -ne 0) { exit 3 }\n"
        "Invoke-Expression $code\n"
        + "".join(f"[Console]::Out.WriteLine('{n}=' + [Convert]::ToBase64String("
                  f"[Text.Encoding]::UTF8.GetBytes([string]$Env:{n})))\n" for n in names))
    path = tmp_path / "roundtrip.ps1"
    path.write_text(script, encoding="utf-8-sig")
    env = dict(os.environ, P_KEY=KEY, PYTHONUTF8="1", MODELSWITCH_HOME=str(isolated_home))
    done = subprocess.run(
        [powershell(), "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File", str(path)],
        env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    got = dict(line.split("=", 1) for line in done.stdout.decode().split())
    got = {k: base64.b64decode(v).decode("utf-8") for k, v in got.items()}
    assert got == {**VALUES, "ANTHROPIC_AUTH_TOKEN": KEY, "ANTHROPIC_BASE_URL": "https://p.example/anthropic"}

