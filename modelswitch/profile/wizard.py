"""The interactive part of `add`: asks, with questionary, for what the flags left out.

Only used when standard input is a terminal. Ctrl-C raises KeyboardInterrupt (unsafe_ask),
which main() turns into "interrupted; nothing was changed": the wizard writes nothing,
the caller saves only after every answer is in.
"""

from __future__ import annotations

from . import schema as profiles, tiers, validate
from ..errors import ModelswitchError
from .ops import ProfileFlags
from ..keys.prompt import Interrupted, KeyChoice

CUSTOM = "(custom)"
# Asked for: every tier without a fallback (fable borrows opus's model unless given).
TIERS = tuple(tier for tier in tiers.TIERS if tier not in tiers.FALLBACK)


def _questionary():
    import questionary

    return questionary


def _check(fn):
    """A questionary validator from one of validate's check functions."""

    def check(text: str):
        try:
            fn(text.strip())
        except ModelswitchError as exc:
            return exc.message
        return True

    return check


def _pick_preset() -> profiles.Profile | None:
    q = _questionary()
    presets = profiles.load_presets()
    choices = [q.Choice(f"{p.name:<16}{p.description[:58]}", value=p.name) for p in presets]
    choices.append(q.Choice(f"{CUSTOM:<16}any Anthropic-compatible URL", value=CUSTOM))
    picked = q.select("Provider preset:", choices=choices, use_shortcuts=False).unsafe_ask()
    return None if picked == CUSTOM else profiles.load_preset(picked)


def _ask_profile(flags: ProfileFlags) -> profiles.Profile | None:
    """Preset, base URL and models; fills `flags` in place. Returns the preset picked."""
    q = _questionary()
    preset = _pick_preset()
    flags.preset = preset.name if preset else None
    if preset is None or preset.base_url:
        default = preset.base_url if preset else ""
        url = q.text("Base URL:", default=default, validate=_check(_url)).unsafe_ask()
        flags.base_url = url.strip()
    if flags.model is None:
        default = preset.model if preset else ""
        flags.model = q.text("Main model (empty: Claude Code's default):",
                             default=default).unsafe_ask().strip()
    for tier in TIERS:
        if getattr(flags, tier) is None:
            default = (getattr(preset, tier) if preset else "") or flags.model
            answer = q.text(f"Model for the {tier} alias:", default=default).unsafe_ask()
            setattr(flags, tier, answer.strip())
    return preset


def _url(text: str) -> None:
    if not text:
        raise ModelswitchError("a base URL is required")
    validate.check_url(text)


def _nonempty(text: str) -> None:
    if not text:
        raise ModelswitchError("the key is empty (Ctrl-C to stop)")
    if any(c.isspace() for c in text):
        raise ModelswitchError("the key holds white space")


def ask_key(name: str) -> KeyChoice:
    """Where the key lives and, for the keyring, the key itself (typed hidden)."""
    q = _questionary()
    where = q.select("Where should the API key live?", choices=[
        q.Choice("type it now: stored in the OS keyring", value="keyring"),
        q.Choice("an environment variable, read when the profile is used", value="env"),
        q.Choice("a command that prints it (e.g. pass show kimi)", value="cmd"),
        q.Choice("no key (keyless or local endpoint)", value="none"),
    ]).unsafe_ask()
    if where == "keyring":
        secret = q.password(f"API key for {name!r}:", validate=_check(_nonempty)).unsafe_ask()
        return KeyChoice("keyring", secret.strip())
    if where == "env":
        var = q.text("Environment variable name:",
                     validate=_check(validate.check_env_key)).unsafe_ask()
        return KeyChoice("env:" + var.strip())
    if where == "cmd":
        cmd = q.text("Command:", validate=_check(_nonempty_cmd)).unsafe_ask()
        return KeyChoice("cmd:" + cmd.strip())
    return KeyChoice("none")


def _nonempty_cmd(text: str) -> None:
    if not text:
        raise ModelswitchError("the command is empty")


def run(name: str, flags: ProfileFlags, choice: KeyChoice | None, ask_profile: bool,
        key_needed: bool) -> KeyChoice | None:
    """Ask what is missing; `flags` is filled in place. Returns the key choice."""
    print(f"Creating profile {name!r} (Ctrl-C cancels; nothing is saved until the end).")
    try:
        if ask_profile:
            preset = _ask_profile(flags)
            key_needed = choice is None and not (preset and preset.key_source == "none")
        if choice is None and key_needed:
            choice = ask_key(name)
    except KeyboardInterrupt:
        raise Interrupted() from None
    return choice
