"""What `add` and `edit` were given on the command line, checked and applied to a profile.

ProfileFlags holds the flags (None = not given); apply_flags() validates them with the same
rules as profile files (validate.py) and sets them on a Profile. The flag names of the model
fields derive from the schema (MODEL_FIELDS) and the picker flags from the tiers table.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from modelswitch import model_prices
from modelswitch.errors import UsageError
from modelswitch.profile import schema as profiles
from modelswitch.profile import tiers
from modelswitch.profile import validate
from modelswitch.profile.schema import Profile

MODEL_FIELDS = profiles.MODEL_FIELDS
PRESET_FIELDS = ("description", "base_url", "auth") + MODEL_FIELDS + (
    "context_window",) + profiles.PRICE_FIELDS
FIELD_FLAGS = {"base_url": "--base-url", "context_window": "--context-window",
               **{name: "--" + name.replace("_", "-") for name in profiles.PRICE_FIELDS},
               **{name: "--" + name.replace("_", "-") for name in MODEL_FIELDS}}
# --tier-name / --tier-description / --tier-capabilities: the picker attribute each sets
PICKER_FLAGS = {attribute: f"--tier-{attribute}" for attribute in tiers.PICKER_ATTRIBUTES}


@dataclass
class ProfileFlags:
    """What the user gave on the command line (None = not given)."""

    preset: str | None = None
    base_url: str | None = None
    model: str | None = None
    haiku: str | None = None
    sonnet: str | None = None
    opus: str | None = None
    fable: str | None = None
    custom_model: str | None = None
    subagent: str | None = None
    context_window: int | None = None
    price_input: str | None = None  # "" (or "unknown") clears the price
    price_output: str | None = None
    price_cache_write: str | None = None
    price_cache_read: str | None = None
    model_price: list[str] = field(default_factory=list)  # "MODEL=IN,OUT[,CW,CR]"; "MODEL=" drops
    auth: str | None = None
    description: str | None = None
    env: list[str] = field(default_factory=list)
    unset_env: list[str] = field(default_factory=list)
    # picker attribute -> ["TIER=TEXT", ...] (--tier-name opus="Kimi K2"; empty TEXT clears)
    picker: dict[str, list[str]] = field(default_factory=dict)

    def given(self) -> bool:
        values = dataclasses.asdict(self)
        return any(v not in (None, []) for k, v in values.items() if k != "picker") or \
            any(self.picker.values())


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


def _single_line(label: str, value: str) -> str:
    return validate.check_text(label, value)


def _env_pair(text: str) -> tuple[tuple[str, str], list[str]]:
    """((key, value), URL warnings) for one --env; validate.check_env holds the rules."""
    key, value = validate.parse_env_assignment(text)
    return (key, value), validate.check_env(key, value)


def apply_flags(profile: Profile, flags: ProfileFlags) -> list[str]:
    """Validate the flags and apply them to `profile` (in place). Returns URL warnings."""
    warnings: list[str] = []
    if flags.base_url is not None:
        warnings = validate.check_url(flags.base_url)  # also refuses control characters
        profile.base_url = flags.base_url
    if flags.auth is not None:
        profile.auth = validate.check_auth(flags.auth)
    for name in MODEL_FIELDS:
        value = getattr(flags, name)
        if value is not None:
            setattr(profile, name, _single_line(FIELD_FLAGS[name], value.strip()))
    for attribute, items in flags.picker.items():
        for text in items:
            key, value = picker_key(attribute, text)
            if value:
                profile.picker[key] = value
            else:
                profile.picker.pop(key, None)
    if flags.description is not None:
        profile.description = _single_line("--description", flags.description)
    if flags.context_window is not None:
        profile.context_window = validate.check_context_window(flags.context_window,
                                                               "--context-window")
    for name in profiles.PRICE_FIELDS:
        value = getattr(flags, name)
        if value is not None:
            setattr(profile, name, price_flag(FIELD_FLAGS[name], value))
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
