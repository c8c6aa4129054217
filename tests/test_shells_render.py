"""Renderers: what each shell's output looks like for hard values, and what is refused.

Real shells evaluate the output in integration/test_shells_roundtrip.py; PowerShell (not installable
here) is checked against its documented rules in test_shells_powershell.py.
"""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelswitch.errors import ModelswitchError
from modelswitch.shells import NAMES, SHELLS, canonical, get
from modelswitch.shells.data import dotenv_quote

CHANGES = {"B_VAR": "two", "A_VAR": "one", "C_GONE": None}


@pytest.mark.parametrize("name", NAMES)
def test_output_is_sorted_and_stable(name):
    shell = get(name)
    first = shell.render(CHANGES)
    assert first == shell.render(dict(reversed(list(CHANGES.items()))))
    positions = [first.find(var) for var in ("A_VAR", "B_VAR", "C_GONE") if var in first]
    assert positions == sorted(positions) and positions[0] >= 0


@pytest.mark.parametrize("name", NAMES)
def test_nul_is_refused_naming_the_variable_not_the_value(name):
    with pytest.raises(ModelswitchError) as err:
        get(name).render({"SECRET_VAR": "sk-test-abc\x00def"})
    assert "SECRET_VAR" in err.value.message and "NUL" in err.value.message
    assert "sk-test" not in err.value.message + (err.value.hint or "")


@pytest.mark.parametrize("name", NAMES)
def test_invalid_variable_names_are_refused(name):
    with pytest.raises(ModelswitchError):
        get(name).render({"BAD;NAME": "x"})


def test_posix_always_single_quotes_even_where_shlex_would_not():
    # zsh expands a bare word starting with '=' (=ls -> /usr/bin/ls): never leave it bare.
    bash = get("bash")
    assert bash.set_line("X", "=ls") == "export X='=ls'"
    assert bash.set_line("X", "plain") == "export X='plain'"
    assert bash.set_line("X", "it's") == "export X='it'\"'\"'s'"
    assert bash.unset_line("X") == "unset -v X"


def test_fish_escapes_only_backslash_and_single_quote():
    fish = get("fish")
    assert fish.set_line("X", "a\\b'c$d\ne") == "set -gx X 'a\\\\b\\'c$d\ne'"
    assert fish.unset_line("X") == "set -e -g X"


def test_cmd_lines_are_raw_and_end_with_the_completion_marker():
    text = get("cmd").render({"A": '100% & | < > ^ " !x!', "B": None, "C": "==x"})
    assert text.splitlines() == ['A=100% & | < > ^ " !x!', "B=", "C===x", "MODELSWITCH_BAT_OK=1"]


@pytest.mark.parametrize("value,why", [("a\nb", "line break"), ("a\rb", "line break"),
                                       ("", "empty"), ("x" * 9000, "too long")])
def test_cmd_refuses_what_it_cannot_carry(value, why):
    with pytest.raises(ModelswitchError) as err:
        get("cmd").render({"THE_VAR": value})
    assert "THE_VAR" in err.value.message and why in err.value.message


def test_cmd_refuses_bang_only_under_delayed_expansion(monkeypatch):
    assert "a!b" in get("cmd").render({"X": "a!b"})
    monkeypatch.setenv("MODELSWITCH_CMD_DELAYED", "1")
    with pytest.raises(ModelswitchError, match="delayed expansion"):
        get("cmd").render({"X": "a!b"})
    assert "a^b" in get("cmd").render({"X": "a^b"})


def test_json_has_set_and_unset_and_is_ascii():
    text = get("json").render({"B": "é\n\"", "A": None, "C": "x"})
    assert text.isascii()
    assert json.loads(text) == {"set": {"B": "é\n\"", "C": "x"}, "unset": ["A"]}


# python-dotenv's double-quoted value grammar (parser.py): "((?:\\"|[^"])*)" and then the
# escapes \\ \' \" \a \b \f \n \r \t \v decoded. Written out here from its documentation.
DOTENV_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n",
                  "r": "\r", "t": "\t", "v": "\v"}


def dotenv_read(line: str) -> tuple[str, str]:
    match = re.fullmatch(r'([A-Za-z_][A-Za-z0-9_]*)="((?:\\"|[^"])*)"', line)
    assert match, line
    body = re.sub(r"\\([\\'\"abfnrtv])", lambda m: DOTENV_ESCAPES[m.group(1)], match.group(2))
    return match.group(1), body


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")))
def test_dotenv_round_trips_through_the_python_dotenv_grammar(value):
    if "${" in value:
        return
    line = "X=" + dotenv_quote(value)
    assert "\n" not in line and "\r" not in line
    assert dotenv_read(line) == ("X", value)


def test_dotenv_agrees_with_python_dotenv_when_installed():
    try:
        from dotenv import dotenv_values
    except ImportError:  # not a dependency: the grammar test above always runs
        return
    import io

    values = {"A": 'q"uo\\te\'s\n\r\ttab é $HOME', "B": "=x=", "C": "# not a comment"}
    text = get("dotenv").render({**values, "GONE": None})
    assert "GONE" not in text
    assert dict(dotenv_values(stream=io.StringIO(text))) == values


def test_dotenv_refuses_interpolation():
    with pytest.raises(ModelswitchError, match=r"\$\{"):
        get("dotenv").render({"X": "a${HOME}"})


def test_registry_names_and_aliases():
    assert set(SHELLS) >= {"bash", "zsh", "sh", "dash", "ksh", "fish", "powershell", "pwsh",
                           "cmd", "json", "dotenv"}
    assert get("pwsh").name == "powershell"
    assert canonical("-zsh") == "zsh" and canonical("/usr/bin/fish") == "fish"
    assert canonical("C:\\Windows\\System32\\cmd.exe") == "cmd"
    assert canonical("PowerShell.EXE") == "powershell" and canonical("tcsh") == "tcsh"
    with pytest.raises(ModelswitchError) as err:
        get("rc")
    assert err.value.exit_code == 2
