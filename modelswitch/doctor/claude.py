"""doctor's checks of Claude Code's side: the claude binary, its settings files' env blocks,
auth-conflict traps (~/.claude.json, both credential variables) and the shell hook.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from ..claude import settings as claude_settings
from .. import paths
from .checks import FAIL, OK, WARN, Check, Context
from ..errors import ModelswitchError
from ..resolve import CREDENTIAL_VARS, MANAGED_VARS, PROFILE_VAR
from ..redact import hidden, mask, secret_name
from ..text import printable
from ..profile.validate import NAME_RE

CLAUDE_TIMEOUT = 15.0
# The claude versions the test suite runs against (scripts/install-test-tools installs both
# ends; CI pins the newer and keeps a run on the older).
TESTED_CLAUDE = ("2.1.330", "2.1.332")
CLAUDE_INSTALL = "npm install -g @anthropic-ai/claude-code"
VERSION_RE = re.compile(r"v?(\d+)\.(\d+)\.(\d+)(?![\d.])")


def claude_checks(ctx: Context) -> list[Check]:
    path = shutil.which("claude", path=ctx.environ.get("PATH"))
    if not path:
        return [Check("claude", FAIL, "claude is not on PATH",
                      f"install Claude Code: {CLAUDE_INSTALL}")]
    try:
        done = subprocess.run([path, "--version"], stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=CLAUDE_TIMEOUT)
        version = done.stdout.decode("utf-8", "replace").strip().splitlines()[:1]
        problem = "" if done.returncode == 0 and version else f"exit status {done.returncode}"
    except subprocess.TimeoutExpired:
        problem = f"no answer in {CLAUDE_TIMEOUT:.0f} s"
    except OSError as exc:
        problem = exc.strerror or type(exc).__name__
    if problem:
        return [Check("claude", FAIL, f"`{path} --version` failed ({problem})",
                      "run it yourself to see why; reinstall Claude Code if it is broken")]
    return [version_check(version[0], path)]


def parse_version(text: str) -> tuple[int, ...] | None:
    """(2, 1, 330) from `2.1.330 (Claude Code)`; None when the line does not start so."""
    match = VERSION_RE.match(text.strip())
    return tuple(int(part) for part in match.groups()) if match else None


def version_check(line: str, path: str) -> Check:
    """The installed claude against the versions the tests cover (TESTED_CLAUDE)."""
    low, high = TESTED_CLAUDE
    tested = f"{low} to {high}" if low != high else low
    shown_line = printable(line)
    version = parse_version(line)
    if version is None:
        return Check("claude", WARN, f"claude at {path}: cannot read a version in '{shown_line}' "
                     f"(tested: {tested})", "run `claude --version` yourself; reinstall "
                     f"Claude Code if it is broken: {CLAUDE_INSTALL}@{high}")
    if version < parse_version(low):
        return Check("claude", WARN, f"claude {shown_line} at {path} is older than the tested "
                     f"{tested}", f"upgrade with `{CLAUDE_INSTALL}@{high}`")
    if version > parse_version(high):
        return Check("claude", WARN, f"claude {shown_line} at {path} is newer than tested "
                     f"({tested})", "it likely works; report problems to modelswitch, naming "
                     "the version (a newer claude may read variables modelswitch does not set)")
    return Check("claude", OK, f"claude {shown_line} at {path} (tested: {tested})")


# settings files -------------------------------------------------------------------------

def shown(name: str, value: str) -> str:
    """A settings value for display: masked by the one rule (redact.py) when its name or shape
    says secret; URLs without extras."""
    if secret_name(name) or hidden(name, value):
        return mask(value) or '""'
    if "://" in value:
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        host = parts.netloc.rpartition("@")[2]  # keeps the port, drops user:password@
        value = f"{parts.scheme}://{host}{parts.path}"
    value = printable(value)  # no terminal escapes; render() escapes again, to no effect
    return value if len(value) <= 60 else value[:59] + "…"


def settings_checks(ctx: Context) -> list[Check]:
    watched = set(MANAGED_VARS) | {k for p in ctx.good for k in p.env}
    checks = []
    for sf in claude_settings.settings_files(ctx.cwd, ctx.environ):
        try:
            env = claude_settings.env_block(sf.path)
        except ModelswitchError as exc:
            checks.append(Check("settings", FAIL, f"{sf.kind} settings: {exc.message}",
                                exc.hint or ""))
            continue
        hits = sorted(k for k in env if k in watched and not _global_entry(sf, k, env[k], ctx))
        if hits:
            checks.append(_override_check(sf, hits, env))
    if not checks:
        checks.append(Check("settings", OK,
                            "no Claude Code settings file sets modelswitch's variables"))
    return checks


def _global_entry(sf, name: str, value: str, ctx: Context) -> bool:
    """An entry `use --global` wrote into the user settings (doctor_global checks those)."""
    from .global_use import owned_user_entries

    return sf.kind == "user" and owned_user_entries(ctx).get(name) == value


def _override_check(sf, hits: list[str], env: dict[str, str]) -> Check:
    serious = sf.kind == "managed" or bool(set(hits) & {*CREDENTIAL_VARS, "ANTHROPIC_BASE_URL"})
    listed = ", ".join(f"{k}={shown(k, env[k])}" for k in hits)
    if sf.kind == "managed":
        hint = "set by an administrator: it beats both `modelswitch use` and `modelswitch run`"
    else:
        hint = ("remove them from its \"env\" block: they beat `modelswitch use` "
                "(`modelswitch run` overrides them)")
    return Check("settings", FAIL if serious else WARN,
                 f"{sf.kind} settings {sf.path} overrides {listed}", hint)


# auth conflicts and shell ---------------------------------------------------------------

def auth_checks(ctx: Context) -> list[Check]:
    both = "ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN are"
    if all(ctx.environ.get(v) for v in CREDENTIAL_VARS):
        first = Check("auth", FAIL, f"{both} both set in this shell: Claude Code warns of an "
                      "auth conflict and may send both", "`modelswitch use NAME` sets exactly "
                      "one; `modelswitch off` clears both")
    else:
        first = Check("auth", OK, f"{both} not both set in this shell")
    return [first, _claude_json_check(ctx)]


def _claude_json_check(ctx: Context) -> Check:
    path = claude_settings.claude_json_path(ctx.environ)
    try:
        state = claude_settings.read_settings(path)
    except ModelswitchError as exc:
        return Check("auth", FAIL, exc.message, exc.hint or "")
    token_profiles = [p.name for p in ctx.good
                      if p.auth == "bearer" and p.base_url and p.key_source != "none"]
    more = len(token_profiles) - 3
    names = ", ".join(token_profiles[:3]) + (f", +{more} more" if more > 0 else "")
    if state.get("primaryApiKey") and token_profiles:
        # verified on the wire (stored_login.py): x-api-key: <this key> beside the bearer token
        return Check("auth", FAIL, f"{path} holds a Console login key (primaryApiKey): claude "
                     f"started from a shell switched with use/env sends it as x-api-key to the "
                     f"provider of token profiles ({names})",
                     "start claude with `modelswitch run NAME` (it keeps the stored key out), "
                     "or remove the login with `claude /logout`")
    if state.get("oauthAccount") and token_profiles:
        return Check("auth", WARN, f"{path} holds a claude.ai login: Claude Code shows an "
                     f"auth-conflict warning with token profiles ({names})",
                     "harmless (the profile's token wins); `claude /logout` removes the login")
    return Check("auth", OK, f"{path}: no stored login that conflicts with a token profile")


def shell_checks(ctx: Context) -> list[Check]:
    env = ctx.environ
    hook = env.get("MODELSWITCH_HOOK")
    if hook:
        checks = [Check("shell", OK, f"shell hook installed in this shell ({hook})")]
    else:
        shell = Path(env.get("SHELL", "bash")).name or "bash"
        checks = [Check("shell", WARN, "the shell hook is not loaded in this shell: "
                        "`modelswitch use` cannot change it",
                        f"add the hook printed by `modelswitch init {shell}` to your rc file, "
                        "or start claude with `modelswitch run NAME`")]
    active = env.get(PROFILE_VAR)
    if active:
        known = bool(NAME_RE.fullmatch(active)) and paths.profile_path(active).is_file()
        checks.append(Check("shell", OK if known else WARN, f"active profile: {active}",
                            "" if known else "it no longer exists; `modelswitch off` clears it"))
    return checks + static_checks()


def static_checks() -> list[Check]:
    """Hook/completion files from `init SHELL --write` that an upgrade has left behind."""
    from modelswitch.shells.static import stale, version

    return [Check("shell", WARN, f"{path} was written by modelswitch {written or '(unknown)'}, "
                  f"this is {version()}", f"refresh it: `modelswitch init {shell} --write`")
            for path, shell, written in stale(paths.config_home())]


