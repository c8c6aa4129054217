"""`modelswitch usage` on transcripts the REAL Claude Code wrote: two profiles that serve the
same model id, each launched with `modelswitch run` against its own loopback server that
reports known usage numbers. The launch log must tell the sessions apart (the model id
cannot), and the costs must be exactly those numbers at each profile's prices."""

from __future__ import annotations

import json

import pytest

from anthropic_server import AnthropicServer
from claude_world import add_profile
from helpers import run_modelswitch

pytestmark = pytest.mark.integration

USAGE = {"kimi-a": dict(input_tokens=1000, output_tokens=200, cache_write_tokens=300,
                        cache_read_tokens=5000),
         "one-b": dict(input_tokens=70, output_tokens=9, cache_write_tokens=0,
                       cache_read_tokens=123456)}
PRICES = {"kimi-a": (0.60, 2.50, 0.60, 0.15),  # the kimi preset's
          "one-b": (1.0, 4.0, 1.25, 0.10)}  # set with edit flags below
SONNET = (2.0, 10.0, 2.50, 0.20)  # the claude-sonnet preset's


def dollars(numbers: dict, prices, times: int) -> float:
    tokens = (numbers["input_tokens"], numbers["output_tokens"], numbers["cache_write_tokens"],
              numbers["cache_read_tokens"])
    return times * sum(t * p for t, p in zip(tokens, prices)) / 1e6


def test_usage_reports_exact_tokens_and_costs_per_profile(world):
    env = {**world["env"], "CLAUDE_CONFIG_DIR": str(world["home"] / ".claude")}
    presets = {"kimi-a": "kimi", "one-b": "onerouter-kimi"}  # both send kimi-k2-thinking
    sent = {}
    for name, preset in presets.items():
        with AnthropicServer(reply=f"hi from {name}", **USAGE[name]) as server:
            add_profile(world, name, preset, server.base_url)
            if name == "one-b":
                done = run_modelswitch(["edit", name, "--price-input", "1", "--price-output", "4",
                                        "--price-cache-write", "1.25", "--price-cache-read", "0.10"],
                                       env)
                assert done.returncode == 0, done.stderr.decode()
            for prompt in ("ping", "pong"):
                done = run_modelswitch(["run", name, "-p", prompt], env, cwd=world["project"],
                                       timeout=120)
                assert done.returncode == 0, done.stderr.decode()
            sent[name] = len(server.messages())
            assert sent[name] >= 2
    assert world["decoy"].requests == []

    log = (world["tmp"] / "mshome" / "launches.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in log]
    assert [r["profile"] for r in records] == ["kimi-a", "kimi-a", "one-b", "one-b"]
    assert all(r["session"] and r["claude"] and r["cwd"] == str(world["project"]) for r in records)
    assert not any("sk-test-" in line for line in log)  # never a key

    done = run_modelswitch(["usage", "--json", "--compare", "claude-sonnet"], env)
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout)
    rows = {row["key"]: row for row in report["rows"]}
    assert set(rows) == {"kimi-a", "one-b"}, rows
    for name, numbers in USAGE.items():
        row = rows[name]
        assert row["requests"] == sent[name] and row["sessions"] == 2
        assert (row["input"], row["output"], row["cache_write"], row["cache_read"]) == tuple(
            sent[name] * numbers[k] for k in ("input_tokens", "output_tokens",
                                              "cache_write_tokens", "cache_read_tokens"))
        assert row["cost_usd"] == pytest.approx(dollars(numbers, PRICES[name], sent[name]), abs=1e-6)
        assert row["cost_complete"] is True
        assert row["compare_usd"]["claude-sonnet"] == pytest.approx(
            dollars(numbers, SONNET, sent[name]), abs=1e-6)
        assert row["median_response_s"] is not None and row["median_response_s"] < 60
    assert report["totals"]["cost_usd"] == pytest.approx(
        sum(dollars(USAGE[n], PRICES[n], sent[n]) for n in USAGE), abs=1e-6)
    assert report["skipped"] == ""

    only = json.loads(run_modelswitch(["usage", "--json", "--profile", "one-b"], env).stdout)
    assert [row["key"] for row in only["rows"]] == ["one-b"]
    by_model = json.loads(run_modelswitch(["usage", "--json", "--by", "model"], env).stdout)
    assert [row["key"] for row in by_model["rows"]] == ["kimi-k2-thinking"]
    assert by_model["rows"][0]["requests"] == sum(sent.values())
