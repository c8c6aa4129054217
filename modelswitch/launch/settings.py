"""The JSON `modelswitch run` hands to `claude --settings`, so the profile beats settings files.

Claude Code applies the `env` block of ~/.claude/settings.json (and project/local settings)
over the process environment; `--settings` outranks all of those (only managed settings
are above it). The block holds:

- every variable the profile sets (including the key: the carrier keeps it off argv);
- "" for every credential variable the launch does not use (the pair and the other token,
  header and key-descriptor variables claude reads, resolve.ALL_CREDENTIAL_VARS): claude
  otherwise sends a settings file's ANTHROPIC_API_KEY as x-api-key beside our bearer token
  (or the reverse), its ANTHROPIC_CUSTOM_HEADERS, or its CLAUDE_CODE_OAUTH_TOKEN (which
  outranks the launch's key descriptor) to the profile's host;
- "" for every other variable this switch unsets that some settings file sets. Verified
  with claude 2.1.197 and 2.1.330: "" behaves as unset (ANTHROPIC_BASE_URL "" = the
  default api.anthropic.com, ANTHROPIC_MODEL "" = claude's default model);
- "apiKeyHelper": "" when the profile sends a credential: a helper from a settings file
  is otherwise sent as a second header (verified: x-api-key beside our bearer token);
- "modelPicker": the profile's models by their picker names (launch_picker.py).

The user's own `--settings` (file or inline JSON) is merged: theirs, with our env on top.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..claude import settings as claude_settings
from .picker import model_picker
from ..errors import ModelswitchError
from ..resolve import ALL_CREDENTIAL_VARS, Changes
from ..text import warn

TYPE_CHECKING = False  # typing costs ~3 ms at every launch: annotations only
if TYPE_CHECKING:
    from typing import Mapping, Sequence

SETTINGS_FLAG = "--settings"
HEADERS_VAR = "ANTHROPIC_CUSTOM_HEADERS"


def settings_env_sets(cwd: Path, environ: Mapping[str, str]) -> tuple[set[str] | None, dict[str, Path]]:
    """Variables the user/project/local settings files set (None: a file is unreadable),
    and the managed-settings variables (which outrank --settings) with their file."""
    names: set[str] | None = set()
    managed: dict[str, Path] = {}
    for entry in claude_settings.settings_files(cwd, environ):
        try:
            block = claude_settings.env_block(entry.path)
        except ModelswitchError as exc:
            if entry.kind == "managed":
                warn(exc.message)
            else:
                warn(f"{exc.message}; neutralising every variable the profile does not set")
                names = None
            continue
        if entry.kind == "managed":
            managed.update({name: entry.path for name in block})
        elif names is not None:
            names.update(block)
    return names, managed


def env_block(changes: Changes, settings_names: set[str] | None) -> dict[str, str]:
    """The `env` of our --settings: the profile's values plus "" neutral values."""
    block = {name: value for name, value in changes.items() if value is not None}
    for name in ALL_CREDENTIAL_VARS:
        block.setdefault(name, "")
    for name, value in changes.items():
        if value is None and (settings_names is None or name in settings_names):
            block[name] = ""
    return dict(sorted(block.items()))


def build(changes: Changes, cwd: Path, environ: Mapping[str, str],
          user_settings: dict | None = None, sends_key: bool = False) -> dict:
    """The complete --settings document for a launch (`sends_key`: the key goes by pipe)."""
    names, managed = settings_env_sets(cwd, environ)
    block = env_block(changes, names)
    for name in sorted(set(block) & set(managed)):
        warn(f"{managed[name]} sets {name}; managed settings outrank --settings, "
             "so claude will use that value")
    settings = dict(user_settings or {})
    own = claude_settings.env_of(settings, "your --settings", "fix it, or leave --settings out")
    if own.get(HEADERS_VAR) and not changes.get(HEADERS_VAR):
        block.pop(HEADERS_VAR)  # headers you pass in your own --settings are yours for this launch
    settings["env"] = {**own, **block}
    if sends_key or any(changes.get(name) for name in ALL_CREDENTIAL_VARS):
        settings["apiKeyHelper"] = ""  # a settings file's helper would be a second credential
    picker = model_picker(changes)
    if picker and "modelPicker" not in settings:  # a picker in your own --settings stays yours
        settings["modelPicker"] = picker
    return settings


def split_settings_args(args: Sequence[str]) -> tuple[list[str], str | None]:
    """Take the user's `--settings X` / `--settings=X` out of claude's arguments.

    Returns the remaining arguments and the last value given (claude uses the last one).
    Scanning stops at a bare `--` (what follows is not an option).
    """
    rest: list[str] = []
    value: str | None = None
    items = list(args)
    i = 0
    while i < len(items):
        arg = items[i]
        if arg == "--":
            rest.extend(items[i:])
            break
        if arg == SETTINGS_FLAG:
            if i + 1 >= len(items):
                raise ModelswitchError("--settings needs a value (a file or inline JSON)",
                                       "pass `--settings FILE`, or leave it out")
            value = items[i + 1]
            i += 2
            continue
        if arg.startswith(SETTINGS_FLAG + "="):
            value = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return rest, value


def load_user_settings(value: str, cwd: Path) -> dict:
    """The user's --settings as a dict: inline JSON (like claude: `{...}`) or a file."""
    text = value.strip()
    if text.startswith("{") and text.endswith("}"):
        origin = "the inline --settings JSON"
    else:
        path = Path(os.path.expanduser(value))
        path = path if path.is_absolute() else cwd / path
        origin = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ModelswitchError(f"cannot read your --settings file {path}: "
                                   f"{getattr(exc, 'strerror', None) or exc}",
                                   "fix the path, or leave --settings out") from None
    return claude_settings.parse_settings(text, origin, "fix it; modelswitch merges it with the profile")
