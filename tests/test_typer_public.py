"""modelswitch uses Typer through its public API only (issue 11); the one thing Typer does not
offer publicly (the validation error behind a bad number) is pinned here so that a Typer
upgrade that changes it fails loudly instead of quietly changing the messages."""

import re
from pathlib import Path
from typing import List, Optional

import pytest
import typer

from modelswitch import app as app_module
from modelswitch import usage_errors

SOURCE = Path(app_module.__file__).resolve().parent


def test_no_module_reaches_into_typer_internals():
    # a private module or name, or an attribute of a Typer class replaced (a monkeypatch)
    private = re.compile(r"typer\._\w|from typer(\.\w+)* import .*\b_\w|\bTyper\w*\.\w+\s*=(?!=)")
    found = [f"{path.relative_to(SOURCE)}:{n}: {line.strip()}"
             for path in sorted(SOURCE.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if private.search(line)]
    assert found == []


def _small_app():
    small = app_module.App(add_completion=False, rich_markup_mode=None, no_args_is_help=True)

    @small.command("one")
    def one(name: str = typer.Argument(..., metavar="NAME"),
            other: Optional[str] = typer.Argument(None, metavar="OTHER"),
            count: int = typer.Option(1, "--count", min=1)):
        """One."""

    @small.command("many")
    def many(names: List[str] = typer.Argument(..., metavar="NAME")):
        """Many."""

    small.command("two")(lambda: None)
    return small


def _error(small, argv):
    with pytest.raises(typer.TyperException) as info:
        small(args=argv, prog_name="prog", standalone_mode=False)
    return info.value


def test_bad_numbers_keep_the_validation_error_they_came_from():
    """usage_errors._validation_error reads it through __cause__ (not Typer API)."""
    small = _small_app()
    exc = _error(small, ["one", "x", "--count", "abc"])
    assert isinstance(exc, typer.BadParameter)
    first = usage_errors._validation_error(exc)
    assert first and first["type"] == "int_parsing" and first["input"] == "abc", exc.__cause__
    assert usage_errors.bad_number(exc) == "--count takes a whole number, not 'abc'"
    low = _error(small, ["one", "x", "--count", "0"])
    assert usage_errors.bad_number(low) == "--count must be at least 1, not 0"


def test_click_errors_tell_themselves_apart_by_public_attributes():
    """house_error() relies on exit_code (2 = usage), ctx, option_name and param."""
    small = _small_app()
    unknown = _error(small, ["one", "x", "--key", "v"])
    assert unknown.exit_code == usage_errors.USAGE_EXIT and unknown.option_name == "--key"
    assert unknown.ctx.command_path == "prog one"
    err = usage_errors.house_error(unknown, lambda: "unused")
    assert err.exit_code == 2 and "never a command-line argument" in err.message
    missing = usage_errors.house_error(_error(small, ["one"]), lambda: "unused")
    assert (missing.message, missing.hint) == ("Missing argument 'NAME'.", "see `prog one --help`")
    assert usage_errors.house_error(typer.TyperException("boom"), lambda: "x").exit_code == 1


def test_arguments_read_plain_in_usage_and_help(capsys):
    small = _small_app()
    assert small(args=["one", "--help"], prog_name="prog", standalone_mode=False) == 0
    out = capsys.readouterr().out
    assert "Usage: prog one [OPTIONS] NAME [OTHER]" in out
    assert re.search(r"^  NAME\s+\[required\]$", out, re.M) and "<str>" not in out
    assert small(args=["many", "--help"], prog_name="prog", standalone_mode=False) == 0
    out = capsys.readouterr().out
    assert "Usage: prog many [OPTIONS] NAME..." in out and "<list" not in out


def test_a_group_without_words_prints_its_help(capsys):
    assert _small_app()(args=[], prog_name="prog", standalone_mode=False) == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: prog [OPTIONS] COMMAND [ARGS]...") and "one" in out
