"""Reading Claude Code's settings files: where they are and what their `env` blocks set.

Claude Code applies the `env` block of these files over the process environment, so a
variable set there silently beats `modelswitch use`. Used by doctor (to explain) and the
launcher (to neutralise them through --settings).
"""

from __future__ import annotations

import json
import math
import os
import stat
import sys
from collections import namedtuple
from pathlib import Path

from ..errors import ModelswitchError

TYPE_CHECKING = False  # typing costs ~3 ms at every launch: annotations only
if TYPE_CHECKING:
    from typing import Mapping


# kind: "user", "project", "local" or "managed"; path: a Path. A named tuple, not a frozen
# dataclass: `run` reads these on its way to claude, and dataclasses costs more to import.
SettingsFile = namedtuple("SettingsFile", "kind path")


def _home(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("HOME") or Path.home())


def claude_config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """$CLAUDE_CONFIG_DIR, else ~/.claude."""
    environ = os.environ if environ is None else environ
    override = environ.get("CLAUDE_CONFIG_DIR")
    return Path(override).expanduser() if override else _home(environ) / ".claude"


def managed_settings_path(platform: str | None = None) -> Path:
    platform = platform or sys.platform
    if platform == "darwin":
        return Path("/Library/Application Support/ClaudeCode/managed-settings.json")
    if platform.startswith("win"):
        return Path(r"C:\ProgramData\ClaudeCode\managed-settings.json")
    return Path("/etc/claude-code/managed-settings.json")


def project_root(cwd: Path) -> Path:
    """The nearest directory upwards holding .claude/ or .git, else cwd itself."""
    for directory in (cwd, *cwd.parents):
        if (directory / ".claude").is_dir() or (directory / ".git").exists():
            return directory
    return cwd


def settings_files(cwd: Path | None = None, environ: Mapping[str, str] | None = None) -> list[SettingsFile]:
    """Every settings file Claude Code would read here, lowest precedence first (existing or not)."""
    cwd = Path.cwd() if cwd is None else cwd
    root = project_root(cwd)
    return [
        SettingsFile("user", claude_config_dir(environ) / "settings.json"),
        SettingsFile("project", root / ".claude" / "settings.json"),
        SettingsFile("local", root / ".claude" / "settings.local.json"),
        SettingsFile("managed", managed_settings_path()),
    ]


def read_regular(path: Path) -> bytes:
    """A regular file's bytes. A FIFO or device is refused, never read (opened O_NONBLOCK
    and checked with fstat first, so nothing blocks)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return f.read()


def read_settings(path: Path) -> dict:
    """The parsed JSON object of a settings file; {} if missing. Invalid JSON is an error."""
    try:
        text = read_regular(path).decode("utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelswitchError(f"cannot read {path}: {exc}", "check the file's permissions and encoding") from None
    return parse_settings(text, str(path), "fix the file; Claude Code cannot read it either")


def _not_json(word: str):
    raise ValueError(f"{word} is not JSON")  # Python accepts it; Node's JSON.parse does not


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text} is too large")
    return value


def _has_surrogate(data) -> bool:
    """Whether any key or string holds a lone surrogate (a "\\ud800" escape): such text
    cannot be written as UTF-8. Iterative: the JSON may be deep."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and not item.isascii():
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def parse_json(text: str, origin: str, hint: str):
    """JSON as Node's JSON.parse reads it: no NaN/Infinity, no lone surrogates; a clean
    error (never RecursionError) for absurd nesting."""
    try:
        data = json.loads(text, parse_constant=_not_json, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise ModelswitchError(f"{origin}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}", hint) from None
    except ValueError as exc:
        raise ModelswitchError(f"{origin}: invalid JSON: {exc}", hint) from None
    except RecursionError:
        raise ModelswitchError(f"{origin}: invalid JSON: nested too deeply", hint) from None
    if _has_surrogate(data):
        raise ModelswitchError(f"{origin}: invalid JSON: a \\u escape is a lone surrogate "
                               "(not a character)", hint)
    return data


def parse_settings(text: str, origin: str, hint: str) -> dict:
    """Settings JSON text as a dict ({} when blank); errors read `<origin>:<line>:<col>: ...`."""
    if not text.strip():
        return {}
    data = parse_json(text, origin, hint)
    if not isinstance(data, dict):
        raise ModelswitchError(f"{origin}: settings must be a JSON object", hint)
    return data


def env_of(data: dict, origin: str, hint: str = "fix the file") -> dict:
    """The `env` object of a parsed settings document, its values as written.

    The one rule for a malformed block, whoever reads it: "env" absent or null is no block
    ({}); any other value that is not a JSON object is an error naming ORIGIN (Claude Code
    does not apply it either). A caller that must not fail (the warning at shell start)
    catches the error and skips the file. Values become text through env_text()."""
    env = data.get("env")
    if env is None:
        return {}
    if not isinstance(env, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean"}.get(type(env), "a number")
        raise ModelswitchError(f'{origin}: "env" is {kind}, not a JSON object', hint)
    return env


def env_text(value) -> str:
    """An env value as the variable's text: a string as is, null as "", anything else as
    its JSON (true, 30000), the way Claude Code's JavaScript writes it into the environment."""
    if isinstance(value, str):
        return value
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def env_strings(env: dict) -> dict[str, str]:
    """env_of()'s block with every value as text (env_text)."""
    return {str(name): env_text(value) for name, value in env.items()}


def env_block(path: Path) -> dict[str, str]:
    """The `env` block of a settings file as text ({} when absent); errors as read_settings()
    and env_of() give them."""
    return env_strings(env_of(read_settings(path), str(path)))


def claude_json_path(environ: Mapping[str, str] | None = None) -> Path:
    """~/.claude.json (beside ~/.claude, not in it), or $CLAUDE_CONFIG_DIR/.claude.json:
    login state, primaryApiKey."""
    environ = os.environ if environ is None else environ
    folder = claude_config_dir(environ) if environ.get("CLAUDE_CONFIG_DIR") else _home(environ)
    return folder / ".claude.json"
