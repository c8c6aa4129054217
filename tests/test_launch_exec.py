"""`modelswitch exec` / `run` as real processes: exit status, signals, environment, same PID
(no Python left behind), nesting guard, missing programs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from helpers import modelswitch_cmd, run_modelswitch
from modelswitch.profile.schema import Profile
from modelswitch.profile.storage import write_profile

pytestmark = pytest.mark.skipif(os.name != "posix", reason="exec semantics are POSIX")

KEY = "sk-test-exec-5f3a9c1e"


@pytest.fixture
def env(isolated_home):
    write_profile(Profile(name="glm", base_url="http://127.0.0.1:9/anthropic", model="glm-4.6",
                          key_source="env:GLM_TEST_KEY", env={"API_TIMEOUT_MS": "3000000"}),
                  overwrite=True)
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("ANTHROPIC_", "CLAUDE_", "MODELSWITCH_"))}
    base.update(MODELSWITCH_HOME=str(isolated_home), GLM_TEST_KEY=KEY,
                ANTHROPIC_API_KEY="sk-user-own", KEEP_ME="yes")
    return base


def test_exec_passes_the_exit_status(env):
    done = run_modelswitch(["exec", "glm", "--", "sh", "-c", "exit 7"], env)
    assert done.returncode == 7, done.stderr


def test_exec_passes_the_environment(env):
    done = run_modelswitch(["exec", "glm", "--", sys.executable, "-c",
                            "import json, os; print(json.dumps(dict(os.environ)))"], env)
    import json

    child = json.loads(done.stdout)
    assert child["ANTHROPIC_AUTH_TOKEN"] == KEY
    assert child["ANTHROPIC_BASE_URL"] == "http://127.0.0.1:9/anthropic"
    assert child["ANTHROPIC_MODEL"] == "glm-4.6"
    assert child["API_TIMEOUT_MS"] == "3000000"
    assert child["MODELSWITCH_PROFILE"] == "glm"
    assert "ANTHROPIC_API_KEY" not in child  # the other credential is unset, not inherited
    assert child["KEEP_ME"] == "yes"


def test_exec_replaces_the_process_and_signals_are_the_childs(env):
    child = subprocess.Popen(modelswitch_cmd() + ["exec", "glm", "--", "sh", "-c", 'echo $$; kill -TERM $$'],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.communicate(timeout=60)
    assert int(out.decode().split()[0]) == child.pid  # same PID: no Python in between
    assert child.returncode == -signal.SIGTERM, err


def test_exec_missing_command_is_127(env):
    done = run_modelswitch(["exec", "glm", "--", "no-such-command-xyz"], env)
    assert done.returncode == 127
    assert done.stderr.decode().strip() == "modelswitch: no-such-command-xyz: command not found"


def test_run_without_claude_on_path_is_one_line_and_127(env, tmp_path):
    env["PATH"] = str(tmp_path / "nothing-here")
    done = run_modelswitch(["run", "glm", "--", "-p", "hi"], env)
    err = done.stderr.decode()
    assert done.returncode == 127
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "`claude` is not on PATH" in err and "npm install -g @anthropic-ai/claude-code" in err


def test_nesting_guard_refuses_unless_forced(env):
    env["MODELSWITCH_PROFILE"] = "kimi"  # `use kimi` in this shell: exec glm is fine
    assert run_modelswitch(["exec", "glm", "--", "true"], env).returncode == 0
    env["MODELSWITCH_LAUNCHED"] = "kimi"  # inside `modelswitch run kimi`: refused
    done = run_modelswitch(["exec", "glm", "--", "true"], env)
    assert done.returncode == 1
    assert "started with profile 'kimi'" in done.stderr.decode() and "--force" in done.stderr.decode()
    assert run_modelswitch(["exec", "--force", "glm", "--", "true"], env).returncode == 0
    env["MODELSWITCH_LAUNCHED"] = "glm"
    assert run_modelswitch(["exec", "glm", "--", "true"], env).returncode == 0


def test_launched_process_carries_the_marker_and_nesting_is_refused(env):
    """A real nested launch: exec glm starts a shell, which runs `modelswitch exec kimi`."""
    write_profile(Profile(name="kimi", base_url="http://127.0.0.1:9/k", key_source="env:GLM_TEST_KEY"),
                  overwrite=True)
    inner = " ".join(modelswitch_cmd())
    script = (f'echo "launched=$MODELSWITCH_LAUNCHED"; {inner} exec glm -- true && echo same-ok; '
              f'{inner} exec kimi -- true; echo "nested=$?"')
    done = run_modelswitch(["exec", "glm", "--", "sh", "-c", script], env)
    out = done.stdout.decode()
    assert "launched=glm" in out and "same-ok" in out and "nested=1" in out
    assert "started with profile 'glm'" in done.stderr.decode()
