"""The real-claude world's plain helpers (the `world` and `claude_bin` fixtures are in
conftest.py): a profile added into the real keyring, the decoy credentials of the user's
settings files, and checks that no key leaks into files or a second credential header."""

from __future__ import annotations

import os
import secrets

from anthropic_server import AnthropicServer
from helpers import run_modelswitch

DECOY = {"token": "sk-user-decoy-token-1111", "key": "sk-user-decoy-key-2222",
         "helper": "sk-user-decoy-helper-3333"}


def private_world(secret_service, tmp_path):
    """(env, home, project) for one real-claude launch: a private HOME with ~/.claude, a git
    project, modelswitch's own folder, no ANTHROPIC_/CLAUDE_/MODELSWITCH_ variable of ours,
    and no non-essential traffic (nothing may leave 127.0.0.1)."""
    home, project = tmp_path / "home", tmp_path / "project"
    (home / ".claude").mkdir(parents=True)
    (project / ".git").mkdir(parents=True)
    env = {k: v for k, v in secret_service.env.items()
           if not k.startswith(("ANTHROPIC_", "CLAUDE_", "MODELSWITCH_"))}
    env.update(HOME=str(home), MODELSWITCH_HOME=str(tmp_path / "mshome"),
               CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1")
    return env, home, project


def add_profile(world, name: str, preset: str, base_url: str) -> str:
    """`modelswitch add --key-stdin` into the real keyring; returns the (random) key."""
    key = "sk-test-" + secrets.token_hex(16)
    done = run_modelswitch(["add", name, "--preset", preset, "--base-url", base_url, "--key-stdin"],
                           world["env"], input=key + "\n")
    assert done.returncode == 0, done.stderr.decode()
    assert world["keyring"].lookup(name).strip() == key  # really in the Secret Service
    return key


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
