"""tcsh and csh: the renderer's quoting, a hostile-value round-trip through the real tcsh,
and the `init tcsh` hook (`use`, a failing `use`, `off`, and the `claude` alias).

csh evaluates `modelswitch env` output with eval "`...`", which splits it at newlines and
applies history substitution (`!`), so values with a line break are refused and `!` is
written outside the quotes. Everything else must come back byte for byte and never run.
"""

import os
import subprocess

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import require_tool
from modelswitch.shells import canonical, detect, get
from modelswitch.shells.csh import quote
from shell_world import ARGS as ALL_ARGS, calls, fragments, launched
from shell_world import BOOKKEEPING, EXPECT_A, EXPECT_B, diff, parse

MIN_DISTINCT = 200


@pytest.mark.parametrize("value, quoted", [
    ("", "''"), ("plain", "'plain'"), ("it's", "'it'\\''s'"), ("a!b", "'a'\\!'b'"),
    ("\\", "\\\\"), ("$HOME `id` \"q\" * ~", "'$HOME `id` \"q\" * ~'"), ("!!", "\\!\\!"),
])
def test_quote(value, quoted):
    assert quote(value) == quoted


def test_render_sets_and_unsets_one_command_a_line_each_ending_in_a_semicolon():
    text = get("tcsh").render({"B": "x y", "A": None})
    assert text == "unsetenv A;\nsetenv B 'x y';\n"


@pytest.mark.parametrize("shell", ["tcsh", "csh"])
def test_a_line_break_is_refused_naming_the_variable_only(shell, cli_run, isolated_home, monkeypatch):
    (isolated_home / "profiles").mkdir(parents=True)
    (isolated_home / "profiles" / "nl.toml").write_text(
        'base_url = "https://x.example"\nkey_source = "env:NL_KEY"\n[env]\nNL_VAR = "a\\nb"\n')
    monkeypatch.setenv("NL_KEY", "sk-secret-1234567")
    result = cli_run(["env", "nl", "--shell", shell])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"modelswitch: cannot set NL_VAR for {shell}: the value "
                                    "contains a line break")
    assert "sk-secret" not in result.stderr and "Traceback" not in result.stderr


def test_names_and_detection():
    assert canonical("/bin/tcsh") == "tcsh" and canonical("-csh") == "csh"
    assert get("csh").init_line() == 'eval "`modelswitch init csh`"'
    assert get("tcsh").apply_hint("env kimi") == 'eval "`modelswitch env kimi --shell tcsh`"'
    assert detect({"SHELL": "/usr/bin/tcsh"}) in ("tcsh", "bash", "sh", "zsh", "fish")  # tree first


def test_detect_falls_back_to_SHELL(monkeypatch):
    import shellingham

    def fail():
        raise shellingham.ShellDetectionFailure()
    monkeypatch.setattr(shellingham, "detect_shell", fail)
    assert detect({"SHELL": "/bin/tcsh"}) == "tcsh" and detect({"SHELL": "/bin/csh"}) == "csh"


def value_strategy(canary: str):
    text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\n"),
                   max_size=16)
    pieces = [f for f in fragments(canary) if "\n" not in f] + ["\r", "!x", "\\!", "'\\'"]
    return st.lists(st.one_of(text, st.sampled_from(pieces)), max_size=5).map("".join)


def read_env(blob: bytes) -> dict[bytes, bytes]:
    return dict(item.split(b"=", 1) for item in blob.split(b"\0") if b"=" in item)


@pytest.mark.integration
def test_values_round_trip_through_real_tcsh_and_never_run(tmp_path, monkeypatch, cli_run, isolated_home):
    exe = require_tool("tcsh")
    canary = tmp_path / "canary"
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    (isolated_home / "profiles").mkdir(parents=True)
    code_file = tmp_path / "code.csh"
    script = tmp_path / "apply.csh"
    script.write_text('setenv ANTHROPIC_API_KEY stale\neval "`cat $CODE_FILE`"\nenv -0\n')
    env = dict(os.environ, LC_ALL="C.UTF-8", CODE_FILE=str(code_file))
    seen: set[str] = set()

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(value_strategy(str(canary)), min_size=5, max_size=10, unique=True))
    def check(values):
        printable = values[0].strip() and not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in values[0])
        key = values[0] if printable else "sk-test-fallback"
        monkeypatch.setenv("MS_RT_KEY", key)
        names = [f"MSV_{i:02d}" for i in range(len(values))]
        doc = {"base_url": "https://rt.example/anthropic", "key_source": "env:MS_RT_KEY",
               "env": dict(zip(names, values))}
        (isolated_home / "profiles" / "rt.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
        result = cli_run(["env", "rt", "--shell", "tcsh"])
        assert result.exit_code == 0, result.stderr
        code_file.write_bytes(result.stdout.encode("utf-8"))
        done = subprocess.run([exe, "-f", str(script)], capture_output=True, env=env, timeout=30,
                              cwd=workdir)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        got = read_env(done.stdout)
        assert b"ANTHROPIC_API_KEY" not in got, "the other credential variable was not unset"
        assert got[b"ANTHROPIC_AUTH_TOKEN"] == key.encode("utf-8")
        assert [got[n.encode()] for n in names] == [v.encode("utf-8") for v in values]
        assert not canary.exists() and not any(workdir.iterdir()), "a value was executed"
        seen.update(values)

    check()
    assert len(seen) >= MIN_DISTINCT


HOOK_SCRIPT = """eval "`modelswitch init tcsh`"
set s = $status; printf '\\1%s\\1' "init $s"; env -0
modelswitch use a; set s = $status; printf '\\1%s\\1' "use-a $s"; env -0
modelswitch use b; set s = $status; printf '\\1%s\\1' "use-b $s"; env -0
modelswitch use nope; set s = $status; printf '\\1%s\\1' "nope $s"; env -0
modelswitch use --help > /dev/null; set s = $status; printf '\\1%s\\1' "help $s"; env -0
cd "$PROJECT/sub"
modelswitch off
modelswitch use; set s = $status; printf '\\1%s\\1' "dotfile $s"; env -0
modelswitch off; set s = $status; printf '\\1%s\\1' "off $s"; env -0
"""


@pytest.mark.integration
def test_tcsh_hook_use_use_off(shell_env, tmp_path, isolated_home):
    exe = require_tool("tcsh")
    a = isolated_home / "profiles" / "a.toml"
    a.write_text(a.read_text().replace("\\nsecond line", "\\tsecond line"))  # no line break
    expect_a = dict(EXPECT_A, A_ONLY="a's $HOME `x`\tsecond line")
    (tmp_path / "hook.csh").write_text(HOOK_SCRIPT)
    done = subprocess.run([exe, "-f", str(tmp_path / "hook.csh")], env=shell_env,
                          capture_output=True, timeout=120)
    by_name = {name: (status, env) for name, status, env in parse(done.stdout)}
    assert list(by_name) == ["init", "use-a", "use-b", "nope", "help", "dotfile", "off"], done.stderr
    status, base = by_name["init"]
    assert status == "0" and base["MODELSWITCH_HOOK"] == "tcsh"
    status, env_a = by_name["use-a"]
    changed, removed = diff(base, env_a)
    assert status == "0" and removed == {"ANTHROPIC_API_KEY"}
    assert {k: v for k, v in changed.items() if k not in BOOKKEEPING} == expect_a
    status, env_b = by_name["use-b"]
    changed, removed = diff(base, env_b)
    assert status == "0" and removed == set()
    assert {k: v for k, v in changed.items() if k not in BOOKKEEPING} == EXPECT_B
    status, env_nope = by_name["nope"]
    assert status != "0" and env_nope == env_b  # a failing switch changes nothing
    assert by_name["help"] == ("0", env_b)
    status, env_dot = by_name["dotfile"]
    assert status == "0" and env_dot["MODELSWITCH_PROFILE"] == "b"
    status, env_off = by_name["off"]
    changed, removed = diff(base, env_off)
    assert status == "0" and changed == {} and removed == set()  # the user's key is back
    stderr = done.stderr.decode()
    assert "modelswitch: now using a (a.example, a-main)\n" in stderr
    assert "modelswitch: no profile named 'nope'" in stderr


# csh's $list:q drops an empty word, so the alias cannot pass "" (documented in README).
ARGS = [a for a in ALL_ARGS if a]
CLAUDE_TCSH = """eval "`modelswitch init tcsh`"
setenv STUB_EXIT 3; claude {w}; echo "rc=$status"
modelswitch use p
claude {w}; echo "rc=$status"
\\claude {w}; echo "rc=$status"
setenv STUB_EXIT 0; claude -p hi; echo "rc=$status"
setenv MODELSWITCH_PROFILE '-p'; claude x; echo "rc=$status"
setenv MODELSWITCH_PROFILE p; modelswitch off; claude x; echo "rc=$status"
"""


@pytest.mark.integration
def test_tcsh_claude_alias_goes_through_run_only_while_a_profile_is_active(stub_claude_env, tmp_path):
    exe = require_tool("tcsh")
    (tmp_path / "claude.csh").write_text(CLAUDE_TCSH.format(w=" ".join(quote(a) for a in ARGS)))
    done = subprocess.run([exe, "-f", str(tmp_path / "claude.csh")], env=stub_claude_env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    (plain, rc0), (through, rc1), (direct, rc2), (hi, rc3), (dash, rc4), (after_off, rc5) = \
        calls(done.stdout)
    assert plain["argv"] == ARGS and rc0 == 3
    launched(through, ARGS)
    assert rc1 == 3 and direct["argv"] == ARGS and rc2 == 3
    launched(hi, ["-p", "hi"])
    assert rc3 == 0
    assert dash["argv"] == ["x"] and after_off["argv"] == ["x"] and rc4 == rc5 == 0


OFF_TCSH = """eval "`modelswitch init tcsh`"
modelswitch use a
modelswitch use b
modelswitch off
env -0
"""
USER_KEY = "sk-user 'q' \"dq\" $HOME `id` * ~ \\ !x! !! \ttab é中文😀 "


@pytest.mark.integration
@pytest.mark.parametrize("model", ["user-model", "two\nlines"])
def test_tcsh_off_gives_back_the_users_values(model, shell_env, tmp_path):
    exe = require_tool("tcsh")
    a = tmp_path / "mshome" / "profiles" / "a.toml"
    a.write_text(a.read_text().replace("\\nsecond line", "\\tsecond line"))
    (tmp_path / "off.csh").write_text(OFF_TCSH)
    env = dict(shell_env, ANTHROPIC_API_KEY=USER_KEY, ANTHROPIC_MODEL=model)
    done = subprocess.run([exe, "-f", str(tmp_path / "off.csh")], env=env, capture_output=True,
                          timeout=120)
    got = read_env(done.stdout)
    assert got[b"ANTHROPIC_API_KEY"] == USER_KEY.encode(), done.stderr
    assert b"MODELSWITCH_PROFILE" not in got and b"ANTHROPIC_BASE_URL" not in got
    if "\n" in model:  # tcsh cannot carry it: unset, with one warning naming the variable
        assert b"ANTHROPIC_MODEL" not in got
        assert b"cannot set ANTHROPIC_MODEL for tcsh" in done.stderr and b"two" not in done.stderr
    else:
        assert got[b"ANTHROPIC_MODEL"] == model.encode()


@pytest.mark.integration
def test_interactive_tcsh_use_and_off_on_a_terminal(shell_env, tmp_path):
    """Typed at a real interactive prompt (history substitution on), through a pty."""
    import pexpect

    exe = require_tool("tcsh")
    a = tmp_path / "mshome" / "profiles" / "a.toml"
    a.write_text(a.read_text().replace("\\nsecond line", "!\\tsecond line!!"))
    child = pexpect.spawn(exe, ["-f", "-i"], env=shell_env, encoding="utf-8", timeout=60)

    def run(command, n):
        child.sendline(f"{command}; echo DONE{n}")
        child.expect(f"\nDONE{n}")
        return child.before.replace("\r", "")

    run('set prompt="P> "', 0)
    run('eval "`modelswitch init tcsh`"', 1)
    assert "modelswitch: now using a (a.example, a-main)" in run("modelswitch use a", 2)
    shown = run("/usr/bin/printenv A_ONLY MODELSWITCH_PROFILE", 3)
    assert shown.endswith("\na's $HOME `x`!\tsecond line!!\na")
    run("modelswitch off", 4)
    assert "st=1" in run("/usr/bin/printenv MODELSWITCH_PROFILE; echo st=$status", 5)
    child.sendline("exit")
    child.expect(pexpect.EOF)
