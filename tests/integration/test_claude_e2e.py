"""`modelswitch run` with the REAL Claude Code CLI, a key in the REAL keyring (private
gnome-keyring on a private D-Bus) and an Anthropic-compatible test server.

Every case also installs a decoy: ~/.claude/settings.json and the project's
.claude/settings.local.json point ANTHROPIC_BASE_URL / AUTH_TOKEN / API_KEY / models and an
apiKeyHelper at a second server. The profile must win: the decoy server receives nothing and
the real one sees exactly the profile's credential header and model. While the request is in
flight no process's command line holds the key; afterwards no file does.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from anthropic_server import AnthropicServer
from claude_world import add_profile, check_headers, files_holding
from helpers import modelswitch_cmd, run_modelswitch
from modelswitch.profile.schema import load_preset

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")]

SEED_PRESETS = ["kimi", "novita-kimi", "onerouter-kimi", "openrouter", "glm", "anthropic"]
REPLY = "pong from the profile's server"


def cmdlines() -> dict[int, bytes]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                found[int(entry)] = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                pass
    return found


def launch_and_watch(world, args: list[str], server: AnthropicServer, env_extra=None):
    """Start `modelswitch ARGS`; while the server holds the request, snapshot every cmdline
    and the child's fds. Returns (completed output, snapshot)."""
    env = {**world["env"], **(env_extra or {})}
    child = subprocess.Popen(modelswitch_cmd() + args, env=env, cwd=world["project"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    snapshot = None
    deadline = time.monotonic() + 60
    while snapshot is None and child.poll() is None and time.monotonic() < deadline:
        if server.messages():
            fds = {}
            for fd in os.listdir(f"/proc/{child.pid}/fd"):
                try:
                    fds[fd] = os.readlink(f"/proc/{child.pid}/fd/{fd}")
                except OSError:
                    pass
            snapshot = {"cmdlines": cmdlines(), "pid": child.pid, "fds": fds}
        time.sleep(0.02)
    out, err = child.communicate(timeout=60)
    return subprocess.CompletedProcess(args, child.returncode, out.decode(), err.decode()), snapshot


def check_no_key_on_command_lines(snapshot, key: str) -> None:
    assert snapshot, "the request never reached the server"
    holders = [pid for pid, line in snapshot["cmdlines"].items() if key.encode() in line]
    assert holders == [], f"key on the command line of {holders}"
    argv = snapshot["cmdlines"][snapshot["pid"]].split(b"\0")
    # no Python left: the process modelswitch started is claude itself, with the carrier
    assert argv[0] == b"claude" and argv[1] == b"--settings", argv
    fd = argv[2].decode().rsplit("/", 1)[1]
    assert argv[2].startswith(b"//dev/fd/")
    assert snapshot["fds"][fd].startswith("/memfd:modelswitch-settings")


@pytest.mark.parametrize("preset", SEED_PRESETS)
def test_run_beats_settings_files_for_each_seed_system(world, preset):
    profile = load_preset(preset)
    with AnthropicServer(reply=REPLY, delay=0.5) as server:
        key = add_profile(world, f"e2e-{preset}", preset, server.base_url)
        done, snapshot = launch_and_watch(world, ["run", f"e2e-{preset}", "--", "-p", "ping"], server)
        assert done.returncode == 0, done.stderr
        assert REPLY in done.stdout
        assert world["decoy"].requests == []
        check_headers(server, profile.auth, key)
        models = [r.body.get("model") for r in server.messages()]
        if profile.model:
            assert models[0] == profile.model
        else:  # anthropic: no model in the profile, so the decoy's must not win either
            assert models[0].startswith("claude-") and "decoy" not in " ".join(models)
        check_no_key_on_command_lines(snapshot, key)


def test_no_file_holds_the_key_afterwards(world):
    with AnthropicServer(reply=REPLY, delay=0.3) as server:
        key = add_profile(world, "e2e-files", "kimi", server.base_url)
        done, snapshot = launch_and_watch(world, ["run", "e2e-files", "-p", "ping"], server)
        assert done.returncode == 0 and REPLY in done.stdout, done.stderr
        check_no_key_on_command_lines(snapshot, key)
    roots = [world["tmp"], "/tmp", "/dev/shm", world["home"]]
    assert files_holding(key.encode(), roots) == []


def test_file_carrier_works_and_is_removed_after_claude_exits(world):
    """The non-memfd carrier (macOS, Windows, fallback) with the real claude."""
    tmp = world["tmp"] / "tmpdir"
    tmp.mkdir()
    extra = {"MODELSWITCH_SETTINGS_CARRIER": "file", "TMPDIR": str(tmp)}
    with AnthropicServer(reply=REPLY, delay=0.5) as server:
        key = add_profile(world, "e2e-file", "glm", server.base_url)
        done, snapshot = launch_and_watch(world, ["run", "e2e-file", "-p", "ping"], server, extra)
        assert done.returncode == 0 and REPLY in done.stdout, done.stderr
        assert world["decoy"].requests == []
        check_headers(server, "bearer", key)
    argv = snapshot["cmdlines"][snapshot["pid"]].split(b"\0")
    settings_path = Path(argv[2].decode())
    assert settings_path.parent.parent == tmp and key.encode() not in b" ".join(argv)
    deadline = time.monotonic() + 5
    while settings_path.parent.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not settings_path.parent.exists()
    assert files_holding(key.encode(), [tmp, world["home"]]) == []


def test_users_own_settings_file_is_merged(world):
    mine = world["project"] / "mine.json"
    mine.write_text(json.dumps({"env": {"ANTHROPIC_CUSTOM_HEADERS": "X-From-User: merged",
                                        "ANTHROPIC_BASE_URL": world["decoy"].base_url}}))
    with AnthropicServer(reply=REPLY) as server:
        key = add_profile(world, "e2e-merge", "openrouter", server.base_url)
        done = run_modelswitch(["run", "e2e-merge", "--settings", str(mine), "-p", "ping"],
                               world["env"], cwd=world["project"])
        assert done.returncode == 0 and REPLY in done.stdout.decode(), done.stderr.decode()
        assert world["decoy"].requests == []
        check_headers(server, "bearer", key)
        assert server.messages()[0].headers.get("x-from-user") == "merged"
