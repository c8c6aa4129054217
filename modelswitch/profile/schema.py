"""Profile: the schema shared by user profiles and bundled presets, and reading them.

A profile file is `<config>/profiles/<name>.toml`; the name is the file name. The key
itself is never in the file, only where to find it (`key_source`). Reading uses tomllib
only (fast: this runs at shell start); writing lives in storage.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from modelswitch import paths
from modelswitch.profile import fields as fields_table, parsed_cache, tiers
from modelswitch.profile.fields import SchemaError, _checked  # noqa: F401  (profiles.SchemaError)
from modelswitch.errors import InvalidProfile, ProfileNotFound
from modelswitch.profile.file_checks import check_private_dir, check_regular
from .validate import check_name, check_picker_text

MODEL_FIELDS = fields_table.named("model")  # fields holding a model id
STRING_FIELDS = fields_table.named("text", "model", "url")
PRICE_FIELDS = fields_table.named("price")  # $/Mtok
NUMBER_FIELDS = PRICE_FIELDS
MAIN_ROLE = {"model": "main"}  # Profile.models' name for a model field, if not its show label

# Variables a profile sets from its own fields (or that modelswitch owns): an [env] entry for
# one of them is a schema error, so there is exactly one place each value can come from.
FIELD_VARS = {
    "ANTHROPIC_AUTH_TOKEN": "key_source (keys never go in profile files)",
    "ANTHROPIC_API_KEY": "key_source (keys never go in profile files)",
    **fields_table.field_vars(),
    **{tiers.slot_var(*tiers.split_picker_key(key)): key for key in tiers.PICKER_KEYS},
    "MODELSWITCH_PROFILE": "the profile's name (modelswitch sets it)",
    "MODELSWITCH_VARS": "nothing (modelswitch's own bookkeeping)",
}


class _ProfileMethods:
    """What a Profile does; its fields are fields.FIELDS (see Profile below)."""

    def to_dict(self) -> dict:
        """The TOML document (no name: that is the file name). Empty fields are left out;
        picker text is flat (`opus_name`), the tables come last."""
        out: dict = {}
        tables: dict = {}
        for f in fields_table.FIELDS:
            value = getattr(self, f.name)
            if f.kind == "picker":
                out.update((key, value[key]) for key in tiers.PICKER_KEYS if value.get(key))
            elif f.kind in fields_table.TABLES:
                if value:
                    tables[f.name] = dict(sorted(value.items())) if f.kind == "env" else copy_value(value)
            elif value not in ("", None):
                out[f.name] = value
        return {**out, **tables}

    def as_json(self) -> dict:
        """Every field, picker text flat as in the file (`opus_name`), for --json output."""
        data = {"name": self.name}
        data.update((f.name, copy_value(getattr(self, f.name))) for f in fields_table.FIELDS
                    if f.kind != "picker")
        data.update((key, self.picker.get(key, "")) for key in tiers.PICKER_KEYS)
        return data

    @property
    def models(self) -> dict[str, str]:
        """The distinct configured models by role, main first."""
        roles = {MAIN_ROLE.get(f.name, f.label or f.name): getattr(self, f.name)
                 for f in fields_table.FIELDS if f.kind == "model"}
        return {role: m for role, m in roles.items() if m}


def copy_value(value):
    """A table field copied two levels deep (the prices tables), anything else as it is."""
    return {k: dict(v) if isinstance(v, dict) else v for k, v in value.items()} \
        if isinstance(value, dict) else value


FIELD_NAMES = ("name", *(f.name for f in fields_table.FIELDS))  # a Profile's, in file order


class Profile(_ProfileMethods):
    """A profile: its name (the file name), then every row of fields.FIELDS in file order.

    Made by hand from the table rather than by dataclasses: this class is built at every
    `env` and `run`, and importing dataclasses (with inspect, ast, dis...) and generating
    the methods cost more than the rest of reading the profile. Keyword arguments only
    (name may be positional); a field left out gets its kind's default (a fresh dict for
    the tables)."""

    __slots__ = FIELD_NAMES

    def __init__(self, name: str, **values) -> None:
        unknown = set(values) - set(FIELD_NAMES)
        if unknown:
            raise TypeError(f"Profile() got unexpected field(s): {', '.join(sorted(unknown))}")
        self.name = name
        for f in fields_table.FIELDS:
            default = f.default
            setattr(self, f.name, values[f.name] if f.name in values
                    else default() if callable(default) else default)

    def replace(self, **changes) -> Profile:
        """A copy with `changes` applied (dataclasses.replace's rule: nothing is deep-copied)."""
        values = {name: getattr(self, name) for name in FIELD_NAMES}
        values.update(changes)
        return Profile(**values)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in FIELD_NAMES)

    __hash__ = None  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in FIELD_NAMES)
        return f"Profile({shown})"


def from_dict(name: str, data: dict) -> Profile:
    """Build a Profile from a parsed TOML table; raises SchemaError naming the key.

    Each field is read by its kind's reader (fields.READERS), the same rules as for add/edit flags
    (validate.py): text fields are one line of printable text, URLs and URL-bound [env]
    values have their real shape, no credential or managed variable in [env], sane numbers.
    """
    known = {f.name: f for f in fields_table.FIELDS if f.kind != "picker"}
    kwargs: dict = {}
    picker: dict[str, str] = {}
    for key, value in data.items():
        if key in tiers.PICKER_KEYS:
            if not isinstance(value, str):
                raise SchemaError(key, f"{key} must be a string")
            picker[key] = _checked(key, check_picker_text, key, value)
        elif key in known:
            kwargs[key] = fields_table.READERS[known[key].kind](key, value)
        else:
            raise SchemaError(key, f"unknown field {key!r}")
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
    from modelswitch import model_prices

    found = exc.where and model_prices.position(text, *exc.where)
    return found or position_of(text, exc.key)


def toml_data(text: str, origin: str) -> dict:
    """tomllib.loads(text); errors read `<origin>:<line>:<col>: <problem>`. tomllib loads
    here, not at the top: a remembered profile (parsed_cache.py) never needs it."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
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


def parse_text(name: str, text: str, origin: str, remember: bool = False) -> Profile:
    """Parse profile TOML text; errors read `<origin>:<line>:<col>: <problem>`. remember: a
    user profile's file, whose tomllib answer parsed_cache keeps (checked here all the same)."""
    data = parsed_cache.lookup(name, text) if remember else None
    if data is None:
        data = toml_data(text, origin)
        if remember:
            parsed_cache.remember(name, text, data)
    try:
        return from_dict(name, data)
    except SchemaError as exc:
        line, col = error_position(text, exc)
        raise InvalidProfile(f"{origin}:{line}:{col}: {exc.problem}",
                             exc.hint or "fix or remove the file") from None


def load_file(path: Path, name: str | None = None, remember: bool = False) -> Profile:
    check_regular(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidProfile(f"{path}:1:1: not UTF-8 text", "fix or remove the file") from None
    except OSError as exc:
        raise InvalidProfile(f"{path}: cannot read: {exc.strerror or exc}",
                             "fix its permissions, or remove it") from None
    return parse_text(name or path.stem, text, str(path), remember)


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
    return load_file(path, name, remember=True)


def load_all() -> tuple[list[Profile], list[InvalidProfile]]:
    """Every parseable profile, and an error for each broken one (never dropped silently)."""
    good, broken = [], []
    names = profile_names()
    if names:
        check_private_dir(paths.profiles_dir())
    for name in names:
        try:
            good.append(load_file(paths.profile_path(name), name, remember=True))
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
