"""`modelswitch edit NAME`: only what is given changes."""

import tomllib

from helpers import REPO
from modelswitch import paths

KEY = "sk-test-edit-0123456789"


def saved(name):
    return tomllib.loads(paths.profile_path(name).read_text())


def make_kimi(cli_run, *extra):
    result = cli_run(["add", "k", "--preset", "kimi", "--key-stdin", *extra], input=KEY)
    assert result.exit_code == 0, result.stderr


def test_only_given_fields_change(cli_run, store):
    make_kimi(cli_run, "--env", "KEEP=1")
    before = saved("k")
    result = cli_run(["edit", "k", "--model", "kimi-k2-turbo-preview", "--env", "NEW=2"])
    assert result.exit_code == 0, result.stderr
    after = saved("k")
    assert after.pop("model") == "kimi-k2-turbo-preview"
    assert after.pop("env") == {"KEEP": "1", "NEW": "2"}
    before.pop("model"), before.pop("env")
    assert after == before
    assert store.get("k") == KEY


def test_empty_value_clears_a_model_and_unset_env_removes(cli_run):
    make_kimi(cli_run, "--env", "A=1", "--env", "B=2")
    assert cli_run(["edit", "k", "--haiku", "", "--unset-env", "A"]).exit_code == 0
    data = saved("k")
    assert "haiku" not in data and data["env"] == {"B": "2"}


def test_key_options_switch_the_source(cli_run, store):
    make_kimi(cli_run)
    assert cli_run(["edit", "k", "--key-env", "KIMI_KEY"]).exit_code == 0
    assert saved("k")["key_source"] == "env:KIMI_KEY"
    result = cli_run(["edit", "k", "--key-stdin"], input="sk-test-replaced-999999\n")
    assert result.exit_code == 0, result.stderr
    assert saved("k")["key_source"] == "keyring"
    assert store.get("k") == "sk-test-replaced-999999"
    assert "sk-test-replaced" not in paths.profile_path("k").read_text()


def test_preset_is_reapplied_but_key_source_stays(cli_run):
    make_kimi(cli_run)
    cli_run(["edit", "k", "--key-cmd", "pass show glm"])
    result = cli_run(["edit", "k", "--preset", "glm", "--opus", "glm-big"])
    assert result.exit_code == 0, result.stderr
    data = saved("k")
    glm = tomllib.loads((REPO / "profiles" / "glm.toml").read_text())
    assert data["base_url"] == glm["base_url"] and data["model"] == glm["model"]
    assert data["opus"] == "glm-big" and data["preset"] == "glm"
    assert data["key_source"] == "cmd:pass show glm"


def test_nothing_to_change_is_a_usage_error(cli_run):
    make_kimi(cli_run)
    before = paths.profile_path("k").read_bytes()
    result = cli_run(["edit", "k"])
    assert result.exit_code == 2 and "nothing to change" in result.stderr
    assert paths.profile_path("k").read_bytes() == before


def test_edit_unknown_profile_suggests_a_name(cli_run):
    make_kimi(cli_run)
    result = cli_run(["edit", "kk", "--model", "m"])
    assert result.exit_code == 1
    assert "'kk'" in result.stderr and "k?" in result.stderr


def test_edit_warns_about_v1_urls(cli_run):
    make_kimi(cli_run)
    result = cli_run(["edit", "k", "--base-url", "https://api.moonshot.ai/v1"])
    assert result.exit_code == 0
    assert "modelswitch: warning: " in result.stderr and "/v1" in result.stderr
