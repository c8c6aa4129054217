"""Migration from settings.json-based switchers: Claude Code settings files and ccs profiles.

cc-switch and hand-edited setups put a provider in the `env` block of
~/.claude/settings.json; ccs keeps one such file per profile (~/.ccs/NAME.settings.json).
migrate() turns that env block into a profile, the token into a keyring entry, and with
clean=True takes the migrated variables out of the settings file, because Claude Code lets
that block override the shell (so `modelswitch use` would not take effect).

Cleaning writes a backup first: an exact copy of the file as it was (so it still holds the
old token, as the original did), mode 0600, named settings.json.bak-YYYYmmdd-HHMMSS beside
the path given (not beside a symlink's target, which may sit in a dotfiles repository).
The file is then rewritten atomically with its own permissions, key order, indentation
and final newline; every other key and every env variable not migrated stays as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..claude import settings as claude_settings
from . import fields as fields_table, ops as profile_ops
from modelswitch.profile import storage
from modelswitch.profile import tiers
from modelswitch.profile import validate
from ..errors import ModelswitchError, UsageError
from ..keys.prompt import KeyChoice
from .schema import Profile

# settings variable -> the profile field it becomes (fields.FIELDS `migrate`; first set wins)
FIELDS = {var: f.name for f in fields_table.FIELDS for var in f.migrate}
# /model picker text: ANTHROPIC_DEFAULT_OPUS_MODEL_NAME -> the profile's opus_name, ...
PICKER_FIELDS = {tiers.slot_var(*tiers.split_picker_key(key)): key for key in tiers.PICKER_KEYS}
CREDENTIALS = {"ANTHROPIC_AUTH_TOKEN": "bearer", "ANTHROPIC_API_KEY": "api-key"}
# Provider settings that go to the profile's [env]; anything else stays in the settings file.
RELATED = ("API_TIMEOUT_MS", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
           "CLAUDE_CODE_MAX_OUTPUT_TOKENS", "ANTHROPIC_BETAS",
           "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS", "DISABLE_NON_ESSENTIAL_MODEL_CALLS",
           "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION", "CLAUDE_CODE_USE_BEDROCK",
           "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY")
# Left in the settings file with a warning: headers can carry credentials, which a profile
# never holds (validate.CREDENTIAL_ENV_NAMES).
LEFT_WITH_WARNING = ("ANTHROPIC_CUSTOM_HEADERS",)
CLOUD = ("CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY")
PLACEHOLDER_RE = re.compile(r"(?i)^(your[_-].*|.*[_-]here|<.*>|x{3,}|\*{3,}|changeme|\.\.\.)$")


@dataclass
class Migrated:
    profile: Profile
    source: Path
    moved: list[str]                    # variables taken into the profile
    kept: list[str]                     # env variables left in the settings file
    key_stored: bool
    backup: Path | None = None
    dropped: str | None = None          # the credential variable not kept (both were set)
    warnings: list[str] = field(default_factory=list)


def claude_settings_path(given: str | None) -> Path:
    if given:
        return Path(given).expanduser()
    return claude_settings.claude_config_dir() / "settings.json"


def ccs_settings_path(ccs_name: str) -> Path:
    """~/.ccs/NAME.settings.json, or where ccs's config.json says profile NAME lives."""
    from ..completion.names import ccs_dir

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", ccs_name):
        raise UsageError(f"invalid ccs profile name {ccs_name!r}", "see `ls ~/.ccs`")
    directory = ccs_dir()
    config = directory / "config.json"
    with contextlib.suppress(ModelswitchError, AttributeError, TypeError):
        mapped = claude_settings.read_settings(config).get("profiles", {}).get(ccs_name)
        if isinstance(mapped, str) and mapped:
            return Path(mapped).expanduser()
    return directory / f"{ccs_name}.settings.json"


def read_env(path: Path) -> tuple[bytes, dict, dict[str, str]]:
    """(raw bytes, parsed settings, env block) of a settings file; clear errors otherwise."""
    try:
        raw = claude_settings.read_regular(path)  # never blocks on a FIFO
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ModelswitchError(f"no settings file {path}", "give its path") from None
    except UnicodeDecodeError:
        raise ModelswitchError(f"{path}: not UTF-8 text", "fix the file") from None
    except OSError as exc:
        raise ModelswitchError(f"cannot read {path}: {exc.strerror or exc}",
                               "check its permissions") from None
    data = claude_settings.parse_settings(text, str(path), "fix the file; Claude Code "
                                          "cannot read it either")
    return raw, data, claude_settings.env_strings(claude_settings.env_of(data, str(path)))


def _token(env: dict[str, str], path: Path, auth: str | None = None,
           ask=None) -> tuple[str | None, str | None, list[str], str | None]:
    """(token, auth style, warnings, the credential variable not kept) from the credential
    variables. Both set to different values: `auth` picks one, else ask(path, given) does
    (on a terminal), else refused naming --auth."""
    given = {var: env[var].strip() for var in CREDENTIALS if env.get(var, "").strip()}
    dropped = None
    if len(set(given.values())) > 1:
        auth = auth or (ask(path, given) if ask else None)
        if auth is None:
            raise UsageError(
                f"{path} sets both ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY, to different "
                "values (Claude Code sends both)",
                "say which to keep: --auth bearer (ANTHROPIC_AUTH_TOKEN) or --auth api-key "
                "(ANTHROPIC_API_KEY)")
        dropped = next(var for var, style in CREDENTIALS.items() if style != auth)
        given.pop(dropped)
    if not given:
        return None, auth, [], None
    var = next(iter(given))
    token = given[var]
    style = auth or CREDENTIALS[var]  # --auth with one credential: send it that way
    if PLACEHOLDER_RE.match(token):
        return None, style, [f"{var} in {path} is a placeholder, not a key"], dropped
    if any(c.isspace() for c in token) or validate.bad_char(token):
        raise ModelswitchError(f"{var} in {path} holds white space or control characters",
                               "fix the value in the file")
    return token, style, [], dropped


def _tilde(path: Path) -> str:
    """The path with the home directory shown as ~ (descriptions end up in shared files)."""
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home):] if home != "/" and text.startswith(home + os.sep) else text


def build_profile(name: str, env: dict[str, str], path: Path, auth: str | None = None,
                  ask=None) -> tuple[Profile, str | None, list[str], list[str], str | None]:
    """(profile, token, migrated variable names, warnings, the credential not kept) from a
    settings env block."""
    description = f"migrated from {_tilde(path)}"
    if validate.bad_char(description):  # a path with control characters: not shown
        description = "migrated from a Claude Code settings file"
    profile = Profile(name=name, description=description)
    migrated = {*FIELDS, *PICKER_FIELDS, *CREDENTIALS, *RELATED}
    moved = [v for v in env if v in migrated]
    if not any(v.startswith("ANTHROPIC_") or v in CLOUD for v in moved):
        raise ModelswitchError(f"{path} sets no ANTHROPIC_* variable in its env block",
                               "nothing to migrate; is this the right file?")
    for f in fields_table.FIELDS:
        var = next((v for v in f.migrate if env.get(v, "").strip()), None)
        if var:
            setattr(profile, f.name, _field_value(f, var, env[var].strip(), path))
    profile.picker = {key: env[var].strip() for var, key in PICKER_FIELDS.items() if env.get(var, "").strip()}
    warnings = validate.check_url(profile.base_url)
    profile.env = {var: env[var] for var in RELATED if var in env}
    token, style, token_warnings, dropped = _token(env, path, auth, ask)
    profile.auth = style or "bearer"
    if token is None and any(env.get(v) for v in CLOUD) and not profile.base_url:
        profile.key_source = "none"
    warnings += [f"{var} stays in {path}: headers can carry credentials, which a profile "
                 "never holds" for var in LEFT_WITH_WARNING if var in env]
    return _checked(profile, path), token, moved, warnings + token_warnings, dropped


def _field_value(f, var: str, text: str, path: Path):
    """Settings variable `var`'s text as field f's value (text kinds as they are)."""
    if f.kind != "tokens":
        return text
    if not re.fullmatch(r"[0-9]{1,12}", text):  # ASCII digits ('²'.isdigit() is True)
        raise ModelswitchError(f"{var} in {path} is not a number of tokens: {text!r}",
                               "fix the value in the file")
    return int(text)  # range: checked with the rest in _checked()


def _checked(profile: Profile, path: Path) -> Profile:
    """The same rules as add and profile files (profiles.from_dict): text, URLs, [env]."""
    from . import schema as profiles

    for var, value in profile.env.items():  # one printable line, as `add --env` requires
        problem = validate.bad_char(value)
        if problem:
            raise ModelswitchError(f"{var} in {path} holds {problem}", "fix the value in the file")
    try:
        return profiles.from_dict(profile.name, profile.to_dict())
    except profiles.SchemaError as exc:
        raise ModelswitchError(f"{path}: {exc.problem}",
                               "fix the value in the file, then run again") from None


def migrate(path: Path, name: str, choice: KeyChoice | None, clean: bool, force: bool,
            store, auth: str | None = None, ask=None) -> Migrated:
    """Create profile `name` from the settings file at `path`; optionally clean the file."""
    from .share import looks_like_secret

    validate.check_name(name)
    raw, data, env = read_env(path)
    from ..claude.global_switch import refuse_own_switch

    refuse_own_switch(path, data)
    profile, token, moved, warnings, dropped = build_profile(name, env, path, auth, ask)
    leaky = [v for v, value in profile.env.items() if looks_like_secret(value)]
    if leaky:
        raise ModelswitchError(f"{path}: {', '.join(leaky)} looks like it holds a key",
                               "remove it from the file by hand, then run again")
    secret = token
    if choice is not None:
        profile.key_source, secret = choice.source, choice.secret
    profile_ops.save(profile, secret, store, new=True, force=force)
    kept = [v for v in env if v not in moved]
    result = Migrated(profile, path, moved, kept, secret is not None, warnings=warnings,
                      dropped=dropped)
    if clean:
        result.backup = clean_settings(path, raw, moved)
    return result


# ---------------------------------------------------------------- cleaning the file
def _style(text: str) -> dict:
    """json.dumps arguments that reproduce the file's indentation and escaping."""
    match = re.match(r"\s*[{\[]\r?\n([ \t]+)\S", text)
    if match:
        unit = match.group(1)
        indent: int | str | None = "\t" * len(unit) if "\t" in unit else len(unit)
        separators = (",", ": ")
    else:
        indent = None
        separators = (", ", ": ") if re.search(r"\":\s", text) else (",", ":")
    ascii_only = text.isascii() and "\\u" in text
    return {"indent": indent, "separators": separators, "ensure_ascii": ascii_only}


def render_like(data: dict, original: str) -> str:
    out = json.dumps(data, allow_nan=False, **_style(original))  # Node rejects NaN/Infinity
    if original.endswith("\n"):
        out += "\n"
    if "\r\n" in original:
        out = out.replace("\n", "\r\n")
    return out


def write_backup(path: Path, raw: bytes, now: float | None = None) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    base = path.with_name(f"{path.name}.bak-{stamp}")
    for n in range(1, 100):
        candidate = base if n == 1 else base.with_name(f"{base.name}-{n}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        return candidate
    raise ModelswitchError(f"cannot create a backup of {path}", "remove old backups beside it")


def replace_keeping_mode(target: Path, text: str) -> None:
    """Atomically replace `target` (a regular file) keeping its permission bits and owner."""
    st = target.stat()
    storage.atomic_write(target, text, mode=st.st_mode & 0o7777, owner=(st.st_uid, st.st_gid))


def clean_settings(path: Path, raw: bytes, remove: list[str]) -> Path:
    """Back the file up, then remove `remove` from its env block. Returns the backup path."""
    original = raw.decode("utf-8")
    data = claude_settings.parse_json(original, str(path), "fix the file")
    for var in remove:
        data["env"].pop(var, None)
    try:
        text = render_like(data, original)
    except (ValueError, RecursionError):  # cannot happen after parse_json; never write NaN
        raise ModelswitchError(f"{path}: cannot write it back as JSON", "edit it by hand") from None
    target = path.resolve()
    if target.read_bytes() != raw:
        raise ModelswitchError(f"{path} changed while migrating; it was not cleaned",
                               "run the same command again with --force")
    backup = None
    try:
        backup = write_backup(path, raw)
        replace_keeping_mode(target, text)
    except OSError as exc:  # e.g. a read-only dotfiles target; the file is unchanged
        if backup is not None:  # an unneeded copy of the old token
            with contextlib.suppress(OSError):
                backup.unlink()
        raise ModelswitchError(
            f"cannot clean {path}: {exc.strerror or exc}; the profile was created and the file "
            "left as it was", "remove the variables from its \"env\" block by hand "
            "(`modelswitch run` wins over them anyway)") from None
    return backup
