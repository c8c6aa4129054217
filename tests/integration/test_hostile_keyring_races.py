"""Profile files and the real Secret Service agree, even when processes race or the keyring
daemon freezes: no orphan entry, no keyring-sourced profile without its key, no lock held
forever, no leftover entry adopted."""

import fcntl
import os
import random
import signal
import subprocess
import tempfile
import time
import tomllib
import uuid

import pytest

from helpers import modelswitch_cmd, run_modelswitch
from secret_service import private_secret_service

pytestmark = pytest.mark.integration
KEY = "sk-test-race-0123456789abcdef"


@pytest.fixture
def cli(secret_service, tmp_path):
    home = tmp_path / "ms"
    env = {k: v for k, v in secret_service.env.items() if not k.startswith("MODELSWITCH_")}
    env["MODELSWITCH_HOME"] = str(home)

    def run(*args, input=None, timeout=60, **extra):
        done = run_modelswitch(list(args), dict(env, **extra), input=input, timeout=timeout)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    run.env, run.home, run.ss = env, home, secret_service
    return run


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def source_of(home, name):
    path = home / "profiles" / f"{name}.toml"
    return tomllib.loads(path.read_text())["key_source"] if path.exists() else None


@pytest.mark.parametrize("flag", [["--key-env", "SOME_KEY"], ["--key-cmd", "pass show away"],
                                  ["--no-key"]])
def test_edit_away_from_the_keyring_deletes_the_entry(cli, flag):
    name = unique("away")
    assert cli("add", name, "--preset", "kimi", "--key-stdin", input=KEY)[0] == 0
    assert cli.ss.lookup(name) == KEY
    code, out, err = cli("edit", name, *flag)
    assert code == 0, err
    assert cli.ss.lookup(name) is None


def test_rename_never_adopts_a_leftover_entry(cli):
    a, b = unique("a"), unique("b")
    assert cli("add", a, "--preset", "kimi", "--key-stdin", input=KEY)[0] == 0
    cli.ss.store(b, "sk-test-leftover-of-someone-else")
    assert cli("rename", a, b)[0] == 0
    assert cli.ss.lookup(b) == KEY and cli.ss.lookup(a) is None
    # a keyring profile whose own key is gone must not pick up the new name's leftover
    c = unique("c")
    assert cli("key", "rm", b)[0] == 0
    cli.ss.store(c, "sk-test-leftover-of-someone-else")
    assert cli("rename", b, c)[0] == 0
    assert cli.ss.lookup(c) is None and cli.ss.lookup(b) is None
    assert "sk-test-leftover" not in cli("env", c, "--shell", "bash")[1]


def hold_lock(home):
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


@pytest.mark.parametrize("args", [["key", "set", "{n}", "--stdin"], ["remove", "{n}", "--yes"],
                                  ["rename", "{n}", "{n}-2"], ["key", "rm", "{n}"]])
def test_keyring_calls_wait_for_the_profile_lock_and_give_up(cli, args):
    name = unique("locked")
    assert cli("add", name, "--preset", "kimi", "--key-stdin", input=KEY)[0] == 0
    fd = hold_lock(cli.home)
    try:
        start = time.monotonic()
        code, out, err = cli(*[a.format(n=name) for a in args], input="sk-test-other-key-99999",
                             timeout=30, MODELSWITCH_LOCK_TIMEOUT="1")
        assert time.monotonic() - start < 15
    finally:
        os.close(fd)
    assert code == 1 and "lock" in err and "Traceback" not in err, err
    assert cli.ss.lookup(name) == KEY and cli.ss.lookup(name + "-2") is None
    assert source_of(cli.home, name) == "keyring"


def test_racing_writers_leave_files_and_keyring_in_agreement(cli):
    names = [unique(f"r{i}") for i in range(4)]
    rng = random.Random(7)
    for _ in range(3):
        procs = []
        for i in range(12):
            n, m = rng.sample(names, 2)
            args, given = rng.choice([
                (["add", n, "--preset", "kimi", "--key-stdin"], f"sk-test-{n}-{i}-0000"),
                (["add", n, "--preset", "kimi", "--key-env", "R_KEY"], None),
                (["remove", n, "--yes"], None), (["rename", n, m], None),
                (["key", "set", n, "--stdin"], f"sk-test-{n}-{i}-1111"),
                (["edit", n, "--no-key"], None), (["key", "rm", n], None)])
            with tempfile.TemporaryFile() as stdin:
                stdin.write((given or "").encode())
                stdin.seek(0)
                procs.append(subprocess.Popen(modelswitch_cmd() + args, env=cli.env, stdin=stdin,
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        for proc in procs:
            err = proc.communicate(timeout=120)[1].decode()
            assert proc.returncode in (0, 1, 2) and "Traceback" not in err, err
        for n in names:
            source, entry = source_of(cli.home, n), cli.ss.lookup(n)
            if entry is not None:  # no orphan entry, none beside a key kept elsewhere
                assert source == "keyring", (n, source)
    for n in names:  # `key rm` may leave a keyring profile keyless, on purpose; nothing else may
        if source_of(cli.home, n) == "keyring" and cli.ss.lookup(n) is None:
            assert cli("key", "set", n, "--stdin", input=KEY)[0] == 0
        assert cli("remove", n, "--yes")[0] in (0, 1)
        assert cli.ss.lookup(n) is None


def test_a_frozen_keyring_daemon_costs_a_bounded_wait(tmp_path):
    """SIGSTOP a private gnome-keyring-daemon: the writer says the keyring did not answer
    after MODELSWITCH_KEYRING_TIMEOUT, the process waiting for its lock gives up sooner,
    and the lock is free afterwards."""
    home = tmp_path / "keyring-home"
    home.mkdir()
    with private_secret_service(home) as service:
        env = dict(service.env, MODELSWITCH_HOME=str(tmp_path / "ms"), MODELSWITCH_KEYRING_TIMEOUT="4")
        assert run_modelswitch(["add", "f", "--preset", "kimi", "--key-stdin"], env, input=KEY).returncode == 0
        pid = service.daemon_pid()
        os.kill(pid, signal.SIGSTOP)
        try:
            start = time.monotonic()
            with tempfile.TemporaryFile() as stdin:
                stdin.write(b"sk-test-new-key-0000000")
                stdin.seek(0)
                writer = subprocess.Popen(modelswitch_cmd() + ["key", "set", "f", "--stdin"], env=env,
                                          stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(1.5)
            waiter = run_modelswitch(["remove", "f", "--yes"], dict(env, MODELSWITCH_LOCK_TIMEOUT="1"),
                                     timeout=30)
            err = writer.communicate(timeout=30)[1].decode()
            elapsed = time.monotonic() - start
            reader = run_modelswitch(["env", "f", "--shell", "bash"], env, timeout=30)
        finally:
            os.kill(pid, signal.SIGCONT)
        assert writer.returncode == 1 and "did not answer within 4 s" in err and "Traceback" not in err, err
        assert elapsed < 15
        werr = waiter.stderr.decode()
        assert waiter.returncode == 1 and "lock" in werr and "Traceback" not in werr, werr
        assert reader.returncode == 1 and b"did not answer" in reader.stderr and reader.stdout == b""
        # the daemon answers again; nothing was left half done
        assert service.lookup("f") == KEY
        assert run_modelswitch(["remove", "f", "--yes"], env, timeout=30).returncode == 0
        assert service.lookup("f") is None
        os.kill(pid, signal.SIGTERM)
