"""env, off, init, use, current through the CLI entry point (fast path), in-process."""

import sys

import pytest

from modelswitch import fast_commands as fastpath, resolve
from modelswitch.shells import detect, switch as work

KIMI = """base_url = "https://api.moonshot.ai/anthropic"
model = "kimi-k2"
haiku = "kimi-fast"
[env]
EXTRA_ONE = "x"
"""
KEY = "sk-test-kimi-0123456789abcdef"


@pytest.fixture
def kimi(isolated_home, store):
    profiles = isolated_home / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "kimi.toml").write_text(KIMI)
    store.set("kimi", KEY)
    return profiles


@pytest.fixture
def tty(monkeypatch):
    """stdout is a terminal. capsys installs its own stdout only when the test body runs,
    so the capture class is patched (monkeypatch restores it)."""
    from _pytest.capture import CaptureIO

    monkeypatch.setattr(CaptureIO, "isatty", lambda self: True, raising=False)


def test_env_prints_code_with_the_key_when_piped(cli_run, kimi):
    result = cli_run(["env", "kimi", "--shell", "bash"])
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert f"export ANTHROPIC_AUTH_TOKEN='{KEY}'" in lines
    assert "unset -v ANTHROPIC_API_KEY" in lines
    assert "export EXTRA_ONE='x'" in lines and "export MODELSWITCH_PROFILE='kimi'" in lines


def test_env_on_a_terminal_shows_a_masked_preview(cli_run, kimi, tty):
    result = cli_run(["env", "kimi", "--shell=zsh"])
    assert result.exit_code == 0
    assert KEY not in result.stdout + result.stderr
    assert "sk-…cdef" in result.stdout  # first 3 and last 4 characters at most
    assert 'eval "$(modelswitch env kimi --shell zsh)"' in result.stdout
    assert "export " not in result.stdout  # nothing that evaluates into a secret
    assert "ANTHROPIC_API_KEY" in result.stdout  # the unsets are shown too


@pytest.mark.parametrize("shell,hint", [("fish", "| source"), ("pwsh", "Invoke-Expression"),
                                        ("cmd", "modelswitch use kimi"), ("json", "> FILE")])
def test_terminal_preview_hint_fits_the_shell(cli_run, kimi, tty, shell, hint):
    result = cli_run(["env", "kimi", "--shell", shell])
    assert result.exit_code == 0 and hint in result.stdout and KEY not in result.stdout


def test_env_without_a_name_uses_the_nearest_dotfile(cli_run, kimi, tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "a" / "b").mkdir(parents=True)
    (project / ".modelswitch").write_text("  kimi\n")
    monkeypatch.chdir(project / "a" / "b")
    monkeypatch.delenv("PWD", raising=False)
    result = cli_run(["env", "--shell", "fish"])
    assert result.exit_code == 0
    assert "set -gx MODELSWITCH_PROFILE 'kimi'" in result.stdout
    assert str(project / ".modelswitch") in result.stderr


@pytest.mark.parametrize("content", ["kimi glm\n", "# comment\nkimi\n", "../etc\n", ""])
def test_a_dotfile_holding_more_than_a_name_is_an_error(cli_run, kimi, tmp_path, monkeypatch,
                                                        content):
    (tmp_path / ".modelswitch").write_text(content)
    monkeypatch.chdir(tmp_path)
    result = cli_run(["env", "--shell", "bash"])
    assert result.exit_code == 1 and result.stdout == ""
    assert str(tmp_path / ".modelswitch") in result.stderr


def test_no_name_and_no_dotfile_is_a_usage_error(cli_run, kimi, tmp_path, monkeypatch):
    assert not any((p / ".modelswitch").exists() for p in tmp_path.parents)
    monkeypatch.chdir(tmp_path)
    result = cli_run(["env", "--shell", "bash"])
    assert result.exit_code == 2 and ".modelswitch" in result.stderr and result.stdout == ""


def test_a_key_that_cannot_be_read_prints_nothing_to_eval(cli_run, kimi, store):
    store.delete("kimi")
    result = cli_run(["env", "kimi", "--shell", "bash"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "no key" in result.stderr


def test_a_value_cmd_cannot_carry_prints_nothing(cli_run, kimi):
    (kimi / "kimi.toml").write_text(KIMI + 'MULTI = "one\\ntwo"\n')
    result = cli_run(["env", "kimi", "--shell", "cmd"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "MULTI" in result.stderr and KEY not in result.stderr


def test_off_unsets_managed_variables_and_the_last_profiles_extras(cli_run, monkeypatch):
    monkeypatch.setenv("MODELSWITCH_VARS", "EXTRA_ONE,ANTHROPIC_MODEL,bad name")
    result = cli_run(["off", "--shell", "bash"])
    assert result.exit_code == 0 and result.stderr == ""
    unset = {line.split()[-1] for line in result.stdout.splitlines()}
    assert {"EXTRA_ONE", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL",
            "MODELSWITCH_PROFILE", "MODELSWITCH_VARS"} <= unset
    assert all(line.startswith("unset -v ") for line in result.stdout.splitlines())
    assert "bad" not in result.stdout


def test_off_on_a_terminal_says_it_only_printed_code(cli_run, tty):
    result = cli_run(["off", "--shell", "bash"])
    assert result.exit_code == 0 and "changed nothing" in result.stderr


@pytest.mark.parametrize("shell,marker", [
    ("bash", "MODELSWITCH_HOOK=bash"), ("zsh", "MODELSWITCH_HOOK=zsh"),
    ("ksh", "MODELSWITCH_HOOK=ksh"), ("fish", "set -gx MODELSWITCH_HOOK fish"),
    ("powershell", "$Env:MODELSWITCH_HOOK = 'powershell'"),
    ("pwsh", "function global:modelswitch")])
def test_init_prints_the_hook(cli_run, shell, marker):
    result = cli_run(["init", shell])
    assert result.exit_code == 0 and marker in result.stdout


def test_init_cmd_prints_autorun_and_doskey(cli_run):
    result = cli_run(["init", "cmd", "--print"])
    assert result.exit_code == 0
    assert 'reg add "HKCU\\Software\\Microsoft\\Command Processor" /v AutoRun' in result.stdout
    assert 'doskey modelswitch="' in result.stdout and 'modelswitch.bat" $*' in result.stdout


@pytest.mark.parametrize("fmt", ["json", "dotenv"])
def test_init_refuses_data_formats(cli_run, fmt):
    result = cli_run(["init", fmt])
    assert result.exit_code == 2 and "data format" in result.stderr and result.stdout == ""


def test_use_without_the_hook_explains_and_prints_nothing(cli_run, monkeypatch):
    monkeypatch.setattr("modelswitch.shells.switch.detect", lambda environ: "zsh")
    result = cli_run(["use", "kimi"])
    assert result.exit_code == 1 and result.stdout == ""
    assert 'eval "$(modelswitch init zsh)"' in result.stderr and "~/.zshrc" in result.stderr
    assert 'eval "$(modelswitch env kimi --shell zsh)"' in result.stderr


def test_use_in_a_script_below_a_hooked_shell_says_why(cli_run, monkeypatch):
    monkeypatch.setattr("modelswitch.shells.switch.detect", lambda environ: "bash")
    monkeypatch.setenv("MODELSWITCH_HOOK", "bash")
    result = cli_run(["use"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "not here" in result.stderr and "modelswitch run NAME" in result.stderr


def test_use_in_cmd_points_at_init_cmd(cli_run, monkeypatch):
    monkeypatch.setattr("modelswitch.shells.switch.detect", lambda environ: "cmd")
    result = cli_run(["use", "kimi"])
    assert result.exit_code == 1 and "modelswitch init cmd" in result.stderr


def test_current(cli_run, monkeypatch):
    monkeypatch.setenv("MODELSWITCH_PROFILE", "kimi")
    assert (cli_run(["current"]).exit_code, cli_run(["current"]).stdout) == (0, "kimi\n")
    monkeypatch.delenv("MODELSWITCH_PROFILE")
    result = cli_run(["current"])
    assert result.exit_code == 1 and result.stdout == "" and "no profile" in result.stderr


def test_current_reads_the_variable_resolve_writes():
    assert work.PROFILE_VAR == resolve.PROFILE_VAR


@pytest.mark.parametrize("argv", [["env", "--help"], ["env", "-h"], ["use", "--help"],
                                  ["init", "--help"], ["off", "--help"], ["current", "--help"]])
def test_help_goes_to_typer(cli_run, argv):
    assert fastpath.run(argv) is None
    result = cli_run(argv)
    assert result.exit_code == 0 and "Usage:" in result.stdout


@pytest.mark.parametrize("argv", [["env", "a", "b"], ["off", "extra"], ["env", "--shell"],
                                  ["env", "--nope"], ["current", "x"], ["init", "--print=yes"]])
def test_what_the_fast_path_does_not_understand_is_a_typer_usage_error(cli_run, argv):
    assert fastpath.run(argv) is None
    result = cli_run(argv)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("modelswitch: ")


def test_unknown_shell_is_a_usage_error(cli_run, kimi):
    result = cli_run(["env", "kimi", "--shell", "rc"])
    assert result.exit_code == 2 and "unknown shell" in result.stderr and result.stdout == ""


def test_parse_accepts_both_option_spellings_and_double_dash():
    spec = {"--shell": True, "--print": False}
    assert fastpath.parse(["a", "--shell", "fish"], spec, 1) == (["a"], {"--shell": "fish"})
    assert fastpath.parse(["--shell=fish", "a"], spec, 1) == (["a"], {"--shell": "fish"})
    assert fastpath.parse(["--print"], spec, 1) == ([], {"--print": True})
    assert fastpath.parse(["--", "-x"], spec, 1) == (["-x"], {})


def test_detect_prefers_the_process_tree_then_shell(monkeypatch):
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("fish", "/usr/bin/fish"))
    assert detect({"SHELL": "/bin/bash"}) == "fish"

    def fail():
        raise shellingham.ShellDetectionFailure()

    monkeypatch.setattr(shellingham, "detect_shell", fail)
    assert detect({"SHELL": "/usr/bin/zsh"}) == "zsh"
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(Exception) as err:
        detect({})
    assert "--shell" in (err.value.hint or "")
    monkeypatch.setattr(sys, "platform", "win32")
    assert detect({"ComSpec": "C:\\Windows\\system32\\cmd.exe"}) == "cmd"


def test_dotfile_naming_a_missing_profile_says_which_file(cli_run, tmp_path, monkeypatch):
    (tmp_path / ".modelswitch").write_text("ghost\n")
    monkeypatch.chdir(tmp_path)
    result = cli_run(["env", "--shell", "bash"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "ghost" in result.stderr and str(tmp_path / ".modelswitch") in result.stderr
