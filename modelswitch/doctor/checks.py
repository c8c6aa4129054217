"""`doctor`: why a switch may not take effect, as a list of checks (ok / warn / fail).

Each check has a section, a status, a one-line title and a one-line hint. Nothing here
prints a key: keys are read only to learn whether they can be, and values from Claude
Code's settings files are masked when their names look secret. The checks of Claude
Code's side (binary, settings files, auth conflicts, shell hook) are in doctor_claude.py.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Mapping

from modelswitch import paths
from modelswitch.profile import schema as profiles
from modelswitch.errors import InvalidProfile, KeyUnavailable, UsageError
from modelswitch.profile.schema import Profile
from modelswitch.keys.store import (CHOOSE_HINT, KeyringStore, KeyringTimeout, SecretStore, backend_name,
                      backend_problem, read_key, within)
from modelswitch.keys.source import KeyCommandFailed, KeySource, run_command
from modelswitch.profile.validate import check_url

OK, WARN, FAIL = "ok", "warn", "fail"
KEY_TIMEOUT = 15.0  # seconds for a keyring read or a key command


@dataclass
class Check:
    section: str
    status: str
    title: str
    hint: str = ""


@dataclass
class Context:
    store: SecretStore
    environ: Mapping[str, str]
    cwd: Path
    focus: str | None = None
    good: list[Profile] = field(default_factory=list)
    broken: list[InvalidProfile] = field(default_factory=list)


def run_doctor(store: SecretStore, name: str | None = None,
               environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> list[Check]:
    """Every check, in display order. With `name`, profile checks cover only that profile."""
    ctx = Context(store, os.environ if environ is None else environ, cwd or Path.cwd(), name)
    _load(ctx)
    checks: list[Check] = []
    from modelswitch.doctor import claude
    from modelswitch.doctor.global_use import global_checks
    from modelswitch.doctor.models import model_checks

    for group in (config_checks, key_checks, url_checks, model_checks, claude.claude_checks,
                  claude.settings_checks, global_checks, claude.auth_checks, claude.shell_checks):
        checks += group(ctx)
    return checks


def _load(ctx: Context) -> None:
    if ctx.focus is None:
        ctx.good, ctx.broken = profiles.load_all()
        return
    try:
        ctx.good = [profiles.load_profile(ctx.focus)]
    except InvalidProfile as exc:
        ctx.broken = [exc]


# config ---------------------------------------------------------------------------------

def config_checks(ctx: Context) -> list[Check]:
    home = paths.config_home()
    for path in (home, paths.profiles_dir()):
        if path.exists() and not path.is_dir():  # every add/edit would fail
            return [Check("config", FAIL, f"{path} is not a directory",
                          "move it out of the way: modelswitch keeps its profiles there")]
    if not home.is_dir():
        return [Check("config", WARN, f"config home {home} does not exist yet",
                      "create a profile with `modelswitch add NAME`")]
    checks = [_home_permissions(home)]
    for exc in ctx.broken:
        checks.append(Check("config", FAIL, exc.message, exc.hint or "fix or remove the file"))
    if not ctx.broken:
        n = len(ctx.good)
        title = f"profile {ctx.focus} parses" if ctx.focus else f"{n} profile(s) parse"
        checks.append(Check("config", OK, title) if n else
                      Check("config", WARN, "no profiles yet", "`modelswitch add NAME`"))
    return checks


def _home_permissions(home: Path) -> Check:
    if os.name != "posix":
        return Check("config", OK, f"config home {home}")
    loose = [p for p in (home, paths.profiles_dir()) if p.is_dir() and _open_to_others(p)]
    loose += [p for p in sorted(paths.profiles_dir().glob("*.toml")) if _open_to_others(p)]
    if not loose:
        return Check("config", OK, f"config home {home} (private: 0700 directories, 0600 files)")
    names = ", ".join(str(p) for p in loose[:3]) + (" ..." if len(loose) > 3 else "")
    pdir = paths.profiles_dir()
    return Check("config", WARN, f"readable by other users: {names}",
                 f"chmod 700 {home} {pdir}; chmod 600 {pdir}/*.toml")


def _open_to_others(path: Path) -> bool:
    """Group/other permission bits (of a symlink's target). A dangling link or a file that
    vanished is not judged here: the profile check reports it as broken."""
    try:
        return bool(path.stat().st_mode & 0o077)
    except OSError:
        return False


# keys -----------------------------------------------------------------------------------

def key_checks(ctx: Context) -> list[Check]:
    uses_keyring = any(p.key_source == "keyring" for p in ctx.good)
    backend, usable = _backend_check(ctx.store, uses_keyring)
    checks = [backend]
    stuck = [p.name for p in ctx.good if p.key_source == "keyring" and not usable]
    if stuck:  # one line for all of them: the backend's check above already gave the hint
        checks.append(Check("keys", FAIL, f"{', '.join(stuck)}: cannot read "
                            f"{'its key' if len(stuck) == 1 else 'their keys'}: the keyring is "
                            "unusable (see above)", ""))
    checks += [_profile_key(ctx, p) for p in ctx.good
               if not (p.key_source == "keyring" and not usable)]
    return checks


def _current_backend():
    import keyring

    return keyring.get_keyring()


def _backend_check(store: SecretStore, needed: bool) -> tuple[Check, bool]:
    """Is there an OS keyring that answers? A backend that is not one (fail, null, an empty
    chain, keyrings.alt's plaintext file) is unusable: modelswitch refuses to keep keys there."""
    bad = FAIL if needed else WARN
    if not isinstance(store, KeyringStore):
        return Check("keys", OK, f"secret store: {type(store).__name__}"), True
    name = "keyring"
    try:
        name = within(KEY_TIMEOUT, backend_name)
        problem = backend_problem(within(KEY_TIMEOUT, _current_backend))
        if problem:
            plain = "plain" in problem  # keys there sit in a file anyone with the disk can read
            return Check("keys", FAIL if plain else bad, f"no usable keyring backend ({name}): "
                         f"{problem}", CHOOSE_HINT), False
        within(KEY_TIMEOUT, store.get, "modelswitch-doctor-probe")
    except (TimeoutError, KeyringTimeout):
        return Check("keys", bad, f"{name} did not answer within {KEY_TIMEOUT:.0f} s",
                     "it may be locked and waiting for an unlock prompt; unlock it"), False
    except KeyUnavailable as exc:
        reason = "locked" if "locked" in exc.message else "cannot be read"
        return Check("keys", bad, f"{name}: {reason}", exc.hint or CHOOSE_HINT), False
    except Exception as exc:  # keyring import or backend discovery failed
        return Check("keys", bad, f"no keyring backend ({type(exc).__name__})", CHOOSE_HINT), False
    return Check("keys", OK, f"keyring backend {name} is usable"), True


def _profile_key(ctx: Context, profile: Profile) -> Check:
    source = KeySource.parse(profile.key_source)
    if source.kind == "none":
        return Check("keys", OK, f"{profile.name}: keyless (no key needed)")
    if source.kind == "cmd":
        return _key_command(profile.name, source.value)
    try:
        within(KEY_TIMEOUT, read_key, profile, ctx.store, ctx.environ)
    except (TimeoutError, KeyringTimeout):
        return Check("keys", FAIL, f"{profile.name}: reading its key took over "
                     f"{KEY_TIMEOUT:.0f} s", "unlock the keyring")
    except KeyUnavailable as exc:
        return Check("keys", FAIL, f"{profile.name}: {exc.message}", exc.hint or "")
    where = "the keyring" if source.kind == "keyring" else f"${source.value}"
    return Check("keys", OK, f"{profile.name}: key found in {where}")


def _key_command(name: str, command: str) -> Check:
    """Run the key command through the one runner (as `use` would), with doctor's shorter
    time limit; never show its output."""
    try:
        run_command(name, command, timeout=KEY_TIMEOUT)
    except KeyCommandFailed as exc:
        return Check("keys", FAIL, f"{name}: the key command {exc.problem}", exc.hint or "")
    except KeyUnavailable as exc:  # it printed something that is no key (check_key)
        return Check("keys", FAIL, f"{name}: {exc.message}", exc.hint or "")
    return Check("keys", OK, f"{name}: the key command printed a key")


def url_checks(ctx: Context) -> list[Check]:
    checks = []
    for profile in ctx.good:
        try:
            warnings = check_url(profile.base_url)
        except UsageError as exc:
            checks.append(Check("profiles", FAIL, f"{profile.name}: {exc.message}", exc.hint or ""))
            continue
        for warning in warnings:
            checks.append(Check("profiles", WARN, f"{profile.name}: {warning}",
                                f"fix it with `modelswitch edit {profile.name}`"))
    if not checks and ctx.good:
        checks.append(Check("profiles", OK, "base URLs look right (no /v1 suffix, no plain http "
                            "to other hosts)"))
    return checks


def to_dict(checks: list[Check]) -> list[dict]:
    return [asdict(c) for c in checks]
