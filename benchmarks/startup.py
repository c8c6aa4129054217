"""Start-up speed of the commands that run at every shell start.

    python benchmarks/startup.py [--runs N]

Measures, as medians of N alternating runs in this one process (each command started
fresh, stdout a pipe, as when it is eval'd):

  - `modelswitch init bash`                   target <= 1.5 x `python -c pass`
  - `modelswitch env NAME`, key in keyring     target <= 0.5 x a bare
    `python -c "import keyring; keyring.get_password('modelswitch', NAME)"`
  - `modelswitch env NAME`, key from env:VAR   target <= 3.0 x `python -c pass`
  - `modelswitch list`, 30 keyring profiles    target <= 2.0 x `env NAME` (keyring key)
  - `modelswitch run NAME`, stub `claude`      target <= 1.2 x `env NAME` (keyring key)

The keyring is a real gnome-keyring on a private D-Bus started here (as
tests/secret_service.py does), so the user's own keyring is never touched; without
dbus-daemon/gnome-keyring-daemon the current session's keyring is used if there is one.
Every command is timed twice over: through the installed console script (how users run
it) and as `python -m modelswitch`. Exit status 1 if a console-script ratio misses.

Bytecode: an installed package has its .pyc files (pip compiles them), so the children
get a private PYTHONPYCACHEPREFIX that the warm-up rounds fill, even when this
environment sets PYTHONDONTWRITEBYTECODE. --no-bytecode-cache measures without it (then
modelswitch's own modules are compiled from source on every run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
SECRET = "sk-test-bench-0123456789abcdef"
PROFILES = {
    "bench-kr": 'base_url = "https://api.example.com/anthropic"\nmodel = "m"\nhaiku = "h"\n',
    "bench-env": ('base_url = "https://api.example.com/anthropic"\nmodel = "m"\nhaiku = "h"\n'
                  'key_source = "env:MODELSWITCH_BENCH_KEY"\n'),
}


def console_script() -> str:
    """The installed `modelswitch` script next to this Python (not a pyenv shim)."""
    beside = Path(PYTHON).parent / ("modelswitch.exe" if os.name == "nt" else "modelswitch")
    return str(beside) if beside.exists() else (shutil.which("modelswitch") or "modelswitch")


def start_keyring(home: Path, env: dict[str, str]) -> tuple[dict[str, str], int | None]:
    """A private session bus with an unlocked gnome-keyring; (env, bus pid)."""
    if not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")):
        if env.get("DBUS_SESSION_BUS_ADDRESS"):
            return env, None
        sys.exit("startup.py: need dbus-daemon and gnome-keyring-daemon (or a D-Bus session)")
    mine = ("DBUS_", "GNOME_KEYRING", "PYTHON_KEYRING")
    env = {k: v for k, v in env.items() if not k.startswith(mine)}
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"))
    bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--nopidfile", "--print-address=1",
                          "--print-pid=1"], env=env, capture_output=True, text=True, check=True)
    address, pid = bus.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    daemon = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"], env=env,
                            input=b"modelswitch-bench", capture_output=True, timeout=30)
    for line in daemon.stdout.decode().splitlines():
        key, _, value = line.partition("=")
        if key.startswith("GNOME_KEYRING"):
            env[key] = value
    return env, int(pid)


LIST_PROFILES = 30


def store_secret(env: dict[str, str]) -> None:
    names = ["bench-kr"] + [f"bench-list-{i:02d}" for i in range(LIST_PROFILES - 1)]
    code = ("import keyring, sys; key = sys.stdin.read()\n"
            "for name in sys.argv[1:]: keyring.set_password('modelswitch', name, key)")
    subprocess.run([PYTHON, "-c", code, *names], env=env, input=SECRET.encode(), check=True,
                   timeout=120)


def stub_claude(bin_dir: Path) -> None:
    """A `claude` that exits at once: `run` is timed up to the hand-over."""
    bin_dir.mkdir()
    stub = bin_dir / "claude"
    stub.write_text("#!/bin/sh\ncase \"$1\" in --version) echo '2.1.330 (Claude Code)';; esac\n"
                    "exit 0\n")
    stub.chmod(0o755)


def commands(script: list[str]) -> dict[str, list[str]]:
    bare = "import keyring; keyring.get_password('modelswitch', 'bench-kr')"
    return {
        "python -c pass": [PYTHON, "-c", "pass"],
        "bare keyring get_password": [PYTHON, "-c", bare],
        "init bash": script + ["init", "bash"],
        "env NAME (keyring key)": script + ["env", "bench-kr"],
        "env NAME (env:VAR key)": script + ["env", "bench-env"],
        "env NAME --shell bash (keyring key)": script + ["env", "bench-kr", "--shell", "bash"],
        f"list ({LIST_PROFILES} keyring profiles)": script + ["list"],
        "run NAME (stub claude)": script + ["run", "bench-kr"],
    }


def check_outputs(cmds: dict[str, list[str]], env: dict[str, str]) -> None:
    """Every measured command must do its real work (not fail fast)."""
    for label, argv in cmds.items():
        done = subprocess.run(argv, env=env, capture_output=True, timeout=60)
        if done.returncode != 0:
            sys.exit(f"startup.py: {label} failed: {done.stderr.decode(errors='replace').strip()}")
        if label.startswith("env") and SECRET.encode() not in done.stdout:
            sys.exit(f"startup.py: {label} did not print the key")
    probe = "import keyring; print(keyring.get_password('modelswitch', 'bench-kr') == %r)" % SECRET
    done = subprocess.run([PYTHON, "-c", probe], env=env, capture_output=True, timeout=60)
    if done.stdout.strip() != b"True":
        sys.exit("startup.py: the bare keyring command does not read the stored key")


def measure(cmds: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, float]:
    """Median wall time (ms) per command, the commands alternating run by run."""
    times: dict[str, list[float]] = {label: [] for label in cmds}
    for i in range(runs + 2):
        order = list(cmds.items())
        if i % 2:
            order.reverse()
        for label, argv in order:
            start = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            if i >= 2:  # two warm-up rounds
                times[label].append((time.perf_counter() - start) * 1000)
    return {label: statistics.median(values) for label, values in times.items()}


RATIOS = (  # (label, numerator, denominator, target)
    ("init bash / python -c pass", "init bash", "python -c pass", 1.5),
    ("env NAME keyring / bare keyring", "env NAME (keyring key)", "bare keyring get_password",
     0.5),
    ("env NAME env:VAR / python -c pass", "env NAME (env:VAR key)", "python -c pass", 3.0),
    ("list 30 / env NAME keyring", f"list ({LIST_PROFILES} keyring profiles)",
     "env NAME (keyring key)", 2.0),
    ("run NAME / env NAME keyring", "run NAME (stub claude)", "env NAME (keyring key)", 1.2),
)


def report(title: str, medians: dict[str, float]) -> bool:
    print(f"\n{title}")
    for label, ms in medians.items():
        print(f"  {label:<40} {ms:8.1f} ms")
    ok = True
    for label, num, den, target in RATIOS:
        ratio = medians[num] / medians[den]
        verdict = "ok" if ratio <= target else "MISSED"
        ok &= ratio <= target
        print(f"  ratio {label:<38} {ratio:5.2f}  (target <= {target:.2f})  {verdict}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="alternating runs per command")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep this environment's bytecode settings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="modelswitch-bench-") as tmp:
        home = Path(tmp)
        # where a user's profiles are ($XDG_CONFIG_HOME/modelswitch, see start_keyring), not
        # MODELSWITCH_HOME: finding that folder is part of every command's cost
        profiles = home / "config" / "modelswitch" / "profiles"
        profiles.mkdir(parents=True)
        for name, text in PROFILES.items():
            (profiles / f"{name}.toml").write_text(text)
        for i in range(LIST_PROFILES - 1):
            (profiles / f"bench-list-{i:02d}.toml").write_text(PROFILES["bench-kr"])
        stub_claude(home / "bin")
        env, bus_pid = start_keyring(home, dict(os.environ))
        env.pop("MODELSWITCH_HOME", None)
        env.update(MODELSWITCH_BENCH_KEY=SECRET, XDG_CONFIG_HOME=str(home / "config"),
                   SHELL=env.get("SHELL") or "/bin/bash",
                   PATH=str(home / "bin") + os.pathsep + env.get("PATH", ""))
        if not args.no_bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
        try:
            store_secret(env)
            script = console_script()
            runs = {"console script " + script: [script],
                    "python -m modelswitch": [PYTHON, "-m", "modelswitch"]}
            cache = "none" if args.no_bytecode_cache else "private PYTHONPYCACHEPREFIX"
            print(f"modelswitch start-up: medians of {args.runs} alternating runs; "
                  f"python {PYTHON} ({sys.version.split()[0]}); bytecode cache: {cache}")
            ok = True
            for n, (title, prefix) in enumerate(runs.items()):
                cmds = commands(prefix)
                check_outputs(cmds, env)
                passed = report(title, measure(cmds, env, args.runs))
                ok &= passed or n > 0  # targets apply to the console script
            return 0 if ok else 1
        finally:
            if bus_pid:
                os.kill(bus_pid, signal.SIGTERM)


if __name__ == "__main__":
    raise SystemExit(main())
