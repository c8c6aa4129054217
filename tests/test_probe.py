"""`modelswitch test NAME`: one request per distinct model against a local server in every mode."""

import json
import socket
import time

import pytest
from anthropic_server import ERRORS, AnthropicServer
from helpers import PROBE_KEY as KEY, make_profile

from modelswitch.probe import request as probe, replies
from modelswitch.resolve import PLACEHOLDER_TOKEN


def free_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def run_json(cli_run, *args):
    result = cli_run(["test", *args, "--json"])
    assert "Traceback" not in result.stderr
    assert KEY not in result.stdout + result.stderr
    return result, json.loads(result.stdout)


def test_ok_sends_one_request_per_distinct_model_with_the_profile_auth(cli_run, store):
    with AnthropicServer(reply="hello there") as srv:
        make_profile(store, base_url=srv.base_url, model="m1", haiku="m2", sonnet="m1", opus="m2")
        result = cli_run(["test", "p"])
        sent = srv.messages()
    assert result.exit_code == 0, result.stderr
    assert KEY not in result.stdout + result.stderr
    assert sorted(r.body["model"] for r in sent) == ["m1", "m2"]
    for r in sent:
        assert r.headers["authorization"] == f"Bearer {KEY}"
        assert "x-api-key" not in r.headers
        assert r.headers["anthropic-version"] == "2023-06-01"
        assert r.body["stream"] is True and r.body["max_tokens"] <= 64
        assert r.path == "/v1/messages"
    assert "m1" in result.stdout and "m2" in result.stdout and "hello there" in result.stdout


def test_api_key_profile_sends_x_api_key(cli_run, store):
    with AnthropicServer() as srv:
        make_profile(store, base_url=srv.base_url + "/", auth="api-key")
        result, doc = run_json(cli_run, "p")
        sent = srv.messages()
    assert result.exit_code == 0
    assert sent[0].headers["x-api-key"] == KEY and "authorization" not in sent[0].headers
    model = doc["models"][0]
    assert model["ok"] and model["status"] == 200 and model["outcome"] == "ok"
    assert 0 <= model["ttft"] <= model["total"]
    assert model["roles"] == ["main"]


def test_ttft_and_total_reflect_the_server_delays(cli_run, store):
    with AnthropicServer(delay=0.2, token_delay=0.15, reply="a b c") as srv:
        make_profile(store, base_url=srv.base_url)
        _, doc = run_json(cli_run, "p")
    model = doc["models"][0]
    assert model["ttft"] >= 0.2  # the delay before the first byte
    assert model["total"] >= model["ttft"] + 0.4  # three deltas, each followed by 0.15 s


@pytest.mark.parametrize("mode, outcome", [
    ("401", replies.KEY_REFUSED), ("403", replies.KEY_REFUSED), ("404", replies.UNKNOWN_MODEL),
    ("429", replies.RATE_LIMITED), ("500", replies.SERVER_ERROR),
])
def test_error_statuses_are_classified_with_the_provider_message(cli_run, store, mode, outcome):
    status, _kind, message = ERRORS[mode]
    with AnthropicServer(mode=mode) as srv:
        make_profile(store, base_url=srv.base_url)
        result, doc = run_json(cli_run, "p")
        table = cli_run(["test", "p"])
    assert result.exit_code == 1
    model = doc["models"][0]
    assert (model["outcome"], model["status"]) == (outcome, status)
    assert message in model["message"]
    assert doc["ok"] is False
    assert table.exit_code == 1 and outcome in table.stdout and "hint" in table.stdout


@pytest.mark.parametrize("mode", ["malformed", "html"])
def test_replies_that_are_not_the_messages_api_are_named_so(cli_run, store, mode):
    with AnthropicServer(mode=mode) as srv:
        make_profile(store, base_url=srv.base_url)
        result, doc = run_json(cli_run, "p")
    assert result.exit_code == 1
    assert doc["models"][0]["outcome"] == replies.NOT_ANTHROPIC
    assert doc["models"][0]["status"] == 200


def test_error_event_inside_the_stream_is_a_server_error(cli_run, store):
    with AnthropicServer(mode="overloaded") as srv:
        make_profile(store, base_url=srv.base_url)
        result, doc = run_json(cli_run, "p")
    assert result.exit_code == 1
    assert doc["models"][0]["outcome"] == replies.SERVER_ERROR
    assert "Overloaded" in doc["models"][0]["message"]


def test_slow_server_times_out_within_the_limit(cli_run, store):
    with AnthropicServer(mode="slow", delay=3) as srv:
        make_profile(store, base_url=srv.base_url)
        started = time.monotonic()
        result, doc = run_json(cli_run, "p", "--timeout", "0.4")
        elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert doc["models"][0]["outcome"] == replies.TIMEOUT
    assert elapsed < 2


def test_connection_refused_is_cannot_connect(cli_run, store):
    make_profile(store, base_url=f"http://127.0.0.1:{free_port()}")
    result, doc = run_json(cli_run, "p")
    assert result.exit_code == 1
    assert doc["models"][0]["outcome"] == replies.CANNOT_CONNECT
    assert doc["models"][0]["status"] is None


def test_https_to_a_plain_http_server_is_a_tls_error(cli_run, store):
    with AnthropicServer() as srv:
        make_profile(store, base_url=f"https://127.0.0.1:{srv.port}")
        result, doc = run_json(cli_run, "p", "--timeout", "5")
    assert result.exit_code == 1
    assert doc["models"][0]["outcome"] == replies.TLS_ERROR


def test_a_key_echoed_by_the_provider_is_masked(cli_run, store):
    with AnthropicServer(mode="401-echo") as srv:
        make_profile(store, base_url=srv.base_url)
        for args in (["test", "p"], ["test", "p", "--json"]):
            result = cli_run(args)
            assert result.exit_code == 1
            assert KEY not in result.stdout + result.stderr
            assert KEY[-4:] in result.stdout  # the masked form is still there to recognise


def test_one_failing_model_fails_the_command(cli_run, store):
    with AnthropicServer() as srv:
        make_profile(store, base_url=srv.base_url, model="good", haiku="bad")
        srv.state.mode = "ok"
        result, doc = run_json(cli_run, "p")
        assert result.exit_code == 0
        srv.state.mode = "404"
        result, doc = run_json(cli_run, "p")
    assert result.exit_code == 1
    assert [m["outcome"] for m in doc["models"]] == [replies.UNKNOWN_MODEL] * 2


def test_profile_without_models_tests_the_claude_default(cli_run, store):
    with AnthropicServer() as srv:
        make_profile(store, base_url=srv.base_url, model="")
        result = cli_run(["test", "p"])
        sent = srv.messages()
    assert result.exit_code == 0
    assert [r.body["model"] for r in sent] == [probe.DEFAULT_MODEL]
    assert "no model configured" in result.stdout


def test_keyless_profile_sends_the_placeholder_token(cli_run, store):
    with AnthropicServer() as srv:
        make_profile(store, key=None, base_url=srv.base_url, key_source="none")
        result = cli_run(["test", "p"])
        sent = srv.messages()
    assert result.exit_code == 0
    assert sent[0].headers["authorization"] == f"Bearer {PLACEHOLDER_TOKEN}"


def test_env_key_source_is_used(cli_run, store, monkeypatch):
    monkeypatch.setenv("PROBE_TEST_KEY", KEY)
    with AnthropicServer() as srv:
        make_profile(store, key=None, base_url=srv.base_url, key_source="env:PROBE_TEST_KEY")
        result = cli_run(["test", "p"])
        sent = srv.messages()
    assert result.exit_code == 0
    assert sent[0].headers["authorization"] == f"Bearer {KEY}"


def test_missing_key_is_an_error_before_any_request(cli_run, store):
    with AnthropicServer() as srv:
        make_profile(store, key=None, base_url=srv.base_url)
        result = cli_run(["test", "p"])
        sent = srv.messages()
    assert result.exit_code == 1
    assert sent == []
    assert result.stderr.startswith("modelswitch: ") and "key set p" in result.stderr


def test_unknown_profile_and_cloud_profile_are_errors(cli_run, store):
    result = cli_run(["test", "nosuch"])
    assert result.exit_code == 1 and "no profile named 'nosuch'" in result.stderr
    make_profile(store, name="aws", key=None, key_source="none",
                 env={"CLAUDE_CODE_USE_BEDROCK": "1"})
    result = cli_run(["test", "aws"])
    assert result.exit_code == 1 and "Bedrock" in result.stderr
    assert "Traceback" not in result.stderr


def test_plain_http_goes_through_http_proxy(cli_run, store, monkeypatch):
    with AnthropicServer() as proxy:
        for var in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(var, raising=False)
        monkeypatch.setenv("http_proxy", proxy.base_url)
        make_profile(store, base_url="http://upstream.invalid:9/anthropic")
        result = cli_run(["test", "p"])
        paths = [r.path for r in proxy.requests]
    assert result.exit_code == 0, result.stdout
    assert paths == ["http://upstream.invalid:9/anthropic/v1/messages"]


def test_timeout_must_be_positive(cli_run, store):
    make_profile(store, base_url="http://127.0.0.1:9")
    result = cli_run(["test", "p", "--timeout", "0"])
    assert result.exit_code == 2


def test_https_goes_through_a_connect_tunnel(cli_run, store, monkeypatch):
    """HTTPS_PROXY gets a CONNECT for the provider's host; a refused tunnel cannot connect."""
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    seen = []

    def proxy():
        conn, _ = listener.accept()
        seen.append(conn.recv(4096).decode().splitlines()[0])
        conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        conn.close()

    thread = threading.Thread(target=proxy, daemon=True)
    thread.start()
    for var in ("no_proxy", "NO_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{listener.getsockname()[1]}")
    make_profile(store, base_url="https://api.upstream.invalid/anthropic")
    result, doc = run_json(cli_run, "p", "--timeout", "5")
    thread.join(5)
    listener.close()
    assert seen and seen[0].startswith("CONNECT api.upstream.invalid:443 HTTP/")
    assert doc["models"][0]["outcome"] == replies.CANNOT_CONNECT
    assert result.exit_code == 1
