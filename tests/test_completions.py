"""Completion scripts: generated from the Typer app, committed in completions/, fast names."""

from __future__ import annotations

import enum
import os
import subprocess
import sys
import time
from typing import List, Optional

import pytest

from helpers import REPO
from modelswitch.completion import scripts as completion_scripts
from modelswitch.profile import schema as profiles, storage
from modelswitch.profile.schema import Profile

# Every command the completion must know (the list); `key` has set and rm.
COMMANDS = ("presets add list show edit rename remove key env off use init current run exec "
            "doctor test bench completions export import").split()
PROFILE_COMMANDS = ("use env run exec show edit remove rename test bench export").split()
REGENERATE = "regenerate with `python -m modelswitch.completion.scripts completions`"


def make_profiles(*names: str) -> None:
    for name in names:
        storage.write_profile(Profile(name=name, base_url="https://example.invalid/anthropic",
                                      model="m"), overwrite=False)


@pytest.fixture(scope="module")
def spec():
    return {c.path: c for c in completion_scripts.build_spec()}


@pytest.mark.parametrize("shell", completion_scripts.SHELLS)
def test_committed_script_is_current(shell):
    committed = (REPO / "completions" / completion_scripts.FILES[shell]).read_text(encoding="utf-8")
    assert completion_scripts.render(shell) == committed, f"completions/ is stale: {REGENERATE}"


@pytest.mark.parametrize("shell", completion_scripts.SHELLS)
def test_command_prints_the_script(cli_run, shell):
    result = cli_run(["completions", shell])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == completion_scripts.render(shell)


def test_unknown_shell_is_a_usage_error(cli_run):
    result = cli_run(["completions", "tcsh"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("modelswitch: ")


def test_spec_knows_every_command(spec):
    assert set(COMMANDS) <= {n for n, _ in spec[""].subs}
    assert {"rm", "set"} <= {n for n, _ in spec["key"].subs}
    for path in PROFILE_COMMANDS + ["key set", "key rm"]:
        assert spec[path].args[:1] in (("profiles",), ("profiles...",)), path
    assert spec["bench"].args == ("profiles...",)
    assert spec["run"].args[-1] == "rest" and spec["exec"].args[-1] == "command"


def test_spec_flags_come_from_the_app(spec):
    """Flags and their value kinds are read from the Typer parameters, not a hand table."""
    add = spec["add"]
    flags = [f for f, _ in add.flags]
    assert {"--preset", "--base-url", "--key-stdin", "--force", "--help"} <= set(flags)
    values = dict(add.values)
    assert values["--preset"] == "presets"
    assert "--force" not in values and "--key-stdin" not in values  # switches take no value
    assert dict(spec["env"].values)["--shell"] == "shells"
    assert dict(spec["import"].values)["--from-ccs"] == "ccs"
    assert dict(spec["export"].values)["-o"] == "file"
    assert spec["completions"].args == ("choice:bash,zsh,fish,powershell",)
    assert spec["init"].args == ("hook-shells",)


class Color(str, enum.Enum):
    red = "red"
    blue = "blue"


def test_spec_of_a_small_typer_app():
    import typer

    app = typer.Typer()

    @app.command("use")
    def use(name: str, shell: Optional[str] = typer.Option(None, "--shell"),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="Say less. Really.")):
        pass

    @app.command("paint")
    def paint(color: Color, names: List[str] = typer.Argument(None),
              mode: str = typer.Option("x", "--mode", metavar="fast|slow"),
              secret: str = typer.Option("", "--secret", hidden=True)):
        pass

    spec = {c.path: c for c in completion_scripts.build_spec(app)}
    assert [n for n, _ in spec[""].subs] == ["paint", "use"]
    assert spec["use"].args == ("profiles",)
    assert dict(spec["use"].flags)["--quiet"] == "Say less."
    assert spec["use"].values == (("--shell", "shells"),)
    assert spec["paint"].args == ("choice:red,blue", "any...")
    assert dict(spec["paint"].values) == {"--mode": "choice:fast,slow"}
    assert "--secret" not in dict(spec["paint"].flags)


def test_quoting_round_trips_in_posix_and_fish():
    from modelswitch.completion import templates as t, templates_fish_pwsh as fp

    text = "it's a \\ back'slash"
    out = subprocess.run(["sh", "-c", f"printf %s {t._posix(text)}"], capture_output=True,
                         text=True).stdout
    assert out == text
    assert fp._pwsh("it\u2019s 'x'") == "'it\u2019\u2019s ''x'''"


# ---------------------------------------------------------------- __names
def test_names_profiles_lists_file_names(cli_run):
    assert cli_run(["__names", "profiles"]).stdout == ""
    make_profiles("zeta", "alpha", "glm-cn")
    result = cli_run(["__names", "profiles"])
    assert result.exit_code == 0
    assert result.stdout.split("\n") == ["alpha", "glm-cn", "zeta", ""]


def test_names_presets_and_shells(cli_run):
    assert cli_run(["__names", "presets"]).stdout.split() == profiles.preset_names()
    from modelswitch.shells import NAMES, get

    shells = cli_run(["__names", "shells"]).stdout.split()
    assert {"bash", "zsh", "fish", "powershell", "cmd", "json"} <= set(shells)
    assert shells == list(NAMES)
    for name in shells:
        get(name)  # each one is a shell `env --shell` accepts
    hooks = cli_run(["__names", "hook-shells"]).stdout.split()
    assert "bash" in hooks and "json" not in hooks and set(hooks) < set(shells)


def test_names_ccs_profiles(cli_run, tmp_path, monkeypatch):
    monkeypatch.setenv("CCS_DIR", str(tmp_path / "ccs"))
    (tmp_path / "ccs").mkdir()
    for name in ("glm", "kimi"):
        (tmp_path / "ccs" / f"{name}.settings.json").write_text("{}")
    (tmp_path / "ccs" / "config.json").write_text("{}")
    assert cli_run(["__names", "ccs"]).stdout.split() == ["glm", "kimi"]


def test_names_unknown_kind_is_quiet(cli_run):
    result = cli_run(["__names", "nope"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "")


def _env(home) -> dict[str, str]:
    return {**os.environ, "MODELSWITCH_HOME": str(home)}


def test_names_imports_neither_typer_nor_keyring(isolated_home):
    make_profiles("alpha")
    code = ("import sys; from modelswitch.cli import main; rc = main(['__names', 'profiles']); "
            "heavy = [m for m in ('typer', 'keyring', 'tomli_w', 'questionary') "
            "if m in sys.modules]; print(heavy); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], env=_env(isolated_home),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["alpha", "[]"]


def _best_of(argv: list[str], env, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True, timeout=60)
        best = min(best, time.perf_counter() - start)
    return best


def test_names_is_nearly_as_fast_as_python_itself(isolated_home):
    make_profiles(*(f"p{i}" for i in range(50)))
    env = _env(isolated_home)
    bare = _best_of([sys.executable, "-c", "pass"], env)
    names = _best_of([sys.executable, "-m", "modelswitch", "__names", "profiles"], env)
    print(f"\npython -c pass: {bare * 1000:.0f} ms; modelswitch __names profiles: "
          f"{names * 1000:.0f} ms")
    assert names < bare + 0.25


@pytest.mark.integration
@pytest.mark.parametrize("shell, expect", [("bash", b"# bash completion"), ("fish", b"# fish completion"),
                                           ("tcsh", None)])
def test_completions_without_a_shell_guesses_it_as_init_does(shell, expect):
    import shutil

    from helpers import require_tool

    exe = require_tool(shell)
    program = shutil.which("modelswitch", path=os.path.dirname(sys.executable)) or "modelswitch"
    env = dict(os.environ, SHELL=exe)
    done = subprocess.run([exe, "-c", f"'{program}' completions"], env=env, capture_output=True,
                          timeout=60)
    if expect is None:  # no completion script for tcsh: one line, usage status
        assert done.returncode == 2 and done.stdout == b""
        assert done.stderr.startswith(b"modelswitch: no completion script for tcsh\n")
    else:
        assert done.returncode == 0 and done.stdout.startswith(expect), done.stderr
