"""Classifying replies and reading the event stream, without a server."""

import io
import json

import pytest

from modelswitch.probe import replies
from modelswitch.probe.request import ProbeResult, excerpt, models_to_test
from modelswitch.profile.schema import Profile
from modelswitch.probe.replies import ReplyError, classify_reply, read_stream


def sse(*events):
    return io.BytesIO(b"".join(f"event: {name}\r\ndata: {json.dumps(data)}\r\n\r\n".encode()
                               for name, data in events))


START = ("message_start", {"type": "message_start",
                           "message": {"usage": {"input_tokens": 7, "output_tokens": 1}}})
DELTA = ("content_block_delta", {"type": "content_block_delta", "delta": {"text": "hi"}})
STOP = ("message_stop", {"type": "message_stop"})


def read(stream):
    result = ProbeResult(model="m", outcome=replies.OK)
    read_stream(stream, None, deadline=1e12, start=0.0, result=result)
    return result


def test_stream_gives_tokens_reply_and_times_ignoring_pings_and_comments():
    body = sse(START, ("ping", {"type": "ping"}), DELTA, DELTA,
               ("message_delta", {"type": "message_delta", "usage": {"output_tokens": 9}}), STOP)
    body = io.BytesIO(b": a comment\n\n" + body.getvalue())
    result = read(body)
    assert (result.input_tokens, result.output_tokens, result.reply) == (7, 9, "hihi")
    assert result.ttft is not None and result.total >= result.ttft


def test_data_split_over_several_lines_is_joined():
    raw = (b"event: message_start\ndata: {\"type\": \"message_start\",\ndata: \"message\": {}}\n\n"
           + sse(DELTA, STOP).getvalue())
    assert read(io.BytesIO(raw)).reply == "hi"


@pytest.mark.parametrize("events, outcome", [
    ([START, ("error", {"type": "error", "error": {"type": "overloaded_error",
                                                  "message": "busy"}})], replies.SERVER_ERROR),
    ([START, ("error", {"type": "error", "error": {"type": "rate_limit_error",
                                                  "message": "slow"}})], replies.RATE_LIMITED),
    ([DELTA, STOP], replies.NOT_ANTHROPIC),   # no message_start
    ([START, DELTA], replies.SERVER_ERROR),   # cut off before message_stop
    ([], replies.NOT_ANTHROPIC),              # empty
])
def test_broken_streams(events, outcome):
    with pytest.raises(ReplyError) as info:
        read(sse(*events))
    assert info.value.outcome == outcome


def test_non_json_data_is_malformed():
    with pytest.raises(ReplyError) as info:
        read(io.BytesIO(b"event: message_start\ndata: {nope\n\n"))
    assert info.value.outcome == replies.NOT_ANTHROPIC and "malformed" in info.value.message


def error_body(kind, message):
    return json.dumps({"type": "error", "error": {"type": kind, "message": message}}).encode()


@pytest.mark.parametrize("status, body, outcome", [
    (400, error_body("invalid_request_error", "model 'x' is not supported"), replies.UNKNOWN_MODEL),
    (400, error_body("invalid_request_error", "max_tokens too large"), replies.REJECTED),
    (400, error_body("not_found_error", "nope"), replies.UNKNOWN_MODEL),
    (402, json.dumps({"error": {"message": "Insufficient Balance"}}).encode(), replies.REJECTED),
    (404, error_body("not_found_error", "model: x"), replies.UNKNOWN_MODEL),
    (404, b"<html><h1>404 Not Found</h1></html>", replies.NOT_ANTHROPIC),
    (529, error_body("overloaded_error", "Overloaded"), replies.SERVER_ERROR),
    (502, b"Bad Gateway", replies.SERVER_ERROR),
    (401, b"Unauthorized", replies.KEY_REFUSED),
    (200, b"{}", replies.NOT_ANTHROPIC),
    (301, b"", replies.NOT_ANTHROPIC),
])
def test_error_replies(status, body, outcome):
    assert classify_reply(status, "application/json", body, "/v1/messages").outcome == outcome


def test_provider_message_is_kept_and_html_stripped():
    err = classify_reply(429, "application/json", error_body("rate_limit_error", "slow down"), "/")
    assert "slow down" in err.message
    err = classify_reply(200, "text/html", b"<html><body>Welcome to nginx!</body></html>", "/")
    assert "Welcome to nginx!" in err.message and "<body>" not in err.message


def test_excerpt_masks_the_key_and_truncates():
    key = "sk-test-abcdefghijklmnopqrstuvwxyz"
    text = excerpt(f"bad key {key}\n\n" + "x" * 500, key)
    assert key not in text and "\n" not in text and len(text) <= 160


def test_models_are_deduplicated_with_their_roles():
    p = Profile(name="p", model="a", haiku="b", sonnet="a", opus="a", subagent="b")
    assert models_to_test(p) == [("a", ["main", "sonnet", "opus"]), ("b", ["haiku", "subagent"])]
