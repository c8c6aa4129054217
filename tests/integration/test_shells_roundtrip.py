"""Property test: values set through `modelswitch env --shell S` come back byte for byte from
the real bash, zsh, dash, ksh and fish, and nothing in a value ever runs.

Each hypothesis example writes a profile whose extra env holds a batch of generated values
(and whose key, read from an env:VAR source, is one of them), runs `env` (in-process, the
real CLI entry point), evaluates the output in one real shell process the way users do
(`eval "$(...)"`, fish `| source`) and has the shell print every variable back,
NUL-separated. Values include quotes, $, backticks, backslashes, newlines, globs, %, !, ^,
non-ASCII, and command substitutions that would create a canary file if ever executed.
"""

import os
import subprocess

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import require_tool
from shell_world import fragments

SHELLS = ["bash", "zsh", "dash", "ksh", "fish"]
MIN_DISTINCT = 300


def value_strategy(canary: str):
    text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                   max_size=16)
    return st.lists(st.one_of(text, st.sampled_from(fragments(canary))), max_size=5).map("".join)


def posix_script(names: list[str]) -> str:
    printed = " ".join(f'"${name}"' for name in names)
    return ('export ANTHROPIC_API_KEY=stale\n'
            'eval "$(cat)"\n'
            f"printf '%s\\0' \"${{ANTHROPIC_API_KEY+SET}}\" {printed}\n")


def fish_script(names: list[str]) -> str:
    printed = " ".join(f'"${name}"' for name in names)
    return ("set -gx ANTHROPIC_API_KEY stale\n"
            "source\n"
            "if set -q ANTHROPIC_API_KEY; printf 'SET\\0'; else; printf '\\0'; end\n"
            f"printf '%s\\0' {printed}\n")


@pytest.mark.integration
@pytest.mark.parametrize("shell", SHELLS)
def test_values_round_trip_and_never_run(shell, tmp_path, monkeypatch, cli_run, isolated_home):
    exe = require_tool(shell)
    canary = tmp_path / "canary"
    workdir = tmp_path / "cwd"  # the shell runs here: a stray file means a value was executed
    workdir.mkdir()
    profiles = isolated_home / "profiles"
    profiles.mkdir(parents=True)
    seen: set[str] = set()
    env = dict(os.environ, LC_ALL="C.UTF-8")

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(value_strategy(str(canary)), min_size=5, max_size=10, unique=True))
    def check(values):
        # A key holding a control character is refused (secrets.check_key), so such a draw
        # tests the [env] values only.
        printable_key = values[0].strip() and not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in values[0])
        key = values[0] if printable_key else "sk-test-fallback"
        monkeypatch.setenv("MS_RT_KEY", key)
        names = [f"MSV_{i:02d}" for i in range(len(values))]
        doc = {"base_url": "https://rt.example/anthropic", "key_source": "env:MS_RT_KEY",
               "env": dict(zip(names, values))}
        (profiles / "rt.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
        result = cli_run(["env", "rt", "--shell", shell])
        assert result.exit_code == 0, result.stderr
        names = ["ANTHROPIC_AUTH_TOKEN"] + names
        script = fish_script(names) if shell == "fish" else posix_script(names)
        done = subprocess.run([exe, "-c", script], input=result.stdout.encode("utf-8"),
                              capture_output=True, env=env, timeout=30, cwd=workdir)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        fields = done.stdout.split(b"\0")
        assert fields[-1] == b""
        assert fields[0] == b"", "the other credential variable was not unset"
        assert fields[1:-1] == [v.encode("utf-8") for v in [key] + values]
        assert not canary.exists(), "a value was executed"
        assert not any(workdir.iterdir()), "a value was executed (it created a file)"
        seen.update(values)

    check()
    assert len(seen) >= MIN_DISTINCT
