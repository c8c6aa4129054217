"""The hooks' `claude` function and `off` giving back the user's values, in real shells.

A stub `claude` on PATH writes its argv and a few variables as JSON (one line per call).
Profile p is keyless with a loopback base URL, so `run` needs no key and nothing is sent.
- After `modelswitch use p`, `claude ARGS` goes through `modelswitch run p -- ARGS`: the stub
  sees `--settings /dev/fd/N` first, then ARGS exactly; `command claude` and a shell with no
  profile active (or a MODELSWITCH_PROFILE that is not a name) run the stub directly; the
  exit status is the stub's; the record of the user's values never reaches claude.
- `export ANTHROPIC_API_KEY=<hostile>; use p1; use p2; off` gives the value back byte for
  byte (and ANTHROPIC_MODEL, API_TIMEOUT_MS), and a variable unset before stays unset.
"""

import subprocess

import pytest

from helpers import require_tool
from shell_world import ARGS, HOSTILE, P1, calls, launched

SHELLS = ["bash", "zsh", "dash", "ksh", "fish"]


def posix_words(args):
    return " ".join("'" + a.replace("'", "'\\''") + "'" for a in args)


def fish_words(args):
    return " ".join("'" + a.replace("\\", "\\\\").replace("'", "\\'") + "'" for a in args)


def run_shell(shell, posix, fish, env):
    exe = require_tool(shell)
    script = fish if shell == "fish" else posix.replace("SHELL", shell)
    done = subprocess.run([exe, "-c", script], env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


CLAUDE_POSIX = """eval "$(modelswitch init SHELL)"
export STUB_EXIT=3; claude {w}; echo "rc=$?"
modelswitch use p
claude {w}; echo "rc=$?"
command claude {w}; echo "rc=$?"
export STUB_EXIT=0; claude -p hi; echo "rc=$?"
MODELSWITCH_PROFILE='-p'; claude x; echo "rc=$?"
MODELSWITCH_PROFILE='p
'; claude x; echo "rc=$?"
MODELSWITCH_PROFILE=p; modelswitch off; claude x; echo "rc=$?"
"""
CLAUDE_FISH = """modelswitch init fish | source
set -gx STUB_EXIT 3; claude {w}; echo "rc=$status"
modelswitch use p
claude {w}; echo "rc=$status"
command claude {w}; echo "rc=$status"
set -gx STUB_EXIT 0; claude -p hi; echo "rc=$status"
set -gx MODELSWITCH_PROFILE -- -p; claude x; echo "rc=$status"
set -gx MODELSWITCH_PROFILE "p
"; claude x; echo "rc=$status"
set -gx MODELSWITCH_PROFILE p; modelswitch off; claude x; echo "rc=$status"
"""


@pytest.mark.integration
@pytest.mark.parametrize("shell", SHELLS)
def test_claude_goes_through_run_only_while_a_profile_is_active(shell, stub_claude_env):
    stdout = run_shell(shell, CLAUDE_POSIX.format(w=posix_words(ARGS)),
                       CLAUDE_FISH.format(w=fish_words(ARGS)), stub_claude_env)
    got = calls(stdout)
    assert len(got) == 7, stdout
    (before, rc0), (through, rc1), (bypass, rc2), (short, rc3), (dash, rc4), (nl, rc5), \
        (after, rc6) = got
    assert before["argv"] == ARGS and before["env"]["MODELSWITCH_PROFILE"] is None and rc0 == 3
    launched(through, ARGS)
    assert rc1 == 3  # claude's exit status through run (exec: no Python in between)
    assert bypass["argv"] == ARGS and rc2 == 3
    assert bypass["env"]["MODELSWITCH_PROFILE"] == "p"  # the shell's env, not run's --settings
    launched(short, ["-p", "hi"])
    assert rc3 == 0
    for call in (dash, nl, after):  # not a profile name, or no profile: the real claude
        assert call["argv"] == ["x"]
    assert after["env"]["MODELSWITCH_PROFILE"] is None and rc6 == 0


ROUND_POSIX = """eval "$(modelswitch init SHELL)"
dump() { printf '%s\\0' "${ANTHROPIC_API_KEY-UNSET}" "${ANTHROPIC_MODEL-UNSET}" \\
  "${API_TIMEOUT_MS-UNSET}" "${ANTHROPIC_AUTH_TOKEN-UNSET}" "${ANTHROPIC_BASE_URL-UNSET}" \\
  "${MODELSWITCH_SAVED-UNSET}" "${MODELSWITCH_PROFILE-UNSET}"; }
export API_TIMEOUT_MS=5
dump
modelswitch use p && modelswitch use p2 && modelswitch off || echo FAILED
dump
modelswitch off || echo FAILED
dump
"""
ROUND_FISH = """modelswitch init fish | source
function dump
  for n in ANTHROPIC_API_KEY ANTHROPIC_MODEL API_TIMEOUT_MS ANTHROPIC_AUTH_TOKEN \\
      ANTHROPIC_BASE_URL MODELSWITCH_SAVED MODELSWITCH_PROFILE
    if set -q $n; printf '%s\\0' "$$n"; else; printf 'UNSET\\0'; end
  end
end
set -gx API_TIMEOUT_MS 5
dump
modelswitch use p; and modelswitch use p2; and modelswitch off; or echo FAILED
dump
modelswitch off; or echo FAILED
dump
"""


@pytest.mark.integration
@pytest.mark.parametrize("shell", SHELLS)
def test_off_gives_back_the_users_values_byte_for_byte(shell, stub_claude_env):
    stdout = run_shell(shell, ROUND_POSIX, ROUND_FISH, stub_claude_env)
    assert b"FAILED" not in stdout
    fields = stdout.split(b"\0")
    assert fields[-1] == b"" and len(fields) == 22
    expected = [HOSTILE.encode(), b"user-model", b"5", b"UNSET", b"UNSET", b"UNSET", b"UNSET"]
    assert fields[0:7] == expected  # as exported
    assert fields[7:14] == expected  # after use p, use p2, off: exactly what was there
    assert fields[14:21] == expected  # a second off keeps it


# -- rendering (PowerShell is not installed here), terminals, data formats, bad records ------

def saved_env(monkeypatch, values):
    from modelswitch.saved import encode

    monkeypatch.setenv("MODELSWITCH_PROFILE", "p")
    monkeypatch.setenv("MODELSWITCH_SAVED", encode(values))


def test_powershell_hook_defines_claude_through_run(cli_run):
    result = cli_run(["init", "powershell"])
    assert "function global:claude {" in result.stdout
    assert "& $exe run $name '--' @args" in result.stdout
    assert "-cmatch '^[A-Za-z0-9][A-Za-z0-9._-]*\\z'" in result.stdout


def test_cmd_setup_points_a_claude_macro_at_the_front(cli_run):
    result = cli_run(["init", "cmd", "--print"])
    assert 'doskey claude="' in result.stdout and 'modelswitch_claude.bat" $*' in result.stdout


def test_off_renders_the_users_values_for_powershell_and_cmd(cli_run, monkeypatch):
    from modelswitch.shells.powershell import quote

    saved_env(monkeypatch, {"ANTHROPIC_API_KEY": HOSTILE, "ANTHROPIC_MODEL": ""})
    result = cli_run(["off", "--shell", "powershell"])
    assert result.exit_code == 0
    assert f"$Env:ANTHROPIC_API_KEY = {quote(HOSTILE)}\n" in result.stdout
    assert "Remove-Item -LiteralPath Env:ANTHROPIC_MODEL " in result.stdout
    assert "Remove-Item -LiteralPath Env:MODELSWITCH_SAVED " in result.stdout
    assert "ANTHROPIC_MODEL" in result.stderr and "unsetting it instead" in result.stderr
    result = cli_run(["off", "--shell", "cmd"])  # a line break cannot be carried in cmd
    assert result.exit_code == 0 and "ANTHROPIC_API_KEY=\n" in result.stdout
    assert "line break" in result.stderr and HOSTILE not in result.stderr


def test_off_on_a_terminal_masks_the_values_it_gives_back(cli_run, monkeypatch):
    from _pytest.capture import CaptureIO

    monkeypatch.setattr(CaptureIO, "isatty", lambda self: True, raising=False)
    saved_env(monkeypatch, {"ANTHROPIC_API_KEY": "sk-user-secret-0123456789"})
    result = cli_run(["off", "--shell", "bash"])
    assert result.exit_code == 0 and "restore  ANTHROPIC_API_KEY" in result.stdout
    assert "secret" not in result.stdout and "MODELSWITCH_SAVED=" not in result.stdout


@pytest.mark.parametrize("bad", ["%%%", "eyJhIjoxfQ", "x" * 1000, "e30="])
def test_a_bad_record_makes_off_warn_not_crash(cli_run, monkeypatch, bad):
    monkeypatch.setenv("MODELSWITCH_PROFILE", "p")
    monkeypatch.setenv("MODELSWITCH_SAVED", bad)
    result = cli_run(["off", "--shell", "bash"])
    assert result.exit_code == 0 and "unset -v MODELSWITCH_SAVED" in result.stdout
    assert result.stderr.count("\n") == 1 and "ignoring MODELSWITCH_SAVED" in result.stderr
    assert all(line.startswith("unset -v ") for line in result.stdout.splitlines())


def test_data_formats_never_carry_the_record(cli_run, monkeypatch, isolated_home):
    (isolated_home / "profiles").mkdir(parents=True)
    (isolated_home / "profiles" / "p.toml").write_text(P1)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-user-own-key-0123")
    for shell in ("json", "dotenv"):
        result = cli_run(["env", "p", "--shell", shell])
        assert result.exit_code == 0 and "MODELSWITCH_SAVED" not in result.stdout
    assert "MODELSWITCH_SAVED" in cli_run(["env", "p", "--shell", "bash"]).stdout


def test_the_launcher_never_hands_the_record_to_the_child(tmp_path, isolated_home, store):
    from modelswitch.launch import start as launch

    (isolated_home / "profiles").mkdir(parents=True)
    (isolated_home / "profiles" / "p.toml").write_text(P1)
    (tmp_path / "claude").write_text("#!/bin/sh\n")
    (tmp_path / "claude").chmod(0o755)
    environ = {"PATH": str(tmp_path), "ANTHROPIC_API_KEY": "sk-user-own-key-0123",
               "MODELSWITCH_SAVED": "eyJYIjoieSJ9"}
    run = launch.plan_run("p", ["-p", "hi"], store, environ, cwd=tmp_path)
    exe = launch.plan_exec("p", ["claude"], store, environ)
    for plan in (run, exe):
        assert "MODELSWITCH_SAVED" not in plan.env
        assert "sk-user-own-key" not in repr(plan.env)
    assert "MODELSWITCH_SAVED" not in run.settings["env"]
    assert "sk-user-own-key" not in repr(run.settings)
