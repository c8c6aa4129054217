"""Claude Code transcripts made by hand for the `usage` tests (the `claude_dir` fixture is in
conftest.py): one assistant message a line, written where CLAUDE_CONFIG_DIR points."""

import json

T0 = "2026-11-20T10:00:00.000Z"


def assistant(session, msg, req, ts, model="kimi-k2-thinking", cwd="/work/app",
              tokens=(100, 10, 0, 0)):
    usage = dict(zip(("input_tokens", "output_tokens", "cache_creation_input_tokens",
                      "cache_read_input_tokens"), tokens))
    entry = {"type": "assistant", "sessionId": session, "cwd": cwd, "timestamp": ts,
             "message": {"model": model, "usage": usage, "content": []}}
    if msg:
        entry["message"]["id"] = msg
    if req:
        entry["requestId"] = req
    return json.dumps(entry)


def write(claude_dir, project, session, lines):
    folder = claude_dir / "projects" / project
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{session}.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    return path


def usage(cli_run, *args):
    result = cli_run(["usage", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr
