"""`run [--force] [NAME] [ARGS...]` / `exec [--force] [NAME] -- CMD`: which word is NAME, and
which profile applies without one (the .modelswitch pin, then the active profile)."""

from __future__ import annotations

import pytest

from modelswitch.launch import start as launch, args as launch_args
from modelswitch.profile.schema import Profile
from modelswitch.profile.storage import write_profile


@pytest.mark.parametrize("words, name, rest", [
    (["kimi"], "kimi", []),
    (["kimi", "--resume"], "kimi", ["--resume"]),
    (["kimi", "--", "-p", "hi"], "kimi", ["-p", "hi"]),
    (["kimi", "--", "--", "x"], "kimi", ["--", "x"]),
    (["-p", "hi"], None, ["-p", "hi"]),
    (["--resume"], None, ["--resume"]),
    (["--", "-p", "hi"], None, ["-p", "hi"]),
    (["--", "kimi"], None, ["kimi"]),
    (["-"], None, ["-"]),
    ([], None, []),
])
def test_split(words, name, rest):
    assert launch_args.split(words) == (name, rest)


def test_own_options_are_only_the_leading_ones():
    assert launch_args.own_options(["--force", "-p", "--force"]) == ["--force"]
    assert launch_args.own_options(["kimi", "--force"]) == []
    assert launch_args.own_options(["--force", "--help"]) == ["--force", "--help"]


@pytest.fixture
def profiles(store, tmp_path, monkeypatch):
    for name in ("kimi", "glm"):
        write_profile(Profile(name=name, base_url=f"https://{name}.example/anthropic",
                              auth="bearer", model=f"{name}-model"), overwrite=True)
        store.set(name, f"sk-test-{name}-0123456789")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "claude").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "claude").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    monkeypatch.chdir(project / "sub")
    monkeypatch.setenv("PWD", str(project / "sub"))
    return project


@pytest.fixture
def captured(monkeypatch):
    plans = []
    monkeypatch.setattr(launch, "execute", lambda plan: plans.append(plan) or 0)
    return plans


def profile_of(plan) -> str:
    return plan.env["MODELSWITCH_PROFILE"]


@pytest.mark.parametrize("argv, expected", [
    (["run", "-p", "hi"], ["-p", "hi"]),
    (["run", "--resume"], ["--resume"]),
    (["run", "--", "-p", "hi"], ["-p", "hi"]),
    (["run", "--", "glm"], ["glm"]),  # after `--` no word is NAME
    (["run", "--force", "-p", "hi"], ["-p", "hi"]),
    (["run", "-p", "--force"], ["-p", "--force"]),  # claude's words start at -p
    (["run"], []),
])
def test_run_without_name_uses_the_active_profile(cli_run, profiles, captured, monkeypatch, argv, expected):
    monkeypatch.setenv("MODELSWITCH_PROFILE", "kimi")
    result = cli_run(argv)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no pin file: no note
    assert profile_of(captured[0]) == "kimi" and captured[0].args == expected


def test_run_with_name_keeps_working_inside_a_switched_shell(cli_run, profiles, captured, monkeypatch):
    monkeypatch.setenv("MODELSWITCH_PROFILE", "kimi")
    assert cli_run(["run", "glm", "-p", "hi"]).exit_code == 0
    assert cli_run(["run", "glm", "--", "-p", "hi"]).exit_code == 0
    assert [profile_of(p) for p in captured] == ["glm", "glm"]
    assert [p.args for p in captured] == [["-p", "hi"], ["-p", "hi"]]


def test_the_pin_file_wins_and_is_named_on_stderr(cli_run, profiles, captured, monkeypatch):
    (profiles / ".modelswitch").write_text("glm\n")
    monkeypatch.setenv("MODELSWITCH_PROFILE", "kimi")
    result = cli_run(["run", "-p", "hi"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"modelswitch: profile glm (from {profiles / '.modelswitch'})\n"
    assert profile_of(captured[0]) == "glm" and captured[0].args == ["-p", "hi"]
    result = cli_run(["exec", "--", "env"])
    assert result.exit_code == 0 and "from " in result.stderr
    assert profile_of(captured[1]) == "glm" and captured[1].command == "env"
    assert cli_run(["run", "kimi"]).stderr == ""  # a NAME beats the pin, silently


def test_a_broken_pin_file_is_an_error(cli_run, profiles, captured):
    (profiles / ".modelswitch").write_text("not a name\n")
    result = cli_run(["run"])
    assert result.exit_code == 1 and not captured
    assert ".modelswitch" in result.stderr and "Traceback" not in result.stderr


def test_no_name_no_pin_no_active_profile_is_a_usage_error(cli_run, profiles, captured):
    for argv in (["run", "-p", "hi"], ["run"], ["exec", "--", "env"]):
        result = cli_run(argv)
        lines = result.stderr.splitlines()
        assert result.exit_code == 2 and not captured, result.stderr
        assert lines[0].startswith("modelswitch: ") and "no profile named" in lines[0]
        assert len(lines) == 2 and lines[1].startswith("  hint: ") and ".modelswitch" in lines[1]


def test_exec_with_a_name_and_no_command_suggests_double_dash(cli_run, profiles, captured):
    result = cli_run(["exec", "env"])
    assert result.exit_code == 2 and "`modelswitch exec -- env`" in result.stderr and not captured


def test_exec_without_name_and_the_active_profile(cli_run, profiles, captured, monkeypatch):
    monkeypatch.setenv("MODELSWITCH_PROFILE", "glm")
    assert cli_run(["exec", "--", "env", "-0"]).exit_code == 0
    assert cli_run(["exec", "kimi", "env"]).exit_code == 0  # NAME CMD, as before
    assert [(profile_of(p), p.command, p.args) for p in captured] == \
        [("glm", "env", ["-0"]), ("kimi", "env", [])]


@pytest.mark.parametrize("verb", ["run", "exec"])
def test_help_describes_the_optional_name(cli_run, verb):
    for flag in ("--help", "-h"):
        result = cli_run([verb, flag])
        assert result.exit_code == 0 and "[NAME]" in result.stdout and ".modelswitch" in result.stdout
