"""Validation of the things users type: profile names, URLs, env keys, key sources.

The same rules apply wherever a value comes from: flags (add/edit), profile files on load,
shared files (import) and migrated settings files. Everything here raises UsageError;
profiles.from_dict turns that into a schema error naming the file, line and column.
"""

from urllib.parse import urlsplit

from ..errors import UsageError
from ..lazy_re import LazyPattern

NAME_RE = LazyPattern(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# Windows opens the device, not a file, for these names, with any extension (nul.x too).
WINDOWS_DEVICE_RE = LazyPattern(r"(?i)(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(?:\..*)?")
ENV_KEY_RE = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*")
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
AUTH_STYLES = ("bearer", "api-key")
KEY_FLAGS = "--key-stdin, --key-env VAR or --key-cmd CMD"

# Variables that carry or select a credential. Keys never go in profile files (the key
# source does that), so [env] may not set them; nor anything named like one (below).
CREDENTIAL_ENV_NAMES = (
    "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "ANTHROPIC_CUSTOM_HEADERS",
    "ANTHROPIC_FOUNDRY_API_KEY", "ANTHROPIC_FOUNDRY_AUTH_TOKEN",
    "ANTHROPIC_IDENTITY_TOKEN", "ANTHROPIC_IDENTITY_TOKEN_FILE",
    "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_CODE_OAUTH_REFRESH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR", "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR",
    "CLAUDE_CODE_GATEWAY_TOKEN_FILE_DESCRIPTOR", "CLAUDE_CODE_SESSION_ACCESS_TOKEN",
    "AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS",
)
# The naming rule: a word TOKEN, KEY, APIKEY, SECRET..., PASSWORD or CREDENTIALS in the name
# (MAX_THINKING_TOKENS is fine: TOKENS is not the word TOKEN).
CREDENTIAL_NAME_RE = LazyPattern(
    r"(?:^|_)(?:TOKEN|KEY|APIKEY|SECRET[A-Z]*|PASSWORD|PASSWD|CREDENTIALS?)(?:_|$)")

# Values Claude Code puts inside a URL it builds, e.g. https://${CLOUD_ML_REGION}-aiplatform
# .googleapis.com, bedrock-runtime.${AWS_REGION}.amazonaws.com, ${RESOURCE}.services.ai
# .azure.com, .../projects/${ANTHROPIC_VERTEX_PROJECT_ID}/...: only their real shape is
# accepted, so a value like `127.0.0.1:8080/x#` cannot send the user's cloud token elsewhere.
# Region: lowercase words joined by '-', optionally ending in a number (us-east5, global,
# europe-west1, us-gov-west-1, eu).
REGION_RE = LazyPattern(r"[a-z]{2,}(?:-[a-z]+)*(?:-?[0-9]{1,2})?")
REGION_VARS = ("CLOUD_ML_REGION", "AWS_REGION", "AWS_DEFAULT_REGION",
               "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION")
# GCP project id (6-30 chars), optionally domain-scoped (example.com:my-project).
PROJECT_RE = LazyPattern(r"(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]")
# An Azure resource name: letters, digits and inner hyphens.
RESOURCE_RE = LazyPattern(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?")
URL_VARS = ("ANTHROPIC_BEDROCK_BASE_URL", "ANTHROPIC_VERTEX_BASE_URL",
            "ANTHROPIC_FOUNDRY_BASE_URL")
HOST_RE = LazyPattern(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.)*"
                     r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.?")
AUTHORITY_RE = LazyPattern(r"(\[[^\[\]]*\]|[^\[\]:]*)(?::([0-9]{1,5}))?")
# Largest context window accepted: today's largest are ~10M tokens; 100M leaves room and
# still catches typos and overflowed numbers (1e30, 10**12) that claude would mis-handle.
MAX_CONTEXT_WINDOW = 100_000_000
# Prices are USD per million tokens; the dearest real models are a few hundred.
MAX_PRICE = 100_000


def check_name(name: str) -> str:
    if not NAME_RE.fullmatch(name or ""):
        raise UsageError(
            f"invalid profile name {name!r}",
            "use 1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    if WINDOWS_DEVICE_RE.fullmatch(name):
        raise UsageError(f"invalid profile name {name!r}: a Windows device name",
                         "CON, PRN, AUX, NUL, COM1-9 and LPT1-9 (with any extension) are not "
                         "files on Windows; pick another name")
    return name


def bad_char(value: str) -> str | None:
    """A description of the first control, format or unencodable character, else None."""
    if value.isascii():
        for c in value:
            if ord(c) < 32 or ord(c) == 127:
                return f"a control character (U+{ord(c):04X})"
        return None
    import unicodedata

    for c in value:
        category = unicodedata.category(c)
        if category == "Cs":  # how Python spells a byte that is not UTF-8 (argv, os.environ)
            return "bytes that are not UTF-8 text"
        # Cc/Cf: controls, escapes, bidi and zero-width marks; Zl/Zp: line breaks;
        # Co/Cn: private-use and unassigned code points.
        if category in ("Cc", "Cf", "Co", "Cn", "Zl", "Zp"):
            return f"an invisible or control character (U+{ord(c):04X})"
    return None


def check_text(label: str, value: str) -> str:
    """One line of printable text (descriptions, model ids, env values)."""
    problem = bad_char(value)
    if problem:
        raise UsageError(f"{label} holds {problem}",
                         "remove it: values must be one line of printable UTF-8 text")
    return value


CAPABILITIES_RE = LazyPattern(r"[A-Za-z0-9_-]+(?: *, *[A-Za-z0-9_-]+)*")
MAX_PICKER_TEXT = 200


def check_picker_text(key: str, value: str, label: str | None = None) -> str:
    """/model picker text (`opus_name`, `fable_description`, `custom_model_capabilities`):
    one short printable line; capabilities are a comma-separated list of words."""
    label = label or key
    check_text(label, value)
    if len(value) > MAX_PICKER_TEXT:
        raise UsageError(f"{label} is longer than {MAX_PICKER_TEXT} characters", "shorten it")
    if key.endswith("_capabilities") and value and not CAPABILITIES_RE.fullmatch(value.strip()):
        raise UsageError(f"{label} must be a comma-separated list of capability words, got {value!r}",
                         "e.g. thinking,effort (see README: Model tiers)")
    return value


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


def env_name_problem(key: str) -> tuple[str, str] | None:
    """(why, hint) when [env] may not set `key`, else None. Case-insensitive: Windows is."""
    from .schema import FIELD_VARS
    from ..resolve import MANAGED_VARS

    upper = key.upper()
    owner = FIELD_VARS.get(upper)
    if upper.startswith("MODELSWITCH_"):
        return "modelswitch sets its own variables", "leave MODELSWITCH_* out of [env]"
    if owner and not owner.startswith("key_source"):
        flag = "--" + owner.replace("_", "-") if owner.isidentifier() else ""
        hint = f"use {flag} ({owner} in a profile file)" if flag else f"it comes from {owner}"
        return f"it comes from {owner}", hint
    if upper in CREDENTIAL_ENV_NAMES or CREDENTIAL_NAME_RE.search(upper):
        return ("it carries a credential (keys never go in profile files)",
                f"give the key with {KEY_FLAGS}; keep cloud credentials in their own config")
    if key != upper and upper in MANAGED_VARS:
        return f"it is a spelling of {upper}, which modelswitch manages", f"use {upper}"
    return None


def check_env(key: str, value: str, in_file: bool = False) -> list[str]:
    """Every rule for one [env] entry; returns URL warnings.

    A value from a flag, a shared file or a migration is one line of printable text. One
    already in a profile file may hold any character but NUL (the renderers quote it
    exactly: tests/integration/test_shells_roundtrip.py), except in URL-bound variables.
    """
    check_env_key(key)
    refused = env_name_problem(key)
    where = f"env.{key}" if in_file else f"--env {key}"
    if refused:
        raise UsageError(f"{where} is not allowed: {refused[0]}", refused[1])
    if not in_file:
        check_text(where, value)
    elif "\x00" in value or "bytes that are not UTF-8" in (bad_char(value) or ""):
        raise UsageError(f"{where} holds a NUL byte or bytes that are not UTF-8", "remove them")
    return check_url_value(key, value)


def check_url_value(key: str, value: str) -> list[str]:
    """Shape rules for variables whose value Claude Code puts in a URL."""
    upper = key.upper()
    if value == "":
        return []
    if upper in REGION_VARS or upper.startswith("VERTEX_REGION_"):
        shape, example = REGION_RE, "us-east5, europe-west1 or global"
    elif upper == "ANTHROPIC_VERTEX_PROJECT_ID":
        shape, example = PROJECT_RE, "my-project-123"
    elif upper == "ANTHROPIC_FOUNDRY_RESOURCE":
        shape, example = RESOURCE_RE, "my-foundry-resource"
    elif upper in URL_VARS or upper.endswith("_BASE_URL"):
        return check_url(value, key)
    else:
        return []
    if len(value) > 63 or not shape.fullmatch(value):
        raise UsageError(f"invalid {key} {value!r}: Claude Code puts it in a URL",
                         f"give its plain value, e.g. {example}")
    return []


def _url_problem(url: str) -> str | None:
    """Why `url` is not a plain http(s) URL with a host, or None."""
    if any(c.isspace() for c in url):
        return "it contains white space"
    if bad_char(url) or not url.isascii():
        return "it holds a non-ASCII, invisible or control character"
    if "\\" in url:
        return "it holds a backslash (browsers and Node read it as '/')"
    if "?" in url or "#" in url:
        return "it has a query or fragment (Claude Code appends /v1/messages to it)"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "it cannot be parsed"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "give an http(s) URL with a host"
    if "@" in parts.netloc:
        return "it holds a user name or password (user@host)"
    match = AUTHORITY_RE.fullmatch(parts.netloc)
    if not match:
        return "its host or port is invalid"
    host, port = match.groups()
    if port is not None and not 0 < int(port) < 65536:
        return f"port {port} is out of range"
    if host.startswith("["):
        import ipaddress

        try:
            ipaddress.IPv6Address(host[1:-1])
            if "%" in host:
                raise ValueError("zone id")
        except ValueError:
            return f"{host} is not an IPv6 address"
    elif not HOST_RE.fullmatch(host):
        return f"{host!r} is not a host name"
    return None


def check_url(url: str, label: str = "base URL") -> list[str]:
    """Raise on an unusable URL; return warnings for a suspicious one. Never hangs."""
    if url == "":
        return []
    problem = _url_problem(url)
    if problem:
        raise UsageError(f"invalid {label} {url!r}: {problem}",
                         "give an http(s) URL with a host, e.g. https://api.moonshot.ai/anthropic")
    parts = urlsplit(url)
    warnings = []
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        warnings.append(f"{label} {url} uses plain http to a non-loopback host: "
                        "the key travels unencrypted")
    if parts.path.rstrip("/").endswith("/v1"):
        warnings.append(
            f"{label} {url} ends in /v1: Claude Code appends /v1/messages itself, so this is almost always wrong"
        )
    return warnings


def check_context_window(value, label: str = "context_window") -> int:
    """A positive whole number of tokens, at most MAX_CONTEXT_WINDOW."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_CONTEXT_WINDOW:
        raise UsageError(f"{label} must be a positive whole number of tokens, at most "
                         f"{MAX_CONTEXT_WINDOW:,}, got {value!r}", "e.g. 262144")
    return value


def check_price(value, label: str) -> float:
    """A finite price from 0 to MAX_PRICE (USD per million tokens)."""
    ok = not isinstance(value, bool) and isinstance(value, (int, float))
    if not ok or not 0 <= value <= MAX_PRICE:  # NaN fails both comparisons
        raise UsageError(f"{label} must be a number from 0 to {MAX_PRICE} (USD per million "
                         f"tokens), got {value!r}", "e.g. 0.60")
    return value


def check_auth(auth: str) -> str:
    if auth not in AUTH_STYLES:
        raise UsageError(f"invalid auth style {auth!r}",
                         "use 'bearer' (ANTHROPIC_AUTH_TOKEN) or 'api-key' (ANTHROPIC_API_KEY)")
    return auth


def check_key_source(source: str) -> str:
    """keys.source.KeySource.parse() (the one parser) plus the rules for what it holds."""
    from modelswitch.keys.source import KeySource

    parsed = KeySource.parse(source)
    if parsed.kind == "env":
        check_env_key(parsed.value)
    elif parsed.kind == "cmd":
        check_text("the key command", parsed.value)
    return source
