"""doctor's model check: every model-selecting variable of the pinned claude is mapped.

A third-party profile that leaves a tier empty lets claude fall back to an Anthropic model
id for that alias (`--model fable` sends claude-fable-5-2, background work a claude-haiku
id) and the provider answers with an error. The tiers come from tiers.py, the values from
resolve.slot_models (the same fallbacks `use` and `run` apply).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..profile import tiers
from .checks import OK, WARN, Check, Context
from ..resolve import slot_models


def model_checks(ctx: Context) -> list[Check]:
    checks = []
    for profile in ctx.good:
        if not profile.base_url:
            continue  # Anthropic's API or a cloud mode: claude's own ids are right there
        mapped = slot_models(profile)
        missing = [tier for tier in tiers.TIERS if tier not in mapped]
        if missing:
            host = urlsplit(profile.base_url).hostname or profile.base_url
            names = ", ".join(f"{tier} ({tiers.slot_var(tier)})" for tier in missing)
            flags = " ".join(f"--{tier} MODEL" for tier in missing)
            checks.append(Check("profiles", WARN, f"{profile.name}: unmapped model tiers: {names}; "
                                f"claude sends an Anthropic model id for them to {host}",
                                f"map them: `modelswitch edit {profile.name} {flags}`"))
    if not checks and any(p.base_url for p in ctx.good):
        checks.append(Check("profiles", OK, "every model tier of every provider profile is mapped "
                            f"({', '.join(tiers.TIERS)})"))
    return checks
