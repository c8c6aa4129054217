"""cmd.exe under Wine: the shipped modelswitch.bat applies `env --shell cmd` output so that
values full of cmd metacharacters arrive byte for byte, and refuses what cmd cannot hold.

How the program's output reaches the .bat: on Windows, modelswitch.bat runs
modelswitch.exe inside FOR /F and reads its stdout (no file). Under Wine a Linux program
can be started from cmd, but Wine does not wait for it: FOR /F stops reading as soon as
the process has started and loses most of the output. So the test runs the real CLI
first, on Linux, once per call the .bat will make (same arguments, same environment as
the window will have at that point, MODELSWITCH_CMD_DELAYED as the .bat sets it), and
saves stdout/stderr in the test's temp dir; MODELSWITCH_EXE points the .bat at a small
modelswitch.cmd that TYPEs the saved output for the arguments it receives. Everything
cmd does with the output — quoting of the call, FOR /F, SET, the delayed-expansion
detection, the completion marker — is Wine's real cmd running the shipped .bat. (The
saved files are the test's; the product never writes a key to a file.)
Not checkable under Wine: AutoRun and doskey (Wine's cmd has neither), the .bat's exit
status, and non-ASCII (Wine decodes program output in its own 8-bit code page).
Each Wine start costs seconds: one prefix per session, one `wine cmd` per test.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import require_tool, run_modelswitch
from modelswitch.paths import data_dir

KEY = 'sk-test-%PATH%&|^"<>!key'
METACHAR_VALUES = {
    "W_PERCENT": "100% %PATH% %% %~1 %*",
    "W_BANG": "a!PATH!b! !!",
    "W_CARET": "^^x^ ^",
    "W_AMP": "a & b | c < d > e && f || g",
    "W_QUOTE": 'say "hi" "',
    "W_EQUALS": "==x==",
    "W_SPACES": "  lead and trail  ",
    "W_PARENS": "(x) )( ()",
    "W_SEMI": ";x; ,y,",
    "W_MIX": '%~dp0 ^& "&" !"! \'q\' `b` $d \\',
}
NO_BANG = {k: v for k, v in METACHAR_VALUES.items() if "!" not in v}


def toml_string(value: str) -> str:
    """A TOML basic string (these values need only \\, \" and newlines escaped)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def profile(key_var: str, env: dict[str, str]) -> str:
    lines = ['base_url = "https://w.example/anthropic"', f'key_source = "env:{key_var}"',
             'model = "w-model"', "[env]"]
    return "\n".join(lines + [f"{k} = {toml_string(v)}" for k, v in env.items()]) + "\n"


def winpath(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


@pytest.fixture(scope="session")
def wine_env(tmp_path_factory):
    """A Wine prefix for the session, started once (the first start takes a while)."""
    require_tool("wine", "Debian packages wine, wine64")
    base = tmp_path_factory.mktemp("wine")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(WINEPREFIX=str(base / "prefix"), WINEDEBUG="-all",
               WINEDLLOVERRIDES="mscoree,mshtml=")
    done = subprocess.run(["wine", "cmd", "/c", "echo", "wine-ready"], env=env,
                          capture_output=True, timeout=300)
    assert b"wine-ready" in done.stdout, done.stderr.decode(errors="replace")
    yield env
    # A prefix is ~700 MB: stop its wineserver and remove it rather than leave it in /tmp.
    if shutil.which("wineserver"):
        subprocess.run(["wineserver", "-k"], env=env, capture_output=True, timeout=60)
    shutil.rmtree(base, ignore_errors=True)


STAND_IN = r"""@echo off
setlocal
REM Test stand-in for modelswitch.exe: prints what the real CLI printed for these arguments.
set "STEM={outputs}\%1_%2_%3_%4_d%MODELSWITCH_CMD_DELAYED%"
if exist "%STEM%.out" type "%STEM%.out"
if exist "%STEM%.err" type "%STEM%.err" 1>&2
"""


def apply_cmd_lines(state: dict[str, str], stdout: bytes) -> None:
    """What the .bat's SET does with each line (only to know the next call's environment);
    the .bat clears its completion marker again."""
    for line in stdout.decode().splitlines():
        name, _, value = line.partition("=")
        if name == "MODELSWITCH_BAT_OK":
            continue
        if value:
            state[name] = value
        else:
            state.pop(name, None)


@pytest.fixture
def cmd_setup(wine_env, tmp_path, isolated_home):
    """Profiles, the modelswitch.cmd stand-in, and a runner for driver .bat files."""
    profiles = isolated_home / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "w.toml").write_text(profile("MS_W_KEY", METACHAR_VALUES))
    (profiles / "nobang.toml").write_text(profile("MS_PLAIN_KEY", NO_BANG))
    (profiles / "nl.toml").write_text(profile("MS_PLAIN_KEY", {"NL_VAR": "one\ntwo"}))
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    stand_in = tmp_path / "modelswitch.cmd"
    stand_in.write_bytes(STAND_IN.format(outputs=winpath(outputs)).replace("\n", "\r\n").encode())
    env = dict(wine_env, MODELSWITCH_HOME=str(isolated_home), MODELSWITCH_EXE=winpath(stand_in),
               MS_W_KEY=KEY, MS_PLAIN_KEY="sk-test-plain-^&%x%")

    def program(calls: list[tuple[list[str], bool]], start: dict[str, str]) -> None:
        """Run the real CLI for each (args, delayed) the .bat will make, in order."""
        state = dict(env, **start)
        for args, delayed in calls:
            call_env = dict(state, MODELSWITCH_CMD_DELAYED="1") if delayed else state
            done = run_modelswitch(args, call_env)
            stem = "_".join((args + [""] * 4)[:4]) + ("_d1" if delayed else "_d")
            (outputs / f"{stem}.out").write_bytes(done.stdout)
            (outputs / f"{stem}.err").write_bytes(done.stderr)
            if done.returncode == 0:
                apply_cmd_lines(state, done.stdout)

    def run(lines: list[str], calls: list[tuple[list[str], bool]], delayed: bool = False,
            start: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        program(calls, start or {})  # start: what the driver sets before the first call
        driver = tmp_path / "driver.bat"
        driver.write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
        flags = ["/v:on"] if delayed else []
        return subprocess.run(["wine", "cmd", *flags, "/c", winpath(driver)], env=env,
                              capture_output=True, timeout=300)

    return run


def sections(stdout: bytes) -> dict[str, dict[str, str]]:
    """{marker: environment} from the driver's `echo ==marker==` + `set` blocks."""
    out: dict[str, dict[str, str]] = {}
    current = None
    for line in stdout.decode("latin-1").split("\r\n"):
        if line.startswith("==") and line.endswith("=="):
            current = line.strip("=")
            out[current] = {}
        elif current and "=" in line:
            name, _, value = line.partition("=")
            out[current][name] = value
    return out


def bat() -> str:
    return winpath(data_dir() / "modelswitch.bat")


@pytest.mark.integration
def test_metacharacters_arrive_literally_and_crlf_is_refused(cmd_setup):
    # Driver lines start with @ and echo stays on, as at an interactive prompt: nothing
    # modelswitch.bat runs may be echoed (that would show the key on screen).
    done = cmd_setup([
        '@set "ANTHROPIC_API_KEY=stale-user-key"',
        '@set "KEEP_ME=kept"',
        "@echo ==before==", "@set",
        f'@call "{bat()}" use w', "@echo ==use==", "@set",
        f'@call "{bat()}" use nl', "@echo ==nl==", "@set",
        f'@call "{bat()}" use --help', "@echo ==help==", "@set",
        f'@call "{bat()}" off', "@echo ==off==", "@set",
    ], calls=[(["env", "w", "--shell", "cmd"], False), (["env", "nl", "--shell", "cmd"], False),
              (["off", "--shell", "cmd"], False)],
        start={"ANTHROPIC_API_KEY": "stale-user-key", "KEEP_ME": "kept"})
    envs = sections(done.stdout)
    stderr = done.stderr.decode("latin-1")
    assert list(envs) == ["before", "use", "nl", "help", "off"], stderr
    before, used = envs["before"], envs["use"]
    echoed = [line for line in done.stdout.upper().split(b"\r\n") if b'SET "' in line]
    assert not echoed, "modelswitch.bat echoed its commands (and with them the key)"

    for name, value in METACHAR_VALUES.items():
        assert used.get(name) == value, name
    assert used["ANTHROPIC_AUTH_TOKEN"] == KEY
    assert used["ANTHROPIC_BASE_URL"] == "https://w.example/anthropic"
    assert used["MODELSWITCH_PROFILE"] == "w" and used["KEEP_ME"] == "kept"
    assert "ANTHROPIC_API_KEY" not in used
    assert not [k for k in used if k.startswith(("MODELSWITCH_BAT", "MODELSWITCH_CMD"))]
    added = set(used) - set(before)
    assert added - {"MODELSWITCH_VARS", "MODELSWITCH_SAVED"} == set(METACHAR_VALUES) | {
        "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL", "MODELSWITCH_PROFILE"}

    assert envs["nl"] == used, "a refused switch must change nothing"
    assert "NL_VAR" in stderr and "line break" in stderr
    assert envs["help"] == used, "`use --help` must never be applied"

    # off: back to the starting environment, the user's own ANTHROPIC_API_KEY included.
    assert envs["off"] == before


@pytest.mark.integration
def test_delayed_expansion_window_refuses_bang_and_keeps_the_rest_literal(cmd_setup):
    done = cmd_setup([
        f'@call "{bat()}" use w', "@echo ==bang==", "@set",
        f'@call "{bat()}" use nobang', "@echo ==nobang==", "@set",
    ], calls=[(["env", "w", "--shell", "cmd"], True), (["env", "nobang", "--shell", "cmd"], True)],
        delayed=True)
    envs = sections(done.stdout)
    stderr = done.stderr.decode("latin-1")
    assert list(envs) == ["bang", "nobang"], stderr
    assert "MODELSWITCH_PROFILE" not in envs["bang"] and "W_PERCENT" not in envs["bang"]
    assert "delayed expansion" in stderr
    for name, value in NO_BANG.items():
        assert envs["nobang"].get(name) == value, name
    assert envs["nobang"]["ANTHROPIC_AUTH_TOKEN"] == "sk-test-plain-^&%x%"
    assert "MODELSWITCH_CMD_DELAYED" not in envs["nobang"]


@pytest.mark.integration
def test_printed_reg_add_sets_the_autorun_command_verbatim(cmd_setup, cli_run):
    result = cli_run(["init", "cmd", "--print"])
    assert result.exit_code == 0
    reg_add = [line for line in result.stdout.splitlines() if line.startswith("reg add ")]
    assert len(reg_add) == 1
    done = cmd_setup([
        "@" + reg_add[0] + " >nul",
        '@reg query "HKCU\\Software\\Microsoft\\Command Processor" /v AutoRun',
        '@reg delete "HKCU\\Software\\Microsoft\\Command Processor" /v AutoRun /f >nul',
    ], calls=[])
    hook = data_dir() / "modelswitch_hook.bat"
    line = [x for x in done.stdout.decode("latin-1").splitlines() if "AutoRun" in x]
    assert line and line[0].split("REG_SZ", 1)[1].strip() == f'if exist "{hook}" "{hook}"'


# -- `claude` at the cmd prompt: modelswitch_claude.bat (the doskey macro's target) ---------
# Wine's cmd has no doskey, so the driver calls the .bat the macro points at directly, with
# arguments as they would follow `claude` at the prompt. claude.cmd and the modelswitch
# stand-in are .cmd files (Wine does not wait for Linux programs) that echo what they got.
# Wine's cmd also lacks delayed-expansion substrings and substitution (`!X:~0,1!` and
# `!X:a=!` come out literally), which the .bat's name check uses, so under Wine the check
# never passes: this test covers the paths that must hold anyway (no profile, and hostile
# values that must never reach the command line), not the `modelswitch run` branch.
CLAUDE_STUB = "@echo CLAUDE[%*]\r\n@exit /b 5\r\n"
RUN_STUB = "@echo RUN[%*]\r\n@exit /b 6\r\n"
ARGS = '-p "hi there" "a&b|c" "$d*" -- "x!y!"'


@pytest.mark.integration
def test_claude_front_never_puts_a_hostile_profile_value_on_the_command_line(wine_env, tmp_path):
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    (stubs / "claude.cmd").write_bytes(CLAUDE_STUB.encode())
    (stubs / "ms.cmd").write_bytes(RUN_STUB.encode())
    front = winpath(data_dir() / "modelswitch_claude.bat")
    cases = [("none", None), ("dash", "-p"), ("space", "a b"), ("dot", ".p"), ("long", "a" * 65),
             ("inject", 'x^" ^& echo PWNED ^& ^"'), ("pct", "p%%PATH%%")]
    lines = [f'@set "PATH={winpath(stubs)};%PATH%"', f'@set "MODELSWITCH_EXE={winpath(stubs)}\\ms.cmd"']
    for label, value in cases:
        lines.append("@set MODELSWITCH_PROFILE=" + (value or ""))
        lines += [f"@echo =={label}==", f'@call "{front}" {ARGS}', "@echo rc=%ERRORLEVEL%"]
    driver = tmp_path / "driver.bat"
    driver.write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
    done = subprocess.run(["wine", "cmd", "/c", winpath(driver)], env=wine_env,
                          capture_output=True, timeout=300)
    out = done.stdout.decode("latin-1").replace("\r\n", "\n")
    blocks = dict(zip(out.split("==")[1::2], out.split("==")[2::2]))
    assert list(blocks) == [label for label, _ in cases], out + done.stderr.decode("latin-1")
    # %* is the argument text as typed: quotes, &, |, $, *, -- and ! arrive intact.
    # (Exit statuses are not checked: Wine's cmd reports 1 after a chained .cmd that ran
    # `exit /b 5`.)
    for label, _ in cases:
        assert blocks[label].startswith(f"\nCLAUDE[{ARGS}]\nrc="), label
    assert "PWNED" not in out
