"""The documentation stays true: docs/cli.md is what the Typer app says, the README stays short
and names every command, and every relative link (and heading anchor) points somewhere real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import REPO

README_LIMIT = 12 * 1024
REGENERATE = "python -m modelswitch.cli_reference"
LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^()\s]+)\)")
FENCE = re.compile(r"^(```|~~~)")


def _markdown_files() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def _prose(text: str) -> list[str]:
    """The lines outside fenced code blocks, with inline code spans blanked out."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(re.sub(r"`[^`]*`", lambda m: "`" + "x" * (len(m[0]) - 2) + "`", line))
    return lines


def github_slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped (word characters, `-` and
    spaces kept), each space a dash."""
    text = re.sub(r"<[^>]+>", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        heading = re.match(r"#{1,6} (.+)", line)
        if fenced or not heading:
            continue
        slug = github_slug(heading[1])
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def test_slugs_match_githubs():
    assert github_slug("Why `run` and not just the environment: settings.json wins otherwise") == \
        "why-run-and-not-just-the-environment-settingsjson-wins-otherwise"
    assert github_slug("Coming from cc-switch / ccs") == "coming-from-cc-switch--ccs"
    assert github_slug("Every claude at once: `use --global`") == "every-claude-at-once-use---global"


def test_cli_reference_is_current():
    from modelswitch import cli_reference

    committed = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert cli_reference.render() == committed, (
        f"docs/cli.md is out of date with the Typer app; regenerate it with `{REGENERATE}`")


def test_cli_reference_covers_every_command():
    import typer.main

    from modelswitch import cli_reference

    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    root = typer.main.get_command(cli_reference.load_app())
    for name, command in root.commands.items():
        if command.hidden:
            continue
        assert f"## modelswitch {name}\n" in text
        for sub, subcommand in getattr(command, "commands", {}).items():
            if subcommand.hidden:
                continue
            assert f"## modelswitch {name} {sub}\n" in text


def test_readme_is_short():
    size = len((REPO / "README.md").read_bytes())
    assert size <= README_LIMIT, (
        f"README.md is {size} bytes, over {README_LIMIT}: move the detail into docs/")


def test_readme_keeps_the_install_and_test_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pipx install ." in text and "uv tool install ." in text
    assert "sudo bash scripts/install-test-tools && scripts/test" in text


def test_readme_has_one_line_per_command():
    import typer.main

    from modelswitch import cli_reference

    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("## Commands", 1)[1].split("\n## ", 1)[0]
    root = typer.main.get_command(cli_reference.load_app())
    missing = [name for name, command in root.commands.items()
               if not command.hidden and not re.search(rf"`{re.escape(name)}\b", table)]
    assert not missing, f"README's command table lacks {missing}"


@pytest.mark.parametrize("path", _markdown_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_resolve(path):
    broken = []
    for line in _prose(path.read_text(encoding="utf-8")):
        for target in LINK.findall(line):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if not dest.exists():
                broken.append(f"{target}: no such file")
            elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                broken.append(f"{target}: no heading with that anchor in {dest.name}")
    assert not broken, f"{path.relative_to(REPO)}: " + "; ".join(broken)
