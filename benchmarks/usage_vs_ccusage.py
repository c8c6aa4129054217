"""`modelswitch usage` against `ccusage daily --json` on the same transcript corpus.

    python benchmarks/usage_vs_ccusage.py [CORPUS_DIR] [--runs 3]

Builds the corpus with make_corpus.py if CORPUS_DIR has none (default /tmp/modelswitch-corpus),
installs ccusage (npm, pinned) into the test-tools cache like scripts/install-test-tools does
for claude, then runs both tools alternately with CLAUDE_CONFIG_DIR=CORPUS_DIR and reports
the best wall time of each, the ratio, each one's peak RSS (os.wait4), and whether their
token totals agree. The only network use is npm's registry, once, for the install.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CCUSAGE_VERSION = "17.2.1"
HERE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    base = os.environ.get("MODELSWITCH_TEST_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "modelswitch-test")
    return Path(base) / "ccusage"


def ccusage() -> str:
    folder = cache_dir()
    program = folder / "node_modules" / ".bin" / "ccusage"
    version = subprocess.run([str(program), "--version"], capture_output=True, text=True).stdout.strip() \
        if program.exists() else ""
    if version != CCUSAGE_VERSION:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                        f"ccusage@{CCUSAGE_VERSION}"], cwd=folder, check=True)
    return str(program)


def measure(argv: list[str], env: dict) -> tuple[float, float, bytes]:
    """(seconds, peak RSS in MB, stdout) of one run."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"{argv[0]} failed with status {child.returncode}")
        out.seek(0)
        peak = usage.ru_maxrss / 1024  # KiB on Linux
        return elapsed, peak, out.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path("/tmp/modelswitch-corpus"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (args.corpus / "projects").is_dir():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(args.corpus)], check=True)
    size = sum(p.stat().st_size for p in (args.corpus / "projects").rglob("*.jsonl"))
    files = sum(1 for _ in (args.corpus / "projects").rglob("*.jsonl"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE_", "MODELSWITCH_"))}
    env["CLAUDE_CONFIG_DIR"] = str(args.corpus)
    env["MODELSWITCH_HOME"] = tempfile.mkdtemp(prefix="ms-bench-")  # no profiles: presets only
    tools = {"modelswitch": [sys.executable, "-m", "modelswitch", "usage", "--by", "day", "--json"],
             "ccusage": [ccusage(), "daily", "--json", "--offline"]}
    best: dict[str, tuple[float, float, bytes]] = {}
    for _ in range(args.runs):  # alternate, so both see the same page cache and load
        for name, argv in tools.items():
            result = measure(argv, env)
            if name not in best or result[0] < best[name][0]:
                best[name] = (result[0], max(result[1], best.get(name, result)[1]), result[2])
    ours, theirs = json.loads(best["modelswitch"][2])["totals"], json.loads(best["ccusage"][2])["totals"]
    agree = (ours["input"], ours["output"], ours["cache_write"], ours["cache_read"]) == (
        theirs["inputTokens"], theirs["outputTokens"], theirs["cacheCreationTokens"],
        theirs["cacheReadTokens"])
    print(f"corpus: {files} files, {size / 1e6:,.0f} MB ({args.corpus}); best of {args.runs}")
    for name, (seconds, peak, _) in best.items():
        print(f"  {name:<12} {seconds:7.2f} s   peak RSS {peak:7.0f} MB   {size / 1e6 / seconds:6.0f} MB/s")
    ratio = best["ccusage"][0] / best["modelswitch"][0]
    print(f"  ratio: modelswitch usage is {ratio:.1f}x as fast as ccusage daily --json")
    print(f"  token totals agree: {'yes' if agree else 'NO'} ({ours['requests']:,} requests)")
    shutil.rmtree(env["MODELSWITCH_HOME"], ignore_errors=True)
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
