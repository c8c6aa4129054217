"""Conformance: the real claude, switched by modelswitch, sends only the profile's models and
credential, whatever `--model` alias is used and whatever a settings file says.

For each seed provider (Kimi/Moonshot, Novita, OneRouter, OpenRouter, GLM) a profile with its
key in the real keyring points at a loopback server; every alias tier, the picker's special
names and the `[1m]` variants are launched through `run` and through the shell hook's `claude`
function after `use`. A decoy ~/.claude/settings.json sets every model variable, both
credentials and an apiKeyHelper: it must change nothing. Launches run one after another, so
the requests of each are attributed exactly.
"""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest
from anthropic_server import AnthropicServer
from claude_world import DECOY, add_profile
from helpers import modelswitch_cmd, require_tool

from modelswitch.profile import tiers
from modelswitch.profile.schema import load_profile
from modelswitch.resolve import slot_models

pytestmark = pytest.mark.integration

SEED_PRESETS = ["kimi", "novita-kimi", "onerouter-kimi", "openrouter", "glm"]
# --model value -> the tier whose model claude must send (verified on 2.1.330 and 2.1.332:
# best/opus[1m] use the opus tier, opusplan the sonnet tier outside plan mode; `default` and
# no --model use ANTHROPIC_MODEL, the profile's main model, and the opus tier without one).
ALIASES = {"haiku": "haiku", "sonnet": "sonnet", "sonnet[1m]": "sonnet", "opusplan": "sonnet",
           "opus": "opus", "opus[1m]": "opus", "best": "opus", "default": "main",
           "fable": "fable", "fable[1m]": "fable", None: "main"}
REPLY = "conformance pong"


def decoy_settings(world) -> None:
    """Every model-selecting variable in the user's settings, pointing at decoy ids."""
    env = {var: f"decoy-{var.lower()}" for var in
           [*tiers.OTHER_MODEL_VARS, *(tiers.slot_var(slot) for slot in tiers.SLOT_VARS)]}
    env.update(ANTHROPIC_BASE_URL=world["decoy"].base_url, ANTHROPIC_AUTH_TOKEN=DECOY["token"],
               ANTHROPIC_API_KEY=DECOY["key"])
    (world["home"] / ".claude" / "settings.json").write_text(json.dumps(
        {"env": env, "apiKeyHelper": f"echo {DECOY['helper']}"}))


def launch_run(world, name: str, alias: str | None) -> subprocess.CompletedProcess:
    args = ["run", name, "--", "-p", "ping"] + (["--model", alias] if alias else [])
    return subprocess.run(modelswitch_cmd() + args, env={**world["env"]}, cwd=world["project"],
                          capture_output=True, text=True, timeout=120)


def launch_hook(world, name: str, alias: str | None) -> subprocess.CompletedProcess:
    """bash, as a user's interactive shell would: the hook, `modelswitch use`, then `claude`."""
    bash = require_tool("bash")
    model = f" --model {shlex.quote(alias)}" if alias else ""
    script = (f'eval "$({shlex.join(modelswitch_cmd())} init bash)"\n'
              f"modelswitch use {name} || exit 97\n"
              f"claude -p ping{model}\n")
    return subprocess.run([bash, "-c", script], env={**world["env"]}, cwd=world["project"],
                          capture_output=True, text=True, timeout=120)


def check_launch(done, requests, expected_model: str, allowed: set[str], auth: str, key: str):
    assert done.returncode == 0, done.stderr
    assert REPLY in done.stdout
    messages = [r for r in requests if r.path.startswith("/v1/messages")]
    assert messages, "no /v1/messages request arrived"
    for request in requests:  # warm-ups too: no decoy secret anywhere
        assert not any(secret in value for value in request.headers.values()
                       for secret in DECOY.values())
    for request in messages:  # exactly the profile's credential, nothing beside it
        credential = request.headers.get("authorization" if auth == "bearer" else "x-api-key")
        assert credential == (f"Bearer {key}" if auth == "bearer" else key)
        assert ("x-api-key" if auth == "bearer" else "authorization") not in request.headers
    models = [r.body.get("model") for r in messages]
    assert set(models) <= allowed, f"model ids outside the profile: {set(models) - allowed}"
    assert models[0] == expected_model, models


@pytest.mark.parametrize("preset", SEED_PRESETS)
@pytest.mark.parametrize("launch", [launch_run, launch_hook], ids=["run", "use+claude"])
def test_every_alias_reaches_only_the_profiles_models(world, preset, launch):
    decoy_settings(world)
    name = f"c-{preset}"
    with AnthropicServer(reply=REPLY) as server:
        key = add_profile(world, name, preset, server.base_url)
        profile = load_profile(name)
        mapped = slot_models(profile)
        allowed = {*mapped.values(), profile.model, profile.subagent} - {""}
        for alias, tier in ALIASES.items():  # one at a time: each launch's requests are its own
            first = len(server.requests)
            done = launch(world, name, alias)
            expected = profile.model or mapped["opus"] if tier == "main" else mapped[tier]
            check_launch(done, server.requests[first:], expected, allowed, profile.auth, key)
    assert world["decoy"].requests == []


@pytest.mark.parametrize("preset", ["openrouter-gemini", "claude-sonnet", "ollama", "lmstudio", "vllm",
                                    "litellm"])
def test_the_other_presets_reach_their_server_with_their_models(world, preset):
    """The comparison's Gemini 2.5 Pro and Claude (Sonnet), and the local endpoints."""
    from helpers import run_modelswitch

    from modelswitch.profile.schema import load_preset
    from modelswitch.resolve import PLACEHOLDER_TOKEN

    decoy_settings(world)
    keyless = load_preset(preset).key_source == "none"
    with AnthropicServer(reply=REPLY) as server:
        if keyless:
            done = run_modelswitch(["add", "p", "--preset", preset, "--base-url", server.base_url],
                                   world["env"])
            assert done.returncode == 0, done.stderr.decode()
            key = PLACEHOLDER_TOKEN
        else:
            key = add_profile(world, "p", preset, server.base_url)
        profile = load_profile("p")
        mapped = slot_models(profile)
        for alias in ("opus", "fable", None):
            first = len(server.requests)
            done = launch_run(world, "p", alias)
            if profile.model and mapped:
                expected = mapped["opus"] if alias else profile.model
            else:  # claude-sonnet sets only the main model; litellm leaves claude's own ids
                expected = profile.model if alias is None else None
            allowed = {*mapped.values(), profile.model} - {""}
            requests = server.requests[first:]
            if expected is None:  # the model is claude's own id: only the credential is checked
                expected = [r.body.get("model") for r in requests if r.body][0]
                allowed = {expected}
            check_launch(done, requests, expected, allowed, profile.auth, key)
    assert world["decoy"].requests == []


def test_foundry_preset_uses_claudes_foundry_mode(world):
    from helpers import run_modelswitch

    decoy_settings(world)
    with AnthropicServer(reply=REPLY) as server:
        done = run_modelswitch(["add", "f", "--preset", "foundry", "--env",
                                f"ANTHROPIC_FOUNDRY_BASE_URL={server.base_url}/anthropic",
                                "--env", "CLAUDE_CODE_SKIP_FOUNDRY_AUTH=1"], world["env"])
        assert done.returncode == 0, done.stderr.decode()
        done = launch_run(world, "f", None)
        assert done.returncode == 0 and REPLY in done.stdout, done.stderr
        paths = [r.path for r in server.requests if r.method == "POST"]
        assert paths and paths[0].startswith("/anthropic/v1/messages"), paths
        assert all(DECOY["key"] not in str(r.headers) and DECOY["token"] not in str(r.headers)
                   for r in server.requests)
    assert world["decoy"].requests == []


@pytest.mark.parametrize("preset", SEED_PRESETS)
@pytest.mark.parametrize("launch", [launch_run, launch_hook], ids=["run", "use+claude"])
def test_a_subagent_turn_stays_on_the_profiles_models(world, preset, launch):
    """The server asks for a subagent (claude's Agent tool) on the fable tier, the one a
    profile is most likely to leave unmapped; its request must use the profile's model."""
    from anthropic_server import SUBAGENT_MARKER

    decoy_settings(world)
    agent = {"description": "say hi", "prompt": f"{SUBAGENT_MARKER} say hi", "model": "fable",
             "subagent_type": "general-purpose", "run_in_background": False}
    with AnthropicServer(mode="tool", tool_name="Agent", tool_input=agent) as server:
        key = add_profile(world, "s", preset, server.base_url)
        profile = load_profile("s")
        mapped = slot_models(profile)
        done = launch(world, "s", None)
        assert done.returncode == 0, done.stderr
        messages = server.messages()
        subagent = [r for r in messages if SUBAGENT_MARKER in json.dumps(r.body["messages"][:1])]
        assert subagent, "claude started no subagent"
        assert subagent[0].body["model"] == mapped["fable"]
        allowed = {*mapped.values(), profile.model, profile.subagent} - {""}
        assert {r.body["model"] for r in messages} <= allowed
        for request in messages:
            credential = request.headers.get("authorization" if profile.auth == "bearer" else "x-api-key")
            assert credential == (f"Bearer {key}" if profile.auth == "bearer" else key)
    assert world["decoy"].requests == []
