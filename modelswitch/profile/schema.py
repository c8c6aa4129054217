"""Profile: the schema shared by user profiles and bundled presets, and reading them.

A profile file is `<config>/profiles/<name>.toml`; the name is the file name. The key
itself is never in the file, only where to find it (`key_source`). Reading uses tomllib
only (fast: this runs at shell start); writing lives in storage.py.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from modelswitch import model_prices
from modelswitch import paths
from modelswitch.profile import tiers
from modelswitch.errors import InvalidProfile, ProfileNotFound, UsageError
from modelswitch.profile.file_checks import check_private_dir, check_regular
from .validate import (AUTH_STYLES, check_context_window, check_env, check_key_source,
                       check_name, check_picker_text, check_price, check_text, check_url)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

MODEL_FIELDS = ("model", *tiers.TIERS, "custom_model", "subagent")  # fields holding a model id
STRING_FIELDS = ("description", "base_url", *MODEL_FIELDS, "preset")
PRICE_FIELDS = ("price_input", "price_output", "price_cache_write", "price_cache_read")  # $/Mtok
NUMBER_FIELDS = PRICE_FIELDS

# Variables a profile sets from its own fields (or that modelswitch owns): an [env] entry for
# one of them is a schema error, so there is exactly one place each value can come from.
FIELD_VARS = {
    "ANTHROPIC_BASE_URL": "base_url",
    "ANTHROPIC_AUTH_TOKEN": "key_source (keys never go in profile files)",
    "ANTHROPIC_API_KEY": "key_source (keys never go in profile files)",
    "ANTHROPIC_MODEL": "model",
    "ANTHROPIC_SMALL_FAST_MODEL": "haiku",
    "CLAUDE_CODE_SUBAGENT_MODEL": "subagent",
    "CLAUDE_CODE_WORKFLOW_SUBAGENT_MODEL": "subagent",
    **{tiers.slot_var(slot): slot for slot in tiers.SLOT_VARS},
    **{tiers.slot_var(*tiers.split_picker_key(key)): key for key in tiers.PICKER_KEYS},
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
    fable: str = ""  # empty: the opus model (tiers.FALLBACK)
    custom_model: str = ""  # one extra /model picker entry
    # /model picker text, flat in the file: {"opus_name": "Kimi K2 Thinking", ...}
    picker: dict[str, str] = field(default_factory=dict)
    subagent: str = ""
    context_window: int | None = None
    price_input: float | None = None
    price_output: float | None = None
    price_cache_write: float | None = None  # prompt caching: tokens written to the cache
    price_cache_read: float | None = None  # tokens read from the cache
    preset: str = ""
    # per-model prices (model_prices.py): {"glm-4.5-air": {"input": 0.2, "output": 1.1}}
    prices: dict[str, dict[str, float]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The TOML document (no name: that is the file name). Empty fields are left out."""
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "picker":
                out.update((key, self.picker[key]) for key in tiers.PICKER_KEYS if self.picker.get(key))
            if f.name in ("name", "env", "picker", "prices") or value in ("", None):
                continue
            out[f.name] = value
        if self.prices:
            out["prices"] = {model: dict(table) for model, table in self.prices.items()}
        if self.env:
            out["env"] = dict(sorted(self.env.items()))
        return out

    def as_json(self) -> dict:
        """Every field, picker text flat as in the file (`opus_name`), for --json output."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "picker"}
        data.update((key, self.picker.get(key, "")) for key in tiers.PICKER_KEYS)
        data["prices"] = {model: dict(table) for model, table in self.prices.items()}
        data["env"] = dict(self.env)
        return data

    @property
    def models(self) -> dict[str, str]:
        """The distinct configured models by role, main first."""
        roles = {"main": self.model, **{tier: getattr(self, tier) for tier in tiers.TIERS},
                 "custom": self.custom_model, "subagent": self.subagent}
        return {role: m for role, m in roles.items() if m}


class SchemaError(Exception):
    def __init__(self, key: str, problem: str, hint: str | None = None,
                 where: tuple[str | None, str] | None = None):
        super().__init__(problem)
        self.key = key
        self.problem = problem
        self.hint = hint
        self.where = where  # (model, key) inside the prices table, found in the text


def _checked(key: str, check, *args):
    """Run a validate.check_* function; its UsageError becomes a SchemaError on `key`."""
    try:
        return check(*args)
    except UsageError as exc:
        raise SchemaError(key, exc.message, exc.hint) from None


def from_dict(name: str, data: dict) -> Profile:
    """Build a Profile from a parsed TOML table; raises SchemaError naming the key.

    The rules are validate's, the same as for add/edit flags: text fields are one line of
    printable text, URLs and URL-bound [env] values have their real shape, no credential
    or managed variable in [env], sane numbers.
    """
    known = {f.name for f in fields(Profile)} - {"name", "picker"}
    kwargs: dict = {}
    picker: dict[str, str] = {}
    for key, value in data.items():
        if key in tiers.PICKER_KEYS:
            if not isinstance(value, str):
                raise SchemaError(key, f"{key} must be a string")
            picker[key] = _checked(key, check_picker_text, key, value)
            continue
        if key not in known:
            raise SchemaError(key, f"unknown field {key!r}")
        if key == "prices":
            try:
                kwargs[key] = model_prices.parse(value)
            except model_prices.TableError as exc:
                raise SchemaError(exc.key, exc.problem, exc.hint, (exc.model, exc.key)) from None
            continue
        if key in STRING_FIELDS:
            if not isinstance(value, str):
                raise SchemaError(key, f"{key} must be a string")
            _checked(key, check_text, key, value)
        if key in NUMBER_FIELDS:
            _checked(key, check_price, value, key)
        kwargs[key] = value
    if kwargs.get("auth", "bearer") not in AUTH_STYLES:
        raise SchemaError("auth", "auth must be 'bearer' or 'api-key'")
    if kwargs.get("base_url"):
        _checked("base_url", check_url, kwargs["base_url"], "base_url")
    cw = kwargs.get("context_window")
    if cw is not None:
        _checked("context_window", check_context_window, cw)
    source = kwargs.get("key_source", "keyring")
    if not isinstance(source, str):
        raise SchemaError("key_source", "key_source must be a string")
    _checked("key_source", check_key_source, source)
    env = kwargs.get("env", {})
    if not isinstance(env, dict):
        raise SchemaError("env", "env must be a table of NAME = \"value\"")
    clean_env = {}
    for k, v in env.items():
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise SchemaError(k, f"env.{k} must be a string")
        _checked(k, check_env, k, str(v), True)
        clean_env[k] = str(v)
    kwargs["env"] = clean_env
    return Profile(name=name, picker=picker, **kwargs)


def position_of(text: str, key: str) -> tuple[int, int]:
    """Line and column (1-based) where `key =` starts in the text, or 1:1 if not found."""
    pattern = re.compile(r"^([ \t]*)[\"']?" + re.escape(key) + r"[\"']?[ \t]*=", re.M)
    match = pattern.search(text)
    if not match:
        return 1, 1
    line = text.count("\n", 0, match.start()) + 1
    return line, len(match.group(1)) + 1


def error_position(text: str, exc: SchemaError) -> tuple[int, int]:
    found = exc.where and model_prices.position(text, *exc.where)
    return found or position_of(text, exc.key)


def parse_text(name: str, text: str, origin: str) -> Profile:
    """Parse profile TOML text; errors read `<origin>:<line>:<col>: <problem>`."""
    try:
        data = tomllib.loads(text)
    except RecursionError:  # `a = [[[[...`: tomllib recurses per level
        raise InvalidProfile(f"{origin}:1:1: nested too deeply", "fix or remove the file") from None
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
        line, col = error_position(text, exc)
        raise InvalidProfile(f"{origin}:{line}:{col}: {exc.problem}",
                             exc.hint or "fix or remove the file") from None


def load_file(path: Path, name: str | None = None) -> Profile:
    check_regular(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidProfile(f"{path}:1:1: not UTF-8 text", "fix or remove the file") from None
    except OSError as exc:
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
    if not os.path.lexists(path):  # a dangling symlink is a broken profile, not a missing one
        raise not_found(name, profile_names(), "profile")
    check_private_dir(path.parent)
    return load_file(path, name)


def load_all() -> tuple[list[Profile], list[InvalidProfile]]:
    """Every parseable profile, and an error for each broken one (never dropped silently)."""
    good, broken = [], []
    names = profile_names()
    if names:
        check_private_dir(paths.profiles_dir())
    for name in names:
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
