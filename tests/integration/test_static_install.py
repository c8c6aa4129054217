"""`init SHELL --write`: the hook and completions as files the rc file sources (no Python at
shell start), stamped with the version that wrote them; `doctor` flags a stale one."""

import subprocess

import pytest

from helpers import require_tool
from modelswitch import __version__
from modelswitch.doctor.claude import static_checks


def test_write_puts_the_hook_and_completions_in_files_and_prints_the_rc_lines(cli_run, isolated_home):
    result = cli_run(["init", "bash", "--write"])
    assert result.exit_code == 0, result.stderr
    hook = isolated_home / "shell" / "hook.bash.sh"
    completions = isolated_home / "shell" / "completions.bash.sh"
    assert result.stdout == ("# add to ~/.bashrc (instead of the eval line):\n"
                             f". '{hook}'\n. '{completions}'\n")
    header = f"# modelswitch {__version__}: static hook for bash; refresh with `modelswitch init bash --write`\n"
    assert hook.read_text() == header + cli_run(["init", "bash"]).stdout
    assert completions.read_text().startswith(f"# modelswitch {__version__}: static completions")
    assert static_checks() == []


def test_doctor_flags_a_file_an_upgrade_left_behind(cli_run, isolated_home):
    assert cli_run(["init", "tcsh", "--write"]).exit_code == 0
    hook = isolated_home / "shell" / "hook.tcsh.tcsh"
    hook.write_text(hook.read_text().replace(__version__, "0.0.1", 1))
    (check,) = static_checks()
    assert check.status == "warn"
    assert f"{hook} was written by modelswitch 0.0.1, this is {__version__}" in check.title
    assert "modelswitch init tcsh --write" in check.hint
    assert cli_run(["init", "tcsh", "--write"]).exit_code == 0  # refreshing clears it
    assert static_checks() == []


def test_cmd_has_no_file_to_write(cli_run):
    result = cli_run(["init", "cmd", "--write"])
    assert result.exit_code == 2 and result.stderr.startswith("modelswitch: cmd has no rc file")


SCRIPTS = {  # the printed rc lines, then a switch through the sourced hook
    "bash": ("{lines}\nmodelswitch use a; printf '<%s>' \"$MODELSWITCH_PROFILE\"; "
             "complete -p modelswitch >/dev/null && printf '<completes>'\n"),
    "fish": ("{lines}\nmodelswitch use a; printf '<%s>' \"$MODELSWITCH_PROFILE\"; "
             "complete -c modelswitch | string length -q; and printf '<completes>'\n"),
    "tcsh": "{lines}\nmodelswitch use a\nprintf '<%s><completes>' \"$MODELSWITCH_PROFILE\"\n",
}


@pytest.mark.integration
@pytest.mark.parametrize("shell", list(SCRIPTS))
def test_the_sourced_files_work_in_the_real_shell(shell, shell_env, cli_run, tmp_path):
    exe = require_tool(shell)
    a = tmp_path / "mshome" / "profiles" / "a.toml"
    a.write_text(a.read_text().replace("\\nsecond line", "\\tsecond line"))  # tcsh: no line break
    result = cli_run(["init", shell, "--write"])
    assert result.exit_code == 0, result.stderr
    script = tmp_path / f"rc.{shell}"
    script.write_text(SCRIPTS[shell].format(lines=result.stdout))
    args = [exe, "-f", str(script)] if shell == "tcsh" else [exe, str(script)]
    done = subprocess.run(args, env=shell_env, capture_output=True, timeout=60)
    assert done.stdout == b"<a><completes>", done.stderr.decode(errors="replace")
    assert done.stderr == b"modelswitch: now using a (a.example, a-main)\n"
