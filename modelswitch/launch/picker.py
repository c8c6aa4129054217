"""The /model picker rows `run` hands to claude (`modelPicker` in its --settings).

Verified with claude 2.1.332 in a real terminal (tmux): with a key handed over through
CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR (how `run` passes bearer keys, launch_key.py) claude
shows its subscription line-up in /model and ignores the ANTHROPIC_DEFAULT_*_MODEL_NAME /
_DESCRIPTION and ANTHROPIC_CUSTOM_MODEL_OPTION variables; a `modelPicker` from --settings
(rows of {model, label, description}; replaceBuiltInOptions hides the built-in rows) is shown
in every auth mode. So `run` renders the profile's slots, already decided by resolve() in the
Changes, as picker rows: one per distinct model id, labelled with the picker name of the
first slot using it (the model id when the profile names none).
"""

from __future__ import annotations

from ..profile import tiers
from ..resolve import Changes

PICKER_ORDER = ("opus", "sonnet", "haiku", "fable", "custom_model")  # as claude's own picker


def picker_rows(changes: Changes) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    for slot in PICKER_ORDER:
        model = changes.get(tiers.slot_var(slot))
        if not model or model in seen:
            continue
        seen.add(model)
        row = {"model": model, "label": changes.get(tiers.slot_var(slot, "name")) or model}
        description = changes.get(tiers.slot_var(slot, "description"))
        if description:
            row["description"] = description
        rows.append(row)
    return rows


def model_picker(changes: Changes) -> dict | None:
    """The modelPicker setting for a third-party profile with models, else None (Anthropic's
    own API keeps claude's picker)."""
    rows = picker_rows(changes)
    if not changes.get("ANTHROPIC_BASE_URL") or not rows:
        return None
    return {"options": rows, "replaceBuiltInOptions": True}
