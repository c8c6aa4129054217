"""Model tiers and /model picker text: one table (modelswitch.profile.tiers) drives the profile schema,
resolve(), flags, show and migration; a switch clears every slot the new profile leaves empty."""

from __future__ import annotations

import json

import pytest

from modelswitch.profile import migrate, ops as profile_ops, schema as profiles, tiers
from modelswitch.profile.schema import Profile
from modelswitch.resolve import MANAGED_VARS, resolve
from modelswitch.keys.store import MemoryStore

URL = "https://api.example.test/anthropic"


def profile(**kw) -> Profile:
    base = dict(name="p", base_url=URL, model="m-main", haiku="m-h", sonnet="m-s", opus="m-o")
    base.update(kw)
    return Profile(**base)


def changes_for(p: Profile, environ=None) -> dict:
    return resolve(p, MemoryStore({p.name: "sk-test-key-123456"}), environ or {})


def test_fable_borrows_the_opus_model_and_its_picker_text():
    changes = changes_for(profile(picker={"opus_name": "Big One", "opus_description": "the big one"}))
    assert changes["ANTHROPIC_DEFAULT_FABLE_MODEL"] == "m-o"
    assert changes["ANTHROPIC_DEFAULT_FABLE_MODEL_NAME"] == "Big One"
    assert changes["ANTHROPIC_DEFAULT_FABLE_MODEL_DESCRIPTION"] == "the big one"
    own = changes_for(profile(fable="m-f", picker={"opus_name": "Big One"}))
    assert own["ANTHROPIC_DEFAULT_FABLE_MODEL"] == "m-f"
    assert own["ANTHROPIC_DEFAULT_FABLE_MODEL_NAME"] is None  # opus's label is not fable's


def test_picker_text_and_custom_option_reach_their_variables():
    p = profile(custom_model="m-turbo", picker={
        "haiku_name": "H", "sonnet_description": "S desc", "opus_capabilities": "thinking,effort",
        "custom_model_name": "Turbo", "custom_model_description": "fast"})
    changes = changes_for(p)
    assert changes["ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME"] == "H"
    assert changes["ANTHROPIC_DEFAULT_SONNET_MODEL_DESCRIPTION"] == "S desc"
    assert changes["ANTHROPIC_DEFAULT_OPUS_MODEL_SUPPORTED_CAPABILITIES"] == "thinking,effort"
    assert changes["ANTHROPIC_CUSTOM_MODEL_OPTION"] == "m-turbo"
    assert changes["ANTHROPIC_CUSTOM_MODEL_OPTION_NAME"] == "Turbo"
    assert changes["ANTHROPIC_CUSTOM_MODEL_OPTION_DESCRIPTION"] == "fast"


def test_switching_clears_every_slot_the_new_profile_does_not_set():
    first = changes_for(profile(name="a", fable="m-f", custom_model="m-c",
                                picker={key: "x" for key in tiers.PICKER_KEYS
                                        if not key.endswith("capabilities")}))
    environ = {k: v for k, v in first.items() if v is not None}
    bare = Profile(name="b", base_url=URL, model="only")
    second = resolve(bare, MemoryStore({"b": "sk-other-key-654321"}), environ)
    for var in tiers.all_slot_vars():
        assert var in environ or var.endswith("CAPABILITIES")
        assert second[var] is None, var


def test_every_slot_variable_is_managed_and_owned_by_a_field():
    for var in tiers.all_slot_vars():
        assert var in MANAGED_VARS
        assert var in profiles.FIELD_VARS  # an [env] entry for it is refused
    with pytest.raises(profiles.SchemaError):
        profiles.from_dict("p", {"env": {"ANTHROPIC_DEFAULT_FABLE_MODEL_NAME": "x"}})


def test_the_table_drives_the_file_schema_both_ways():
    data = {"base_url": URL, "fable": "m-f", "custom_model": "m-c",
            **{key: f"text {i}" for i, key in enumerate(tiers.PICKER_KEYS)
               if not key.endswith("capabilities")},
            **{key: "thinking" for key in tiers.PICKER_KEYS if key.endswith("capabilities")}}
    p = profiles.from_dict("p", data)
    assert p.to_dict() == {"auth": "bearer", "key_source": "keyring", **data}
    assert profiles.parse_text("p", profile_text(data), "t").picker == p.picker


def profile_text(data: dict) -> str:
    import tomli_w

    return tomli_w.dumps(data)


@pytest.mark.parametrize("key,value,problem", [
    ("opus_name", "two\nlines", "control character"),
    ("fable_capabilities", "thinking; rm -rf /", "comma-separated"),
    ("custom_model_description", "x" * 201, "longer than"),
    ("opus_nickname", "x", "unknown field"),
    ("opus_name", 3, "must be a string"),
])
def test_bad_picker_text_in_a_file_names_the_key(key, value, problem):
    with pytest.raises(profiles.SchemaError) as info:
        profiles.from_dict("p", {"base_url": URL, key: value})
    assert info.value.key == key
    assert problem in info.value.problem


def test_every_model_field_has_a_flag_and_each_flag_sets_its_field():
    flags = profile_ops.ProfileFlags(**{name: f"id-{name}" for name in profiles.MODEL_FIELDS})
    p = profile()
    profile_ops.apply_flags(p, flags)
    for name in profiles.MODEL_FIELDS:
        assert getattr(p, name) == f"id-{name}"
        assert name in profile_ops.FIELD_FLAGS


def test_add_and_edit_set_and_clear_picker_text(cli_run):
    result = cli_run(["add", "k", "--base-url", URL, "--no-key", "--opus", "k2",
                      "--fable", "k2-big", "--custom-model", "k2-turbo",
                      "--tier-name", "opus=Kimi K2 Thinking", "--tier-name", "custom=Kimi Turbo",
                      "--tier-description", "fable=the big one",
                      "--tier-capabilities", "opus=thinking,effort"])
    assert result.exit_code == 0, result.stderr
    p = profiles.load_profile("k")
    assert (p.opus, p.fable, p.custom_model) == ("k2", "k2-big", "k2-turbo")
    assert p.picker == {"opus_name": "Kimi K2 Thinking", "custom_model_name": "Kimi Turbo",
                        "fable_description": "the big one", "opus_capabilities": "thinking,effort"}
    result = cli_run(["edit", "k", "--tier-name", "opus=", "--fable", ""])
    assert result.exit_code == 0, result.stderr
    p = profiles.load_profile("k")
    assert "opus_name" not in p.picker and p.fable == ""
    assert "opus_name" in result.stdout and "fable" in result.stdout
    shown = cli_run(["show", "k"]).stdout
    assert "custom model name" in shown and "Kimi Turbo" in shown
    assert "k2 (the opus model)" in shown  # fable falls back, and show says so


@pytest.mark.parametrize("args,expected", [
    (["--tier-name", "opus"], "expects TIER=TEXT"),
    (["--tier-name", "gigantic=X"], "expects TIER=TEXT"),
    (["--tier-capabilities", "opus=a b"], "comma-separated"),
])
def test_bad_picker_flags_are_one_line_errors(cli_run, args, expected):
    result = cli_run(["add", "k", "--base-url", URL, "--no-key", *args])
    assert result.exit_code != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not profiles.profile_names()


def test_migration_takes_every_slot_and_its_picker_text(tmp_path):
    env = {"ANTHROPIC_BASE_URL": URL, "ANTHROPIC_AUTH_TOKEN": "sk-migrated-token-000111",
           "ANTHROPIC_DEFAULT_FABLE_MODEL": "m-f", "ANTHROPIC_DEFAULT_OPUS_MODEL_NAME": "Big",
           "ANTHROPIC_CUSTOM_MODEL_OPTION": "m-c", "ANTHROPIC_CUSTOM_MODEL_OPTION_DESCRIPTION": "fast"}
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"env": env}))
    p, token, moved, _, _ = migrate.build_profile("m", env, path)
    assert (p.fable, p.custom_model) == ("m-f", "m-c")
    assert p.picker == {"opus_name": "Big", "custom_model_description": "fast"}
    assert set(moved) == set(env)
    assert token == "sk-migrated-token-000111"


def test_every_model_selecting_and_cloud_mode_variable_is_cleared_unless_the_profile_sets_it():
    from modelswitch.resolve import CLOUD_MODE_VARS

    environ = {var: "claude-opus-5-5" for var in tiers.OTHER_MODEL_VARS}
    environ.update({var: "1" for var in CLOUD_MODE_VARS})
    changes = resolve(Profile(name="b", base_url=URL, model="only"),
                      MemoryStore({"b": "sk-other-key-654321"}), environ)
    assert changes["ANTHROPIC_MODEL"] == "only"
    for var in [*tiers.OTHER_MODEL_VARS, *CLOUD_MODE_VARS]:
        assert var in MANAGED_VARS
        if var != "ANTHROPIC_MODEL":
            assert changes[var] is None, var


def test_the_subagent_model_also_drives_workflow_agents():
    changes = changes_for(profile(subagent="m-sub"))
    assert changes["CLAUDE_CODE_SUBAGENT_MODEL"] == changes["CLAUDE_CODE_WORKFLOW_SUBAGENT_MODEL"] == "m-sub"


def test_a_bad_model_flag_is_named_as_typed(cli_run):
    result = cli_run(["add", "k", "--base-url", URL, "--no-key", "--custom-model", "x\ty"])
    assert result.exit_code != 0
    assert "--custom-model holds" in result.stderr
