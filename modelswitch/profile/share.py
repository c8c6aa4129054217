"""Sharing profiles: `export` writes a profile as preset-schema TOML, `import` reads one.

An exported file never holds a key: key_source stays as a reference (keyring, env:VAR)
and every importer keeps their own key. A file that carries something shaped like a key
(a key/token field, an env entry named *_KEY / *_TOKEN, or a value that looks like
sk-..., a JWT or a long random token) is refused on import, unless the user asks for it
to be moved into the keyring; it never reaches a profile file. Export refuses such a
profile too. An `env:` or `cmd:` key source in a file is never honoured: it would pick
which of the importer's secrets goes to the file's host (env:GITHUB_TOKEN) or run a command
someone else wrote; the importer passes their own key flag (keyring and none are kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import ops as profile_ops, schema as profiles
from modelswitch.profile import storage
from modelswitch.profile import validate
from ..errors import InvalidProfile, ModelswitchError, UsageError
from ..keys.prompt import KeyChoice
from ..keys.source import KeySource

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

SECRET_FIELDS = {"key", "token", "api_key", "apikey", "auth_token", "api_token", "access_token",
                 "secret", "password"}
SECRET_ENV_RE = re.compile(r"(?:^|_)(?:KEY|TOKEN|SECRET|PASSWORD|APIKEY)$")
_PREFIXED_RE = re.compile(r"(?<![A-Za-z0-9])(?:sk|rk|pk|ak)[-_][A-Za-z0-9_-]{8,}")
_JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
_RUN_RE = re.compile(r"[A-Za-z0-9]{20,}")
# The [env] names a shared file may set: Claude Code's provider settings. Any other variable
# (PROMPT_COMMAND, NODE_OPTIONS, LD_PRELOAD, PATH, HTTPS_PROXY, ANTHROPIC_BASE_URL, ...) could
# run code in the user's shell or claude, or send the key elsewhere, as a cmd: source would.
SHAREABLE_ENV_RE = re.compile(
    r"API_TIMEOUT_MS|MAX_THINKING_TOKENS|DISABLE_[A-Z0-9_]+|AWS_REGION|CLOUD_ML_REGION"
    r"|VERTEX_REGION_[A-Z0-9_]+|CLAUDE_CODE_(?:USE_[A-Z]+|DISABLE_[A-Z0-9_]+|MAX_[A-Z_]+"
    r"|SUBAGENT_MODEL|ATTRIBUTION_HEADER|AUTO_COMPACT_WINDOW|EFFORT_LEVEL)|ANTHROPIC_(?:BETAS|VERTEX_PROJECT_ID|MODEL"
    r"|SMALL_FAST_MODEL(?:_AWS_REGION)?|DEFAULT_(?:HAIKU|SONNET|OPUS)_MODEL)")
MOVE_HINT = ("remove it from the file, or pass --move-key-to-keyring to store it in the OS "
             "keyring (never in the profile)")


def looks_like_secret(value: str) -> bool:
    """sk-... / rk-... keys, JWTs, or a run of 20+ letters and digits mixing both."""
    if _PREFIXED_RE.search(value) or _JWT_RE.search(value):
        return True
    return any(re.search(r"\d", run) and re.search(r"[A-Za-z]", run)
               for run in _RUN_RE.findall(value))


@dataclass(frozen=True)
class Found:
    """Something in a profile document that looks like a key (the value is never printed)."""

    where: str        # "key", "env.ANTHROPIC_AUTH_TOKEN", "base_url"
    value: str
    movable: bool     # a key field or an env entry: it can be taken out whole


def find_secrets(data: dict) -> list[Found]:
    found = []
    for key, value in data.items():
        if key == "env" and isinstance(value, dict):
            for var, v in value.items():
                text = str(v)
                if text and (SECRET_ENV_RE.search(var.upper()) or looks_like_secret(text)):
                    found.append(Found(f"env.{var}", text, True))
        elif key.lower() in SECRET_FIELDS and value not in ("", None):
            found.append(Found(key, str(value), True))
        elif isinstance(value, str) and looks_like_secret(value):
            found.append(Found(key, value, False))
    return found


def _wheres(found: list[Found]) -> str:
    return ", ".join(f.where for f in found)


# ---------------------------------------------------------------- export
def export_text(name: str) -> str:
    """The profile as TOML, without a key; refuses a profile holding something key-shaped."""
    import tomli_w

    profile = profiles.load_profile(name)
    data = profile.to_dict()
    found = find_secrets(data)
    if found:
        raise ModelswitchError(
            f"profile {name!r} holds something that looks like a key ({_wheres(found)}); "
            "not exported",
            _export_hint(name, found))
    header = (f"# modelswitch profile {name!r}, exported. No key inside: key_source says where\n"
              "# each user keeps their own. Import: modelswitch import FILE [--name NEW]\n")
    return header + tomli_w.dumps(data)


def _export_hint(name: str, found: list[Found]) -> str:
    if any(f.where == "key_source" for f in found):
        return (f"its key command holds the key itself: store the key with `modelswitch key set "
                f"{name}` (the profile then reads it from the keyring; the command goes)")
    return (f"take it out (`modelswitch edit {name} --unset-env VAR`) and keep the key with "
            f"`modelswitch key set {name}`")


def write_export(text: str, output: str | None) -> Path | None:
    """Write to FILE atomically; None or '-' means the caller prints it. The file holds no key
    and is meant to be shared, so it is readable by others (0644), never writable by them,
    and a stricter umask (077 -> 0600) still applies."""
    if output in (None, "-"):
        return None
    if not output.strip():
        raise UsageError("-o is empty", "give a file name, e.g. -o kimi.toml")
    path = Path(output).expanduser()
    if path.is_dir():
        raise UsageError(f"{path} is a directory", "give a file name, e.g. -o kimi.toml")
    if not path.parent.is_dir():
        raise ModelswitchError(f"cannot write {path}: no directory {path.parent}",
                               "create it first")
    try:
        storage.atomic_write(path, text, mode=0o644 & ~_umask())
    except OSError as exc:
        raise ModelswitchError(f"cannot write {path}: {exc.strerror or exc}",
                               "check the directory's permissions") from None
    return path


def _umask() -> int:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- import
@dataclass
class Imported:
    profile: profiles.Profile
    key_stored: bool
    moved_from: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_source(source: str, stdin) -> tuple[str, str]:
    """(text, origin) of FILE, or of standard input for '-'."""
    if source == "-":
        if stdin is None:
            raise ModelswitchError("standard input is closed", "pipe the file in, or give its path")
        return stdin.read(), "<stdin>"
    path = Path(source).expanduser()
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise ModelswitchError(f"no file {path}", "give the path of an exported profile") from None
    except UnicodeDecodeError:
        raise InvalidProfile(f"{path}:1:1: not UTF-8 text",
                             "is this an exported profile?") from None
    except OSError as exc:
        raise ModelswitchError(f"cannot read {path}: {exc.strerror or exc}",
                               "check the file's permissions") from None


def default_name(source: str, name: str | None) -> str:
    if name:
        return validate.check_name(name)
    if source == "-":
        raise UsageError("importing from standard input needs a name", "add --name NEW")
    return validate.check_name(Path(source).stem)


def _move_out(data: dict, found: list[Found], origin: str) -> str:
    """Take the key-shaped entries out of `data`; returns the one secret they hold."""
    stuck = [f for f in found if not f.movable]
    if stuck:
        raise ModelswitchError(f"{origin}: {_wheres(stuck)} looks like it holds a key, which "
                               "cannot be moved out of that field", "edit the file by hand")
    if len({f.value for f in found}) > 1:
        raise ModelswitchError(f"{origin} holds several different key-like values "
                               f"({_wheres(found)})", "keep one key in the file, or none")
    env = data.get("env", {})
    for f in found:
        if f.where.startswith("env."):
            env.pop(f.where[4:])
        else:
            data.pop(f.where)
    wheres = {f.where for f in found}
    if "auth" not in data and "env.ANTHROPIC_API_KEY" in wheres:
        data["auth"] = "api-key"
    data["key_source"] = "keyring"
    return found[0].value


def parse_shared(text: str, origin: str, name: str, move_key: bool):
    """(profile, moved key or None, where it was) for a shared file."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        profiles.parse_text(name, text, origin)  # raises with file:line:col
        raise
    if not data:  # e.g. `export ... > f` that failed: not a profile of Claude's defaults
        raise InvalidProfile(f"{origin} holds no profile settings", "is this an exported profile?")
    found = find_secrets(data)
    secret = None
    if found and not move_key:
        raise ModelswitchError(f"{origin} holds something that looks like a key "
                               f"({_wheres(found)}); refusing to import it", MOVE_HINT)
    if found:
        secret = _move_out(data, found, origin)
    try:
        profile = profiles.from_dict(name, data)
    except profiles.SchemaError as exc:
        line, col = profiles.error_position(text, exc)
        raise InvalidProfile(f"{origin}:{line}:{col}: {exc.problem}",
                             exc.hint or "is this an exported profile?") from None
    for var, value in profile.env.items():  # one printable line, as `add --env` requires
        problem = validate.bad_char(value)
        if problem:
            line, col = profiles.position_of(text, var)
            raise InvalidProfile(f"{origin}:{line}:{col}: env.{var} holds {problem}",
                                 "remove it from the file")
    foreign = sorted(var for var in profile.env if not SHAREABLE_ENV_RE.fullmatch(var))
    if foreign:
        raise ModelswitchError(
            f"{origin} sets {', '.join(foreign)} in [env]; a shared file may set only provider "
            "settings (others could run code or send the key elsewhere)",
            "review it, remove them from the file, and add what you trust yourself with "
            f"`modelswitch edit {name} --env VAR=VALUE`")
    return profile, secret, [f.where for f in found]


def _foreign_key_source(text: str, origin: str, source: str) -> ModelswitchError:
    """A file's env:/cmd: key source is never honoured: it would pick which of the
    importer's secrets is sent to the file's host (env:GITHUB_TOKEN), or run its command."""
    line, col = profiles.position_of(text, "key_source")
    parsed = KeySource.parse(source)
    what = ("runs a command to get the key" if parsed.kind == "cmd"
            else f"reads the key from ${parsed.value}")
    return ModelswitchError(
        f"{origin}:{line}:{col}: key_source {what}; a shared file cannot choose which of "
        "your secrets is sent, or a command for you to run",
        "review it and pass your own: --key-stdin, --key-env VAR, --key-cmd CMD or --no-key")


def import_profile(text: str, origin: str, name: str, choice: KeyChoice | None, move_key: bool,
                   force: bool, store) -> Imported:
    """Create profile `name` from a shared file. The key goes to the keyring, never the file."""
    validate.check_name(name)
    if move_key and choice is not None:
        raise UsageError("--move-key-to-keyring cannot be combined with another key option",
                         "drop one of them")
    profile, secret, moved = parse_shared(text, origin, name, move_key)
    warnings = validate.check_url(profile.base_url)
    if move_key and secret is None:
        warnings.append(f"{origin} holds no key; --move-key-to-keyring had nothing to move")
    if choice is not None:
        profile.key_source, secret = choice.source, choice.secret
    elif KeySource.parse(profile.key_source).kind not in ("keyring", "none"):
        raise _foreign_key_source(text, origin, profile.key_source)
    profile_ops.save(profile, secret, store, new=True, force=force)
    return Imported(profile, secret is not None, moved if move_key else [], warnings)
