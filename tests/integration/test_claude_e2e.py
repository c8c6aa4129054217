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
import secrets
import subprocess
import time
from pathlib import Path

import pytest

from anthropic_server import AnthropicServer
from helpers import modelswitch_cmd, require_tool, run_modelswitch
from modelswitch.profile.schema import load_preset
from secret_service import secret_service  # noqa: F401

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")]

SEED_PRESETS = ["kimi", "novita-kimi", "onerouter-kimi", "openrouter", "glm", "anthropic"]
REPLY = "pong from the profile's server"
DECOY = {"token": "sk-user-decoy-token-1111", "key": "sk-user-decoy-key-2222",
         "helper": "sk-user-decoy-helper-3333"}


@pytest.fixture(scope="module")
def claude_bin():
    return require_tool("claude", "the Claude Code CLI (npm install @anthropic-ai/claude-code)")


@pytest.fixture
def world(secret_service, claude_bin, tmp_path):  # noqa: F811
    """Environment, HOME and project directory for one launch; a decoy server in settings files."""
    home, project = tmp_path / "home", tmp_path / "project"
    (home / ".claude").mkdir(parents=True)
    (project / ".git").mkdir(parents=True)
    env = {k: v for k, v in secret_service.env.items()
           if not k.startswith(("ANTHROPIC_", "CLAUDE_", "MODELSWITCH_"))}
    env.update(HOME=str(home), MODELSWITCH_HOME=str(tmp_path / "mshome"),
               CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1")
    with AnthropicServer(reply="DECOY ANSWERED") as decoy:
        decoy_env = {"ANTHROPIC_BASE_URL": decoy.base_url, "ANTHROPIC_AUTH_TOKEN": DECOY["token"],
                     "ANTHROPIC_API_KEY": DECOY["key"], "ANTHROPIC_MODEL": "decoy-model",
                     "ANTHROPIC_DEFAULT_HAIKU_MODEL": "decoy-haiku"}
        (home / ".claude" / "settings.json").write_text(json.dumps(
            {"env": decoy_env, "apiKeyHelper": f"echo {DECOY['helper']}"}))
        (project / ".claude").mkdir()
        (project / ".claude" / "settings.local.json").write_text(json.dumps(
            {"env": {"ANTHROPIC_BASE_URL": decoy.base_url, "ANTHROPIC_AUTH_TOKEN": DECOY["token"]}}))
        yield {"env": env, "home": home, "project": project, "decoy": decoy, "tmp": tmp_path,
               "keyring": secret_service}


def add_profile(world, name: str, preset: str, base_url: str) -> str:
    """`modelswitch add --key-stdin` into the real keyring; returns the (random) key."""
    key = "sk-test-" + secrets.token_hex(16)
    done = run_modelswitch(["add", name, "--preset", preset, "--base-url", base_url, "--key-stdin"],
                           world["env"], input=key + "\n")
    assert done.returncode == 0, done.stderr.decode()
    assert world["keyring"].lookup(name).strip() == key  # really in the Secret Service
    return key


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


def files_holding(needle: bytes, roots, max_depth=8, max_size=4 << 20) -> list[str]:
    hits = []
    for root in roots:
        root = str(root)
        base_depth = root.rstrip("/").count("/")
        for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: None):
            if dirpath.count("/") - base_depth >= max_depth:
                dirnames[:] = []
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                try:
                    if os.path.islink(path) or not os.path.isfile(path) or os.path.getsize(path) > max_size:
                        continue
                    with open(path, "rb") as fh:
                        if needle in fh.read():
                            hits.append(path)
                except OSError:
                    pass
    return hits


def check_headers(server: AnthropicServer, auth: str, key: str) -> None:
    assert server.messages(), "no /v1/messages request arrived"
    for request in server.requests:  # HEAD warm-ups too: no decoy secret anywhere
        assert not any(secret in value for value in request.headers.values() for secret in DECOY.values())
    for request in server.messages():
        headers = request.headers
        if auth == "bearer":
            assert headers.get("authorization") == f"Bearer {key}", request
            assert "x-api-key" not in headers, f"second credential header sent: {headers.get('x-api-key')}"
        else:
            assert headers.get("x-api-key") == key, request
            assert "authorization" not in headers, f"second credential header sent: {headers['authorization']}"


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
