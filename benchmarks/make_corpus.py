"""Build a realistic Claude Code transcript corpus for benchmarking `modelswitch usage`.

    python benchmarks/make_corpus.py OUT_DIR [--size-mb 520] [--sessions 3000] [--seed 1]

OUT_DIR/projects/<project>/<session>.jsonl, shaped like claude 2.1.x writes them: a user
prompt, then assistant turns written once per content block (thinking, text, tool_use: the
same message id, request id and usage on each line, which readers must deduplicate), user
tool_result lines carrying file contents (most of the bytes), attachments and queue
operations. Models are a mix of providers' ids (Kimi, GLM, MiniMax, DeepSeek, Claude).
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

MODELS = ["kimi-k2-thinking", "glm-4.6", "MiniMax-M2", "deepseek-flash", "claude-sonnet-4-5-20250929",
          "claude-haiku-4-5-20251001", "moonshotai/kimi-k2-thinking"]
WORDS = ("def class return import self value index request profile token cache model session "
         "transcript assert print stream buffer parse write read file error").split()


def text(rng: random.Random, n_words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def session_lines(rng: random.Random, sid: str, cwd: str, start: datetime, target: int):
    """Lines of one session until about `target` bytes."""
    now, size, parent = start, 0, None
    model = rng.choice(MODELS)
    base = {"isSidechain": False, "userType": "external", "cwd": cwd, "sessionId": sid,
            "version": "2.1.332", "gitBranch": "main"}

    def emit(entry):
        nonlocal size, parent
        entry = {"parentUuid": parent, **base, **entry, "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
                 "timestamp": iso(now)}
        parent = entry["uuid"]
        line = json.dumps(entry, separators=(",", ":"))
        size += len(line) + 1
        return line

    yield json.dumps({"type": "queue-operation", "operation": "enqueue", "timestamp": iso(now),
                      "sessionId": sid})
    prompt = True
    while size < target:
        if prompt:
            yield emit({"type": "user", "message": {"role": "user", "content": text(rng, rng.randint(5, 60))}})
            yield emit({"type": "attachment", "attachment": {"type": "todo", "content": []}})
        now += timedelta(seconds=rng.uniform(1, 25))
        usage = {"input_tokens": rng.randint(1, 4000), "cache_creation_input_tokens": rng.randint(0, 6000),
                 "cache_read_input_tokens": rng.randint(0, 150000), "output_tokens": rng.randint(20, 3000),
                 "service_tier": "standard"}
        mid = "msg_" + uuid.UUID(int=rng.getrandbits(128)).hex[:24]
        rid = "req_" + uuid.UUID(int=rng.getrandbits(128)).hex[:24]
        blocks = [{"type": "thinking", "thinking": text(rng, rng.randint(20, 200)), "signature": "x" * 64},
                  {"type": "text", "text": text(rng, rng.randint(10, 120))}]
        tool = rng.random() < 0.7
        if tool:
            blocks.append({"type": "tool_use", "id": "toolu_" + uuid.UUID(int=rng.getrandbits(128)).hex[:20],
                           "name": rng.choice(["Read", "Bash", "Edit", "Grep"]),
                           "input": {"file_path": f"{cwd}/src/{rng.choice(WORDS)}.py"}})
        for block in blocks:  # one line per content block, same id and usage
            yield emit({"type": "assistant", "requestId": rid, "message": {
                "id": mid, "type": "message", "role": "assistant", "model": model, "content": [block],
                "stop_reason": None, "stop_sequence": None, "usage": usage}})
        if tool:
            now += timedelta(seconds=rng.uniform(0.1, 3))
            body = "\n".join(f"{i:>6}\t{text(rng, rng.randint(4, 14))}" for i in range(rng.randint(20, 400)))
            yield emit({"type": "user", "message": {"role": "user", "content": [
                {"tool_use_id": blocks[-1]["id"], "type": "tool_result", "content": body}]},
                "toolUseResult": {"type": "text", "file": {"numLines": body.count("\n") + 1}}})
            prompt = False
        else:
            prompt = True
            now += timedelta(seconds=rng.uniform(5, 600))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size-mb", type=float, default=520)
    parser.add_argument("--sessions", type=int, default=3000)
    parser.add_argument("--projects", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    total = int(args.size_mb * 1e6)
    start = datetime(2026, 9, 1, tzinfo=timezone.utc)
    written = 0
    for n in range(args.sessions):
        cwd = f"/home/dev/src/project{n % args.projects}"
        folder = args.out / "projects" / cwd.replace("/", "-")
        folder.mkdir(parents=True, exist_ok=True)
        sid = str(uuid.UUID(int=rng.getrandbits(128)))
        # session sizes vary a lot (long-tailed), averaging total / sessions
        target = int(rng.expovariate(1.0) * total / args.sessions)
        begin = start + timedelta(minutes=rng.uniform(0, 90 * 24 * 60))
        with open(folder / f"{sid}.jsonl", "w", encoding="utf-8") as fh:
            for line in session_lines(rng, sid, cwd, begin, target):
                fh.write(line + "\n")
                written += len(line) + 1
    print(f"wrote {args.sessions} sessions, {written / 1e6:.0f} MB, to {args.out}")


if __name__ == "__main__":
    main()
