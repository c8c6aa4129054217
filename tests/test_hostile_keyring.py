"""Hostile keyrings and hostile keys, through the real CLI in a subprocess.

A backend that is not an OS keyring (fail, null, an empty chain, keyrings.alt's plaintext
file, a chain that writes there) never receives a key: add / key set / edit refuse with
one line and a hint, write nothing, and doctor marks the backend ✗. A key holding a
newline or another control character is refused from every source. A failing key command
shows the tail of its stderr, masked and escaped.
"""

import uuid

import pytest

from helpers import run_modelswitch

KEY = "sk-test-hostile-0123456789abcdef"
PLAINTEXT = "keyrings.alt.file.PlaintextKeyring"
NOT_KEYRINGS = ["keyring.backends.null.Keyring", "keyring.backends.fail.Keyring", PLAINTEXT,
                "keyring.backends.chainer.ChainerBackend"]  # no D-Bus: the chain is [plaintext]


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """The CLI without any D-Bus session: only the backend PYTHON_KEYRING_BACKEND names."""
    import os

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DBUS_", "GNOME_KEYRING", "PYTHON_KEYRING", "MODELSWITCH_", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               MODELSWITCH_HOME=str(home / "ms"), DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")

    def run(*args, input=None, **extra):
        done = run_modelswitch(list(args), dict(env, **extra), input=input)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    run.home = home
    run.profile = lambda name: home / "ms" / "profiles" / f"{name}.toml"
    return run


def files_containing(root, needle: str):
    return [p for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def one_error(code, out, err, *words):
    assert code == 1, (out, err)
    lines = err.splitlines()
    assert len(lines) == 2 and lines[0].startswith("modelswitch: ") and lines[1].startswith("  hint: "), err
    assert "Traceback" not in err and KEY not in out + err
    for word in words:
        assert word in err, err
    return lines


def needs(backend):
    if backend.startswith("keyrings.alt") or backend.endswith("ChainerBackend"):
        pytest.importorskip("keyrings.alt")


@pytest.mark.parametrize("backend", NOT_KEYRINGS)
def test_no_key_is_stored_in_a_backend_that_is_not_an_os_keyring(cli, backend):
    needs(backend)
    be = {"PYTHON_KEYRING_BACKEND": backend}
    one_error(*cli("add", "p", "--preset", "kimi", "--key-stdin", input=KEY, **be),
              "PYTHON_KEYRING_BACKEND", "--key-env")
    assert not cli.profile("p").exists()
    assert cli("add", "p", "--preset", "kimi", "--key-env", "KIMI_KEY", **be)[0] == 0
    before = cli.profile("p").read_text()
    one_error(*cli("key", "set", "p", "--stdin", input=KEY, **be), "keyring")
    one_error(*cli("edit", "p", "--key-stdin", input=KEY, **be), "keyring")
    assert cli.profile("p").read_text() == before
    assert files_containing(cli.home, KEY) == []
    cli.profile("k").write_text('base_url = "https://api.moonshot.ai/anthropic"\nkey_source = "keyring"\n')
    one_error(*cli("env", "k", "--shell", "bash", **be), "cannot read the key")
    code, out, err = cli("doctor", **be)
    assert code != 0 and any(line.lstrip().startswith("✗") and "no usable keyring backend" in line
                             for line in out.splitlines()), out
    assert files_containing(cli.home, KEY) == []


def test_an_empty_chain_is_no_keyring(cli_run, monkeypatch):
    import keyring
    from keyring import backend as kb
    from keyring.backends.chainer import ChainerBackend

    from modelswitch.keys import store as secrets

    saved = keyring.get_keyring()  # (initialising keyring resets backend._limit)
    monkeypatch.setattr(kb, "_limit", lambda backend: False)
    secrets.set_default_store(secrets.KeyringStore())
    keyring.set_keyring(ChainerBackend())
    try:
        result = cli_run(["add", "p", "--preset", "kimi", "--key-stdin"], input=KEY)
        doctor = cli_run(["doctor"])
    finally:
        keyring.set_keyring(saved)
    assert result.exit_code == 1 and "empty ChainerBackend" in result.stderr, result.stderr
    assert "✗" in doctor.stdout or "!" in doctor.stdout
    assert "empty ChainerBackend" in doctor.stdout


# keys with control characters -----------------------------------------------------------

@pytest.mark.parametrize("text", [KEY + "\n\n", "sk-test\nsecond-line", "sk-test\rcr", "\tsk-tab"])
def test_key_stdin_refuses_more_than_one_trailing_newline(cli, text):
    one_error(*cli("add", "p", "--preset", "kimi", "--key-stdin", input=text,
                   PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring"))
    assert not cli.profile("p").exists()


@pytest.mark.parametrize("value", [KEY + "\nrm -rf ~", KEY + "\r", KEY + "\x1b[2J", KEY + "\x85"])
def test_a_key_from_the_environment_with_a_control_character_is_refused(cli, value):
    assert cli("add", "p", "--preset", "kimi", "--key-env", "P_KEY")[0] == 0
    code, out, err = cli("env", "p", "--shell", "bash", P_KEY=value)
    one_error(code, out, err, "control character", "$P_KEY")
    assert "rm -rf" not in out + err and out == ""


def script(cli, command: str) -> str:
    """`sh FILE` running `command`: a key command that holds a literal key is refused by `add`
    (it would be saved in the profile), so the key-printing commands live in a file."""
    cli.home.mkdir(parents=True, exist_ok=True)
    path = cli.home / "keycmd.sh"
    path.write_text(command + "\n")
    return f"sh '{path}'"


@pytest.mark.parametrize("command, ok", [(f"printf '{KEY}\\n'", True), (f"echo {KEY}", True),
                                          (f"printf '{KEY}\\nuser: me\\n'", False),
                                          (f"printf '{KEY}\\r\\r\\n'", False),
                                          (f"printf '{KEY}\\n\\n'", False)])
def test_key_command_output_is_one_line(cli, command, ok):
    assert cli("add", "p", "--preset", "kimi", "--key-cmd", script(cli, command))[0] == 0
    code, out, err = cli("env", "p", "--shell", "bash")
    if ok:
        assert code == 0 and f"ANTHROPIC_AUTH_TOKEN={KEY}" in out.replace("'", ""), err
    else:
        one_error(code, out, err, "key command", "control character")
        assert out == ""


@pytest.mark.integration
def test_a_keyring_value_with_a_newline_is_refused(secret_service, tmp_path):
    env = dict(secret_service.env, MODELSWITCH_HOME=str(tmp_path / "ms"))
    name = f"nl-{uuid.uuid4().hex[:8]}"
    assert run_modelswitch(["add", name, "--preset", "kimi", "--key-stdin"], env, input=KEY).returncode == 0
    secret_service.store(name, KEY + "\necho pwned")
    done = run_modelswitch(["env", name, "--shell", "bash"], env)
    one_error(done.returncode, done.stdout.decode(), done.stderr.decode(), "the keyring", "control")
    assert b"pwned" not in done.stdout + done.stderr
    assert run_modelswitch(["remove", name, "--yes"], env).returncode == 0


# a failing key command says why ---------------------------------------------------------

def test_a_failing_key_command_shows_its_stderr_tail_masked(cli):
    text = ("echo first-line-dropped >&2; echo 'gpg: decryption failed: No secret key' >&2; "
              f"echo 'token was {KEY}' >&2; printf 'bell\\a \\033[31mred\\n' >&2; exit 2")
    assert cli("add", "p", "--preset", "kimi", "--key-cmd", script(cli, text))[0] == 0
    code, out, err = cli("env", "p", "--shell", "bash")
    lines = one_error(code, out, err, "exit status 2", "decryption failed", "\\x1b", "\\x07")
    assert "first-line-dropped" not in err and KEY not in err and KEY[-4:] in err
    assert "\x1b" not in err and "\x07" not in err and len(lines[0]) < 320


def test_stderr_tail_is_short():
    from modelswitch.keys.prompt import stderr_tail

    tail = stderr_tail((("word " * 100 + "\n") * 10).encode())
    assert len(tail) <= 200 and tail.startswith("…")
    assert stderr_tail(b"") == ""
