"""The `init` hooks in real shells: `use a`, `use b`, a failing `use`, `off` — after each,
exactly the right variables are set and unset in the shell's exported environment.

Profiles a and b differ in auth style (bearer vs api-key), models and extra env; their
keys come from env:VAR sources, so no keyring is needed. The shell runs the installed
`modelswitch` program (as `command modelswitch` inside the hook) and dumps `env -0` after
every step; expected values are written out here from DESIGN.md's environment rules.
"""


import pytest

from helpers import require_tool
from modelswitch.saved import decode
from shell_world import BOOKKEEPING, EXPECT_A, EXPECT_B, MARKER, SAVED, diff, parse

POSIX_SCRIPT = """eval "$(modelswitch init {shell})"
step() {{ printf '\\1%s\\1' "$1"; env -0; }}
step "init $?"
modelswitch use a; step "use-a $?"
modelswitch use b; step "use-b $?"
modelswitch use nope 2>/dev/null; step "nope $?"
modelswitch current; step "current $?"
modelswitch use --help >/dev/null; step "help $?"
cd "$PROJECT/sub" && modelswitch off && modelswitch use; step "dotfile $?"
modelswitch off; step "off $?"
"""
FISH_SCRIPT = """modelswitch init fish | source
function step; printf '\\1%s\\1' $argv[1]; env -0; end
step "init $status"
modelswitch use a; step "use-a $status"
modelswitch use b; step "use-b $status"
modelswitch use nope 2>/dev/null; step "nope $status"
modelswitch current; step "current $status"
modelswitch use --help >/dev/null; step "help $status"
cd "$PROJECT/sub"; and modelswitch off; and modelswitch use; step "dotfile $status"
modelswitch off; step "off $status"
"""


@pytest.mark.integration
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "dash", "ksh"])
def test_use_use_off_set_exactly_the_right_variables(shell, shell_env):
    import subprocess

    exe = require_tool(shell)
    script = FISH_SCRIPT if shell == "fish" else POSIX_SCRIPT.format(shell=shell)
    done = subprocess.run([exe, "-c", script], env=shell_env, capture_output=True, timeout=120)
    steps = parse(done.stdout)
    assert [s[0] for s in steps] == ["init", "use-a", "use-b", "nope", "current", "help",
                                     "dotfile", "off"], done.stderr.decode(errors="replace")
    by_name = {name: (status, env) for name, status, env in steps}
    status, base = by_name["init"]
    assert status == "0" and base["MODELSWITCH_HOOK"] == shell
    assert base["ANTHROPIC_API_KEY"] == "stale-user-key" and base["KEEP_ME"] == "kept"

    status, env_a = by_name["use-a"]
    changed, removed = diff(base, env_a)
    assert status == "0"
    assert removed == {"ANTHROPIC_API_KEY"}  # bearer profile: the other credential goes
    assert {k: v for k, v in changed.items() if k not in BOOKKEEPING} == EXPECT_A
    assert decode(changed[SAVED]) == {"ANTHROPIC_API_KEY": "stale-user-key"}
    assert set(EXPECT_A) <= set(changed[MARKER].split(","))

    status, env_b = by_name["use-b"]
    changed, removed = diff(base, env_b)
    assert status == "0" and removed == set()
    assert {k: v for k, v in changed.items() if k not in BOOKKEEPING} == EXPECT_B  # no A_ONLY left
    assert changed[SAVED] == env_a[SAVED]
    assert set(EXPECT_B) <= set(changed[MARKER].split(","))

    status, env_nope = by_name["nope"]
    assert status != "0" and env_nope == env_b  # a failing switch changes nothing

    printed = done.stdout.split(b"\x01current")[0]  # ends with: env -0 of "nope", then `current`
    assert by_name["current"][0] == "0" and printed.endswith(b"\0b\n")
    assert by_name["help"][0] == "0" and by_name["help"][1] == env_b

    status, env_dot = by_name["dotfile"]
    changed, removed = diff(base, env_dot)
    assert status == "0" and changed.get("MODELSWITCH_PROFILE") == "b"
    assert {k: v for k, v in changed.items() if k not in BOOKKEEPING} == EXPECT_B

    status, env_off = by_name["off"]
    changed, removed = diff(base, env_off)
    assert status == "0"
    assert changed == {} and removed == set()  # the user's ANTHROPIC_API_KEY is back
    assert env_off["KEEP_ME"] == "kept" and env_off["MODELSWITCH_HOOK"] == shell
