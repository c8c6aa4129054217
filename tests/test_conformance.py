# ruff: noqa: F811  (pytest fixtures imported from test_claude_e2e are parameters here)
"""Conformance: the real claude, switched by modelswitch, sends only the profile's models and
credential, whatever `--model` alias is used and whatever a settings file says.

For each seed provider (Kimi/Moonshot, Novita, OneRouter, OpenRouter, GLM) a profile with its
key in the real keyring points at a loopback server; every alias tier, the picker's special
names and the `[1m]` variants are launched through `run` and through the shell hook's `claude`
function after `use`. A decoy ~/.claude/settings.json sets every model variable, both
credentials and an apiKeyHelper: it must change nothing. Each launch gets its own server, so
the model it received is attributed exactly.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from anthropic_server import AnthropicServer
from helpers import modelswitch_cmd, require_tool
from secret_service import secret_service  # noqa: F401
from test_claude_e2e import DECOY, add_profile, check_headers, claude_bin, world  # noqa: F401

from modelswitch import tiers
from modelswitch.profiles import load_profile
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


def launch_run(world, name: str, alias: str | None, server) -> subprocess.CompletedProcess:
    args = ["run", name, "--", "-p", "ping"] + (["--model", alias] if alias else [])
    return subprocess.run(modelswitch_cmd() + args, env={**world["env"]}, cwd=world["project"],
                          capture_output=True, text=True, timeout=120)


def launch_hook(world, name: str, alias: str | None, server) -> subprocess.CompletedProcess:
    """bash, as a user's interactive shell would: the hook, `modelswitch use`, then `claude`."""
    bash = require_tool("bash")
    model = f" --model {shlex.quote(alias)}" if alias else ""
    script = (f'eval "$({shlex.join(modelswitch_cmd())} init bash)"\n'
              f"modelswitch use {name} || exit 97\n"
              f"claude -p ping{model}\n")
    return subprocess.run([bash, "-c", script], env={**world["env"]}, cwd=world["project"],
                          capture_output=True, text=True, timeout=120)


def check_launch(done, server, expected_model: str | None, allowed: set[str], auth: str, key: str):
    assert done.returncode == 0, done.stderr
    assert REPLY in done.stdout
    check_headers(server, auth, key)
    models = [r.body.get("model") for r in server.messages()]
    assert set(models) <= allowed, f"model ids outside the profile: {set(models) - allowed}"
    if expected_model is not None:
        assert models[0] == expected_model, models


@pytest.mark.parametrize("preset", SEED_PRESETS)
@pytest.mark.parametrize("launch", [launch_run, launch_hook], ids=["run", "use+claude"])
def test_every_alias_reaches_only_the_profiles_models(world, preset, launch):
    decoy_settings(world)
    name = f"c-{preset}"
    servers = {alias: AnthropicServer(reply=REPLY) for alias in ALIASES}
    for server in servers.values():
        server.__enter__()
    try:
        key = add_profile(world, name, preset, servers[None].base_url)
        profile = load_profile(name)
        mapped = slot_models(profile)
        allowed = {*mapped.values(), profile.model, profile.subagent} - {""}
        # the profile file has one base URL; each launch gets its own server through a copy
        names = {}
        for alias, server in servers.items():
            names[alias] = f"{name}-{(alias or 'none').replace('[', '-').replace(']', '')}"
            _clone(world, name, names[alias], server.base_url)
        with ThreadPoolExecutor(max_workers=3) as pool:
            done = dict(zip(servers, pool.map(
                lambda alias: launch(world, names[alias], alias, servers[alias]), servers)))
        for alias, server in servers.items():
            tier = ALIASES[alias]
            expected = profile.model or mapped["opus"] if tier == "main" else mapped[tier]
            check_launch(done[alias], server, expected, allowed, profile.auth, key)
        assert world["decoy"].requests == []
    finally:
        for server in servers.values():
            server.__exit__(None, None, None)


def _clone(world, source: str, target: str, base_url: str) -> None:
    """A copy of profile `source` at another base URL, with the same key (key_source env)."""
    from helpers import run_modelswitch

    key = world["keyring"].lookup(source)
    done = run_modelswitch(["add", target, "--preset", load_profile(source).preset,
                            "--base-url", base_url, "--key-stdin"], world["env"], input=key)
    assert done.returncode == 0, done.stderr.decode()
