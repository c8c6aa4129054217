"""Several processes writing profiles at once: every distinct add survives, and of several
adds of one name exactly one wins (the lock file serialises check-then-write)."""

import json
import os
import subprocess
import tomllib

from helpers import modelswitch_cmd

N = 8


def start(args, env):
    return subprocess.Popen(modelswitch_cmd() + args, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(procs):
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, err.decode()))
    return results


def test_parallel_adds_all_survive(tmp_path):
    env = dict(os.environ, MODELSWITCH_HOME=str(tmp_path / "home"))
    procs = [start(["add", f"p{i}", "--base-url", f"https://h{i}.example/anthropic",
                    "--model", f"model-{i}", "--no-key"], env) for i in range(N)]
    results = finish(procs)
    assert all(code == 0 for code, _ in results), results
    directory = tmp_path / "home" / "profiles"
    assert sorted(p.name for p in directory.iterdir()) == sorted(f"p{i}.toml" for i in range(N))
    for i in range(N):
        data = tomllib.loads((directory / f"p{i}.toml").read_text())
        assert data["base_url"] == f"https://h{i}.example/anthropic"
        assert data["model"] == f"model-{i}"
    listed = subprocess.run(modelswitch_cmd() + ["list", "--json"], env=env, capture_output=True)
    assert sorted(item["name"] for item in json.loads(listed.stdout)) == [f"p{i}" for i in range(N)]


def test_parallel_adds_of_one_name_have_one_winner(tmp_path):
    env = dict(os.environ, MODELSWITCH_HOME=str(tmp_path / "home"))
    procs = [start(["add", "same", "--base-url", f"https://h{i}.example", "--no-key"], env)
             for i in range(4)]
    results = finish(procs)
    winners = [i for i, (code, _) in enumerate(results) if code == 0]
    assert len(winners) == 1, results
    for code, err in results:
        assert code in (0, 1) and "Traceback" not in err
        if code == 1:
            assert "already exists" in err
    data = tomllib.loads((tmp_path / "home" / "profiles" / "same.toml").read_text())
    assert data["base_url"] == f"https://h{winners[0]}.example"
