"""The memo of tomllib's answer per user profile (profile/parsed_cache.py): never stale, never
trusted when it is not private, the same Profile as a fresh parse, and `env`/`run` skip
tomllib once it exists."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

import pytest

from helpers import imported
from modelswitch import paths
from modelswitch.errors import InvalidProfile
from modelswitch.profile import parsed_cache, schema, storage

RICH = '''description = "Ünïcode \\"quoted\\" ☃"
base_url = "https://api.example.com/anthropic"
model = "m-main"
haiku = "m-fast"
context_window = 262144
price_input = 0.6
price_output = 2.5
price_cache_read = 0.0

[prices."m-fast"]
input = 1e-3
output = 0.1

[env]
API_TIMEOUT_MS = "600000"
ODD = "line one\\nline two ☃"
'''


def write(name: str, text: str) -> None:
    folder = paths.profiles_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def test_a_remembered_profile_is_the_profile_a_fresh_parse_gives():
    write("p", RICH)
    fresh = schema.load_profile("p")  # parses, remembers
    assert os.path.isfile(parsed_cache.cache_path("p"))
    assert parsed_cache.lookup("p", RICH) is not None
    again = schema.load_profile("p")  # from the memo
    assert again == fresh == schema.parse_text("p", RICH, "x")
    assert isinstance(again.context_window, int) and isinstance(again.price_cache_read, float)


def test_never_stale_even_for_an_edit_of_the_same_size_at_once():
    write("p", RICH)
    schema.load_profile("p")
    edited = RICH.replace('model = "m-main"', 'model = "m-MAIN"')
    assert len(edited) == len(RICH)
    write("p", edited)
    assert schema.load_profile("p").model == "m-MAIN"
    write("p", edited.replace("262144", "xxxxxx"))  # now broken: the error, not the memo
    with pytest.raises(InvalidProfile) as info:
        schema.load_profile("p")
    assert "p.toml:5:" in info.value.message


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("spoil", ["group-writable", "symlink", "garbage", "not a dict"])
def test_a_memo_that_is_not_private_or_not_sane_is_ignored(spoil, tmp_path):
    write("p", RICH)
    schema.load_profile("p")
    memo = parsed_cache.cache_path("p")
    forged = json.dumps({"text": RICH, "data": {"base_url": "https://evil.example"}})
    if spoil == "group-writable":
        with open(memo, "w") as fh:
            fh.write(forged)
        os.chmod(memo, 0o620)
    elif spoil == "symlink":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_text(forged)
        os.unlink(memo)
        os.symlink(elsewhere, memo)
    elif spoil == "garbage":
        with open(memo, "w") as fh:
            fh.write("{not json")
    else:
        with open(memo, "w") as fh:
            fh.write(json.dumps({"text": RICH, "data": ["x"]}))
    assert schema.load_profile("p").base_url == "https://api.example.com/anthropic"


def test_what_json_cannot_hold_is_not_remembered():
    parsed_cache.remember("d", "when = 1979-05-27", {"when": datetime.date(1979, 5, 27)})
    assert not os.path.exists(parsed_cache.cache_path("d"))
    parsed_cache.remember("f", "x = inf", {"x": float("inf"), "y": float("-0.0")})
    data = parsed_cache.lookup("f", "x = inf")
    assert data["x"] == float("inf") and str(data["y"]) == "-0.0"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_the_memo_is_private_and_goes_with_the_profile():
    write("p", RICH)
    schema.load_profile("p")
    memo = parsed_cache.cache_path("p")
    assert os.stat(memo).st_mode & 0o777 == 0o600
    assert os.stat(os.path.dirname(memo)).st_mode & 0o777 == 0o700
    storage.rename_profile_file("p", "q", RICH)
    assert not os.path.exists(memo)
    schema.load_profile("q")
    storage.delete_profile_file("q")
    assert not os.path.exists(parsed_cache.cache_path("q"))


def test_env_and_run_skip_tomllib_once_the_profile_is_remembered(tmp_path):
    write("p", RICH.replace('base_url', 'key_source = "env:P_KEY"\nbase_url'))
    env = dict(os.environ, P_KEY="sk-test-memo-0123456789", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    first = subprocess.run([sys.executable, "-m", "modelswitch", "env", "p", "--shell", "bash"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    names = imported(["env", "p", "--shell", "bash"], env)
    assert "<exit 0>" in names and "tomllib" not in names and "tomllib._parser" not in names
    second = subprocess.run([sys.executable, "-m", "modelswitch", "env", "p", "--shell", "bash"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert second.stdout == first.stdout and "sk-test-memo" not in open(parsed_cache.cache_path("p")).read()


@pytest.mark.parametrize("name", ["", ".hidden", "a/b", "..", "x\0y"])
def test_a_name_that_is_not_a_plain_file_name_is_never_remembered(name):
    assert parsed_cache.cache_path(name) is None
    parsed_cache.remember(name, "x = 1", {"x": 1})
    assert parsed_cache.lookup(name, "x = 1") is None
    parsed_cache.forget(name)
