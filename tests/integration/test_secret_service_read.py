"""The direct Secret Service read (modelswitch/keys/secret_service.py) against a real
gnome-keyring: it returns exactly what keyring stored, serves `env` and `list` without
loading keyring, and hands every doubtful case back to keyring (same output, same errors).
"""

import json
import subprocess
import sys
import uuid

import pytest

from helpers import imported, run_modelswitch
from secret_service import private_secret_service

pytestmark = pytest.mark.integration

KEYS = ["sk-plain-0123456789abcdef", "sk-ünïcödé-ключ-密钥-🔑-0123456789", "x" * 4000]


def py(code: str, env: dict, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, input=stdin.encode(),
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


def keyring_set(env, name, key):
    py("import keyring, sys; keyring.set_password('modelswitch', %r, sys.stdin.read())" % name,
       env, key)


def direct(env, call):
    code = ("import sys; from modelswitch.keys import secret_service as d; r = d.%s; "
            "sys.stdout.buffer.write(repr(r).encode())" % call)
    return eval(py(code, env))


@pytest.fixture
def setup(secret_service, tmp_path):
    env = {k: v for k, v in secret_service.env.items() if not k.startswith("MODELSWITCH_")}
    env["MODELSWITCH_HOME"] = str(tmp_path / "mshome")
    (tmp_path / "mshome" / "profiles").mkdir(parents=True)
    return env, tmp_path / "mshome" / "profiles"


def profile(folder, name):
    (folder / f"{name}.toml").write_text('base_url = "https://x.example"\nmodel = "m"\n')


@pytest.mark.parametrize("key", KEYS)
def test_direct_read_returns_what_keyring_stored(setup, key):
    env, folder = setup
    name = f"ssr-{uuid.uuid4().hex[:8]}"
    keyring_set(env, name, key)
    assert direct(env, f"get({name!r})") == key
    assert name in direct(env, "present()")
    profile(folder, name)
    done = run_modelswitch(["env", name, "--shell", "json"], env)
    assert done.returncode == 0 and json.loads(done.stdout)["set"]["ANTHROPIC_AUTH_TOKEN"] == key


def test_env_with_a_keyring_key_does_not_load_keyring(setup):
    env, folder = setup
    name = f"ssr-{uuid.uuid4().hex[:8]}"
    keyring_set(env, name, "sk-fast-0123456789abcdef")
    profile(folder, name)
    names = imported(["env", name, "--shell", "bash"], env)
    assert "<exit 0>" in names and "keyring" not in names and "jeepney" in names


def test_list_asks_once_and_matches_keyring(setup):
    env, folder = setup
    names = [f"ssl-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    for name in names[:2]:
        keyring_set(env, name, "sk-list-0123456789abcdef")
    for name in names:
        profile(folder, name)
    done = run_modelswitch(["list", "--json"], env)
    assert done.returncode == 0, done.stderr.decode()
    states = {item["name"]: item["key_state"] for item in json.loads(done.stdout)}
    assert states == {names[0]: "keyring", names[1]: "keyring", names[2]: "missing"}


def test_a_missing_item_falls_back_to_keyring(setup):
    env, folder = setup
    name = f"ssm-{uuid.uuid4().hex[:8]}"
    assert direct(env, f"get({name!r})") is None
    profile(folder, name)
    done = run_modelswitch(["env", name, "--shell", "bash"], env)
    assert done.returncode == 1
    assert f"profile {name!r} has no key in the keyring" in done.stderr.decode()


@pytest.mark.parametrize("extra", [{"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
                                   {"KEYRING_PROPERTY_APPID": "x"}, {"DBUS_SESSION_BUS_ADDRESS": ""}])
def test_keyring_decides_when_configured_otherwise(setup, extra):
    env, _ = setup
    name = f"ssc-{uuid.uuid4().hex[:8]}"
    keyring_set(env, name, "sk-cfg-0123456789abcdef")
    assert direct(dict(env, **extra), f"get({name!r})") is None


def test_a_keyringrc_cfg_hands_over_to_keyring(setup, tmp_path):
    env, _ = setup
    name = f"ssk-{uuid.uuid4().hex[:8]}"
    keyring_set(env, name, "sk-rc-0123456789abcdef")
    config = tmp_path / "xdgconfig" / "python_keyring"
    config.mkdir(parents=True)
    (config / "keyringrc.cfg").write_text("[backend]\n")
    assert direct(dict(env, XDG_CONFIG_HOME=str(tmp_path / "xdgconfig")), f"get({name!r})") is None


def test_a_locked_collection_falls_back_to_keyring(tmp_path):
    with private_secret_service(tmp_path) as service:
        env = dict(service.env, MODELSWITCH_HOME=str(tmp_path / "mshome"),
                   MODELSWITCH_KEYRING_TIMEOUT="8")
        keyring_set(env, "locked", "sk-locked-0123456789abcdef")
        subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets",
                        "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock",
                        "array:objpath:/org/freedesktop/secrets/aliases/default"], env=env,
                       check=True, capture_output=True, timeout=30)
        assert direct(env, "get('locked')") is None
        assert direct(env, "present()") is None
        folder = tmp_path / "mshome" / "profiles"
        folder.mkdir(parents=True)
        profile(folder, "locked")
        done = run_modelswitch(["env", "locked", "--shell", "bash"], env)
        assert b"sk-locked" not in done.stdout + done.stderr  # keyring's verdict, never a half read
