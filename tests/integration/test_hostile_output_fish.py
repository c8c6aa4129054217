"""In real fish, `modelswitch env NAME --shell fish | source` ends with status 0 after a
switch that worked (so `...| source; and claude` runs claude), and so do the hook's
`use` and `off`; a failing switch still fails.
"""

import os
import subprocess

from helpers import REPO, require_tool, run_modelswitch
from shell_world import program_dir


def fish_env(tmp_path) -> dict[str, str]:
    env = dict(os.environ, MODELSWITCH_HOME=str(tmp_path / "home"), MS_FISH_KEY="sk-test-fish-1",
               PATH=program_dir(tmp_path) + os.pathsep + os.environ.get("PATH", ""),
               PYTHONPATH=str(REPO), HOME=str(tmp_path))
    for var in ("MODELSWITCH_PROFILE", "MODELSWITCH_VARS", "MODELSWITCH_HOOK",
                "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_SUBAGENT_MODEL"):
        env.pop(var, None)
    added = run_modelswitch(["add", "p", "--preset", "kimi", "--key-env", "MS_FISH_KEY"], env)
    assert added.returncode == 0, added.stderr.decode()
    return env


def fish(script: str, env: dict[str, str]) -> str:
    done = subprocess.run([require_tool("fish"), "--no-config", "-c", script], env=env,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_env_piped_to_source_ends_with_status_0(tmp_path):
    require_tool("fish")
    env = fish_env(tmp_path)
    out = fish("false; modelswitch env p --shell fish | source; echo status=$status; "
               "and echo model=$ANTHROPIC_MODEL token=$ANTHROPIC_AUTH_TOKEN; "
               "modelswitch off --shell fish | source; echo off=$status; "
               "set -q ANTHROPIC_MODEL; or echo cleared", env)
    assert "status=0\n" in out and "model=kimi-k2-thinking token=sk-test-fish-1\n" in out
    assert "off=0\n" in out and "cleared\n" in out


def test_hook_use_and_off_end_with_status_0(tmp_path):
    require_tool("fish")
    env = fish_env(tmp_path)
    out = fish("modelswitch init fish | source; modelswitch use p; echo use=$status; "
               "modelswitch off; echo off=$status; modelswitch use nope 2>/dev/null; "
               "echo nope=$status", env)
    assert "use=0\n" in out and "off=0\n" in out and "nope=1\n" in out
