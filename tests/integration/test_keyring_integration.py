"""The real CLI against a real Secret Service (private D-Bus + unlocked gnome-keyring).

Keys go to the keyring and into no file; rename moves them, remove deletes them; with no
usable backend the CLI says so in one line plus a hint and writes nothing.
"""

import uuid

import pytest

from helpers import run_modelswitch

pytestmark = pytest.mark.integration


@pytest.fixture
def cli(secret_service, tmp_path):
    home = tmp_path / "mshome"
    env = {k: v for k, v in secret_service.env.items() if not k.startswith("MODELSWITCH_")}
    env["MODELSWITCH_HOME"] = str(home)

    def run(*args, input=None, extra_env=None):
        done = run_modelswitch(list(args), dict(env, **(extra_env or {})), input=input)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    run.home = home
    return run


def unique(prefix):
    """Profile names unique per test: the Secret Service lives for the whole session."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def files_containing(roots, needle: bytes):
    found = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink() and needle in path.read_bytes():
                found.append(path)
    return found


def test_add_rename_remove_with_the_real_keyring(cli, secret_service):
    name, new = unique("k"), unique("moved")
    key = f"sk-test-{uuid.uuid4().hex}"
    code, out, err = cli("add", name, "--preset", "kimi", "--key-stdin", input=key + "\n")
    assert code == 0, err
    assert secret_service.lookup(name) == key
    assert (cli.home / "profiles" / f"{name}.toml").is_file()
    assert files_containing([cli.home, secret_service.home], key.encode()) == []

    code, out, err = cli("list")
    assert code == 0 and name in out and "keyring" in out and key not in out
    code, out, err = cli("show", name)
    assert code == 0 and key[-4:] in out and key not in out + err

    code, out, err = cli("rename", name, new)
    assert code == 0, err
    assert secret_service.lookup(new) == key and secret_service.lookup(name) is None

    code, out, err = cli("remove", new, "--yes")
    assert code == 0, err
    assert secret_service.lookup(new) is None
    assert not (cli.home / "profiles" / f"{new}.toml").exists()
    assert files_containing([cli.home, secret_service.home], key.encode()) == []


def test_key_set_and_rm_with_the_real_keyring(cli, secret_service):
    name = unique("e")
    key = f"sk-test-{uuid.uuid4().hex}"
    assert cli("add", name, "--preset", "glm", "--key-env", "GLM_KEY")[0] == 0
    assert secret_service.lookup(name) is None
    code, out, err = cli("key", "set", name, "--stdin", input=key)
    assert code == 0, err
    assert secret_service.lookup(name) == key
    assert 'key_source = "keyring"' in (cli.home / "profiles" / f"{name}.toml").read_text()
    code, out, err = cli("key", "rm", name)
    assert code == 0 and secret_service.lookup(name) is None
    assert "missing" in cli("list")[1]


def test_a_key_stored_by_another_tool_is_used(cli, secret_service):
    name = unique("ext")
    assert cli("add", name, "--preset", "kimi", "--key-stdin", input="sk-test-placeholder")[0] == 0
    secret_service.store(name, "sk-test-from-secret-tool-1234")
    code, out, err = cli("show", name, "--json")
    assert code == 0 and '"key_state": "keyring"' in out and "1234" in out
    assert "sk-test-from-secret-tool-1234" not in out


def test_no_keyring_backend_is_one_line_and_writes_nothing(cli):
    name = unique("nokeyring")
    code, out, err = cli("add", name, "--preset", "kimi", "--key-stdin", input="sk-test-nowhere",
                         extra_env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("modelswitch: ") and "keyring" in lines[0]
    assert lines[1].startswith("  hint: ") and "--key-env" in lines[1]
    assert "Traceback" not in err and "sk-test-nowhere" not in out + err
    assert not (cli.home / "profiles" / f"{name}.toml").exists()
    # the same machine can still use a key kept elsewhere
    code, out, err = cli("add", name, "--preset", "kimi", "--key-env", "KIMI_API_KEY",
                         extra_env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert code == 0, err
