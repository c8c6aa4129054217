"""`key set NAME [--stdin]` and `key rm NAME`."""

import tomllib

from modelswitch import paths

KEY = "sk-test-keys-0123456789"


def add(cli_run, *args, key=""):
    result = cli_run(["add", *args], input=key)
    assert result.exit_code == 0, result.stderr


def source(name):
    return tomllib.loads(paths.profile_path(name).read_text())["key_source"]


def test_key_set_from_stdin_replaces_the_key(cli_run, store):
    add(cli_run, "k", "--preset", "kimi", "--key-stdin", key="sk-test-first-000000")
    before = paths.profile_path("k").read_bytes()
    result = cli_run(["key", "set", "k", "--stdin"], input=KEY + "\r\n")
    assert result.exit_code == 0, result.stderr
    assert store.get("k") == KEY
    assert paths.profile_path("k").read_bytes() == before  # already keyring: file untouched
    assert KEY not in result.stdout + result.stderr


def test_key_set_switches_another_source_to_the_keyring(cli_run, store):
    add(cli_run, "e", "--preset", "kimi", "--key-env", "SOME_KEY")
    result = cli_run(["key", "set", "e", "--stdin"], input=KEY)
    assert result.exit_code == 0
    assert source("e") == "keyring" and store.get("e") == KEY
    assert "env:SOME_KEY" in result.stdout  # says what it replaced
    assert KEY not in paths.profile_path("e").read_text()


def test_key_set_without_terminal_or_stdin_flag_is_refused(cli_run, store):
    add(cli_run, "k", "--preset", "kimi", "--no-key")
    result = cli_run(["key", "set", "k"], input=KEY)
    assert result.exit_code == 2 and "--stdin" in result.stderr
    assert store.data == {} and source("k") == "none"


def test_key_set_for_unknown_profile_reads_nothing(cli_run, store):
    result = cli_run(["key", "set", "ghost", "--stdin"], input=KEY)
    assert result.exit_code == 1 and "ghost" in result.stderr
    assert store.data == {}


def test_key_rm_deletes_only_the_key(cli_run, store):
    add(cli_run, "k", "--preset", "kimi", "--key-stdin", key=KEY)
    result = cli_run(["key", "rm", "k"])
    assert result.exit_code == 0
    assert store.data == {} and paths.profile_path("k").exists()
    again = cli_run(["key", "rm", "k"])
    assert again.exit_code == 0 and "no key" in again.stdout
    listed = cli_run(["list"]).stdout
    assert "missing" in listed


def test_key_rm_unknown_name(cli_run):
    result = cli_run(["key", "rm", "nobody"])
    assert result.exit_code == 1 and "nobody" in result.stderr


def test_key_without_subcommand_prints_help(cli_run):
    result = cli_run(["key"])
    assert result.exit_code == 0 and "set" in result.stdout and "rm" in result.stdout
