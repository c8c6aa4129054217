"""Commands: test (one tiny request per model of a profile) and bench (compare profiles)."""

import json
import sys

TEST_HELP = "Send one tiny request per configured model of a profile and classify the reply."
BENCH_HELP = "Run the same prompt on several profiles N times and compare medians."
MAX_TIMEOUT = 86400.0  # a day; larger values (inf, 1e308) overflow the socket timeout


def register(app) -> None:
    import typer

    from ..probe.bench import DEFAULT_MAX_TOKENS, DEFAULT_PROMPT, DEFAULT_RUNS, DEFAULT_TIMEOUT

    @app.command("test", help=TEST_HELP, short_help="Check that a profile's key and models work.")
    def test_cmd(
        name: str = typer.Argument(..., metavar="NAME", help="Profile to test."),
        as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
        timeout: float = typer.Option(30.0, "--timeout", min=0.01, max=MAX_TIMEOUT, metavar="S",
                                      help="Seconds allowed per request."),
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


def render_test(profile, url: str, results) -> str:
    from ..probe.replies import HINTS
    from ..tables import format_table
    from ..text import printable

    rows = [[r.model, ",".join(r.roles), r.outcome, str(r.status or "—"),
             f"{r.ttft:.2f}s" if r.ttft is not None else "—",
             f"{r.total:.2f}s" if r.total is not None else "—",
             r.message if not r.ok else r.reply[:40]] for r in results]
    lines = [f"{profile.name}: POST {printable(url)} ({_auth_label(profile)})"]
    if results and results[0].roles == ["default"]:
        lines.append(f"no model configured: testing {results[0].model} (a Claude default)")
    lines += ["", format_table(["MODEL", "ROLES", "RESULT", "HTTP", "TTFT", "TOTAL", "DETAIL"],
                               rows, right={3, 4, 5})]
    failed = [r for r in results if not r.ok]
    if not failed:
        lines.append(f"ok: {len(results)} of {len(results)} models answered")
    else:
        lines.append(f"{len(failed)} of {len(results)} models failed")
        for outcome in dict.fromkeys(r.outcome for r in failed):
            lines.append(f"  hint ({outcome}): {HINTS[outcome].format(name=profile.name)}")
    return "\n".join(lines) + "\n"


def run_test(name: str, as_json: bool, timeout: float, store=None) -> int:
    from ..probe import request as probe
    from ..profile import schema as profiles
    from ..keys import store as secrets

    profile = profiles.load_profile(name)
    store = secrets.default_store() if store is None else store
    results = probe.probe_profile(profile, store, timeout=timeout)
    url = (profile.base_url or probe.ANTHROPIC_URL).rstrip("/") + "/v1/messages"
    ok = all(r.ok for r in results)
    if as_json:
        doc = {"profile": profile.name, "url": url, "auth": profile.auth, "ok": ok,
               "models": [r.to_dict() for r in results]}
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_test(profile, url, results))
    return 0 if ok else 1


def run_bench_command(names: list[str], prompt: str, runs: int, max_tokens: int, timeout: float,
                      as_json: bool, as_csv: bool, store=None) -> int:
    from ..probe import bench
    from ..profile import schema as profiles
    from ..keys import store as secrets
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
