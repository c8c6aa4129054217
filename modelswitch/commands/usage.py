"""`modelswitch usage`: what each profile cost, from Claude Code's own transcripts."""

from typing import List, Optional

USAGE_EPILOG = (
    "Reads $CLAUDE_CONFIG_DIR/projects/*/*.jsonl (default ~/.claude and ~/.config/claude). "
    "Sessions started with `modelswitch run` are attributed to their profile through the "
    "launch log; others by model id, shown as `kimi|novita-kimi?`. Unknown prices show as ?, "
    "never $0: set them with `modelswitch edit NAME --price-input USD --price-output USD "
    "--price-cache-write USD --price-cache-read USD`, or per model with `--model-price "
    "MODEL=IN,OUT[,CACHE_WRITE,CACHE_READ]`. Examples: `modelswitch usage --since 7d`, "
    "`modelswitch usage --by model --compare claude-sonnet`."
)


def usage_text(query, fmt: str) -> tuple[str, str]:
    """(report on stdout, problem line for stderr)."""
    import json

    from .. import usage
    from ..usage import report

    result = usage.collect(query)
    if fmt == "json":
        data = {"by": query.by, "since": query.since, "until": query.until,
                "compare": result.compare, "files": result.files,
                "rows": [row.as_json(result.compare) for row in result.rows],
                "totals": report.totals(result.rows).as_json(result.compare),
                "skipped": result.problems}
        return json.dumps(data, indent=2) + "\n", result.problems
    if fmt == "csv":
        return report.csv_text(result.rows, query.by, result.compare, result.extra), result.problems
    if not result.rows:
        where = f"{result.files} transcript files" if result.files else "no transcripts found"
        return f"no usage in this period ({where})\n", result.problems
    return report.table(result.rows, query.by.upper(), result.compare,
                        [n.upper() for n in result.extra]), result.problems


def register(app) -> None:
    import typer

    @app.command("usage", epilog=USAGE_EPILOG,
                 short_help="Tokens, cost and speed per profile from Claude Code's transcripts.")
    def usage_cmd(
        since: Optional[str] = typer.Option(None, "--since", metavar="7d|DATE",
                                            help="Start: a span back from now (7d, 24h, 2w) or a date."),
        until: Optional[str] = typer.Option(None, "--until", metavar="DATE",
                                            help="Last day to include (YYYY-MM-DD)."),
        by: str = typer.Option("profile", "--by", metavar="profile|model|day|project|session",
                               help="What one row is."),
        profile: Optional[List[str]] = typer.Option(None, "--profile", metavar="NAME",
                                                    help="Only this profile's sessions (repeatable)."),
        compare: Optional[List[str]] = typer.Option(None, "--compare", metavar="NAME",
                                                    help="Also price the same tokens at this "
                                                         "profile's prices (repeatable)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        as_csv: bool = typer.Option(False, "--csv", help="Print CSV."),
    ):
        """Tokens, requests, sessions, cost and response time per profile, model, day, project
        or session, from Claude Code's own transcripts."""
        import sys

        from ..errors import UsageError
        from ..text import say
        from ..usage import Query

        if as_json and as_csv:
            raise UsageError("--json and --csv exclude each other", "pick one")
        query = Query(since, until, by, list(profile or []), list(compare or []))
        text, problems = usage_text(query, "json" if as_json else "csv" if as_csv else "table")
        sys.stdout.write(text)
        if problems:
            say(f"usage: {problems}")
