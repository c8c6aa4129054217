"""resolve(): which variables a profile sets and unsets."""

import pytest

from modelswitch.errors import KeyUnavailable
from modelswitch.profile.schema import Profile
from modelswitch.resolve import MANAGED_VARS, PLACEHOLDER_TOKEN, resolve, resolve_off
from modelswitch.keys.store import MemoryStore


def kimi(**kw):
    base = dict(name="kimi", base_url="https://api.moonshot.ai/anthropic", auth="bearer",
                model="kimi-k2-thinking", haiku="kimi-k2-turbo", sonnet="kimi-s", opus="kimi-o")
    base.update(kw)
    return Profile(**base)


def test_bearer_profile_sets_token_and_unsets_api_key():
    changes = resolve(kimi(), MemoryStore({"kimi": "sk-kimi-secret"}))
    assert changes["ANTHROPIC_AUTH_TOKEN"] == "sk-kimi-secret"
    assert changes["ANTHROPIC_API_KEY"] is None
    assert changes["ANTHROPIC_BASE_URL"] == "https://api.moonshot.ai/anthropic"
    assert changes["ANTHROPIC_MODEL"] == "kimi-k2-thinking"
    assert changes["ANTHROPIC_DEFAULT_HAIKU_MODEL"] == "kimi-k2-turbo"
    assert changes["ANTHROPIC_SMALL_FAST_MODEL"] == "kimi-k2-turbo"
    assert changes["ANTHROPIC_DEFAULT_SONNET_MODEL"] == "kimi-s"
    assert changes["ANTHROPIC_DEFAULT_OPUS_MODEL"] == "kimi-o"
    assert changes["MODELSWITCH_PROFILE"] == "kimi"
    assert list(changes) == sorted(changes)


def test_api_key_profile_sets_api_key_and_unsets_token():
    changes = resolve(kimi(auth="api-key"), MemoryStore({"kimi": "k1"}))
    assert changes["ANTHROPIC_API_KEY"] == "k1"
    assert changes["ANTHROPIC_AUTH_TOKEN"] is None


def test_every_managed_variable_is_decided():
    changes = resolve(kimi(), MemoryStore({"kimi": "k"}))
    assert set(MANAGED_VARS) <= set(changes)
    assert changes["CLAUDE_CODE_SUBAGENT_MODEL"] is None
    assert changes["CLAUDE_CODE_MAX_CONTEXT_TOKENS"] is None


def test_optional_fields_and_extra_env():
    profile = kimi(subagent="sub-m", context_window=262144, env={"API_TIMEOUT_MS": "3000000"})
    changes = resolve(profile, MemoryStore({"kimi": "k"}))
    assert changes["CLAUDE_CODE_SUBAGENT_MODEL"] == "sub-m"
    assert changes["CLAUDE_CODE_MAX_CONTEXT_TOKENS"] == "262144"
    assert changes["API_TIMEOUT_MS"] == "3000000"
    marker = changes["MODELSWITCH_VARS"].split(",")
    assert "API_TIMEOUT_MS" in marker and "ANTHROPIC_AUTH_TOKEN" in marker
    assert "ANTHROPIC_API_KEY" not in marker


def test_previous_profile_leftovers_are_unset():
    first = resolve(kimi(env={"API_TIMEOUT_MS": "1", "OLD_ONLY": "x"}), MemoryStore({"kimi": "k"}))
    environ = {k: v for k, v in first.items() if v is not None}
    second = resolve(kimi(name="glm", env={"API_TIMEOUT_MS": "2"}), MemoryStore({"glm": "g"}), environ)
    assert second["OLD_ONLY"] is None
    assert second["API_TIMEOUT_MS"] == "2"
    off = resolve_off(second)
    assert off["API_TIMEOUT_MS"] is None and off["MODELSWITCH_PROFILE"] is None
    assert all(v is None for v in off.values())


def test_marker_with_garbage_names_is_ignored():
    changes = resolve_off({"MODELSWITCH_VARS": "GOOD_NAME,bad name,$(reboot),,X=1"})
    assert "GOOD_NAME" in changes
    assert not any(" " in k or "$" in k or "=" in k for k in changes)


def test_keyless_profile_with_base_url_gets_placeholder_never_bare_base_url():
    changes = resolve(kimi(key_source="none", base_url="http://127.0.0.1:8080"), MemoryStore())
    assert changes["ANTHROPIC_BASE_URL"] == "http://127.0.0.1:8080"
    assert changes["ANTHROPIC_AUTH_TOKEN"] == PLACEHOLDER_TOKEN


def test_keyless_profile_without_base_url_sets_no_credential():
    bedrock = Profile(name="bedrock", auth="api-key", key_source="none",
                      env={"CLAUDE_CODE_USE_BEDROCK": "1"})
    changes = resolve(bedrock, MemoryStore())
    assert changes["ANTHROPIC_API_KEY"] is None and changes["ANTHROPIC_AUTH_TOKEN"] is None
    assert changes["ANTHROPIC_BASE_URL"] is None
    assert changes["CLAUDE_CODE_USE_BEDROCK"] == "1"


def test_missing_keyring_key_is_an_error_not_half_a_profile():
    with pytest.raises(KeyUnavailable) as info:
        resolve(kimi(), MemoryStore())
    assert "key set kimi" in info.value.hint


def test_env_source_reads_the_given_environment_only():
    profile = kimi(key_source="env:MY_KIMI_KEY")
    assert resolve(profile, MemoryStore(), {"MY_KIMI_KEY": "from-env"})["ANTHROPIC_AUTH_TOKEN"] == "from-env"
    with pytest.raises(KeyUnavailable):
        resolve(profile, MemoryStore(), {})


def test_cmd_source_runs_the_command():
    profile = kimi(key_source="cmd:printf '%s\\n' cmd-key")
    assert resolve(profile, MemoryStore())["ANTHROPIC_AUTH_TOKEN"] == "cmd-key"
    with pytest.raises(KeyUnavailable) as info:
        resolve(kimi(key_source="cmd:exit 3"), MemoryStore())
    assert "exit status 3" in info.value.message


def test_extra_env_cannot_smuggle_credentials_or_bookkeeping():
    profile = kimi(env={"ANTHROPIC_API_KEY": "plaintext", "MODELSWITCH_PROFILE": "evil"})
    changes = resolve(profile, MemoryStore({"kimi": "k"}))
    assert changes["ANTHROPIC_API_KEY"] is None
    assert changes["MODELSWITCH_PROFILE"] == "kimi"


def test_a_key_that_is_not_utf8_is_refused_not_a_crash():
    profile = kimi(key_source="env:K")
    with pytest.raises(KeyUnavailable) as info:
        resolve(profile, MemoryStore(), {"K": "sk-\udcff-bad"})
    assert "UTF-8" in info.value.message and "\udcff" not in info.value.message


# -- `off` gives back what the user had (MODELSWITCH_SAVED, see modelswitch/saved.py) ------

HOSTILE = "sk-user 'q' \"d\" $HOME `id` \\ *\nline2 é中😀 %PATH% !x! \udcff"


def applied(environ, changes):
    from modelswitch.launch.start import apply_changes

    return apply_changes(changes, environ)


def test_first_switch_records_the_users_values_and_off_gives_them_back():
    user = {"ANTHROPIC_API_KEY": HOSTILE, "ANTHROPIC_MODEL": "mine", "API_TIMEOUT_MS": "5",
            "ANTHROPIC_BASE_URL": "", "KEEP": "k"}
    p1 = kimi(env={"API_TIMEOUT_MS": "600000"})
    env1 = applied(user, resolve(p1, MemoryStore({"kimi": "k1"}), user))
    assert env1["ANTHROPIC_MODEL"] == "kimi-k2-thinking" and "ANTHROPIC_API_KEY" not in env1
    p2 = kimi(name="glm", auth="api-key", model="glm-4.6", env={"OTHER": "x"})
    env2 = applied(env1, resolve(p2, MemoryStore({"glm": "k2"}), env1))
    assert env2["ANTHROPIC_API_KEY"] == "k2" and "API_TIMEOUT_MS" not in env2
    assert env2["MODELSWITCH_SAVED"] == env1["MODELSWITCH_SAVED"]  # nothing new to keep
    off = resolve_off(env2)
    assert off["ANTHROPIC_API_KEY"] == HOSTILE and off["ANTHROPIC_MODEL"] == "mine"
    assert off["API_TIMEOUT_MS"] == "5" and off["ANTHROPIC_BASE_URL"] == ""
    assert off["OTHER"] is None and off["MODELSWITCH_SAVED"] is None
    assert off["ANTHROPIC_AUTH_TOKEN"] is None  # unset before, unset after
    assert applied(env2, off) == user
    assert resolve_off(user) == {}  # a second `off` keeps what the first gave back


def test_a_variable_the_previous_profile_set_is_not_the_users():
    env1 = applied({}, resolve(kimi(env={"X_P1": "p1"}), MemoryStore({"kimi": "k"}), {}))
    assert "MODELSWITCH_SAVED" not in env1
    env2 = applied(env1, resolve(kimi(name="b"), MemoryStore({"b": "k"}), env1))
    assert "MODELSWITCH_SAVED" not in env2 and "X_P1" not in env2
    assert all(v is None for v in resolve_off(env2).values())


def test_a_later_switch_adds_originals_for_names_it_newly_touches():
    env1 = applied({}, resolve(kimi(), MemoryStore({"kimi": "k"}), {}))
    env1["API_TIMEOUT_MS"] = "user-set-later"  # exported by hand while kimi was active
    env2 = applied(env1, resolve(kimi(name="b", env={"API_TIMEOUT_MS": "1"}),
                                 MemoryStore({"b": "k"}), env1))
    assert env2["API_TIMEOUT_MS"] == "1"
    assert resolve_off(env2)["API_TIMEOUT_MS"] == "user-set-later"


@pytest.mark.parametrize("bad", ["not base64!", "e30", "W10", "eyJhIjoxfQ", "x" * 300000,
                                 "eyJiYWQgbmFtZSI6IngifQ", "eyJYIjoiYVx1MDAwMGIifQ", "a",
                                 "eyJNT0RFTFNXSVRDSF9QUk9GSUxFIjoieCJ9"])
def test_a_malformed_or_hostile_record_is_ignored_never_a_crash(bad):
    environ = {"MODELSWITCH_SAVED": bad, "MODELSWITCH_PROFILE": "kimi"}
    off = resolve_off(environ)
    assert off["MODELSWITCH_SAVED"] is None and off.get("MODELSWITCH_PROFILE") is None
    assert all(n.isidentifier() for n in off)
    changes = resolve(kimi(), MemoryStore({"kimi": "k"}), environ)
    assert changes["MODELSWITCH_SAVED"] is None


def test_the_record_round_trips_exactly():
    from modelswitch.saved import decode, encode

    values = {"A": HOSTILE, "B": "", "C": "x" * 5000}
    text = encode(values)
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode(text) == values
