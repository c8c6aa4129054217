"""The claude versions the tests claim (doctor_claude.TESTED_CLAUDE): scripts/install-test-tools
installs both ends idempotently; doctor rates the real binaries as tested."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from helpers import REPO, REQUIRE, require_tool
from modelswitch.doctor import claude as doctor_claude
from modelswitch.doctor.checks import OK, Context

LOW, HIGH = doctor_claude.TESTED_CLAUDE
OLDEST_VAR = "MODELSWITCH_TEST_CLAUDE_OLDEST"  # set by scripts/test


def oldest_claude() -> str:
    path = os.environ.get(OLDEST_VAR)
    if not path:
        cache = os.environ.get("MODELSWITCH_TEST_CACHE") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "modelswitch-test")
        path = os.path.join(cache, f"claude-{LOW}", "node_modules", ".bin", "claude")
    if os.access(path, os.X_OK):
        return path
    message = f"no claude {LOW} at {path} (scripts/install-test-tools installs it)"
    if REQUIRE:
        pytest.fail(f"MODELSWITCH_REQUIRE_INTEGRATION=1 but {message}")
    pytest.skip(message)


def rate(claude: str, tmp_path: Path):
    (result,) = doctor_claude.claude_checks(Context(None, {"PATH": str(Path(claude).parent)}, tmp_path))
    return result


def test_the_oldest_claimed_claude_is_rated_as_tested(tmp_path):
    result = rate(oldest_claude(), tmp_path)
    assert result.status == OK and result.title.startswith(f"claude {LOW} ")


def test_the_claude_on_path_is_inside_the_tested_range(tmp_path):
    result = rate(require_tool("claude", "the Claude Code CLI"), tmp_path)
    assert result.status == OK, result.title


FAKE_NPM = r"""#!/bin/sh
# records its call; "installs" a claude that prints the requested version
echo "npm $*" >> "$NPM_LOG"
spec=$(for a in "$@"; do :; done; echo "$a")
mkdir -p node_modules/.bin
printf '#!/bin/sh\necho "%s (Claude Code)"\n' "${spec##*@}" > node_modules/.bin/claude
chmod +x node_modules/.bin/claude
"""


@pytest.mark.skipif(os.name != "posix", reason="bash script")
def test_install_test_tools_installs_both_versions_once(tmp_path):
    bash = require_tool("bash")
    script_text = (REPO / "scripts" / "install-test-tools").read_text()
    packages = re.search(r"^packages=\((.*)\)$", script_text, re.M).group(1).split()
    if any(subprocess.run(["dpkg", "-s", p], capture_output=True).returncode for p in packages):
        pytest.skip("the test tools are not installed here (the script would apt-get them)")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text(FAKE_NPM)
    (bin_dir / "npm").chmod(0o755)
    log = tmp_path / "npm.log"
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", NPM_LOG=str(log),
               MODELSWITCH_TEST_CACHE=str(tmp_path / "cache"))
    env.pop("CLAUDE_CODE_VERSION", None)
    env.pop("CLAUDE_CODE_OLDEST", None)
    script = str(REPO / "scripts" / "install-test-tools")
    for _ in range(2):
        done = subprocess.run([bash, script], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert log.read_text().count("npm install") == 2  # once per version, not again
    assert f"@anthropic-ai/claude-code@{HIGH}" in log.read_text()
    assert f"@anthropic-ai/claude-code@{LOW}" in log.read_text()
    cache = tmp_path / "cache"
    assert done.stdout.splitlines() == [
        f"install-test-tools: claude cache {cache}",
        f"install-test-tools: claude {HIGH} (Claude Code) at {cache}/claude/node_modules/.bin/claude",
        f"install-test-tools: claude {LOW} (Claude Code) at {cache}/claude-{LOW}/node_modules/.bin/claude"]
    # scripts/test finds the oldest one there and says so
    venv = tmp_path / "venv"  # a stand-in venv: its python accepts the pip install and exits
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("#!/bin/sh\nexit 0\n")
    (venv / "bin" / "python").chmod(0o755)
    done = subprocess.run([bash, "-c", 'sed "s/^exec .*pytest.*/env/" "$0" | bash',
                           str(REPO / "scripts" / "test")], env=dict(env, MODELSWITCH_VENV=str(venv)),
                          capture_output=True, text=True, timeout=60,
                          cwd=REPO / "scripts")  # the piped script's `cd "$(dirname "$0")/.."`
    assert f"{OLDEST_VAR}={cache}/claude-{LOW}/node_modules/.bin/claude" in done.stdout
    assert f"PATH={cache}/claude/node_modules/.bin:" in done.stdout
    assert "oldest claude" in done.stderr
