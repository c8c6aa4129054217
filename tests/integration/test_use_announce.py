"""A successful `use NAME` through the hook prints one stderr line (profile, provider host,
main model); a script's plain `eval "$(modelswitch env NAME)"` stays quiet."""

import subprocess

import pytest

from helpers import require_tool

LINE = b"modelswitch: now using a (a.example, a-main)\n"
SCRIPTS = {
    "bash": ('eval "$(modelswitch init bash)"; modelswitch use a; modelswitch off',
             'eval "$(modelswitch env a)"; eval "$(modelswitch off)"'),
    "fish": ("modelswitch init fish | source; modelswitch use a; modelswitch off",
             "modelswitch env a --shell fish | source; modelswitch off --shell fish | source"),
}


@pytest.mark.integration
@pytest.mark.parametrize("shell", list(SCRIPTS))
def test_use_says_what_is_now_active_and_plain_env_is_quiet(shell, shell_env):
    exe = require_tool(shell)
    hooked, plain = SCRIPTS[shell]
    env = dict(shell_env, SHELL=exe)
    done = subprocess.run([exe, "-c", hooked], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stderr == LINE
    done = subprocess.run([exe, "-c", plain], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stderr == b""


def test_now_using_leaves_out_what_the_profile_does_not_set():
    from modelswitch.shells.switch import now_using

    assert now_using("k", {"ANTHROPIC_BASE_URL": "https://u:p@api.x.ai:8443/v1",
                           "ANTHROPIC_MODEL": "m"}) == "modelswitch: now using k (api.x.ai:8443, m)"
    assert now_using("anthropic", {}) == "modelswitch: now using anthropic"
