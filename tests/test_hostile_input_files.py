"""Hostile files: deep nesting, lone surrogates, NaN/Infinity, FIFOs, devices, dangling
symlinks and world-writable profiles. Never a hang, never a traceback; one line each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from modelswitch import paths
from modelswitch.profile import schema as profiles

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX files and modes")
DEEP_TOML = "a = " + "[" * 100000 + "\n"
DEEP_JSON = '{"env": ' + "[" * 100000


def ms(home: Path, *args: str, extra: dict | None = None) -> subprocess.CompletedProcess:
    """The CLI as a subprocess (a hang fails the test through the timeout)."""
    env = dict(os.environ, MODELSWITCH_HOME=str(home), PYTHONPATH=str(REPO), **(extra or {}))
    for var in ("MODELSWITCH_PROFILE", "MODELSWITCH_VARS"):
        env.pop(var, None)
    return subprocess.run([sys.executable, "-m", "modelswitch", *args], env=env, text=True,
                          capture_output=True, timeout=30, stdin=subprocess.DEVNULL)


def clean(err: str) -> str:
    assert "Traceback" not in err and "RecursionError" not in err, err
    return err


def profiles_dir() -> Path:
    directory = paths.profiles_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


# ---------------------------------------------------------------- 4. nesting, surrogates
def test_deeply_nested_profile_and_shared_files(cli_run, tmp_path):
    (profiles_dir() / "deep.toml").write_text(DEEP_TOML)
    result = cli_run(["show", "deep"])
    assert result.exit_code == 1 and "nested too deeply" in clean(result.stderr)
    listed = cli_run(["list"])
    assert "deep" in listed.stdout and "nested too deeply" in clean(listed.stderr)
    doc = tmp_path / "shared.toml"
    doc.write_text(DEEP_TOML)
    result = cli_run(["import", str(doc), "--name", "s"])
    assert result.exit_code == 1 and "nested too deeply" in clean(result.stderr)


@pytest.mark.parametrize("text, words", [(DEEP_JSON, "nested too deeply"),
                                         ('{"env": {"A": "\\ud800"}}', "surrogate"),
                                         ('{"\\udfff": 1}', "surrogate"),
                                         ('{"env": {"API_TIMEOUT_MS": Infinity}}', "Infinity"),
                                         ('{"n": NaN}', "NaN"), ('{"n": 1e400}', "too large")])
def test_hostile_settings_json_everywhere_it_is_read(isolated_home, tmp_path, text, words):
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    (home / ".claude" / "settings.json").write_text(text)
    extra = {"HOME": str(home), "CLAUDE_CONFIG_DIR": str(home / ".claude")}
    migrated = ms(isolated_home, "import", "--from-claude-settings", "m", extra=extra)
    assert migrated.returncode == 1 and words in clean(migrated.stderr)
    assert len(migrated.stderr.splitlines()) == 2
    doctor = ms(isolated_home, "doctor", extra=extra)
    assert words in clean(doctor.stdout + doctor.stderr)
    assert ms(isolated_home, "add", "p", "--base-url", "https://h.example", "--no-key").returncode == 0
    run = ms(isolated_home, "run", "p", extra=dict(extra, PATH="/nonexistent"))
    clean(run.stderr)


# ---------------------------------------------------------------- 7. --clean writes JSON Node reads
def test_clean_refuses_infinity_and_writes_strict_json(cli_run, tmp_path):
    path = tmp_path / "settings.json"
    original = ('{"env": {"ANTHROPIC_BASE_URL": "https://h.example", "ANTHROPIC_AUTH_TOKEN": '
                '"sk-test-0123456789abcdef"}, "cleanupPeriodDays": Infinity}\n')
    path.write_text(original)
    result = cli_run(["import", "--from-claude-settings", str(path), "m", "--clean"])
    assert result.exit_code == 1 and "Infinity is not JSON" in result.stderr
    assert path.read_text() == original and profiles.profile_names() == []
    path.write_text(original.replace("Infinity", "30"))
    assert cli_run(["import", "--from-claude-settings", str(path), "m", "--clean"]).exit_code == 0
    json.loads(path.read_text(), parse_constant=lambda word: pytest.fail(word))


def test_render_like_never_writes_nan():
    from modelswitch.profile import migrate

    with pytest.raises(ValueError):
        migrate.render_like({"x": float("inf")}, "{}")


# ---------------------------------------------------------------- 5. special files
@pytest.mark.parametrize("kind", ["fifo", "zero", "null", "dangling", "directory"])
def test_special_entries_in_the_profiles_folder_never_hang(isolated_home, kind):
    directory = profiles_dir()
    assert ms(isolated_home, "add", "good", "--base-url", "https://h.example",
              "--no-key").returncode == 0
    entry = directory / "x.toml"
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "directory":
        entry.mkdir()
    else:
        target = {"zero": "/dev/zero", "null": "/dev/null", "dangling": "/nonexistent/x"}[kind]
        entry.symlink_to(target)
    listed = ms(isolated_home, "list")
    assert listed.returncode == 0 and "good" in listed.stdout
    broken = [line for line in clean(listed.stderr).splitlines() if "x.toml" in line]
    assert len(broken) == 1, listed.stderr
    for args in (["show", "x"], ["env", "x", "--shell", "bash"]):
        result = ms(isolated_home, *args)
        assert result.returncode == 1 and "x.toml" in clean(result.stderr), args
        assert len(result.stderr.splitlines()) == 2
    doctor = ms(isolated_home, "doctor")
    assert "Traceback" not in doctor.stderr
    assert "x.toml" in clean(doctor.stdout + doctor.stderr)


# ---------------------------------------------------------------- 10. world-writable
def test_world_writable_profiles_are_not_used(cli_run):
    assert cli_run(["add", "p", "--base-url", "https://h.example", "--no-key"]).exit_code == 0
    path = paths.profile_path("p")
    path.chmod(0o606)
    result = cli_run(["env", "p", "--shell", "bash"])
    assert result.exit_code == 1 and f"{path}: world-writable" in result.stderr
    assert "chmod o-w" in result.stderr and result.stdout == ""
    path.chmod(0o600)
    path.parent.chmod(0o777)
    try:
        for args in (["show", "p"], ["env", "p", "--shell", "bash"], ["list"]):
            result = cli_run(args)
            assert result.exit_code == 1 and "world-writable" in result.stderr, args
            assert str(path.parent) in result.stderr and "chmod o-w" in result.stderr
    finally:
        path.parent.chmod(0o700)
    assert cli_run(["show", "p"]).exit_code == 0
