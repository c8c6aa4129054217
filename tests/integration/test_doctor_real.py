"""doctor against a real Secret Service (gnome-keyring on a private D-Bus) and the real claude."""

import os
import subprocess

from helpers import require_tool, run_modelswitch

KEY = "sk-test-doctor-real-0123456789"


def line_with(text, *words):
    return next(x for x in text.splitlines() if all(w in x for w in words))


def test_real_secret_service_and_real_claude(secret_service, tmp_path):
    claude = require_tool("claude", "the Claude Code CLI")
    home = tmp_path / "mshome"
    env = dict(secret_service.env, MODELSWITCH_HOME=str(home),
               PATH=os.path.dirname(claude) + os.pathsep + os.environ.get("PATH", ""))
    home.joinpath("profiles").mkdir(parents=True)
    home.joinpath("profiles", "real.toml").write_text('base_url = "https://x.example"\n')
    secret_service.store("real", KEY)
    done = run_modelswitch(["doctor", "real"], env)
    out = done.stdout.decode()
    version = subprocess.run([claude, "--version"], capture_output=True, text=True).stdout.strip()
    assert "SecretService" in line_with(out, "keyring backend", "usable")
    assert "✓" in line_with(out, "real:", "key found")
    assert version and version in out
    assert KEY not in out + done.stderr.decode()
