"""What `add` and `edit` were given on the command line, checked and applied to a profile.

ProfileFlags holds the flags (None = not given); apply_flags() validates them with the same
rules as profile files (validate.py) and sets them on a Profile. Both derive from the schema
table (fields.FIELDS: one option per flagged field, read by its kind's FLAG_READERS entry);
the picker flags come from the tiers table.
"""

from __future__ import annotations

import dataclasses
from dataclasses import field

from modelswitch import model_prices
from modelswitch.errors import UsageError
from modelswitch.profile import fields as fields_table, schema as profiles
from modelswitch.profile import tiers
from modelswitch.profile import validate
from modelswitch.profile.schema import Profile

MODEL_FIELDS = profiles.MODEL_FIELDS
FLAGGED = tuple(f for f in fields_table.FIELDS if f.flag)  # the fields with an option of their own
PRESET_FIELDS = tuple(f.name for f in fields_table.FIELDS if f.preset)  # --preset copies these
FIELD_FLAGS = {f.name: f.flag for f in FLAGGED}
# --tier-name / --tier-description / --tier-capabilities: the picker attribute each sets
PICKER_FLAGS = {attribute: f"--tier-{attribute}" for attribute in tiers.PICKER_ATTRIBUTES}
FLAG_TYPES = {"tokens": "int | None"}  # a flagged field's value as given (else text, str | None)


class _Given:
    def given(self) -> bool:
        values = dataclasses.asdict(self)
        return any(v not in (None, []) for k, v in values.items() if k != "picker") or \
            any(self.picker.values())


# What the user gave on the command line (None = not given), keyword-only: preset, one value
# per flagged field of fields.FIELDS (a price as typed: "" or "unknown" clears it), then
# model_price ["MODEL=IN,OUT[,CW,CR]"; "MODEL=" drops], env, unset_env and picker
# (attribute -> ["TIER=TEXT", ...]: --tier-name opus="Kimi K2"; empty TEXT clears).
ProfileFlags = dataclasses.make_dataclass(
    "ProfileFlags",
    [("preset", "str | None", field(default=None)),
     *((f.name, FLAG_TYPES.get(f.kind, "str | None"), field(default=None)) for f in FLAGGED),
     *((name, "list[str]", field(default_factory=list)) for name in ("model_price", "env", "unset_env")),
     ("picker", "dict[str, list[str]]", field(default_factory=dict))],
    bases=(_Given,), kw_only=True,
    namespace={"__module__": __name__, "__doc__": "What add/edit were given (None: not given)."})


def picker_key(attribute: str, text: str) -> tuple[str, str]:
    """'opus=Kimi K2' given to --tier-name -> ('opus_name', 'Kimi K2')."""
    flag = PICKER_FLAGS[attribute]
    slot, sep, value = text.partition("=")
    slot = tiers.SLOT_ALIASES.get(slot.strip(), slot.strip())
    if not sep or slot not in tiers.SLOT_VARS:
        names = ", ".join(s for s in tiers.SLOT_VARS if s not in tiers.SLOT_ALIASES.values())
        raise UsageError(f"{flag} expects TIER=TEXT, got {text!r}",
                         f"TIER is one of {names}, custom; e.g. {flag} opus=\"Kimi K2 Thinking\"")
    key = f"{slot}_{attribute}"
    return key, validate.check_picker_text(key, value.strip(), f"{flag} {slot}")


def price_flag(flag: str, text: str) -> float | None:
    """--price-input 0.60 -> 0.6; '' or 'unknown' -> None (unknown, never $0)."""
    text = text.strip()
    if text.lower() in ("", "unknown", "?"):
        return None
    try:
        value = float(text.lstrip("$"))
    except ValueError:
        raise UsageError(f"{flag} must be a number (USD per million tokens), got {text!r}",
                         f"e.g. {flag} 0.60; {flag} '' clears it") from None
    return validate.check_price(value, flag)


def _url(flag: str, label: str, value: str) -> tuple[str, list[str]]:
    return value, validate.check_url(value, label)  # also refuses control characters


# kind -> reader(flag, show label, value given) -> (value to set, warnings); raises UsageError.
# The rules are validate's, as for the same field in a profile file (fields.READERS).
FLAG_READERS = {
    "text": lambda flag, label, value: (validate.check_text(flag, value), []),
    "model": lambda flag, label, value: (validate.check_text(flag, value.strip()), []),
    "url": _url,
    "auth": lambda flag, label, value: (validate.check_auth(value), []),
    "tokens": lambda flag, label, value: (validate.check_context_window(value, flag), []),
    "price": lambda flag, label, value: (price_flag(flag, value), []),
}


def _env_pair(text: str) -> tuple[tuple[str, str], list[str]]:
    """((key, value), URL warnings) for one --env; validate.check_env holds the rules."""
    key, value = validate.parse_env_assignment(text)
    return (key, value), validate.check_env(key, value)


def apply_flags(profile: Profile, flags: ProfileFlags) -> list[str]:
    """Validate the flags and apply them to `profile` (in place). Returns URL warnings."""
    warnings: list[str] = []
    for f in FLAGGED:
        value = getattr(flags, f.name)
        if value is not None:
            value, more = FLAG_READERS[f.kind](f.flag, f.label, value)
            setattr(profile, f.name, value)
            warnings += more
    for attribute, items in flags.picker.items():
        for text in items:
            key, value = picker_key(attribute, text)
            if value:
                profile.picker[key] = value
            else:
                profile.picker.pop(key, None)
    for text in flags.model_price:
        model, table = model_prices.parse_flag(text)
        if table is not None:
            profile.prices[model] = table
        elif profile.prices.pop(model, None) is None:
            warnings.append(f"--model-price {model}=: profile {profile.name!r} has no prices "
                            "for that model")
    for key in flags.unset_env:
        if profile.env.pop(validate.check_env_key(key), None) is None:
            warnings.append(f"--unset-env {key}: profile {profile.name!r} has no such variable")
    for text in flags.env:
        (key, value), url_warnings = _env_pair(text)
        warnings += url_warnings
        profile.env[key] = value
    return warnings
