"""The real-shell tests' world (the `shell_env` and `stub_claude_env` fixtures are in
conftest.py): profiles a and b with their env:VAR keys, a `modelswitch` on PATH, the stub
`claude` that reports how it was started, and the hostile values shells must carry intact."""

import json
import stat
import sys
from pathlib import Path

A_KEY = "sk-test-aaaa-0123456789"
B_KEY = "sk-test-bbbb-9876543210"

A_PROFILE = """
base_url = "https://a.example/anthropic"
auth = "bearer"
key_source = "env:MS_A_KEY"
model = "a-main"
haiku = "a-fast"
sonnet = "a-sonnet"
opus = "a-opus"
context_window = 200000
[env]
A_ONLY = "a's $HOME `x`\\nsecond line"
API_TIMEOUT_MS = "600000"
"""
B_PROFILE = """
base_url = "https://b.example/anthropic"
auth = "api-key"
key_source = "env:MS_B_KEY"
model = "b-main"
subagent = "b-sub"
[env]
B_ONLY = "bee"
API_TIMEOUT_MS = "3000000"
"""
STUB = f"""#!{sys.executable}
import json, os, sys
names = ("MODELSWITCH_PROFILE", "MODELSWITCH_SAVED", "ANTHROPIC_BASE_URL")
print("STUB " + json.dumps({{"argv": sys.argv[1:], "env": {{n: os.environ.get(n) for n in names}}}}))
sys.exit(int(os.environ.get("STUB_EXIT", "0")))
"""
ARGS = ["-p", "hi there", "", "q'u\"o`te", "$HOME", "*", "--", "--settings", "a\\b", "é中"]
HOSTILE = "sk-user 'q' \"dq\" $HOME `id` $(id) * ~ \\ %PATH% !x!\nline2\ttab é中文😀 "
P1 = 'base_url = "http://127.0.0.1:9/anthropic"\nkey_source = "none"\nmodel = "p1-model"\n' \
     '[env]\nAPI_TIMEOUT_MS = "600000"\n'
P2 = 'base_url = "http://127.0.0.1:9/v2"\nauth = "api-key"\nkey_source = "env:P2_KEY"\n' \
     'model = "p2-model"\n'


def program_dir(tmp_path: Path) -> str:
    """A directory holding an executable `modelswitch`: the installed console script's, or a
    wrapper around `python -m modelswitch`."""
    beside = Path(sys.executable).parent / "modelswitch"
    if beside.exists():
        return str(beside.parent)
    wrapper = tmp_path / "bin" / "modelswitch"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m modelswitch "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    return str(wrapper.parent)


def calls(stdout: bytes):
    """[(stub call or None, status)] from STUB lines and `rc=N` lines, in order."""
    out, pending = [], None
    for line in stdout.decode().splitlines():
        if line.startswith("STUB "):
            pending = json.loads(line[5:])
        elif line.startswith("rc="):
            out.append((pending, int(line[3:])))
            pending = None
    return out


def launched(call, args):
    argv = call["argv"]
    assert argv[0] == "--settings" and argv[1].endswith(tuple(f"/dev/fd/{n}" for n in range(3, 100)))
    rest = argv[4:] if argv[2:3] == ["--session-id"] else argv[2:]  # added by launch_log.py
    assert rest == args
    assert call["env"]["MODELSWITCH_PROFILE"] == "p"
    assert call["env"]["MODELSWITCH_SAVED"] is None  # the user's own key stays out of claude
    assert call["env"]["ANTHROPIC_BASE_URL"] == "http://127.0.0.1:9/anthropic"


def fragments(canary: str) -> list[str]:
    return [
        "'", '"', "\\", "\\'", "`", "$", "$HOME", "${HOME}", "$((1+1))", "*", "?", "[a]", "~",
        "~root", "=ls", "a:=ls", "%PATH%", "!!", "!$", "^", "&", "|", ";", "<", ">", "#", "{a,b}",
        "\n", "\r\n", "\t", " ", "  ", "é", "中文", "😀", "\u2018", "-e", "--", "\\n",
        f"$(touch {canary})", f"`touch {canary}`", f"'; touch {canary}; '",
        f'"; touch {canary}; "', f"\ntouch {canary}\n", f"(touch {canary})", f"\\'(touch {canary})",
    ]


# What `use a` / `use b` must leave in a shell's environment (DESIGN.md's rules), shared by
# the POSIX/fish hook tests and the tcsh ones.
EXPECT_A = {
    "ANTHROPIC_BASE_URL": "https://a.example/anthropic",
    "ANTHROPIC_AUTH_TOKEN": A_KEY,
    "ANTHROPIC_MODEL": "a-main",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL": "a-fast",
    "ANTHROPIC_SMALL_FAST_MODEL": "a-fast",
    "ANTHROPIC_DEFAULT_SONNET_MODEL": "a-sonnet",
    "ANTHROPIC_DEFAULT_OPUS_MODEL": "a-opus",
    "ANTHROPIC_DEFAULT_FABLE_MODEL": "a-opus",  # fable borrows the opus model
    "CLAUDE_CODE_MAX_CONTEXT_TOKENS": "200000",
    "A_ONLY": "a's $HOME `x`\nsecond line",
    "API_TIMEOUT_MS": "600000",
    "MODELSWITCH_PROFILE": "a",
}
EXPECT_B = {
    "ANTHROPIC_BASE_URL": "https://b.example/anthropic",
    "ANTHROPIC_API_KEY": B_KEY,
    "ANTHROPIC_MODEL": "b-main",
    "CLAUDE_CODE_SUBAGENT_MODEL": "b-sub",
    "CLAUDE_CODE_WORKFLOW_SUBAGENT_MODEL": "b-sub",  # the Workflow tool's agents too
    "B_ONLY": "bee",
    "API_TIMEOUT_MS": "3000000",
    "MODELSWITCH_PROFILE": "b",
}
MARKER = "MODELSWITCH_VARS"
SAVED = "MODELSWITCH_SAVED"  # the user's values from before the first switch, for `off`
BOOKKEEPING = (MARKER, SAVED)


def parse(stdout: bytes) -> list[tuple[str, str, dict[str, str]]]:
    """[(step, status, environment)] from the \\1step status\\1 + `env -0` blocks."""
    parts = stdout.split(b"\x01")[1:]
    steps = []
    for label, blob in zip(parts[0::2], parts[1::2]):
        name, _, status = label.decode().partition(" ")
        env = dict(item.decode().split("=", 1) for item in blob.split(b"\0") if b"=" in item)
        steps.append((name, status, env))
    return steps


IGNORED = {"PWD", "OLDPWD", "_", "SHLVL"}  # the shell's own bookkeeping (cd, last argument)


def diff(before: dict[str, str], after: dict[str, str]) -> tuple[dict[str, str], set[str]]:
    changed = {k: v for k, v in after.items() if before.get(k) != v and k not in IGNORED}
    removed = set(before) - set(after) - IGNORED
    return changed, removed
