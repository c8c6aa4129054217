"""The `add` wizard as a person meets it: a real pseudo-terminal (pexpect), arrow keys on
questionary's preset picker, prompts answered, the key typed without being echoed, and the
key stored in a real Secret Service. Ctrl-C part-way saves nothing and shows no traceback."""

import re
import tomllib
import uuid

import pytest

from modelswitch.profile import schema as profiles
from wizard_terminal import ANSI, DOWN, _Collect, finish, pointer_on, saved_files

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.integration


def transcript(child):
    """Everything the terminal showed so far."""
    return child.before if isinstance(child.before, str) else ""


def pick_kimi(child):
    child.expect("Provider preset")
    pointer_on(child, profiles.preset_names()[0])
    for name in profiles.preset_names()[1:profiles.preset_names().index("kimi") + 1]:
        child.send(DOWN)
        pointer_on(child, name)
    child.send("\r")
    child.expect("Provider preset: " + ANSI + "kimi ")


def test_wizard_creates_a_profile_and_hides_the_key(spawn, secret_service):
    name = f"wiz-{uuid.uuid4().hex[:8]}"
    key = f"sk-test-wizard-{uuid.uuid4().hex}"
    child = spawn("add", name)
    seen = []
    child.logfile_read = _Collect(seen)
    pick_kimi(child)
    child.expect("Base URL")
    child.send("\r")  # keep the preset's URL
    child.expect("Main model")
    child.send("\x15kimi-k2-turbo-preview\r")  # Ctrl-U clears the default, then type
    for tier in ("haiku", "sonnet", "opus"):
        child.expect(f"the {tier} alias")
        child.send("\r")
    child.expect("Where should the API key live")
    child.send("\r")  # first choice: the OS keyring
    child.expect("API key for")
    child.send(key + "\r")
    assert finish(child) == 0, "".join(seen)
    screen = "".join(seen)
    assert key not in screen and key[:20] not in screen  # not echoed, not even partly
    assert "*" * 8 in screen  # questionary shows stars instead
    assert f"added profile '{name}'" in screen
    data = tomllib.loads((spawn.home / "profiles" / f"{name}.toml").read_text())
    assert data["base_url"] == "https://api.moonshot.ai/anthropic"
    assert data["model"] == "kimi-k2-turbo-preview"
    assert data["haiku"] == profiles.load_preset("kimi").haiku
    assert data["key_source"] == "keyring" and data["preset"] == "kimi"
    assert secret_service.lookup(name) == key
    assert key not in (spawn.home / "profiles" / f"{name}.toml").read_text()


def test_ctrl_c_at_the_first_prompt_saves_nothing(spawn):
    child = spawn("add", "cancelled")
    seen = []
    child.logfile_read = _Collect(seen)
    child.expect("Provider preset")
    child.sendintr()
    assert finish(child) == 130
    screen = "".join(seen)
    assert "Traceback" not in screen and "interrupted" in screen
    assert saved_files(spawn.home) == []


def test_ctrl_c_at_the_key_prompt_saves_nothing(spawn, secret_service):
    name = f"half-{uuid.uuid4().hex[:8]}"
    child = spawn("add", name, "--preset", "kimi")  # only the key is missing
    seen = []
    child.logfile_read = _Collect(seen)
    child.expect("Where should the API key live")
    child.send("\r")
    child.expect("API key for")
    child.send("sk-test-partial")
    child.expect(r"\*")  # typed, shown as stars
    child.sendintr()
    assert finish(child) == 130
    screen = "".join(seen)
    assert "Traceback" not in screen and "sk-test-partial" not in screen
    assert saved_files(spawn.home) == []
    assert secret_service.lookup(name) is None


def test_env_key_source_from_the_wizard(spawn):
    child = spawn("add", "envwiz", "--preset", "glm")
    child.expect("Where should the API key live")
    child.send(DOWN + "\r")
    child.expect("Environment variable name")
    child.send("GLM_API_KEY\r")
    assert finish(child) == 0
    data = tomllib.loads((spawn.home / "profiles" / "envwiz.toml").read_text())
    assert data["key_source"] == "env:GLM_API_KEY"


def test_key_set_prompts_without_echo(spawn, secret_service):
    name = f"ks-{uuid.uuid4().hex[:8]}"
    key = f"sk-test-getpass-{uuid.uuid4().hex}"
    setup = spawn("add", name, "--preset", "kimi", "--no-key")
    assert finish(setup) == 0
    child = spawn("key", "set", name)
    seen = []
    child.logfile_read = _Collect(seen)
    child.expect("input hidden")
    child.send(key + "\r")
    assert finish(child) == 0
    assert key not in "".join(seen)
    assert secret_service.lookup(name) == key
    assert re.search(r'key_source = "keyring"',
                     (spawn.home / "profiles" / f"{name}.toml").read_text())


def test_ctrl_c_at_the_hidden_key_prompt_keeps_the_old_key(spawn, secret_service):
    name = f"ksc-{uuid.uuid4().hex[:8]}"
    secret_service.store(name, "sk-test-original-key")
    assert finish(spawn("add", name, "--preset", "kimi", "--no-key")) == 0
    child = spawn("key", "set", name)
    seen = []
    child.logfile_read = _Collect(seen)
    child.expect("input hidden")
    child.send("sk-test-new")
    child.sendintr()
    assert finish(child) == 130
    assert "Traceback" not in "".join(seen) and "interrupted" in "".join(seen)
    assert secret_service.lookup(name) == "sk-test-original-key"
    assert 'key_source = "none"' in (spawn.home / "profiles" / f"{name}.toml").read_text()
