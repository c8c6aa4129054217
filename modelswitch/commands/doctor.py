"""Command: doctor [NAME] [--json] — why a switch may not take effect."""

import json
import sys

SYMBOLS = {"ok": "✓", "warn": "!", "fail": "✗"}
ASCII_SYMBOLS = {"ok": "+", "warn": "!", "fail": "x"}
HELP = "Check config, keys, claude, Claude Code settings files, auth conflicts and the shell hook."


def register(app) -> None:
    import typer

    @app.command("doctor", help=HELP, short_help="Explain why a switch may not take effect.")
    def doctor_cmd(
        name: str = typer.Argument(None, metavar="NAME",
                                   help="Check only this profile (global checks still run)."),
        as_json: bool = typer.Option(False, "--json", help="Print the checks as JSON."),
    ) -> int:
        return run(name, as_json)


def _symbols(stream) -> dict[str, str]:
    try:
        "".join(SYMBOLS.values()).encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return ASCII_SYMBOLS
    return SYMBOLS


def render(checks, stream) -> str:
    from ..text import printable

    symbols = _symbols(stream)
    lines, section = [], None
    for check in checks:
        if check.section != section:
            section = check.section
            lines.append(section)
        lines.append(f"  {symbols[check.status]} {printable(check.title)}")
        if check.hint and check.status != "ok":
            lines.append(f"      hint: {printable(check.hint)}")
    fails = sum(c.status == "fail" for c in checks)
    warns = sum(c.status == "warn" for c in checks)
    summary = f"{fails} problem(s), {warns} warning(s)" if fails or warns else "no problems found"
    lines += ["", summary]
    return "\n".join(lines) + "\n"


def run(name, as_json: bool, store=None) -> int:
    from ..doctor import checks as doctor
    from ..keys import store as secrets

    store = secrets.default_store() if store is None else store
    checks = doctor.run_doctor(store, name)
    failed = any(c.status == "fail" for c in checks)
    if as_json:
        doc = {"ok": not failed, "profile": name, "checks": doctor.to_dict(checks)}
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(checks, sys.stdout))
    return 1 if failed else 0
