"""PowerShell renderer against PowerShell's documented quoting rules (pwsh is not installable
here, so no real PowerShell runs these).

The rules, from about_Quoting_Rules and PowerShell's tokenizer (ScanStringLiteral and
CharExtensions.IsSingleQuote in System.Management.Automation/engine/parser):
  - a single-quoted string is verbatim: $, `, " and \\ mean nothing inside it;
  - it is ended by any of ' ‘ ’ ‚ ‛ (U+0027, U+2018, U+2019, U+201A, U+201B), unless the
    next character is one of them too: then the pair stands for the second character;
  - [char]N is the character with code N; 'a' + [char]10 joins strings.
A value must also stay on one line: a native command's output reaches PowerShell as lines.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelswitch.errors import ModelswitchError
from modelswitch.shells import get

SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"

# value -> the exact text PowerShell must receive, worked out by hand from the rules above.
HARD_CASES = [
    ("plain", "'plain'"),
    ("it's", "'it''s'"),
    ("\u2018curly\u2019", "'\u2018\u2018curly\u2019\u2019'"),
    ("\u201alow\u201b", "'\u201a\u201alow\u201b\u201b'"),
    ("''", "''''''"),
    ("$Env:HOME $(Remove-Item x) @(1)", "'$Env:HOME $(Remove-Item x) @(1)'"),
    ("`n is not a newline here", "'`n is not a newline here'"),
    ('"double" \u201csmart\u201d', "'\"double\" \u201csmart\u201d'"),
    ("C:\\path\\", "'C:\\path\\'"),
    ("a\nb", "('a' + [char]10 + 'b')"),
    ("\r\n", "('' + [char]13 + [char]10)"),
    ("\nstart", "('' + [char]10 + 'start')"),
    ("end\n", "('end' + [char]10)"),
    ("tab\there", "('tab' + [char]9 + 'here')"),
    ("esc\x1b[31m", "('esc' + [char]27 + '[31m')"),
    ("é中😀", "'é中😀'"),
    ("it's\n", "('it''s' + [char]10)"),
]


@pytest.mark.parametrize("value,expected", HARD_CASES)
def test_hard_cases(value, expected):
    line = get("powershell").set_line("ANTHROPIC_MODEL", value)
    assert line == f"$Env:ANTHROPIC_MODEL = {expected}"
    assert "\n" not in line and "\r" not in line


def test_unset_uses_remove_item_literal_path():
    assert get("pwsh").unset_line("ANTHROPIC_API_KEY") == (
        "Remove-Item -LiteralPath Env:ANTHROPIC_API_KEY -ErrorAction SilentlyContinue")


def test_empty_value_is_refused():
    # Windows PowerShell 5.1 and pwsh < 7.5 delete a variable assigned ''.
    with pytest.raises(ModelswitchError, match="EMPTY_ONE.*empty"):
        get("powershell").render({"EMPTY_ONE": ""})


def scan_literal(text: str, i: int) -> tuple[str, int]:
    """PowerShell's ScanStringLiteral: text[i] is the opening quote; returns (value, next)."""
    assert text[i] in SINGLE_QUOTES
    out, i = [], i + 1
    while True:
        if i >= len(text):
            raise AssertionError("unterminated string")
        c = text[i]
        if c in SINGLE_QUOTES:
            if i + 1 < len(text) and text[i + 1] in SINGLE_QUOTES:
                out.append(text[i + 1])
                i += 2
                continue
            return "".join(out), i + 1
        out.append(c)
        i += 1


def evaluate(expr: str) -> str:
    """The string value of our expression grammar: LITERAL or (TERM + TERM ...)."""
    if expr[0] in SINGLE_QUOTES:
        value, end = scan_literal(expr, 0)
        assert end == len(expr), "text after the closing quote"
        return value
    assert expr[0] == "(" and expr[-1] == ")"
    body, i, parts = expr[1:-1], 0, []
    while i < len(body):
        if body[i] in SINGLE_QUOTES:
            value, i = scan_literal(body, i)
            parts.append(value)
        else:
            match = re.match(r"\[char\](\d+)", body[i:])
            assert match, body[i:]
            parts.append(chr(int(match.group(1))))
            i += match.end()
        if i < len(body):
            assert body[i:i + 3] == " + "
            i += 3
    assert expr[1] in SINGLE_QUOTES, "must start with a string so + joins strings"
    return "".join(parts)


TRICKY = st.sampled_from(list(SINGLE_QUOTES) + ["''", "\u2018'", "$x", "`", '"', "\n", "\r",
                                                "\x01", "$(Get-Date)", "\u201c", "@'"])
VALUES = st.lists(st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12),
    TRICKY), max_size=6).map("".join).filter(bool)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_every_value_round_trips_through_the_documented_grammar(value):
    line = get("powershell").set_line("X", value)
    prefix = "$Env:X = "
    assert line.startswith(prefix)
    assert "\n" not in line and "\r" not in line
    assert evaluate(line[len(prefix):]) == value
