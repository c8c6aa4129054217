"""`modelswitch add`: presets + flags, key sources, validation order, no half profiles."""

import os
import stat
import tomllib

import pytest

from helpers import REPO
from modelswitch import paths
from modelswitch.keys import store as secrets
from modelswitch.errors import KeyringUnavailable

KEY = "sk-test-add-0123456789abcdef"


def preset_toml(name):
    return tomllib.loads((REPO / "profiles" / f"{name}.toml").read_text())


def profile_file(name):
    return paths.profile_path(name)


def saved(name):
    return tomllib.loads(profile_file(name).read_text())


def test_add_from_preset_with_key_on_stdin(cli_run, store):
    result = cli_run(["add", "k", "--preset", "kimi", "--key-stdin"], input=KEY + "\n")
    assert result.exit_code == 0, result.stderr
    assert store.get("k") == KEY  # trailing newline stripped
    data, preset = saved("k"), preset_toml("kimi")
    for field in ("base_url", "model", "haiku", "sonnet", "opus", "auth", "context_window"):
        assert data[field] == preset[field]
    assert data["key_source"] == "keyring" and data["preset"] == "kimi"
    assert KEY not in profile_file("k").read_text()
    assert KEY not in result.stdout + result.stderr
    assert "'k'" in result.stdout and "keyring" in result.stdout


def test_files_are_private(cli_run):
    result = cli_run(["add", "p", "--base-url", "https://h.example/anthropic", "--no-key"])
    assert result.exit_code == 0
    if os.name == "posix":
        assert stat.S_IMODE(profile_file("p").stat().st_mode) == 0o600
        assert stat.S_IMODE(paths.profiles_dir().stat().st_mode) == 0o700


def test_flags_override_the_preset(cli_run):
    result = cli_run(["add", "g", "--preset", "glm", "--model", "glm-x", "--haiku", "glm-air",
                      "--base-url", "https://proxy.example/anthropic", "--auth", "api-key",
                      "--context-window", "1000", "--subagent", "glm-sub",
                      "--description", "my glm", "--env", "API_TIMEOUT_MS=600000",
                      "--env", "EMPTY=", "--key-env", "GLM_KEY"])
    assert result.exit_code == 0, result.stderr
    data = saved("g")
    assert data["base_url"] == "https://proxy.example/anthropic"
    assert (data["model"], data["haiku"], data["subagent"]) == ("glm-x", "glm-air", "glm-sub")
    assert data["sonnet"] == preset_toml("glm")["sonnet"]  # not overridden: from the preset
    assert data["auth"] == "api-key" and data["context_window"] == 1000
    assert data["description"] == "my glm"
    assert data["env"] == {"API_TIMEOUT_MS": "600000", "EMPTY": ""}
    assert data["key_source"] == "env:GLM_KEY"
    assert "$GLM_KEY is not set" in result.stderr  # a warning, not an error


@pytest.mark.parametrize("flags, source", [
    (["--key-env", "MY_KEY"], "env:MY_KEY"),
    (["--key-cmd", "pass show moonshot"], "cmd:pass show moonshot"),
    (["--no-key"], "none"),
])
def test_other_key_sources_store_nothing(cli_run, store, flags, source):
    result = cli_run(["add", "x", "--base-url", "https://h.example/anthropic"] + flags)
    assert result.exit_code == 0, result.stderr
    assert saved("x")["key_source"] == source
    assert store.data == {}


def test_presets_without_a_key_need_no_key_flag(cli_run):
    result = cli_run(["add", "aws", "--preset", "bedrock"])
    assert result.exit_code == 0, result.stderr
    data = saved("aws")
    assert data["key_source"] == "none"
    assert "base_url" not in data
    assert data["env"] == preset_toml("bedrock")["env"]


def test_no_key_choice_without_a_terminal_is_an_error(cli_run):
    result = cli_run(["add", "k", "--preset", "kimi"])
    assert result.exit_code == 2
    assert "--key-stdin" in result.stderr and "--no-key" in result.stderr
    assert not profile_file("k").exists()


def test_no_base_url_without_a_terminal_is_an_error(cli_run):
    result = cli_run(["add", "k", "--no-key"])
    assert result.exit_code == 2
    assert "--base-url" in result.stderr
    assert not profile_file("k").exists()


def test_anthropic_preset_needs_no_base_url(cli_run, store):
    result = cli_run(["add", "a", "--preset", "anthropic", "--key-stdin"], input=KEY)
    assert result.exit_code == 0, result.stderr
    assert "base_url" not in saved("a") and store.get("a") == KEY


@pytest.mark.parametrize("url, words", [
    ("http://gateway.example/anthropic", "plain http"),
    ("https://api.example/v1", "/v1"),
])
def test_suspicious_urls_are_saved_with_a_warning(cli_run, url, words):
    result = cli_run(["add", "w", "--base-url", url, "--no-key"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("modelswitch: ")]
    assert len(warnings) == 1
    assert warnings[0].startswith("modelswitch: warning: ") and words in warnings[0]
    assert saved("w")["base_url"] == url


def test_plain_http_to_loopback_is_quiet(cli_run):
    result = cli_run(["add", "local", "--base-url", "http://127.0.0.1:8080", "--no-key"])
    assert result.exit_code == 0 and result.stderr == ""


def test_force_replaces_and_stores_the_new_key(cli_run, store):
    cli_run(["add", "k", "--preset", "kimi", "--key-stdin"], input="sk-test-old-key-000000")
    refused = cli_run(["add", "k", "--preset", "glm", "--key-stdin"],
                      input="sk-test-new-key-111111")
    assert refused.exit_code == 1 and "already exists" in refused.stderr
    assert store.get("k") == "sk-test-old-key-000000"  # the refused add stored nothing
    forced = cli_run(["add", "k", "--preset", "glm", "--key-stdin", "--force"],
                     input="sk-test-new-key-111111")
    assert forced.exit_code == 0, forced.stderr
    assert saved("k")["preset"] == "glm" and store.get("k") == "sk-test-new-key-111111"


class FailingStore(secrets.MemoryStore):
    def set(self, name, secret):
        raise KeyringUnavailable("cannot store the key: no usable keyring backend", "fix it")


def test_keyring_failure_writes_no_profile(cli_run):
    secrets.set_default_store(FailingStore())
    result = cli_run(["add", "k", "--preset", "kimi", "--key-stdin"], input=KEY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["modelswitch: cannot store the key: no usable keyring "
                                          "backend", "  hint: fix it"]
    assert not profile_file("k").exists()


def test_invalid_input_is_rejected_before_the_key_is_read(cli_run, store):
    result = cli_run(["add", "k", "--preset", "kimi", "--key-stdin", "--auth", "basic"],
                     input=KEY)
    assert result.exit_code == 2 and store.data == {}


@pytest.mark.parametrize("text", ["", "\n", "   \n", "sk-test one\n", "sk-test-a\nsk-test-b\n"])
def test_unusable_keys_on_stdin_are_refused(cli_run, store, text):
    result = cli_run(["add", "k", "--preset", "kimi", "--key-stdin"], input=text)
    assert result.exit_code == 1
    assert store.data == {} and not profile_file("k").exists()


def test_env_keys_for_credentials_are_refused(cli_run):
    result = cli_run(["add", "k", "--preset", "kimi", "--no-key",
                      "--env", f"ANTHROPIC_AUTH_TOKEN={KEY}"])
    assert result.exit_code == 2
    assert KEY not in result.stderr  # the value is not echoed back
    assert not profile_file("k").exists()


def test_env_values_are_one_line_and_headers_are_not_profile_settings(cli_run):
    # Headers can carry credentials (refused like keys); values hold no control characters.
    for env in ("ANTHROPIC_CUSTOM_HEADERS=X-One: 1", "API_TIMEOUT_MS=1\n2"):
        result = cli_run(["add", "h", "--base-url", "https://h.example", "--no-key",
                          "--env", env])
        assert result.exit_code == 2, result.stderr
        assert not profile_file("h").exists()


def test_a_key_typed_in_the_wizard_is_stored(cli_run, store, monkeypatch):
    """On a terminal the wizard fills what is missing; its typed key reaches the store."""
    from modelswitch.profile import wizard
    from modelswitch.commands import add
    from modelswitch.keys.prompt import KeyChoice

    asked = {}

    def fake_run(name, flags, choice, ask_profile, key_needed):
        asked.update(name=name, ask_profile=ask_profile, key_needed=key_needed)
        return KeyChoice("keyring", KEY)

    monkeypatch.setattr(add, "_interactive", lambda: True)
    monkeypatch.setattr(wizard, "run", fake_run)
    result = cli_run(["add", "k", "--preset", "kimi"])
    assert result.exit_code == 0, result.stderr
    assert asked == {"name": "k", "ask_profile": False, "key_needed": True}
    assert store.get("k") == KEY and saved("k")["key_source"] == "keyring"
