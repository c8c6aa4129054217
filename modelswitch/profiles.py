"""Profile: the schema shared by user profiles and bundled presets, and reading them.

A profile file is `<config>/profiles/<name>.toml`; the name is the file name. The key
itself is never in the file, only where to find it (`key_source`). Reading uses tomllib
only (fast: this runs at shell start); writing lives in storage.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from . import paths
from .errors import InvalidProfile, ProfileNotFound
from .validate import AUTH_STYLES, ENV_KEY_RE, check_key_source, check_name

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

STRING_FIELDS = ("description", "base_url", "model", "haiku", "sonnet", "opus", "subagent", "preset")
NUMBER_FIELDS = ("price_input", "price_output")

# Variables a profile sets from its own fields (or that modelswitch owns): an [env] entry for
# one of them is a schema error, so there is exactly one place each value can come from.
FIELD_VARS = {
    "ANTHROPIC_BASE_URL": "base_url",
    "ANTHROPIC_AUTH_TOKEN": "key_source (keys never go in profile files)",
    "ANTHROPIC_API_KEY": "key_source (keys never go in profile files)",
    "ANTHROPIC_MODEL": "model",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL": "haiku",
    "ANTHROPIC_SMALL_FAST_MODEL": "haiku",
    "ANTHROPIC_DEFAULT_SONNET_MODEL": "sonnet",
    "ANTHROPIC_DEFAULT_OPUS_MODEL": "opus",
    "CLAUDE_CODE_SUBAGENT_MODEL": "subagent",
    "CLAUDE_CODE_MAX_CONTEXT_TOKENS": "context_window",
    "MODELSWITCH_PROFILE": "the profile's name (modelswitch sets it)",
    "MODELSWITCH_VARS": "nothing (modelswitch's own bookkeeping)",
}


@dataclass
class Profile:
    name: str
    description: str = ""
    base_url: str = ""
    auth: str = "bearer"
    key_source: str = "keyring"
    model: str = ""
    haiku: str = ""
    sonnet: str = ""
    opus: str = ""
    subagent: str = ""
    context_window: int | None = None
    price_input: float | None = None
    price_output: float | None = None
    preset: str = ""
    env: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The TOML document (no name: that is the file name). Empty fields are left out."""
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("name", "env") or value in ("", None):
                continue
            out[f.name] = value
        if self.env:
            out["env"] = dict(sorted(self.env.items()))
        return out

    @property
    def models(self) -> dict[str, str]:
        """The distinct configured models by role, main first."""
        roles = {"main": self.model, "haiku": self.haiku, "sonnet": self.sonnet,
                 "opus": self.opus, "subagent": self.subagent}
        return {role: m for role, m in roles.items() if m}


class SchemaError(Exception):
    def __init__(self, key: str, problem: str):
        super().__init__(problem)
        self.key = key
        self.problem = problem


def from_dict(name: str, data: dict) -> Profile:
    """Build a Profile from a parsed TOML table; raises SchemaError naming the key."""
    known = {f.name for f in fields(Profile)} - {"name"}
    kwargs: dict = {}
    for key, value in data.items():
        if key not in known:
            raise SchemaError(key, f"unknown field {key!r}")
        if key in STRING_FIELDS and not isinstance(value, str):
            raise SchemaError(key, f"{key} must be a string")
        if key in NUMBER_FIELDS and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise SchemaError(key, f"{key} must be a number")
        kwargs[key] = value
    if kwargs.get("auth", "bearer") not in AUTH_STYLES:
        raise SchemaError("auth", "auth must be 'bearer' or 'api-key'")
    cw = kwargs.get("context_window")
    if cw is not None and (isinstance(cw, bool) or not isinstance(cw, int) or cw <= 0):
        raise SchemaError("context_window", "context_window must be a positive integer")
    source = kwargs.get("key_source", "keyring")
    if not isinstance(source, str):
        raise SchemaError("key_source", "key_source must be a string")
    try:
        check_key_source(source)
    except Exception as exc:
        raise SchemaError("key_source", getattr(exc, "message", str(exc))) from None
    env = kwargs.get("env", {})
    if not isinstance(env, dict):
        raise SchemaError("env", "env must be a table of NAME = \"value\"")
    clean_env = {}
    for k, v in env.items():
        if k in FIELD_VARS:
            raise SchemaError(k, f"env.{k} is not allowed here: it comes from {FIELD_VARS[k]}")
        if not ENV_KEY_RE.fullmatch(k):
            raise SchemaError(k, f"invalid environment variable name {k!r}")
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise SchemaError(k, f"env.{k} must be a string")
        clean_env[k] = str(v)
    kwargs["env"] = clean_env
    return Profile(name=name, **kwargs)


def position_of(text: str, key: str) -> tuple[int, int]:
    """Line and column (1-based) where `key =` starts in the text, or 1:1 if not found."""
    pattern = re.compile(r"^([ \t]*)[\"']?" + re.escape(key) + r"[\"']?[ \t]*=", re.M)
    match = pattern.search(text)
    if not match:
        return 1, 1
    line = text.count("\n", 0, match.start()) + 1
    return line, len(match.group(1)) + 1


def parse_text(name: str, text: str, origin: str) -> Profile:
    """Parse profile TOML text; errors read `<origin>:<line>:<col>: <problem>`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line, col = (found.group(1), found.group(2)) if found else ("1", "1")
        problem = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)
        if "end of document" in msg:
            line = str(text.count("\n") + 1)
        raise InvalidProfile(f"{origin}:{line}:{col}: {problem}", "fix or remove the file") from None
    try:
        return from_dict(name, data)
    except SchemaError as exc:
        line, col = position_of(text, exc.key)
        raise InvalidProfile(f"{origin}:{line}:{col}: {exc.problem}", "fix or remove the file") from None


def load_file(path: Path, name: str | None = None) -> Profile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidProfile(f"{path}:1:1: not UTF-8 text", "fix or remove the file") from None
    except OSError as exc:  # unreadable, or a directory named NAME.toml
        raise InvalidProfile(f"{path}: cannot read: {exc.strerror or exc}",
                             "fix its permissions, or remove it") from None
    return parse_text(name or path.stem, text, str(path))


def profile_names() -> list[str]:
    """Names of the user's profiles, from file names only (no parsing: fast)."""
    directory = paths.profiles_dir()
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.toml") if not p.name.startswith("."))


def load_profile(name: str) -> Profile:
    check_name(name)
    path = paths.profile_path(name)
    if not path.exists():
        raise not_found(name, profile_names(), "profile")
    return load_file(path, name)


def load_all() -> tuple[list[Profile], list[InvalidProfile]]:
    """Every parseable profile, and an error for each broken one (never dropped silently)."""
    good, broken = [], []
    for name in profile_names():
        try:
            good.append(load_file(paths.profile_path(name), name))
        except InvalidProfile as exc:
            exc.profile_name = name  # type: ignore[attr-defined]
            broken.append(exc)
    return good, broken


def not_found(name: str, candidates: list[str], what: str) -> ProfileNotFound:
    import difflib

    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
    same_letters = [c for c in candidates if c.lower() == name.lower() and c not in close]
    close = (same_letters + close)[:3]  # `local` finds `LOCAL` (difflib is case-sensitive)
    if close:
        hint = "did you mean " + ", ".join(close) + "?"
    elif what == "profile":
        hint = "see `modelswitch list`, or create it with `modelswitch add`"
    else:
        hint = "see `modelswitch presets`"
    return ProfileNotFound(f"no {what} named {name!r}", hint)


def preset_names() -> list[str]:
    return sorted(p.stem for p in paths.presets_dir().glob("*.toml"))


def load_preset(name: str) -> Profile:
    path = paths.presets_dir() / f"{name}.toml"
    if not _valid_name(name) or not path.is_file():
        raise not_found(name, preset_names(), "preset")
    return load_file(path, name)


def _valid_name(name: str) -> bool:
    from .validate import NAME_RE

    return bool(NAME_RE.fullmatch(name))


def load_presets() -> list[Profile]:
    return [load_preset(n) for n in preset_names()]
