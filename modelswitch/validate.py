"""Validation of the things users type: profile names, URLs, env keys, key sources."""

import re
from urllib.parse import urlsplit

from .errors import UsageError

NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
ENV_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
AUTH_STYLES = ("bearer", "api-key")


def check_name(name: str) -> str:
    if not NAME_RE.fullmatch(name or ""):
        raise UsageError(
            f"invalid profile name {name!r}",
            "use 1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    return name


def check_env_key(key: str) -> str:
    if not ENV_KEY_RE.fullmatch(key or ""):
        raise UsageError(
            f"invalid environment variable name {key!r}",
            "names are letters, digits and '_', not starting with a digit",
        )
    return key


def parse_env_assignment(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise UsageError(f"--env expects KEY=VALUE, got {text!r}", "e.g. --env API_TIMEOUT_MS=600000")
    return check_env_key(key), value


def check_url(url: str) -> list[str]:
    """Raise on an unusable base URL; return warnings for a suspicious one."""
    if url == "":
        return []
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"invalid base URL {url!r}",
            "give an http(s) URL with a host, e.g. https://api.moonshot.ai/anthropic",
        )
    if any(c.isspace() for c in url):
        raise UsageError(f"invalid base URL {url!r}: it contains white space", "remove the spaces")
    warnings = []
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        warnings.append(f"base URL {url} uses plain http to a non-loopback host: the key travels unencrypted")
    if parts.path.rstrip("/").endswith("/v1"):
        warnings.append(
            f"base URL {url} ends in /v1: Claude Code appends /v1/messages itself, so this is almost always wrong"
        )
    return warnings


def check_auth(auth: str) -> str:
    if auth not in AUTH_STYLES:
        raise UsageError(f"invalid auth style {auth!r}",
                         "use 'bearer' (ANTHROPIC_AUTH_TOKEN) or 'api-key' (ANTHROPIC_API_KEY)")
    return auth


def check_key_source(source: str) -> str:
    if source in ("keyring", "none"):
        return source
    kind, sep, rest = source.partition(":")
    if sep and kind == "env":
        check_env_key(rest)
        return source
    if sep and kind == "cmd" and rest.strip():
        return source
    raise UsageError(
        f"invalid key source {source!r}",
        "use 'keyring', 'env:VARIABLE', 'cmd:COMMAND' or 'none'",
    )
