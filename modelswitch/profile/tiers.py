"""The model slots of Claude Code, as data: one table every other module derives from.

Claude Code (checked in the strings of 2.1.330 and 2.1.332, and on the wire against a
loopback server) turns each `--model` alias and `/model` picker entry into a model id
through one variable per tier:

    haiku  -> ANTHROPIC_DEFAULT_HAIKU_MODEL   (also background tasks)
    sonnet -> ANTHROPIC_DEFAULT_SONNET_MODEL  (sonnet, sonnet[1m], opusplan outside plan mode)
    opus   -> ANTHROPIC_DEFAULT_OPUS_MODEL    (opus, opus[1m], best, default, no ANTHROPIC_MODEL)
    fable  -> ANTHROPIC_DEFAULT_FABLE_MODEL   (fable, fable[1m]; unset: claude-fable-5-2)

and offers one extra picker entry through ANTHROPIC_CUSTOM_MODEL_OPTION. Each slot also
has picker text: VAR_NAME (the label), VAR_DESCRIPTION and VAR_SUPPORTED_CAPABILITIES.
A profile stores a slot's model under the slot's name (`opus = "..."`) and its picker text
under `<slot>_<attribute>` (`opus_name = "Kimi K2 Thinking"`). A new slot is one row here.
"""

from __future__ import annotations

# slot -> the variable holding its model id (picker text variables append a suffix)
SLOT_VARS = {
    "haiku": "ANTHROPIC_DEFAULT_HAIKU_MODEL",
    "sonnet": "ANTHROPIC_DEFAULT_SONNET_MODEL",
    "opus": "ANTHROPIC_DEFAULT_OPUS_MODEL",
    "fable": "ANTHROPIC_DEFAULT_FABLE_MODEL",
    "custom_model": "ANTHROPIC_CUSTOM_MODEL_OPTION",
}
TIERS = ("haiku", "sonnet", "opus", "fable")  # the --model aliases' tiers, smallest first
# A tier a profile leaves empty borrows another's model and picker text, so an alias never
# falls through to an Anthropic model id at a third-party host: fable is opus's big sibling.
FALLBACK = {"fable": "opus"}
# Other aliases Claude Code resolves through a tier's variable (the `--opus` flag's help says so).
ALSO = {"opus": "also best, default"}

# picker attribute -> (variable suffix, what it is)
PICKER_ATTRIBUTES = {
    "name": ("_NAME", "the label the /model picker shows"),
    "description": ("_DESCRIPTION", "the picker's one-line description"),
    "capabilities": ("_SUPPORTED_CAPABILITIES", "what the model supports (comma-separated)"),
}

# Profile keys for picker text: opus_name, opus_description, ..., custom_model_capabilities
PICKER_KEYS = tuple(f"{slot}_{attribute}" for slot in SLOT_VARS for attribute in PICKER_ATTRIBUTES)
# On the command line a slot is named as the user thinks of it: `--tier-name custom=...`.
SLOT_ALIASES = {"custom": "custom_model"}

# Every other variable of the pinned claude that selects a model id it sends. A switch owns
# them: set from the profile where it has the value, unset otherwise, so a value left in the
# shell for Anthropic's API never reaches the provider.
# (Read from the strings of 2.1.330 and 2.1.332 — the same names in both — and checked on the
# wire where a -p run can show them.)
OTHER_MODEL_VARS = (
    "ANTHROPIC_MODEL",  # the main model (profile field `model`); beats ANTHROPIC_DEFAULT_MODEL
    "ANTHROPIC_DEFAULT_MODEL",  # the model when nobody chose one: cleared
    "ANTHROPIC_SMALL_FAST_MODEL",  # background work; haiku's old name (= haiku)
    "CLAUDE_CODE_SUBAGENT_MODEL",  # subagents (profile field `subagent`)
    "CLAUDE_CODE_WORKFLOW_SUBAGENT_MODEL",  # the Workflow tool's agents (= subagent)
    "CLAUDE_CODE_AUTO_MODE_MODEL",  # the auto permission mode's classifier: cleared
    "CLAUDE_CODE_BG_CLASSIFIER_MODEL",  # the background classifier: cleared
    "FALLBACK_FOR_ALL_PRIMARY_MODELS",  # a fallback model id: cleared
)
# Not model ids, so left to the user: *_SUPPORTED_CAPABILITIES aside, switches such as
# CLAUDE_CODE_SUBAGENT_MODEL_FORCE, CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP, effort levels and
# the model catalog/gateway discovery settings.


def slot_var(slot: str, attribute: str | None = None) -> str:
    """The variable for a slot's model (attribute None) or one of its picker texts."""
    base = SLOT_VARS[slot]
    return base if attribute is None else base + PICKER_ATTRIBUTES[attribute][0]


def all_slot_vars() -> list[str]:
    """Every model and picker variable of every slot."""
    return [slot_var(slot, attribute) for slot in SLOT_VARS
            for attribute in (None, *PICKER_ATTRIBUTES)]


def split_picker_key(key: str) -> tuple[str, str]:
    """'custom_model_name' -> ('custom_model', 'name'); KeyError for anything else."""
    for attribute in PICKER_ATTRIBUTES:
        slot = key[:-len(attribute) - 1]
        if key.endswith("_" + attribute) and slot in SLOT_VARS:
            return slot, attribute
    raise KeyError(key)
