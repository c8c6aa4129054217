"""Issue 13's messages: usage errors in the house style, key-shaped key commands refused,
one keyring hint in doctor, remove's prompt, export's file mode."""

import pytest

KEY = "sk-ux-messages-0123456789abcdef"


def one_error(result, code=2):
    assert result.exit_code == code, result
    assert result.stderr.startswith("modelswitch: ") and "Traceback" not in result.stderr
    assert result.stderr.count("modelswitch: ") == 1
    assert "  hint: " in result.stderr
    return result.stderr


@pytest.mark.parametrize("args,stdin_flag", [
    (["add", "x", "--key", KEY], "--key-stdin"),
    (["add", "x", f"--key={KEY}"], "--key-stdin"),
    (["key", "set", "x", "--key", KEY], "--stdin"),
])
def test_a_key_option_says_keys_are_never_arguments(cli_run, args, stdin_flag):
    err = one_error(cli_run(args))
    assert "never a command-line argument" in err and stdin_flag in err
    assert "No such option" not in err and KEY not in err


@pytest.mark.parametrize("args,expected", [
    (["add", "x", "--no-key", "--context-window", "abc"], "--context-window takes a whole number, not 'abc'"),
    (["test", "x", "--timeout", "soon"], "--timeout takes a number"),
    (["bench", "x", "--runs", "0"], "--runs must be at least 1, not 0"),
    (["add", "x", "--no-key", "--context-window", KEY], "--context-window takes a whole number"),
])
def test_number_options_fail_in_the_house_style(cli_run, args, expected):
    err = one_error(cli_run(args))
    assert expected in err
    assert "Input should" not in err and "Invalid value" not in err and KEY not in err


def test_a_key_command_holding_a_literal_key_is_refused(cli_run):
    from modelswitch import paths

    result = cli_run(["add", "lit", "--base-url", "https://x.example/anthropic",
                      "--key-cmd", f"echo {KEY}"])
    err = one_error(result)
    assert "looks like a key" in err and "key set" in err and "--key-stdin" in err
    assert KEY not in result.stdout + err
    assert not paths.profile_path("lit").exists()
    ok = cli_run(["add", "fine", "--base-url", "https://x.example/anthropic",
                  "--key-cmd", "pass show moonshot/api-key"])
    assert ok.exit_code == 0, ok.stderr
    assert one_error(cli_run(["edit", "fine", "--key-cmd", f"printf %s {KEY}"]))


def test_export_of_a_hand_written_literal_key_command_points_at_key_set(cli_run):
    from modelswitch.profile import storage
    from modelswitch.profile.schema import Profile

    storage.write_profile(Profile(name="lit", base_url="https://x.example/anthropic",
                                  key_source=f"cmd:echo {KEY}"), overwrite=True)
    err = one_error(cli_run(["export", "lit"]), 1)
    assert "key_source" in err and "modelswitch key set lit" in err
    assert "--unset-env" not in err and KEY not in err


def test_export_file_is_an_ordinary_shareable_file(cli_run, tmp_path):
    import os
    import stat

    assert cli_run(["add", "k", "--base-url", "https://x.example/anthropic", "--no-key"]).exit_code == 0
    for umask, mode in ((0o022, 0o644), (0, 0o644), (0o077, 0o600)):
        old = os.umask(umask)
        try:
            out = tmp_path / f"k{umask}.toml"
            assert cli_run(["export", "k", "-o", str(out)]).exit_code == 0
        finally:
            os.umask(old)
        assert stat.S_IMODE(out.stat().st_mode) == mode  # never writable by others


def test_remove_prompt_says_the_keyring_entry_goes_too(cli_run, store, monkeypatch):
    import helpers

    monkeypatch.setattr(helpers.FakeStdin, "isatty", lambda self: True)  # answer the prompt
    assert cli_run(["add", "k", "--base-url", "https://x.example/anthropic", "--key-stdin"],
                   input=KEY + "\n").exit_code == 0
    result = cli_run(["remove", "k"], input="n\n")
    assert "and its key in the keyring" in result.stderr
    assert store.get("k") == KEY
    assert cli_run(["add", "e", "--base-url", "https://x.example/anthropic",
                    "--key-env", "SOME_KEY"]).exit_code == 0
    result = cli_run(["remove", "e"], input="y\n")
    assert result.exit_code == 0 and "not in the keyring" in result.stderr


def test_doctor_says_the_unusable_keyring_hint_once(cli_run, store, tmp_path, monkeypatch):
    import keyring
    from keyring.backends import fail

    from modelswitch.keys import store as secrets
    from modelswitch.profile import storage
    from modelswitch.profile.schema import Profile

    monkeypatch.setenv("HOME", str(tmp_path))
    for n in ("a", "b", "c"):
        storage.write_profile(Profile(name=n, base_url="https://x.example/anthropic"),
                              overwrite=True)
    saved = keyring.get_keyring()
    secrets.set_default_store(secrets.KeyringStore())
    keyring.set_keyring(fail.Keyring())
    try:
        result = cli_run(["doctor"])
    finally:
        keyring.set_keyring(saved)
        secrets.set_default_store(None)
    assert result.exit_code == 1
    assert "a, b, c: cannot read their keys" in result.stdout
    hint = secrets.CHOOSE_HINT[:40]
    assert result.stdout.count(hint) == 1, result.stdout


def test_doctor_shows_a_failing_key_commands_stderr_tail_masked(cli_run, tmp_path, monkeypatch):
    from modelswitch.profile import storage
    from modelswitch.profile.schema import Profile

    monkeypatch.setenv("HOME", str(tmp_path))
    storage.write_profile(Profile(name="c", base_url="https://x.example/anthropic",
                                  key_source="cmd:echo 'gpg: decryption failed: No secret key' >&2;"
                                  f" echo 'token {KEY[::-1]}' >&2; exit 2"), overwrite=True)
    result = cli_run(["doctor", "c"])
    line = next(x for x in result.stdout.splitlines() if "key command failed" in x)
    assert "exit status 2" in line and "gpg: decryption failed: No secret key" in line
    assert KEY[::-1] not in result.stdout


def test_completions_without_a_shell_guesses_it_as_init_does(cli_run, monkeypatch):
    from modelswitch import shells
    from modelswitch.completion.scripts import render

    monkeypatch.setattr(shells, "detect", lambda environ=None: "zsh")
    result = cli_run(["completions"])
    assert result.exit_code == 0 and result.stdout == render("zsh")
    monkeypatch.setattr(shells, "detect", lambda environ=None: "cmd")
    err = one_error(cli_run(["completions"]))
    assert "no completion script for cmd" in err and "bash, zsh, fish" in err
