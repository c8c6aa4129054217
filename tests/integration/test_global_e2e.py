"""`use --global` with the REAL claude (started with no modelswitch variable in its
environment), keys in the REAL keyring (private gnome-keyring), loopback servers.

The user's own ~/.claude/settings.json points at their own (decoy) server with their own
token. After `use --global kimi` claude reaches the kimi server with the key in exactly one
credential header; after `use --global glm` the glm server; after `off --global` the user's
server again, and the file is byte-identical. No file under HOME or the config home holds a
profile key at any point (scanned while claude's request is in flight, and afterwards).
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from anthropic_server import AnthropicServer
from claude_world import add_profile, files_holding, private_world
from helpers import require_tool, run_modelswitch

pytestmark = [pytest.mark.integration]

USER_TOKEN = "sk-user-own-token-4444aaaa"
# Formatting Claude Code itself would not produce (compact array, tab indent): an exact
# restore must keep it anyway.
ORIGINAL = ('{\n\t"env": {\n\t\t"ANTHROPIC_BASE_URL": "%s",\n\t\t"ANTHROPIC_AUTH_TOKEN": "%s",\n'
            '\t\t"ANTHROPIC_MODEL": "user-model",\n\t\t"EDITOR": "vi"\n\t},\n'
            '\t"permissions": {"allow": ["Bash(ls)"]},\n\t"theme": "dark"\n}\n')


@pytest.fixture
def gworld(secret_service, tmp_path):
    require_tool("claude", "the Claude Code CLI")
    env, home, project = private_world(secret_service, tmp_path)
    with AnthropicServer(reply="USER SERVER") as mine:
        settings = home / ".claude" / "settings.json"
        settings.write_text(ORIGINAL % (mine.base_url, USER_TOKEN))
        settings.chmod(0o640)
        yield {"env": env, "home": home, "project": project, "mine": mine, "tmp": tmp_path,
               "keyring": secret_service, "settings": settings,
               "original": settings.read_bytes()}


def claude_env(world) -> dict[str, str]:
    """What an IDE extension would give claude: no modelswitch or provider variable."""
    return {k: v for k, v in world["env"].items() if k != "MODELSWITCH_HOME"}


def start_claude(world, server: AnthropicServer, scan_for: list[bytes]):
    """claude -p ping; while the server holds the request, scan HOME and the config home."""
    child = subprocess.Popen(["claude", "-p", "ping"], env=claude_env(world), cwd=world["project"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    found_during = None
    deadline = time.monotonic() + 90
    while child.poll() is None and time.monotonic() < deadline:
        if found_during is None and server.messages():
            found_during = [hit for key in scan_for for hit in scan(world, key)]
        time.sleep(0.02)
    out, err = child.communicate(timeout=90)
    return out.decode(), err.decode(), found_during


def scan(world, key: bytes) -> list[str]:
    return files_holding(key, [world["home"], world["tmp"] / "mshome"])


def one_credential(server: AnthropicServer, key: str) -> None:
    """The key travels exactly once, as Authorization: Bearer; no other credential at all."""
    assert server.messages(), "no request reached the profile's server"
    for request in server.messages():
        headers = request.headers
        assert headers.get("authorization") == f"Bearer {key}", headers
        assert headers.get("x-api-key", "") == "", "a second credential header was sent"
        carrying = [name for name, value in headers.items() if key in value]
        assert carrying == ["authorization"], carrying
        assert USER_TOKEN not in json.dumps(headers)


def use_global(world, name: str) -> None:
    done = run_modelswitch(["use", "--global", name], world["env"])
    assert done.returncode == 0, done.stderr.decode()


def test_global_switch_reaches_each_profile_then_restores_the_users_file(gworld):
    world = gworld
    with AnthropicServer(reply="KIMI", delay=0.5) as kimi, AnthropicServer(reply="GLM", delay=0.5) as glm:
        kimi_key = add_profile(world, "kimi", "kimi", kimi.base_url)
        glm_key = add_profile(world, "glm", "glm", glm.base_url)
        keys = [kimi_key.encode(), glm_key.encode()]

        use_global(world, "kimi")
        assert [hit for key in keys for hit in scan(world, key)] == []
        out, err, during = start_claude(world, kimi, keys)
        assert "KIMI" in out, err
        assert during == []
        one_credential(kimi, kimi_key)
        assert kimi.messages()[0].body["model"] == "kimi-k2-thinking"
        assert world["mine"].requests == [] and glm.requests == []

        use_global(world, "glm")
        kimi.requests.clear()
        out, err, during = start_claude(world, glm, keys)
        assert "GLM" in out, err
        assert during == []
        one_credential(glm, glm_key)
        assert glm.messages()[0].body["model"].startswith("glm-")
        assert world["mine"].requests == [] and kimi.requests == []

        done = run_modelswitch(["off", "--global"], world["env"])
        assert done.returncode == 0, done.stderr.decode()
        assert "restored as it was" in done.stdout.decode()
        assert world["settings"].read_bytes() == world["original"]
        assert world["settings"].stat().st_mode & 0o777 == 0o640
        glm.requests.clear()
        out, err, _ = start_claude(world, world["mine"], keys)
        assert "USER SERVER" in out, err
        assert world["mine"].messages()[0].headers.get("authorization") == f"Bearer {USER_TOKEN}"
        assert kimi.requests == [] and glm.requests == []
    assert [hit for key in keys for hit in scan(world, key)] == []
    assert files_holding(USER_TOKEN.encode(), [world["tmp"] / "mshome"]) == []


def test_run_and_a_switched_shell_win_over_the_global_profile(gworld):
    world = gworld
    with AnthropicServer(reply="KIMI") as kimi, AnthropicServer(reply="GLM") as glm:
        kimi_key = add_profile(world, "kimi", "kimi", kimi.base_url)
        glm_key = add_profile(world, "glm", "glm", glm.base_url)
        use_global(world, "kimi")
        done = run_modelswitch(["run", "glm", "-p", "ping"], world["env"], cwd=world["project"])
        assert done.returncode == 0 and "GLM" in done.stdout.decode(), done.stderr.decode()
        assert kimi.requests == [] and world["mine"].requests == []
        for request in glm.messages():  # run's --settings neutralises the global apiKeyHelper
            assert request.headers.get("authorization") == f"Bearer {glm_key}"
            assert kimi_key not in json.dumps(request.headers)
            assert request.headers.get("x-api-key", "") == ""
        run_modelswitch(["off", "--global"], world["env"])
        assert world["settings"].read_bytes() == world["original"]


def test_import_refuses_modelswitchs_own_global_switch(gworld):
    world = gworld
    with AnthropicServer(reply="KIMI") as kimi:
        add_profile(world, "kimi", "kimi", kimi.base_url)
        use_global(world, "kimi")
        done = run_modelswitch(["import", "--from-claude-settings", "copy"], world["env"])
        assert done.returncode == 1
        assert "switched globally by modelswitch" in done.stderr.decode()
        run_modelswitch(["off", "--global"], world["env"])
        done = run_modelswitch(["import", "--from-claude-settings", "mine"], world["env"])
        assert done.returncode == 0, done.stderr.decode()


def test_helper_refuses_a_terminal_and_fails_in_one_line(gworld, tmp_path):
    world = gworld
    done = run_modelswitch(["key", "print-for-claude", "nosuch"], world["env"])
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.decode().startswith("modelswitch: ") and "Traceback" not in done.stderr.decode()
    script = Path(tmp_path / "ptyrun.py")
    script.write_text("import os, pty, sys\npid, fd = pty.fork()\n"
                      "if pid == 0:\n    os.execvp(sys.argv[1], sys.argv[1:])\n"
                      "out = b''\nwhile True:\n    try:\n        data = os.read(fd, 1024)\n"
                      "    except OSError:\n        break\n    if not data:\n        break\n"
                      "    out += data\nsys.stdout.write(out.decode())\n")
    with AnthropicServer() as server:
        key = add_profile(world, "kimi", "kimi", server.base_url)
    import sys
    from helpers import modelswitch_cmd
    done = subprocess.run([sys.executable, str(script), *modelswitch_cmd(), "key", "print-for-claude",
                           "kimi"], env=world["env"], capture_output=True, timeout=60)
    assert key not in done.stdout.decode()
    assert "does not print to a terminal" in done.stdout.decode()


def test_a_shell_switched_with_the_hook_wins(gworld):
    """The hook's `claude` goes through `run`, whose --settings outranks the global switch."""
    world = gworld
    from helpers import modelswitch_cmd
    import shlex
    with AnthropicServer(reply="KIMI") as kimi, AnthropicServer(reply="GLM") as glm:
        add_profile(world, "kimi", "kimi", kimi.base_url)
        glm_key = add_profile(world, "glm", "glm", glm.base_url)
        use_global(world, "kimi")
        script = (f'eval "$({shlex.join(modelswitch_cmd())} init bash)"\n'
                  "modelswitch use glm || exit 97\nclaude -p ping\n")
        done = subprocess.run(["bash", "-c", script], env=world["env"], cwd=world["project"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "GLM" in done.stdout, done.stderr
        assert kimi.requests == []
        assert glm.messages()[0].headers.get("authorization") == f"Bearer {glm_key}"
