"""`use --global NAME` / `off --global`: every new claude, IDE extensions included.

One more consumer of resolve()'s Changes. The profile's non-secret variables go into the
`env` block of Claude Code's user settings ($CLAUDE_CONFIG_DIR/settings.json, else
~/.claude/settings.json); `apiKeyHelper` becomes a modelswitch command that prints the
profile's key (global_helper.py), so the file never holds the key.

Credentials on the wire (verified with claude 2.1.332 and 2.1.330, loopback server,
tests/integration/test_global_e2e.py): claude sends an apiKeyHelper's output as BOTH
`Authorization: Bearer <key>` and `x-api-key: <key>`. Setting ANTHROPIC_AUTH_TOKEN and/or
ANTHROPIC_API_KEY to "" changes nothing (both still go); CLAUDE_CODE_API_KEY_HELPER_TTL_MS
only sets the cache time. The binary builds the request's Authorization from
ANTHROPIC_AUTH_TOKEN or else the helper *after* ANTHROPIC_CUSTOM_HEADERS are applied, and
the x-api-key from the helper *before* them, so:
- bearer profiles: `ANTHROPIC_CUSTOM_HEADERS: "x-api-key:"` overrides the x-api-key
  header with an empty value — the key travels once, as `Authorization: Bearer`;
- api-key profiles: no setting removes the helper's Authorization header ("Authorization:"
  in ANTHROPIC_CUSTOM_HEADERS is overwritten), so the key goes in both headers, to the
  profile's own host only. Exactly one header is impossible there with apiKeyHelper.
Every other credential variable is set to "" so a user's own token or key (in the process
environment or another settings entry) never travels beside the profile's.

Symlinks: a settings.json that is a symlink (dotfiles managers: stow, chezmoi, yadm) is
written through to its target, keeping the link, when the target is a regular file under
$HOME or the Claude config directory; any other target (another user's or a system file)
is refused. Replacing the link would silently detach the user's dotfiles.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Mapping

from . import settings as claude_settings
from modelswitch.claude import global_state as gs
from ..profile import storage
from ..errors import ModelswitchError
from ..resolve import ALL_CREDENTIAL_VARS, AUTH_VAR, MARKER_VAR, PROFILE_VAR, resolve

HEADERS_VAR = "ANTHROPIC_CUSTOM_HEADERS"
EMPTY_API_KEY_HEADER = "x-api-key:"  # overrides the helper's x-api-key with ""
HELPER_KEY = "apiKeyHelper"
HELPER_VERB = ("key", "print-for-claude")


def settings_path(environ: Mapping[str, str] | None = None) -> Path:
    return claude_settings.claude_config_dir(environ) / "settings.json"


def write_target(path: Path, environ: Mapping[str, str]) -> Path:
    """Where writes go: the path itself, or a symlink's target when that is allowed."""
    if not path.is_symlink():
        if path.exists() and not path.is_file():
            raise ModelswitchError(f"{path} is not a regular file", "move it away first")
        return path
    target = path.resolve()
    home = Path(environ.get("HOME") or Path.home()).resolve()
    config = claude_settings.claude_config_dir(environ).resolve()
    inside = any(target == base or base in target.parents for base in (home, config))
    if not inside or (target.exists() and not target.is_file()):
        raise ModelswitchError(f"{path} is a symlink to {target}, outside your home directory "
                               "or not a regular file; modelswitch does not write there",
                               "point the link at a file in your home directory, or replace it "
                               "with a regular file")
    return target


def helper_command(name: str, environ: Mapping[str, str]) -> str:
    """The apiKeyHelper shell command: this Python, this package, the profile's name."""
    words = [sys.executable, "-m", "modelswitch", *HELPER_VERB, name]
    home = environ.get("MODELSWITCH_HOME")
    if home:  # an IDE-started claude may not have the variable: name the home explicitly
        words += ["--home", str(Path(home).resolve())]
    if os.name == "nt":  # pragma: no cover - Windows runs it through cmd
        import subprocess

        return subprocess.list2cmdline(words)
    return " ".join(shlex.quote(w) for w in words)


def is_our_helper(command: object) -> bool:
    return isinstance(command, str) and " -m modelswitch key print-for-claude " in command


def refuse_own_switch(path: Path, data: dict) -> None:
    """`import --from-claude-settings` of a file modelswitch switched globally: its env is a
    modelswitch profile already, and its apiKeyHelper is no key command to import.
    Other switchers' global state (a key in the env block, their own helper) stays importable."""
    if is_our_helper(data.get(HELPER_KEY)):
        name = global_profile() or "a profile"
        raise ModelswitchError(f"{path} is switched globally by modelswitch (to {name})",
                               "that profile exists already; to import what the file held "
                               "before, run `modelswitch off --global` first")


def entries_for(profile, store, user_env: Mapping[str, str],
                environ: Mapping[str, str]) -> dict[str, str]:
    """The env entries a global switch to `profile` writes (no secret among them)."""
    changes = resolve(profile, store, environ)  # reads the key now: a missing key changes nothing
    entries: dict[str, str] = {}
    for name, value in changes.items():
        if name in (PROFILE_VAR, MARKER_VAR) or name in ALL_CREDENTIAL_VARS:
            continue
        if value is not None:
            entries[name] = value
        elif name in user_env:
            entries[name] = ""  # the user's own model or URL must not reach this provider
    for name in ALL_CREDENTIAL_VARS:
        entries[name] = ""  # the key comes from apiKeyHelper only
    if AUTH_VAR[profile.auth] == "ANTHROPIC_AUTH_TOKEN":
        entries[HEADERS_VAR] = EMPTY_API_KEY_HEADER
    return entries


# ---------------------------------------------------------------- reading and writing
def read_bytes(path: Path) -> bytes | None:
    try:
        return claude_settings.read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ModelswitchError(f"cannot read {path}: {exc.strerror or exc}", "check its permissions") from None


def parse(raw: bytes | None, path: Path) -> dict:
    if raw is None:
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ModelswitchError(f"{path}: not UTF-8 text", "fix the file") from None
    data = claude_settings.parse_settings(text, str(path), "fix the file; Claude Code cannot read it either")
    claude_settings.env_of(data, str(path))  # a malformed env block is refused here
    return data


def render(data: dict, raw: bytes | None) -> str:
    from ..profile.migrate import render_like

    return render_like(data, raw.decode("utf-8") if raw and raw.strip() else '{\n  "x": 1\n}\n')


def write(target: Path, text: str | None, existed: bool) -> None:
    """Atomically replace (keeping mode and owner), create (0600) or remove the file."""
    from ..profile.migrate import replace_keeping_mode

    try:
        if text is None:
            if target.exists():
                target.unlink()
        elif existed and target.exists():
            replace_keeping_mode(target, text)
        else:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            storage.atomic_write(target, text, mode=0o600)
    except OSError as exc:
        raise ModelswitchError(f"cannot write {target}: {exc.strerror or exc}",
                               "check the permissions of the file and its directory") from None


def without_ours(data: dict, state: gs.State, original: dict) -> dict:
    """The document with modelswitch's entries taken out and the user's put back. An entry
    someone else changed since modelswitch wrote it is theirs now and stays."""
    env = dict(data.get("env") or {})
    for name, value in state.owned_env.items():
        if name in env and env[name] == value:
            del env[name]
            if name in (original.get("env") or {}):
                env[name] = original["env"][name]
    result = dict(data)
    if env or "env" in original:
        result["env"] = env
    else:
        result.pop("env", None)
    if result.get(HELPER_KEY) == state.helper:
        result.pop(HELPER_KEY)
        if HELPER_KEY in original:
            result[HELPER_KEY] = original[HELPER_KEY]
    return result


# ---------------------------------------------------------------- the commands
def use_global(profile, store, environ: Mapping[str, str] | None = None) -> Path:
    """Switch the user settings file to `profile`. Returns the settings path."""
    environ = os.environ if environ is None else environ
    path = settings_path(environ)
    with storage.locked():
        target = write_target(path, environ)
        raw = read_bytes(target)
        state = gs.load_state()
        if state is not None and state.settings != str(path):
            raise ModelswitchError(f"a global switch is active in {state.settings}",
                                   "run `modelswitch off --global` first (with the same "
                                   "CLAUDE_CONFIG_DIR)")
        current = parse(raw, path)
        if state is None:
            base, original = current, current
        else:
            original = parse_text(gs.original_text(state, store), path)
            base = without_ours(current, state, original)
        entries = entries_for(profile, store, base.get("env") or {}, environ)
        document = dict(base)
        document["env"] = {**(base.get("env") or {}), **entries}
        document[HELPER_KEY] = helper_command(profile.name, environ)
        text = render(document, raw)
        if state is None:
            state = gs.State(profile.name, str(path), {}, "")
            gs.keep_original(state, None if raw is None else raw.decode("utf-8"), store)
        else:
            state.exact = state.exact and gs.sha256(raw) == state.written_sha256
        state.profile, state.owned_env, state.helper = profile.name, entries, document[HELPER_KEY]
        gs.save_state(state)  # first: a crash after it still lets `off` restore the file
        write(target, text, raw is not None)
        state.written_sha256 = gs.sha256(text.encode("utf-8"))
        gs.save_state(state)
    return path


def parse_text(text: str | None, path: Path) -> dict:
    return parse(None if text is None else text.encode("utf-8"), path)


def off_global(store, environ: Mapping[str, str] | None = None) -> tuple[Path, bool]:
    """Restore the user's settings. Returns (path, exactly the original bytes?)."""
    environ = os.environ if environ is None else environ
    with storage.locked():
        state = _switched()
        path = Path(state.settings)
        target = write_target(path, environ)
        raw = read_bytes(target)
        original_text = gs.original_text(state, store)
        exact = state.exact and gs.sha256(raw) == state.written_sha256
        if exact:
            write(target, original_text, raw is not None)
        elif raw is not None:
            restored = without_ours(parse(raw, path), state, parse_text(original_text, path))
            write(target, render(restored, raw), True)
        gs.forget_original(state, store)
        gs.drop_state()
    return path, exact


def current_global() -> str:
    return _switched().profile


def _switched() -> gs.State:
    """The state of the active global switch; an error if there is none."""
    state = gs.load_state()
    if state is None:
        raise ModelswitchError("no profile is switched globally",
                               "switch with `modelswitch use --global NAME`")
    return state


def global_profile() -> str | None:
    """The globally switched profile's name, or None (for `list`; never raises)."""
    try:
        state = gs.load_state()
    except ModelswitchError:
        return None
    return state.profile if state else None
