"""What a Messages API reply means: outcomes, error classification, the event stream.

probe.py sends the request; this module reads what came back. An outcome is one of the
constants below; ReplyError carries a non-ok outcome and the provider's message.
"""

from __future__ import annotations

import json
import re
import time

OK = "ok"
KEY_REFUSED = "key refused"
UNKNOWN_MODEL = "unknown model"
RATE_LIMITED = "rate limited"
SERVER_ERROR = "server error"
REJECTED = "request rejected"
TIMEOUT = "timeout"
CANNOT_CONNECT = "cannot connect"
TLS_ERROR = "TLS error"
NOT_ANTHROPIC = "not an Anthropic-compatible reply"

HINTS = {
    KEY_REFUSED: "check the key (`modelswitch key set {name}`) and the auth style (bearer/api-key)",
    UNKNOWN_MODEL: "check the model ids (`modelswitch show {name}`) against the provider's list",
    RATE_LIMITED: "wait and retry, or check the account's quota and balance",
    SERVER_ERROR: "the provider failed; retry later",
    REJECTED: "read the provider's message (balance, parameters, region)",
    TIMEOUT: "retry with a larger --timeout, or check the network and proxy",
    CANNOT_CONNECT: "check the base URL's host and port, the network and HTTPS_PROXY",
    TLS_ERROR: "check the URL's scheme (https or http) and the CA certificates (SSL_CERT_FILE)",
    NOT_ANTHROPIC: "check the base URL: Claude Code appends /v1/messages to it",
}


class ReplyError(Exception):
    """A reply that arrived but is not a success: its outcome and message."""

    def __init__(self, outcome: str, message: str):
        super().__init__(message)
        self.outcome, self.message = outcome, message


def classify_error(status: int, kind: str, message: str) -> str:
    """The outcome for an error status and/or Anthropic error type."""
    if status in (401, 403) or kind in ("authentication_error", "permission_error"):
        return KEY_REFUSED
    if status == 404 or kind == "not_found_error":
        return UNKNOWN_MODEL
    if status == 429 or kind == "rate_limit_error":
        return RATE_LIMITED
    if status >= 500 or kind in ("api_error", "overloaded_error"):
        return SERVER_ERROR
    if status == 400 and "model" in message.lower():
        return UNKNOWN_MODEL
    return REJECTED


def error_fields(raw: bytes) -> tuple[str, str] | None:
    """(error type, message) from an Anthropic or OpenAI style JSON error body, else None."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    error = data.get("error", data)
    if isinstance(error, str):
        return "", error
    if not isinstance(error, dict):
        return None
    message = error.get("message") or data.get("message") or data.get("detail") or ""
    return str(error.get("type") or error.get("code") or ""), str(message)


def _joined(kind: str, message: str) -> str:
    return f"{kind}: {message}" if kind and message else kind or message


def classify_reply(status: int, content_type: str, raw: bytes, path: str,
                   location: str = "") -> ReplyError:
    """A ReplyError describing a reply that is not a 200 event stream."""
    if 300 <= status < 400:
        return ReplyError(NOT_ANTHROPIC, f"HTTP {status} redirect to {location or '?'}: "
                                         "use the final URL as the base URL")
    fields = error_fields(raw)
    if fields is None:
        plain = re.sub(r"<[^>]*>", " ", raw.decode("utf-8", "replace"))
        if status == 200:
            kind = content_type.split(";")[0] or "no content type"
            return ReplyError(NOT_ANTHROPIC, f"HTTP 200 with {kind}, not an event stream: {plain}")
        if status in (404, 405):
            return ReplyError(NOT_ANTHROPIC, f"HTTP {status} for {path}: "
                                             f"nothing serves the Messages API there: {plain}")
        return ReplyError(classify_error(status, "", plain), plain)
    kind, message = fields
    if status == 200:
        if kind or message:
            return ReplyError(classify_error(400, kind, message), _joined(kind, message))
        return ReplyError(NOT_ANTHROPIC, "HTTP 200 with JSON, not an event stream "
                                         "(stream: true was ignored)")
    return ReplyError(classify_error(status, kind, message), _joined(kind, message))


def events(response, sock, deadline: float):
    """(event name, data) pairs of a server-sent event stream, within the deadline."""
    name, data = "", []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if sock is not None:
            sock.settimeout(remaining)
        line = response.readline(65536)
        if not line:
            if data:
                yield name or "message", "\n".join(data)
            return
        line = line.decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            if data or name:
                yield name or "message", "\n".join(data)
            name, data = "", []
        elif not line.startswith(":"):
            key, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if key == "event":
                name = value
            elif key == "data":
                data.append(value)


def _payload(event: str, data: str) -> dict:
    try:
        payload = json.loads(data) if data else {}
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise ReplyError(NOT_ANTHROPIC, f"malformed event stream: the {event} event's data "
                                        f"is not a JSON object: {data}")
    return payload


def read_stream(response, sock, deadline: float, start: float, result) -> None:
    """Fill result (ttft, total, tokens, reply) from a Messages API event stream.

    Raises ReplyError for an error event or anything that is not such a stream.
    """
    started, text = False, []
    for event, data in events(response, sock, deadline):
        payload = _payload(event, data)
        kind = str(payload.get("type") or event)
        if kind == "ping":
            continue
        if kind == "error":
            error = payload.get("error") if isinstance(payload.get("error"), dict) else {}
            etype, message = str(error.get("type", "")), str(error.get("message", ""))
            raise ReplyError(classify_error(400, etype, message), _joined(etype, message))
        if not started and kind != "message_start":
            raise ReplyError(NOT_ANTHROPIC, f"the event stream does not begin with "
                                            f"message_start (got {kind})")
        if kind == "message_start":
            started = True
            usage = (payload.get("message") or {}).get("usage") or {}
            result.input_tokens = _int(usage.get("input_tokens"))
            result.output_tokens = _int(usage.get("output_tokens"))
        elif kind == "content_block_delta":
            if result.ttft is None:
                result.ttft = round(time.monotonic() - start, 4)
            text.append(str((payload.get("delta") or {}).get("text", "")))
        elif kind == "message_delta":
            output = _int((payload.get("usage") or {}).get("output_tokens"))
            result.output_tokens = output if output is not None else result.output_tokens
        elif kind == "message_stop":
            result.total = round(time.monotonic() - start, 4)
            result.reply = "".join(text)
            return
    if not started:
        raise ReplyError(NOT_ANTHROPIC, "an empty event stream")
    raise ReplyError(SERVER_ERROR, "the event stream stopped before message_stop")


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
