"""doctor shows the installed claude's version against the range the tests cover
(doctor_claude.TESTED_CLAUDE), with stub `claude` scripts printing various versions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelswitch.doctor import claude as doctor_claude
from modelswitch.doctor.checks import FAIL, OK, WARN, Context

LOW, HIGH = doctor_claude.TESTED_CLAUDE


def stub(tmp_path: Path, output: str, status: int = 0) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / "claude"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{output}'\nexit {status}\n")
    script.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin"}


def check(tmp_path, output, status=0):
    environ = stub(tmp_path, output, status)
    (result,) = doctor_claude.claude_checks(Context(None, environ, tmp_path))
    return result


def test_the_tested_range_is_what_ci_pins():
    assert doctor_claude.parse_version(LOW) < doctor_claude.parse_version(HIGH) or LOW == HIGH
    script = (Path(__file__).parent.parent / "scripts" / "install-test-tools").read_text()
    assert f'CLAUDE_CODE_VERSION:-{HIGH}' in script and f'CLAUDE_CODE_OLDEST:-{LOW}' in script


@pytest.mark.parametrize("output", [f"{LOW} (Claude Code)", f"{HIGH} (Claude Code)", "2.1.331",
                                    f"v{HIGH}"])
def test_inside_the_range_is_ok(tmp_path, output):
    result = check(tmp_path, output)
    assert result.status == OK and output in result.title
    assert f"tested: {LOW} to {HIGH}" in result.title


@pytest.mark.parametrize("output", ["2.1.197 (Claude Code)", "1.0.99", "2.0.400"])
def test_older_warns_with_the_upgrade_command(tmp_path, output):
    result = check(tmp_path, output)
    assert result.status == WARN and "older than the tested" in result.title
    assert f"npm install -g @anthropic-ai/claude-code@{HIGH}" in result.hint


@pytest.mark.parametrize("output", ["2.1.400 (Claude Code)", "2.2.0", "3.0.0-beta.1", "2.1.1000"])
def test_newer_warns_and_asks_for_reports(tmp_path, output):
    result = check(tmp_path, output)
    assert result.status == WARN and "newer than tested" in result.title
    assert "report problems" in result.hint


@pytest.mark.parametrize("output", ["Claude Code", "2.1", "version 2.1.330", "2.1.330.7",
                                    "\x1b[31m2.1.x\x1b[0m"])
def test_unparseable_warns(tmp_path, output):
    result = check(tmp_path, output)
    assert result.status == WARN and "cannot read a version" in result.title
    assert "\x1b" not in result.title  # the output cannot drive the terminal


def test_a_failing_claude_is_still_a_failure(tmp_path):
    result = check(tmp_path, HIGH, status=3)
    assert result.status == FAIL and "exit status 3" in result.title


def test_doctor_output_names_the_version(cli_run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", stub(tmp_path, "2.1.197 (Claude Code)")["PATH"])
    out = cli_run(["doctor"]).stdout
    line = next(x for x in out.splitlines() if "2.1.197" in x)
    assert "older than the tested" in line
