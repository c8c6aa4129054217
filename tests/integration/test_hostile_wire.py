"""Hostile setups against the REAL claude: the only credential on the wire is the profile's,
it reaches only the profile's host, and the commands Claude runs cannot read it.

Every test uses the real Claude Code CLI, the real Secret Service and the loopback server;
claims about hosts other than the profile's are checked with an intercepting HTTPS proxy
(tests/tls_intercept.py) that stands in for api.anthropic.com and every other host.
"""

from __future__ import annotations

import json
import secrets
import subprocess

import pytest

from anthropic_server import AnthropicServer
from claude_world import add_profile, check_headers
from helpers import modelswitch_cmd, require_tool, run_modelswitch
from tls_intercept import InterceptingProxy

pytestmark = pytest.mark.integration

CONSOLE_KEY = "sk-ant-api03-user-own-console-key-" + "9" * 16
FD_VARS = ("CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR", "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR")


def store_console_login(world) -> None:
    """What `claude /login` with a Console account leaves in ~/.claude.json."""
    (world["home"] / ".claude.json").write_text(json.dumps(
        {"primaryApiKey": CONSOLE_KEY, "hasCompletedOnboarding": True}))


def run_claude(world, name: str, *claude_args: str, env_extra=None):
    env = {**world["env"], **(env_extra or {})}
    done = run_modelswitch(["run", name, "--", *claude_args], env, cwd=world["project"], timeout=120)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(),
                                       done.stderr.decode())


def headers_hold(server_or_seen, needle: str) -> list[str]:
    requests = getattr(server_or_seen, "requests", server_or_seen)
    return [f"{getattr(r, 'host', 'profile host')} {getattr(r, 'path', getattr(r, 'request_line', ''))}"
            for r in requests if any(needle in value for value in r.headers.values())]


@pytest.mark.parametrize("preset, auth", [("kimi", "bearer"), ("openrouter", "bearer"),
                                          ("kimi-coding", "api-key")])
def test_run_never_sends_the_stored_console_key(world, preset, auth):
    store_console_login(world)
    with AnthropicServer(reply="pong") as server:
        key = add_profile(world, f"w-{preset}", preset, server.base_url)
        done = run_claude(world, f"w-{preset}", "-p", "ping")
        assert done.returncode == 0 and "pong" in done.stdout, done.stderr
        check_headers(server, auth, key)  # exactly the profile's one credential header
        assert headers_hold(server, CONSOLE_KEY) == []


@pytest.mark.parametrize("preset", ["kimi", "kimi-coding"])
def test_no_other_host_receives_the_profile_key(world, tmp_path, preset):
    """Without CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC in the user's environment, claude
    calls api.anthropic.com; in the OAuth-descriptor mode it would post the provider's key
    there. Every such call lands on the intercepting proxy, which records its headers."""
    require_tool("openssl", "Debian package openssl")
    store_console_login(world)
    env = {k: v for k, v in world["env"].items() if k != "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"}
    (tmp_path / "ca").mkdir()
    with AnthropicServer(reply="pong") as server, InterceptingProxy(tmp_path / "ca") as proxy:
        key = add_profile(world, "w-hosts", preset, server.base_url)
        done = run_modelswitch(["run", "w-hosts", "-p", "ping"], {**env, **proxy.env},
                               cwd=world["project"], timeout=120)
        assert done.returncode == 0 and b"pong" in done.stdout, done.stderr.decode()
        assert server.messages()
        assert headers_hold(proxy.seen, key) == []
        assert all(key not in s.request_line for s in proxy.seen)


@pytest.mark.parametrize("preset, auth", [("glm", "bearer"), ("kimi-coding", "api-key")])
def test_commands_claude_runs_cannot_read_the_key(world, preset, auth):
    """The loopback server answers with a Bash tool_use running `env` (and a listing of the
    tool's open descriptors); what the tool printed comes back as the tool_result."""
    with AnthropicServer(mode="tool", tool_command="env; ls -l /proc/self/fd") as server:
        key = add_profile(world, f"w-tool-{auth}", preset, server.base_url)
        done = run_claude(world, f"w-tool-{auth}", "-p", "print your environment",
                          "--allowedTools", "Bash")
        assert done.returncode == 0, done.stderr
        assert len(server.state.tool_results) == 1, done.stdout + done.stderr
        seen = server.state.tool_results[0]
        assert "PATH=" in seen and "MODELSWITCH_PROFILE=" in seen  # it really was `env`
        assert key not in seen
        # the launch's neutral "" values show up as empty variables; none may hold anything
        holding = {name for name, _, value in (line.partition("=") for line in seen.splitlines())
                   if value}
        assert not holding & {*FD_VARS, "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"}, seen
        assert "pipe:" not in seen  # the key's pipe is not inherited either
        check_headers(server, auth, key)  # and claude itself still used the key


def test_settings_and_shell_credentials_do_not_reach_the_profile_host(world):
    user = world["home"] / ".claude" / "settings.json"
    settings = json.loads(user.read_text())
    settings["env"].update({"ANTHROPIC_CUSTOM_HEADERS": "X-Leak: from-user-settings",
                            "CLAUDE_CODE_OAUTH_TOKEN": "sk-user-oauth-token-4444"})
    user.write_text(json.dumps(settings))
    shell = {"ANTHROPIC_CUSTOM_HEADERS": "X-Shell-Leak: from-the-shell",
             "CLAUDE_CODE_OAUTH_TOKEN": "sk-user-shell-oauth-5555",
             "ANTHROPIC_API_KEY": "sk-user-shell-key-6666"}
    with AnthropicServer(reply="pong") as server:
        key = add_profile(world, "w-headers", "kimi", server.base_url)
        done = run_claude(world, "w-headers", "-p", "ping", env_extra=shell)
        assert done.returncode == 0 and "pong" in done.stdout, done.stderr
        check_headers(server, "bearer", key)
        for request in server.requests:
            assert "x-leak" not in request.headers and "x-shell-leak" not in request.headers
        for secret in ("sk-user-oauth-token-4444", "sk-user-shell-oauth-5555", "sk-user-shell-key-6666"):
            assert headers_hold(server, secret) == []
    assert world["decoy"].requests == []


def test_shell_mode_warns_and_doctor_fails_when_a_stored_key_would_be_sent(world):
    """Shell mode cannot keep the stored key out (claude reads ~/.claude.json itself): `env`
    says so in one stderr line, doctor marks it ✗, and the warning is true on the wire."""
    bash = require_tool("bash")
    store_console_login(world)
    (world["home"] / ".claude" / "settings.json").unlink()  # no decoy: the shell alone decides
    (world["project"] / ".claude" / "settings.local.json").unlink()
    ms = " ".join(modelswitch_cmd())
    with AnthropicServer(reply="pong") as server:
        add_profile(world, "w-shell", "kimi", server.base_url)
        script = f'eval "$({ms} env w-shell --shell bash)" && claude -p ping'
        done = subprocess.run([bash, "-c", script], env=world["env"], cwd=world["project"],
                              capture_output=True, timeout=120)
        err = done.stderr.decode()
        warnings = [line for line in err.splitlines() if "primaryApiKey" in line]
        assert len(warnings) == 1 and "modelswitch run w-shell" in warnings[0], err
        assert CONSOLE_KEY not in err
        assert done.returncode == 0, err
        # the warning is not hypothetical: this is what claude 2.1.330 does in shell mode
        assert server.messages()[0].headers.get("x-api-key") == CONSOLE_KEY
    doctor = run_modelswitch(["doctor"], world["env"], cwd=world["project"])
    line = next(x for x in doctor.stdout.decode().splitlines() if "primaryApiKey" in x)
    assert "✗" in line and doctor.returncode == 1
    assert CONSOLE_KEY not in doctor.stdout.decode()


@pytest.mark.parametrize("verb", ["env", "off"])
def test_use_and_off_clear_every_credential_variable_in_real_bash(world, verb):
    bash = require_tool("bash")
    ms = " ".join(modelswitch_cmd())
    env = {**world["env"], "MY_KEY": "sk-test-" + secrets.token_hex(8)}
    run_modelswitch(["add", "w-clear", "--preset", "kimi", "--key-env", "MY_KEY"], env)
    names = ["ANTHROPIC_CUSTOM_HEADERS", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY",
             "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR"]
    exports = " ".join(f"{n}=user-{i}" for i, n in enumerate(names))
    script = f"export {exports}; eval \"$({ms} env w-clear --shell bash)\" || exit 9; "
    if verb == "off":  # `off` undoes the switch: the user's own values come back, exactly
        script += f"eval \"$({ms} off --shell bash)\" || exit 9; "
    script += "; ".join(f'echo "{n}=${{{n}-UNSET}}"' for n in names)
    done = subprocess.run([bash, "-c", script], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    expected = [f"{n}=user-{i}" if verb == "off" else f"{n}=UNSET" for i, n in enumerate(names)]
    assert done.stdout.decode().split() == expected
