"""One streaming /v1/messages request, timed and classified (for `test` and `bench`).

probe() sends {model, max_tokens, stream: true, messages: [user PROMPT]} with the profile's
own auth header, reads the SSE reply and returns a ProbeResult: time to first token (the
first content_block_delta), total time (message_stop), usage tokens, and an outcome such as
"ok", "key refused" or "timeout" with the provider's error message excerpted. The key is
scrubbed from every excerpt. Standard library only (http.client, ssl), imported inside
functions so the fast path never loads them.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Mapping
from urllib.parse import urlsplit

from ..errors import ModelswitchError
from ..profile.schema import Profile
from .replies import CANNOT_CONNECT, NOT_ANTHROPIC, OK, TIMEOUT, TLS_ERROR, ReplyError, classify_reply, read_stream
from ..resolve import AUTH_VAR, CREDENTIAL_VARS, PLACEHOLDER_TOKEN, profile_values, resolve
from ..keys.store import SecretStore, mask

ANTHROPIC_URL = "https://api.anthropic.com"
ANTHROPIC_VERSION = "2023-06-01"
DEFAULT_MODEL = "claude-haiku-4-5"  # tested when a profile names no model (Claude's defaults)
CLOUD_VARS = {"CLAUDE_CODE_USE_BEDROCK": "Amazon Bedrock",
              "CLAUDE_CODE_USE_VERTEX": "Google Vertex AI",
              "CLAUDE_CODE_USE_FOUNDRY": "Microsoft Foundry"}


@dataclass
class Target:
    """Where and how to send: the full messages URL, headers, and the key (for scrubbing)."""

    url: str
    headers: dict[str, str]
    secret: str | None = field(default=None, repr=False)


@dataclass
class ProbeResult:
    model: str
    outcome: str
    roles: list[str] = field(default_factory=list)
    status: int | None = None
    ttft: float | None = None
    total: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    message: str = ""
    reply: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        return data


def excerpt(text: str, secret: str | None, limit: int = 160) -> str:
    """One line of at most `limit` characters, with the key (if echoed) masked."""
    if secret:
        text = text.replace(secret, mask(secret))
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cloud_provider(variables: Mapping[str, str | None]) -> str | None:
    """The cloud platform these variables (what resolve() decided) switch Claude Code to."""
    for var, label in CLOUD_VARS.items():
        if (variables.get(var) or "").strip() not in ("", "0", "false"):
            return label
    return None


def target_from_changes(name: str, changes: Mapping[str, str | None], auth: str) -> Target:
    """The messages URL and headers Claude Code itself would use with these Changes (what
    resolve() decided for profile `name`): ANTHROPIC_BASE_URL, and the credential variable
    it set. `auth` picks the header only when it set neither (no key, Claude's own URL)."""
    cloud = cloud_provider(changes)
    if cloud:
        raise ModelswitchError(
            f"profile {name!r} uses {cloud}, not the Anthropic API over HTTP",
            f"try it through Claude Code: `modelswitch run {name} -p ping`")
    base = (changes.get("ANTHROPIC_BASE_URL") or ANTHROPIC_URL).rstrip("/")
    credential = next((var for var in CREDENTIAL_VARS if changes.get(var)), AUTH_VAR[auth])
    token = changes.get(credential) or PLACEHOLDER_TOKEN
    if not token.isprintable() or not token.isascii():
        raise ModelswitchError(f"the key of profile {name!r} holds a line break, control "
                               "or non-ASCII character, which no HTTP header can carry",
                               f"store it again with `modelswitch key set {name}`")
    headers = {"anthropic-version": ANTHROPIC_VERSION, "content-type": "application/json",
               "accept": "text/event-stream", "user-agent": "modelswitch-probe"}
    if credential == "ANTHROPIC_API_KEY":
        headers["x-api-key"] = token
    else:
        headers["authorization"] = f"Bearer {token}"
    return Target(base + "/v1/messages", headers, None if token == PLACEHOLDER_TOKEN else token)


def target_for_profile(profile: Profile, store: SecretStore, environ=None) -> Target:
    """resolve() the profile (reads the key: KeyUnavailable if it cannot) and build the
    target from its Changes, so `test` and `bench` send what claude would be given. A cloud
    profile is refused before any key is read."""
    unkeyed = profile_values(profile, None)  # what resolve() sets, before any key is read
    if cloud_provider(unkeyed):
        target_from_changes(profile.name, unkeyed, profile.auth)  # raises
    environ = os.environ if environ is None else environ
    return target_from_changes(profile.name, resolve(profile, store, environ), profile.auth)


def models_to_test(profile: Profile) -> list[tuple[str, list[str]]]:
    """Distinct model ids with the roles that use them; Claude's default when none is set."""
    by_model: dict[str, list[str]] = {}
    for role, model in profile.models.items():
        by_model.setdefault(model, []).append(role)
    return list(by_model.items()) or [(DEFAULT_MODEL, ["default"])]


def probe(target: Target, model: str, prompt: str = "ping", max_tokens: int = 16,
          timeout: float = 30.0) -> ProbeResult:
    """Send one streaming request; never raises for network or protocol failures."""
    body = json.dumps({"model": model, "max_tokens": max_tokens, "stream": True,
                       "messages": [{"role": "user", "content": prompt}]}).encode()
    result = ProbeResult(model=model, outcome=OK)
    start = time.monotonic()
    try:
        _exchange(target, body, start + timeout, result)
    except ReplyError as exc:
        result.outcome, result.message = exc.outcome, exc.message
    except Exception as exc:  # network failures of every kind
        result.outcome, result.message = _network_failure(exc)
    if result.outcome != OK:
        result.ttft = None
    result.total = round(time.monotonic() - start, 4) if result.total is None else result.total
    result.message = excerpt(result.message, target.secret)
    result.reply = excerpt(result.reply, target.secret, 200)
    return result


def _exchange(target: Target, body: bytes, deadline: float, result: ProbeResult) -> None:
    conn, path = _connect(target.url, max(deadline - time.monotonic(), 0.001))
    try:
        start = time.monotonic()
        conn.request("POST", path, body=body, headers=target.headers)
        sock = conn.sock
        response = conn.getresponse()
        result.status = response.status
        content_type = response.getheader("content-type", "")
        if response.status == 200 and "text/event-stream" in content_type:
            read_stream(response, sock, deadline, start, result)
        else:
            raw = _read_limited(response, sock, deadline)
            raise classify_reply(response.status, content_type, raw, path,
                                 response.getheader("location") or "")
    finally:
        conn.close()


def _connect(url: str, timeout: float):
    """An unopened connection (via HTTP(S)_PROXY unless bypassed) and the request path."""
    import http.client
    import ssl

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ReplyError(CANNOT_CONNECT, f"not an http(s) URL: {url}")
    host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    proxy = _proxy_for(parts.scheme, host)
    if parts.scheme == "https":
        context = ssl.create_default_context()
        if proxy:
            conn = http.client.HTTPSConnection(proxy[0], proxy[1], timeout=timeout, context=context)
            conn.set_tunnel(host, port)
            return conn, path
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=context), path
    if proxy:
        return http.client.HTTPConnection(proxy[0], proxy[1], timeout=timeout), url
    return http.client.HTTPConnection(host, port, timeout=timeout), path


def _proxy_for(scheme: str, host: str) -> tuple[str, int] | None:
    import urllib.request

    from ..profile.validate import LOOPBACK_HOSTS

    if host in LOOPBACK_HOSTS or urllib.request.proxy_bypass_environment(host):
        return None
    proxy = urllib.request.getproxies_environment().get(scheme)
    if not proxy:
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    return (parts.hostname, parts.port or 80) if parts.hostname else None


def _read_limited(response, sock, deadline: float, limit: int = 65536) -> bytes:
    if sock is not None:
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
    return response.read(limit)


def _network_failure(exc: Exception) -> tuple[str, str]:
    import http.client
    import socket
    import ssl

    if isinstance(exc, (socket.timeout, TimeoutError)):
        return TIMEOUT, "no complete reply before the time limit"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return TLS_ERROR, f"certificate not trusted: {exc.verify_message or exc}"
    if isinstance(exc, ssl.SSLError):
        return TLS_ERROR, f"{exc.reason or exc}"
    if isinstance(exc, socket.gaierror):
        return CANNOT_CONNECT, f"host name not resolved ({exc.strerror or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return CANNOT_CONNECT, "connection refused (nothing listens on that host and port)"
    if isinstance(exc, http.client.RemoteDisconnected):
        return NOT_ANTHROPIC, "the server closed the connection without an HTTP reply"
    if isinstance(exc, http.client.HTTPException):
        return NOT_ANTHROPIC, f"not an HTTP reply ({type(exc).__name__})"
    if isinstance(exc, OSError):
        return CANNOT_CONNECT, f"{exc.strerror or exc}"
    return NOT_ANTHROPIC, f"{type(exc).__name__}: {exc}"  # scrubbed by probe()


def probe_profile(profile: Profile, store: SecretStore, environ=None, timeout: float = 30.0,
                  max_tokens: int = 16, on_result=None) -> list[ProbeResult]:
    """One tiny request per distinct model of the profile, all at once (threads), under one
    overall deadline of `timeout` seconds; `on_result(result)` is called as each completes.
    The results come back in models_to_test() order."""
    target = target_for_profile(profile, store, environ)
    return probe_models(target, models_to_test(profile), timeout, max_tokens, on_result)


def probe_models(target: Target, models: list[tuple[str, list[str]]], timeout: float,
                 max_tokens: int = 16, on_result=None) -> list[ProbeResult]:
    import threading
    from concurrent.futures import ThreadPoolExecutor, as_completed

    deadline = time.monotonic() + timeout
    lock = threading.Lock()

    def one(model: str, roles: list[str]) -> ProbeResult:
        result = probe(target, model, "ping", max_tokens, max(deadline - time.monotonic(), 0.001))
        result.roles = roles
        return result

    with ThreadPoolExecutor(max_workers=max(1, min(len(models), 8))) as pool:
        futures = [pool.submit(one, model, roles) for model, roles in models]
        for future in as_completed(futures):
            if on_result is not None:
                with lock:
                    on_result(future.result())
    return [future.result() for future in futures]
