"""`test` and `bench` send what claude would: their request target is built from resolve()'s
Changes (base URL, credential variable), not re-derived from the profile."""

from __future__ import annotations

import pytest

from modelswitch.errors import KeyUnavailable, ModelswitchError
from modelswitch.keys.store import MemoryStore
from modelswitch.probe import request
from modelswitch.profile.schema import Profile
from modelswitch.resolve import PLACEHOLDER_TOKEN, resolve

KEY = "sk-test-target-0123456789"


def test_the_target_is_what_resolve_decided(monkeypatch):
    p = Profile(name="p", base_url="https://h.example/anthropic/", auth="api-key")
    store = MemoryStore({"p": KEY})
    changes = resolve(p, store, {})
    target = request.target_for_profile(p, store, {})
    assert target.url == changes["ANTHROPIC_BASE_URL"].rstrip("/") + "/v1/messages"
    assert target.headers["x-api-key"] == changes["ANTHROPIC_API_KEY"] == KEY
    assert "authorization" not in target.headers and target.secret == KEY
    seen = []
    monkeypatch.setattr(request, "resolve", lambda *a: seen.append(a) or {
        "ANTHROPIC_BASE_URL": "https://other.example", "ANTHROPIC_AUTH_TOKEN": "tok-xyz",
        "ANTHROPIC_API_KEY": None})
    target = request.target_for_profile(p, store, {})
    assert seen and seen[0][0] is p and target.url == "https://other.example/v1/messages"
    assert target.headers["authorization"] == "Bearer tok-xyz" and "x-api-key" not in target.headers


def test_an_env_key_is_read_from_the_environment_given():
    p = Profile(name="p", base_url="https://h.example", key_source="env:P_KEY")
    target = request.target_for_profile(p, MemoryStore({}), {"P_KEY": KEY})
    assert target.headers["authorization"] == f"Bearer {KEY}"
    with pytest.raises(KeyUnavailable, match=r"\$P_KEY"):
        request.target_for_profile(p, MemoryStore({}), {})


def test_keyless_and_cloud_changes():
    target = request.target_from_changes("p", {"ANTHROPIC_BASE_URL": "http://127.0.0.1:1",
                                               "ANTHROPIC_AUTH_TOKEN": PLACEHOLDER_TOKEN}, "bearer")
    assert target.headers["authorization"] == f"Bearer {PLACEHOLDER_TOKEN}" and target.secret is None
    assert request.target_from_changes("p", {}, "bearer").url == request.ANTHROPIC_URL + "/v1/messages"
    assert "x-api-key" in request.target_from_changes("p", {}, "api-key").headers
    with pytest.raises(ModelswitchError, match="Amazon Bedrock"):
        request.target_from_changes("p", {"CLAUDE_CODE_USE_BEDROCK": "1"}, "bearer")


def test_a_cloud_profile_is_refused_before_its_key_is_read():
    p = Profile(name="p", env={"CLAUDE_CODE_USE_VERTEX": "1"})

    class Refusing(MemoryStore):
        def get(self, name):
            raise AssertionError("the key was read")

    with pytest.raises(ModelswitchError, match="Google Vertex AI"):
        request.target_for_profile(p, Refusing({}), {})
