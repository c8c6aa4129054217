"""Profile files: parsing errors with file:line:col, atomic private writes, presets."""

import os
import stat

import pytest

from modelswitch import paths
from modelswitch.profile import schema as profiles, storage
from modelswitch.errors import InvalidProfile, ModelswitchError, ProfileExists
from modelswitch.profile.schema import Profile


def write_raw(name, text):
    storage.ensure_dirs()
    path = paths.profile_path(name)
    path.write_text(text)
    return path


def test_toml_syntax_error_names_file_line_and_column():
    path = write_raw("broken", 'base_url = "https://x"\nmodel = \n')
    with pytest.raises(InvalidProfile) as info:
        profiles.load_profile("broken")
    assert info.value.message.startswith(f"{path}:2:")


def test_schema_error_points_at_the_offending_key():
    path = write_raw("badtype", 'base_url = "https://x"\n\ncontext_window = "big"\n')
    with pytest.raises(InvalidProfile) as info:
        profiles.load_profile("badtype")
    assert info.value.message.startswith(f"{path}:3:1: context_window")


def test_unknown_field_and_bad_auth_are_rejected():
    write_raw("u", 'colour = "red"\n')
    write_raw("a", 'auth = "basic"\n')
    for name in ("u", "a"):
        with pytest.raises(InvalidProfile):
            profiles.load_profile(name)


def test_load_all_keeps_good_profiles_and_reports_broken_ones():
    storage.write_profile(Profile(name="good", base_url="https://a"), overwrite=False)
    write_raw("bad", "= nope\n")
    good, broken = profiles.load_all()
    assert [p.name for p in good] == ["good"]
    assert len(broken) == 1 and "bad.toml:1:" in broken[0].message


def test_write_is_private_and_round_trips():
    profile = Profile(name="k", base_url="https://h/anthropic", model="m", context_window=5,
                      price_input=0.6, env={"B": "2", "A": 'quote " and \\ back'})
    path = storage.write_profile(profile, overwrite=False)
    assert profiles.load_profile("k") == profile
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_refuses_to_overwrite_without_flag():
    storage.write_profile(Profile(name="k", model="one"), overwrite=False)
    with pytest.raises(ProfileExists):
        storage.write_profile(Profile(name="k", model="two"), overwrite=False)
    assert profiles.load_profile("k").model == "one"
    storage.write_profile(Profile(name="k", model="two"), overwrite=True)
    assert profiles.load_profile("k").model == "two"


def test_failed_write_leaves_old_file_intact(monkeypatch):
    storage.write_profile(Profile(name="k", model="one"), overwrite=False)
    before = paths.profile_path("k").read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(ModelswitchError, match="disk full"):  # reported as one line
        storage.write_profile(Profile(name="k", model="two"), overwrite=True)
    assert paths.profile_path("k").read_bytes() == before
    assert [p for p in paths.profiles_dir().iterdir() if p.suffix == ".tmp"] == []


def test_unknown_profile_suggests_close_names():
    storage.write_profile(Profile(name="kimi"), overwrite=False)
    with pytest.raises(profiles.ProfileNotFound) as info:
        profiles.load_profile("kimu")
    assert "kimi" in info.value.hint


def test_every_preset_parses_and_has_a_description():
    from urllib.parse import urlsplit

    from modelswitch.profile.validate import LOOPBACK_HOSTS

    names = profiles.preset_names()
    for required in ("anthropic", "kimi", "kimi-cn", "novita-kimi", "onerouter-kimi", "openrouter", "glm",
                     "glm-cn", "deepseek", "qwen", "minimax", "siliconflow", "vercel", "bedrock", "vertex"):
        assert required in names
    for preset in profiles.load_presets():
        assert preset.description
        if preset.base_url:
            # https, or plain http to this machine (Ollama, LM Studio, vLLM, LiteLLM)
            assert preset.base_url.startswith("https://") or \
                urlsplit(preset.base_url).hostname in LOOPBACK_HOSTS, preset.name
            assert not preset.base_url.rstrip("/").endswith("/v1")
