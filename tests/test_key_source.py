"""key_source is parsed in one place (modelswitch.keys.source.KeySource), and a key command
runs through one runner, whoever asks (env/use/run, test, doctor)."""

from __future__ import annotations

import os
import sys

import pytest

from modelswitch.errors import KeyUnavailable, UsageError
from modelswitch.keys.source import COMMAND_TIMEOUT, KeyCommandFailed, KeySource, run_command
from modelswitch.profile import validate


@pytest.mark.parametrize("text, kind, value", [
    ("keyring", "keyring", ""), ("none", "none", ""), ("env:MOONSHOT_KEY", "env", "MOONSHOT_KEY"),
    ("cmd:pass show a:b", "cmd", "pass show a:b"), ("cmd: op read x ", "cmd", " op read x ")])
def test_parse_and_format_round_trip(text, kind, value):
    source = KeySource.parse(text)
    assert (source.kind, source.value) == (kind, value)
    assert str(source) == text
    assert validate.check_key_source(text) == text


@pytest.mark.parametrize("text", [
    "", "Keyring", "keyring:", "none:x", "env:", "cmd:", "cmd:   ", "vault:x", "env", "cmd",
    ":x", "ENV:X", None, 3])
def test_a_malformed_source_is_one_clear_error(text):
    with pytest.raises(UsageError) as caught:
        KeySource.parse(text)
    assert caught.value.message == f"invalid key source {text!r}"
    assert caught.value.hint == "use 'keyring', 'env:VARIABLE', 'cmd:COMMAND' or 'none'"


@pytest.mark.parametrize("text", ["env:1BAD", "env:A B", "cmd:echo\x1b[31m"])
def test_what_a_well_formed_source_holds_is_checked_by_validate(text):
    assert KeySource.parse(text).kind in ("env", "cmd")  # the shape is fine...
    with pytest.raises(UsageError):
        validate.check_key_source(text)  # ...the variable name or command is not


def test_constructors_and_descriptions():
    assert str(KeySource.env("V")) == "env:V" and str(KeySource.cmd("c x")) == "cmd:c x"
    assert KeySource.parse("keyring").describe() == "key in the keyring"
    assert KeySource.parse("none").describe() == "no key"
    assert KeySource.parse("env:V").describe() == "key from $V"
    assert KeySource.parse("cmd:c").describe() == "key from the command `c`"


def test_every_caller_uses_the_one_parser():
    """No module slices key_source text itself (`source[4:]`, startswith("env:"))."""
    from pathlib import Path

    import modelswitch

    root = Path(modelswitch.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "source.py" and path.parent.name == "keys":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ('startswith("env:")', 'startswith("cmd:")', '"env:" +', '"cmd:" +',
                       'key_source[4:]', 'source[4:]', 'source.partition'):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert not offenders


@pytest.mark.skipif(os.name != "posix", reason="POSIX shell commands")
def test_the_one_runner_reads_a_key_and_honours_its_time_limit():
    assert COMMAND_TIMEOUT == 60
    assert run_command("p", "printf 'sk-test-0123456789abcdef\\n'") == "sk-test-0123456789abcdef"
    with pytest.raises(KeyCommandFailed, match="timed out after 1 s") as caught:
        run_command("p", f"{sys.executable} -c 'import time; time.sleep(5)'", timeout=1)
    assert caught.value.problem == "timed out after 1 s"
    with pytest.raises(KeyUnavailable, match="of profile 'p' failed with exit status 3"):
        run_command("p", "exit 3")
    with pytest.raises(KeyUnavailable, match="printed nothing"):
        run_command("p", "true")


@pytest.mark.skipif(os.name != "posix", reason="POSIX shell commands")
def test_use_and_doctor_run_key_commands_through_the_same_runner(monkeypatch):
    from modelswitch.doctor import checks
    from modelswitch.keys import source, store
    from modelswitch.profile.schema import Profile

    seen = []
    monkeypatch.setattr(source, "run_command",
                        lambda name, command, timeout=COMMAND_TIMEOUT: seen.append(timeout) or "sk-x-1234")
    monkeypatch.setattr(checks, "run_command", source.run_command)
    p = Profile(name="p", base_url="https://h.example", key_source="cmd:get-key")
    assert store.read_key(p, store.MemoryStore({}), {}) == "sk-x-1234"
    assert checks._key_command("p", "get-key").status == checks.OK
    assert seen == [COMMAND_TIMEOUT, checks.KEY_TIMEOUT]
