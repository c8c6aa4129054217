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
