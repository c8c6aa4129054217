"""What `modelswitch run` adds before claude's first request, against a bare `claude`.

    python benchmarks/launch_overhead.py [--runs N] [--modelswitch PATH]

Both start the real claude (`claude -p ping`, on PATH) against the same loopback
Anthropic-compatible server (tests/anthropic_server.py); the time measured is from starting
the command to the server receiving the first /v1/messages request. The bare run has the
profile's variables in its environment already (what a switched shell gives claude); the
other is `modelswitch run NAME -- -p ping` with the key in an environment variable
(`key_source = env:VAR`). Medians of N alternating runs; target: run <= 1.1 x bare claude.
Nothing leaves 127.0.0.1 (CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1, a private HOME).

Which modelswitch: by default this checkout installed the way users install it (pip, pipx:
a regular, non-editable install with its bytecode compiled) into a fresh virtual
environment (dependencies from the package index; ~15 s). An editable install is slower
to start in some ways (its import finder loads pathlib, re and more at interpreter start)
and faster in others (the same modules are then free for modelswitch), so it is not what
users time. --modelswitch PATH times that executable instead (e.g. `$(which modelswitch)`).
Bytecode: the children never run with PYTHONDONTWRITEBYTECODE (an installed package has
its .pyc files; a source tree under that variable would be compiled on every run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from anthropic_server import AnthropicServer  # noqa: E402

KEY = "sk-bench-launch-0123456789abcdef"
TARGET = 1.1


def until_first_request(command: list[str], env: dict[str, str], server, cwd: str) -> float:
    before = len(server.messages())
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while len(server.messages()) == before:
            if child.poll() is not None and len(server.messages()) == before:
                raise SystemExit(f"{command[0]} exited ({child.returncode}) before any request")
            time.sleep(0.002)
        return time.perf_counter() - start
    finally:
        child.wait(timeout=60)


def installed_modelswitch(work: str) -> str:
    """This checkout, pip-installed (not editable) into a fresh venv under work."""
    venv = os.path.join(work, "venv")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = os.path.join(venv, "Scripts" if os.name == "nt" else "bin", "python")
    done = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           str(Path(__file__).resolve().parent.parent)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"pip install failed:\n{done.stdout}{done.stderr}")
    return os.path.join(os.path.dirname(python), "modelswitch")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--modelswitch", help="time this executable, not a fresh regular install")
    args = parser.parse_args()
    claude = shutil.which("claude")
    if not claude:
        raise SystemExit("needs `claude` on PATH")
    work = tempfile.mkdtemp(prefix="ms-launch-bench-")
    modelswitch = args.modelswitch or installed_modelswitch(work)
    print(f"  modelswitch: {modelswitch}")
    with AnthropicServer() as server:
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("ANTHROPIC_", "CLAUDE_", "MODELSWITCH_"))
                and k not in ("PYTHONDONTWRITEBYTECODE", "XDG_CONFIG_HOME")}
        # Profiles where a user's are (~/.config/modelswitch under this private HOME), not
        # under MODELSWITCH_HOME: finding that folder is part of what a launch costs.
        base.update(HOME=work, BENCH_KEY=KEY,
                    PYTHONPYCACHEPREFIX=os.path.join(work, "pycache"),
                    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1")
        subprocess.run([modelswitch, "add", "b", "--preset", "kimi", "--base-url", server.base_url,
                        "--key-env", "BENCH_KEY"], env=base, check=True, capture_output=True)
        switched = subprocess.run([modelswitch, "env", "b", "--shell", "json"], env=base,
                                  check=True, capture_output=True, text=True).stdout
        import json

        changes = json.loads(switched)
        bare_env = {k: v for k, v in base.items() if k not in changes["unset"]}
        bare_env.update(changes["set"])
        commands = {"bare claude": ([claude, "-p", "ping"], bare_env),
                    "modelswitch run": ([modelswitch, "run", "b", "--", "-p", "ping"], base)}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for name, (command, env) in commands.items():  # warm-up
            until_first_request(command, env, server, work)
        for _ in range(args.runs):
            for name, (command, env) in commands.items():
                times[name].append(until_first_request(command, env, server, work))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"  {name:18} {value * 1000:7.1f} ms to the first request (median of {args.runs})")
    ratio = medians["modelswitch run"] / medians["bare claude"]
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(f"  ratio run / bare claude  {ratio:.2f}  (target <= {TARGET:.2f})  {verdict}")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
