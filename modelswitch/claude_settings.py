"""Reading Claude Code's settings files: where they are and what their `env` blocks set.

Claude Code applies the `env` block of these files over the process environment, so a
variable set there silently beats `modelswitch use`. Used by doctor (to explain) and the
launcher (to neutralise them through --settings).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .errors import ModelswitchError


@dataclass(frozen=True)
class SettingsFile:
    kind: str  # "user", "project", "local", "managed"
    path: Path


def claude_config_dir(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    override = environ.get("CLAUDE_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    return Path(environ.get("HOME") or Path.home()) / ".claude"


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


def read_settings(path: Path) -> dict:
    """The parsed JSON object of a settings file; {} if missing. Invalid JSON is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelswitchError(f"cannot read {path}: {exc}", "check the file's permissions and encoding") from None
    return parse_settings(text, str(path), "fix the file; Claude Code cannot read it either")


def parse_settings(text: str, origin: str, hint: str) -> dict:
    """Settings JSON text as a dict ({} when blank); errors read `<origin>:<line>:<col>: ...`."""
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelswitchError(f"{origin}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}", hint) from None
    if not isinstance(data, dict):
        raise ModelswitchError(f"{origin}: settings must be a JSON object", hint)
    return data


def env_block(path: Path) -> dict[str, str]:
    """The `env` block of a settings file as strings ({} when absent)."""
    env = read_settings(path).get("env") or {}
    if not isinstance(env, dict):
        raise ModelswitchError(f"{path}: \"env\" must be a JSON object", "fix the file")
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def claude_json_path(environ: Mapping[str, str] | None = None) -> Path:
    """~/.claude.json (or $CLAUDE_CONFIG_DIR/.claude.json): login state, primaryApiKey."""
    environ = os.environ if environ is None else environ
    override = environ.get("CLAUDE_CONFIG_DIR")
    if override:
        return Path(override).expanduser() / ".claude.json"
    return Path(environ.get("HOME") or Path.home()) / ".claude.json"
