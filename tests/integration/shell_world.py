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
