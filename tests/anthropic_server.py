"""A small Anthropic-compatible server for tests (stdlib only, 127.0.0.1, port 0).

It records every request (method, path, headers, JSON body) and answers
POST /v1/messages with a valid SSE stream (message_start ... message_stop), or one JSON
message when "stream" is false. `mode` picks a failure to simulate:

  ok          normal reply (text = `reply`)
  401 / 403   authentication / permission error (JSON error body)
  404         unknown model (not_found_error)
  429         rate limited
  500         server error
  slow        sleeps `delay` seconds before answering (tests use it to exceed --timeout)
  malformed   200 with text/event-stream content that is not valid SSE JSON
  html        200 with an HTML page (not an Anthropic-compatible reply)
  401-echo    401 whose error message echoes the credential header back (key scrubbing)
  overloaded  200 event stream: message_start, then an `error` event (overloaded_error)
  hostile     400 whose error type and message carry terminal escapes (OSC 52 clipboard
              write, clear screen, BEL, CR, bidi override): HOSTILE_MESSAGE
  tool        the first turn answers with a `tool_use` of the Bash tool running `tool_command`
              (or of `tool_name` with `tool_input`: "Agent" starts a subagent, SUBAGENT_MARKER);
              once the request carries its `tool_result`, that text is kept in `tool_results`
              and the reply is plain text (what Claude's subprocesses see, for leak tests)

Every POST gets a unique message id (msg_<random>_0001, ...)
and a `request-id` header (req_<random>_0001, ...),
and its usage reports input_tokens, output_tokens, cache_write_tokens and cache_read_tokens
as set: claude's transcripts keep both ids, and usage deduplicates by them.

`delay` (seconds) is also applied before the first byte in ok mode (`model_delays` sets it
per model id), and
`token_delay` between content deltas, so benchmarks can tell servers apart.
Use as a context manager or through the `anthropic_server` fixture.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: dict | None


@dataclass
class ServerState:
    mode: str = "ok"
    reply: str = "pong"
    delay: float = 0.0
    model_delays: dict = field(default_factory=dict)  # model id -> delay, overrides `delay`
    token_delay: float = 0.0
    input_tokens: int = 12
    output_tokens: int = 5
    cache_write_tokens: int = 0  # usage.cache_creation_input_tokens
    cache_read_tokens: int = 0  # usage.cache_read_input_tokens
    id_prefix: str = field(default_factory=lambda: secrets.token_hex(3) + "_")
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))  # msg_0001, req_0001
    tool_command: str = "env"
    tool_name: str = "Bash"  # "Agent" (with tool_input) makes claude start a subagent
    tool_input: dict | None = None
    tool_results: list[str] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)


# A subagent's first message carries its prompt: put this in an Agent tool_input's prompt so
# the server answers the subagent in plain text instead of asking for the tool again.
SUBAGENT_MARKER = "SUBAGENT_MARKER"


def _usage(state: "ServerState", output_tokens: int) -> dict:
    return {"input_tokens": state.input_tokens, "output_tokens": output_tokens,
            "cache_creation_input_tokens": state.cache_write_tokens,
            "cache_read_input_tokens": state.cache_read_tokens}


def _sse(event: str, data: dict) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


HOSTILE_MESSAGE = ("model \x1b]52;c;aGFja2Vk\x07 not found\x1b[2J\rmore\u202etxt.exe"
                   "\x08\x9b31m")

ERRORS = {
    "401": (401, "authentication_error", "invalid x-api-key"),
    "403": (403, "permission_error", "this key may not use this model"),
    "404": (404, "not_found_error", "model: no such model"),
    "429": (429, "rate_limit_error", "rate limit exceeded, slow down"),
    "500": (500, "api_error", "internal server error"),
}


def _tool_result(body: dict) -> str | None:
    """The text of the last tool_result block in the request's messages, if any."""
    found = None
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        for block in content if isinstance(content, list) else []:
            if isinstance(block, dict) and block.get("type") == "tool_result":
                inner = block.get("content")
                if isinstance(inner, list):
                    inner = "".join(b.get("text", "") for b in inner if isinstance(b, dict))
                found = str(inner)
    return found


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _record(self) -> dict | None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.state.requests.append(Recorded(self.command, self.path, headers, body))
        return body

    def send_response(self, code, message=None) -> None:
        super().send_response(code, message)
        if getattr(self, "message_id", None):  # claude stores it as the transcript's requestId
            self.send_header("request-id", "req_" + self.message_id[4:])

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_HEAD(self) -> None:
        self._record()
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._record()
        self._send(200, "application/json", b'{"data": []}')

    def do_POST(self) -> None:
        body = self._record() or {}
        state = self.server.state
        # count() is atomic, so threads are safe; the prefix keeps two servers' ids apart
        self.message_id = f"msg_{state.id_prefix}{next(state.ids):04d}"
        delay = state.model_delays.get(body.get("model"), state.delay)
        if delay or state.mode == "slow":
            time.sleep(delay if delay else 5.0)
        if state.mode == "401-echo":
            sent = self.headers.get("x-api-key") or self.headers.get("authorization", "")
            error = {"type": "error", "error": {"type": "authentication_error",
                                                "message": f"invalid credential {sent!r}"}}
            return self._send(401, "application/json", json.dumps(error).encode())
        if state.mode == "overloaded":
            start = {"type": "message_start", "message": {"id": "msg_test", "type": "message",
                     "role": "assistant", "model": body.get("model", ""), "content": [],
                     "usage": {"input_tokens": state.input_tokens, "output_tokens": 1}}}
            error = {"type": "error",
                     "error": {"type": "overloaded_error", "message": "Overloaded"}}
            return self._send(200, "text/event-stream",
                              _sse("message_start", start) + _sse("error", error))
        if state.mode == "hostile":
            error = {"type": "error", "error": {"type": "invalid_request_error\x1b[5m",
                                                "message": HOSTILE_MESSAGE}}
            return self._send(400, "application/json", json.dumps(error).encode())
        if state.mode in ERRORS:
            status, kind, message = ERRORS[state.mode]
            error = {"type": "error", "error": {"type": kind, "message": message}}
            return self._send(status, "application/json", json.dumps(error).encode())
        if state.mode == "html":
            return self._send(200, "text/html", b"<html><body>Welcome to nginx!</body></html>")
        if state.mode == "malformed":
            return self._send(200, "text/event-stream", b"event: message_start\ndata: {not json\n\n")
        if "/count_tokens" in self.path:
            return self._send(200, "application/json", json.dumps({"input_tokens": state.input_tokens}).encode())
        model = body.get("model", "unknown")
        if state.mode == "tool" and body.get("stream"):
            if SUBAGENT_MARKER in json.dumps(body.get("messages", [])[:1]):
                return self._stream(model)  # the subagent's own turn: a plain answer
            result = _tool_result(body)
            if result is None:
                return self._stream_tool_use(model)
            state.tool_results.append(result)
        if body.get("stream"):
            return self._stream(model)
        message = {
            "id": self.message_id, "type": "message", "role": "assistant", "model": model,
            "content": [{"type": "text", "text": state.reply}], "stop_reason": "end_turn",
            "stop_sequence": None, "usage": _usage(state, state.output_tokens),
        }
        self._send(200, "application/json", json.dumps(message).encode())

    def _stream_tool_use(self, model: str) -> None:
        state = self.server.state
        self._start_stream()
        tool_input = json.dumps(state.tool_input or {"command": state.tool_command,
                                                     "description": "print the environment"})
        for event, data in (
            ("message_start", {"type": "message_start", "message": {
                "id": self.message_id, "type": "message", "role": "assistant", "model": model,
                "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": _usage(state, 1)}}),
            ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {
                "type": "tool_use", "id": "toolu_test1", "name": state.tool_name, "input": {}}}),
            ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                     "delta": {"type": "input_json_delta", "partial_json": tool_input}}),
            ("content_block_stop", {"type": "content_block_stop", "index": 0}),
            ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use",
                                                                  "stop_sequence": None},
                               "usage": {"output_tokens": state.output_tokens}}),
            ("message_stop", {"type": "message_stop"})):
            self.wfile.write(_sse(event, data))
        self.wfile.flush()

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _stream(self, model: str) -> None:
        state = self.server.state
        self._start_stream()
        events = [_sse("message_start", {"type": "message_start", "message": {
            "id": self.message_id, "type": "message", "role": "assistant", "model": model,
            "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": _usage(state, 1)}}),
            _sse("content_block_start", {"type": "content_block_start", "index": 0,
                                         "content_block": {"type": "text", "text": ""}})]
        for event in events:
            self.wfile.write(event)
        self.wfile.flush()
        words = state.reply.split(" ") or [""]
        for i, word in enumerate(words):
            text = word if i == 0 else " " + word
            self.wfile.write(_sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                          "delta": {"type": "text_delta", "text": text}}))
            self.wfile.flush()
            if state.token_delay:
                time.sleep(state.token_delay)
        self.wfile.write(_sse("content_block_stop", {"type": "content_block_stop", "index": 0}))
        self.wfile.write(_sse("message_delta", {"type": "message_delta",
                                                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                                "usage": {"output_tokens": state.output_tokens}}))
        self.wfile.write(_sse("message_stop", {"type": "message_stop"}))
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: ServerState


class AnthropicServer:
    """with AnthropicServer(mode="ok") as srv: srv.base_url, srv.requests"""

    def __init__(self, **state):
        self.state = ServerState(**state)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def requests(self) -> list[Recorded]:
        return self.state.requests

    def messages(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST" and r.path.startswith("/v1/messages")
                and "count_tokens" not in r.path]

    def __enter__(self) -> "AnthropicServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
