"""The `add` wizard's list and custom path in a real pseudo-terminal (issue 13): the preset
named like the new profile is highlighted, descriptions use a wide terminal, Home/End jump,
"(custom)" asks bearer vs api-key, and a URL warning comes before anything is saved."""

import tomllib

import pytest
from wizard_terminal import ANSI, DOWN, END, HOME, _Collect, finish, pointer_on, saved_files

from modelswitch.profile import schema as profiles

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.integration


def test_the_profile_name_preselects_its_preset(spawn):
    for name, preset in (("kimi", "kimi"), ("glm-work", "glm"), ("kimi-cn", "kimi-cn")):
        child = spawn("add", name)
        child.expect("Provider preset")
        pointer_on(child, preset)
        child.send("\r")
        child.expect("Provider preset: " + ANSI + preset + " ")
        child.expect("Base URL")
        child.sendintr()
        assert finish(child) == 130
    assert saved_files(spawn.home) == []


def test_descriptions_are_whole_on_a_wide_terminal(spawn):
    longest = max(profiles.load_presets(), key=lambda p: len(p.description))
    child = spawn("add", "wide", columns=200)
    seen = []
    child.logfile_read = _Collect(seen)
    child.expect("Provider preset")
    child.expect(r"\(custom\)")
    child.sendintr()
    assert finish(child) == 130
    assert longest.description in "".join(seen)


def test_home_end_and_the_custom_path_with_a_url_warning(spawn):
    names = profiles.preset_names()
    child = spawn("add", "mine")
    seen = []
    child.logfile_read = _Collect(seen)
    child.expect("Provider preset")
    pointer_on(child, names[0])
    child.send(END)
    pointer_on(child, "(custom)")
    child.send(HOME)
    pointer_on(child, names[0])
    child.send(END)
    pointer_on(child, "(custom)")
    child.send("\r")
    child.expect("Base URL")
    child.send("http://127.0.0.1:4000/v1\r")
    child.expect("warning: ")
    child.expect("Use this URL anyway")
    child.send("n")
    child.expect("Base URL")
    child.send("\x15http://127.0.0.1:4000\r")
    child.expect("How does this endpoint take the key")
    child.send(DOWN)
    pointer_on(child, "x-api-key")
    child.send("\r")
    child.expect("Main model")
    child.send("m1\r")
    for tier in ("haiku", "sonnet", "opus"):
        child.expect(f"the {tier} alias")
        child.send("\r")
    child.expect("Where should the API key live")
    child.send(DOWN * 3)
    pointer_on(child, "no key")
    child.send("\r")
    assert finish(child) == 0, "".join(seen)
    screen = "".join(seen)
    assert screen.index("/v1") < screen.index("Where should the API key live")
    data = tomllib.loads((spawn.home / "profiles" / "mine.toml").read_text())
    assert data["base_url"] == "http://127.0.0.1:4000" and data["auth"] == "api-key"
    assert data["key_source"] == "none" and data["model"] == "m1"
