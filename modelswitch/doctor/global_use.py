"""doctor's view of `use --global`: which profile, whether the user settings file still
holds what modelswitch wrote, and whether a project, local or managed settings file
overrides the global switch (those outrank user settings)."""

from __future__ import annotations

from ..claude import settings as claude_settings, global_state as gs, global_switch as gsw
from .. import paths
from .checks import FAIL, OK, WARN, Check, Context
from ..errors import ModelswitchError


def owned_user_entries(ctx: Context) -> dict[str, str]:
    """Env entries of the user settings file that are modelswitch's global switch (doctor's
    settings checks leave them out: they are meant to be there)."""
    try:
        state = gs.load_state()
    except ModelswitchError:
        return {}
    return dict(state.owned_env) if state else {}


def global_checks(ctx: Context) -> list[Check]:
    try:
        state = gs.load_state()
    except ModelswitchError as exc:
        return [Check("global", FAIL, exc.message, exc.hint or "")]
    if state is None:
        return [Check("global", OK, "no profile is switched globally (`use --global`)")]
    checks = [Check("global", OK, f"profile {state.profile!r} is switched globally in {state.settings}",
                    "`modelswitch off --global` restores the file")]
    if not paths.profile_path(state.profile).exists():
        checks.append(Check("global", FAIL, f"the globally switched profile {state.profile!r} "
                            "does not exist (any more): claude's apiKeyHelper fails",
                            "`modelswitch use --global NAME` another profile, or `off --global`"))
    checks += _file_check(ctx, state)
    checks += _override_checks(ctx, state)
    return checks


def _file_check(ctx: Context, state: gs.State) -> list[Check]:
    path = gsw.settings_path(ctx.environ)
    try:
        raw = gsw.read_bytes(gsw.write_target(path, ctx.environ))
        data = gsw.parse(raw, path)
    except ModelswitchError as exc:
        return [Check("global", FAIL, exc.message, exc.hint or "")]
    if str(path) != state.settings:
        return [Check("global", WARN, f"the switch is in {state.settings}, but claude here reads "
                      f"{path} (CLAUDE_CONFIG_DIR differs)", "run off --global with the same "
                      "CLAUDE_CONFIG_DIR as use --global")]
    if gs.sha256(raw) == state.written_sha256:
        return [Check("global", OK, f"{path} is as modelswitch wrote it")]
    env = data.get("env") or {}
    lost = sorted(k for k, v in state.owned_env.items() if env.get(k) != v)
    helper_gone = data.get(gsw.HELPER_KEY) != state.helper
    status = FAIL if helper_gone or "ANTHROPIC_BASE_URL" in lost else WARN
    detail = (f"; changed or removed: {', '.join(lost + (['apiKeyHelper'] if helper_gone else []))}"
              if lost or helper_gone else "")
    return [Check("global", status, f"{path} changed since modelswitch wrote it{detail}",
                  "`modelswitch use --global NAME` writes it again; `off --global` keeps your "
                  "other edits")]


def _override_checks(ctx: Context, state: gs.State) -> list[Check]:
    checks = []
    for sf in claude_settings.settings_files(ctx.cwd, ctx.environ):
        if sf.kind == "user":
            continue
        try:
            data = claude_settings.read_settings(sf.path)
        except ModelswitchError:
            continue  # settings_checks reports unreadable files
        try:
            env = claude_settings.env_of(data, str(sf.path))
        except ModelswitchError:
            env = {}  # settings_checks reports a malformed env block
        hits = sorted(k for k in env if k in state.owned_env)
        if data.get(gsw.HELPER_KEY):
            hits.append("apiKeyHelper")
        if hits:
            checks.append(Check("global", FAIL if sf.kind == "managed" else WARN,
                                f"{sf.kind} settings {sf.path} overrides the global switch: "
                                f"{', '.join(hits)}", "those files outrank the user settings; "
                                "remove the entries, or start claude with `modelswitch run NAME`"))
    return checks
