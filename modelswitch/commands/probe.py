"""Commands: test (one tiny request per model of a profile) and bench (compare profiles)."""

import json
import sys

TEST_HELP = "Send one tiny request per configured model of a profile and classify the reply."
BENCH_HELP = "Run the same prompt on several profiles N times and compare medians."
MAX_TIMEOUT = 86400.0  # a day; larger values (inf, 1e308) overflow the socket timeout


def register(app) -> None:
    import typer

    from modelswitch.probe.bench import DEFAULT_MAX_TOKENS, DEFAULT_PROMPT, DEFAULT_RUNS, DEFAULT_TIMEOUT

    @app.command("test", help=TEST_HELP, short_help="Check that a profile's key and models work.")
    def test_cmd(
        name: str = typer.Argument(..., metavar="NAME", help="Profile to test."),
        as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
        timeout: float = typer.Option(30.0, "--timeout", min=0.01, max=MAX_TIMEOUT, metavar="S",
                                      help="Seconds allowed for the whole test (the models are "
                                      "tested at once)."),
    ) -> int:
        return run_test(name, as_json, timeout)

    @app.command("bench", help=BENCH_HELP, short_help="Compare profiles' speed and cost.")
    def bench_cmd(
        names: list[str] = typer.Argument(..., metavar="NAME", help="Profiles to compare."),
        prompt: str = typer.Option(DEFAULT_PROMPT, "--prompt", metavar="TEXT",
                                   help="The prompt every run sends."),
        runs: int = typer.Option(DEFAULT_RUNS, "--runs", min=1, metavar="N",
                                 help="Runs per profile."),
        max_tokens: int = typer.Option(DEFAULT_MAX_TOKENS, "--max-tokens", min=1, metavar="N",
                                       help="max_tokens of each request."),
        timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0.01, max=MAX_TIMEOUT,
                                      metavar="S",
                                      help="Seconds allowed per request."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        as_csv: bool = typer.Option(False, "--csv", help="Print CSV."),
    ) -> int:
        return run_bench_command(names, prompt, runs, max_tokens, timeout, as_json, as_csv)


def _auth_label(profile) -> str:
    if profile.key_source == "none":
        return "keyless: placeholder token"
    return "x-api-key" if profile.auth == "api-key" else "Authorization: Bearer"


HEADERS = ["MODEL", "ROLES", "RESULT", "HTTP", "TTFT", "TOTAL", "DETAIL"]


class TestTable:
    """The `test` table printed piece by piece: the header before any request, one row as each
    model answers (in the order they finish), then the summary. The column widths are fixed
    up front from what is already known (model ids, roles, the possible outcomes)."""

    def __init__(self, profile, url: str, models) -> None:
        from modelswitch.probe import replies
        from ..tables import width
        from ..text import printable

        self.profile, self.url, self.models = profile, url, models
        # the longest usual outcome; the rare "not an Anthropic-compatible reply" overflows
        result = len(replies.REJECTED)
        self.widths = [max([width(printable(m)) for m, _ in models] + [5]),
                       max([width(",".join(r)) for _, r in models] + [5]), result, 4, 6, 6]

    def _line(self, cells) -> str:
        from ..tables import pad, width
        from ..text import printable

        cells = [printable(c) for c in cells]
        out = [" " * (w - width(c)) + c if i in (3, 4, 5) else pad(c, w)
               for i, (c, w) in enumerate(zip(cells, self.widths))]
        return "  ".join(out + cells[len(self.widths):]).rstrip() + "\n"

    def head(self) -> str:
        from ..text import printable

        lines = [f"{self.profile.name}: POST {printable(self.url)} ({_auth_label(self.profile)})\n"]
        if self.models and self.models[0][1] == ["default"]:
            lines.append(f"no model configured: testing {self.models[0][0]} (a Claude default)\n")
        return "".join(lines) + "\n" + self._line(HEADERS)

    def row(self, r) -> str:
        return self._line([r.model, ",".join(r.roles), r.outcome, str(r.status or "—"),
                           f"{r.ttft:.2f}s" if r.ttft is not None else "—",
                           f"{r.total:.2f}s" if r.total is not None else "—",
                           r.message if not r.ok else r.reply[:40]])

    def summary(self, results) -> str:
        from modelswitch.probe.replies import HINTS

        failed = [r for r in results if not r.ok]
        if not failed:
            return f"\nok: {len(results)} of {len(results)} models answered\n"
        lines = ["", f"{len(failed)} of {len(results)} models failed"]
        for outcome in dict.fromkeys(r.outcome for r in failed):
            lines.append(f"  hint ({outcome}): {HINTS[outcome].format(name=self.profile.name)}")
        return "\n".join(lines) + "\n"


def render_test(profile, url: str, results) -> str:
    """The whole table at once (results already in hand)."""
    table = TestTable(profile, url, [(r.model, r.roles) for r in results])
    return table.head() + "".join(table.row(r) for r in results) + table.summary(results)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _refuse_claude_login(profile) -> None:
    from ..errors import ModelswitchError
    from modelswitch.probe.request import cloud_provider
    from modelswitch.resolve import profile_values

    if profile.key_source == "none" and not profile.base_url and \
            not cloud_provider(profile_values(profile, None)):
        raise ModelswitchError(
            f"profile {profile.name!r} has no key and no base URL, so Claude Code uses your "
            "claude.ai login for it, which `test` cannot send",
            f"try it through Claude Code: `modelswitch run {profile.name} -p ping`; or store an "
            f"API key with `modelswitch key set {profile.name}`")


def run_test(name: str, as_json: bool, timeout: float, store=None) -> int:
    from modelswitch.probe import request as probe
    from modelswitch.profile import schema as profiles
    from modelswitch.keys import store as secrets

    profile = profiles.load_profile(name)
    _refuse_claude_login(profile)
    store = secrets.default_store() if store is None else store
    target = probe.target_for_profile(profile, store)  # a missing key fails before any output
    url = target.url
    models = probe.models_to_test(profile)
    table = None if as_json else TestTable(profile, url, models)
    if table:
        _write(table.head())
    on_result = (lambda r: _write(table.row(r))) if table else None
    results = probe.probe_models(target, models, timeout, on_result=on_result)
    ok = all(r.ok for r in results)
    if as_json:
        doc = {"profile": profile.name, "url": url, "auth": profile.auth, "ok": ok,
               "models": [r.to_dict() for r in results]}
        _write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        _write(table.summary(results))
    return 0 if ok else 1


def run_bench_command(names: list[str], prompt: str, runs: int, max_tokens: int, timeout: float,
                      as_json: bool, as_csv: bool, store=None) -> int:
    from modelswitch.probe import bench
    from modelswitch.profile import schema as profiles
    from modelswitch.keys import store as secrets
    from ..errors import UsageError
    from ..text import printable

    if as_json and as_csv:
        raise UsageError("--json and --csv cannot be combined", "pick one output format")
    if not prompt.strip():
        raise UsageError("--prompt is empty", "providers reject an empty message; give some text")
    chosen = [profiles.load_profile(n) for n in dict.fromkeys(names)]
    store = secrets.default_store() if store is None else store
    progress = bench.Progress(sys.stderr, len(chosen) * runs)
    rows = bench.run_bench(chosen, store, prompt, runs, max_tokens, timeout, progress)
    if as_json:
        sys.stdout.write(bench.render_json(rows, prompt, runs, max_tokens))
    elif as_csv:
        sys.stdout.write(bench.render_csv(rows))
    else:
        short = prompt if len(prompt) <= 60 else prompt[:59] + "…"
        sys.stdout.write(f"bench: {runs} run(s) per profile, max_tokens {max_tokens}, "
                         f"prompt '{printable(short)}'\n\n" + bench.render_table(rows))
    return 0 if all(r.good for r in rows) else 1
