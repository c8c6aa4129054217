"""The interactive part of `add`: asks, with questionary, for what the flags left out.

Only used when standard input is a terminal. Ctrl-C raises KeyboardInterrupt (unsafe_ask),
which main() turns into "interrupted; nothing was changed": the wizard writes nothing,
the caller saves only after every answer is in.
"""

from __future__ import annotations

import re

from modelswitch.profile import schema as profiles
from modelswitch.profile import tiers
from modelswitch.profile import validate
from modelswitch.errors import ModelswitchError
from modelswitch.profile.ops import ProfileFlags
from modelswitch.keys.prompt import Interrupted, KeyChoice
from modelswitch.keys.source import KeySource

CUSTOM = "(custom)"
SHOWN_WARNINGS: set[str] = set()  # URL warnings the user already saw and accepted
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


def preset_for_name(name: str, names: list[str]) -> str | None:
    """The preset a new profile's name points at: `kimi` -> kimi, `kimi-work` -> kimi."""
    if name in names:
        return name
    words = re.split(r"[-_.]", name)
    for n in range(len(words) - 1, 0, -1):  # the longest leading part that is a preset
        prefix = "-".join(words[:n])
        if prefix in names:
            return prefix
    return None


def _description_width() -> int:
    """Room for a preset's description on this terminal (pointer, name column, margin)."""
    import shutil

    return max(30, shutil.get_terminal_size((80, 24)).columns - 2 - 16 - 4)


def _home_end(question) -> None:
    """Home and End jump to the first and last choice of a select list."""
    from prompt_toolkit.keys import Keys
    from questionary.prompts.common import InquirerControl

    app = question.application
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))

    def jump(indexes):
        def handler(event) -> None:
            for i in indexes:  # the first selectable one from that end
                control.pointed_at = i
                if control.is_selection_valid():
                    return
        return handler

    count = len(control.choices)
    app.key_bindings.add(Keys.Home, eager=True)(jump(range(count)))
    app.key_bindings.add(Keys.End, eager=True)(jump(range(count - 1, -1, -1)))


def _pick_preset(name: str) -> profiles.Profile | None:
    q = _questionary()
    presets = profiles.load_presets()
    room = _description_width()
    choices = [q.Choice(f"{p.name:<16}{_cut(p.description, room)}", value=p.name)
               for p in presets]
    choices.append(q.Choice(f"{CUSTOM:<16}any Anthropic-compatible URL", value=CUSTOM))
    default = preset_for_name(name, [p.name for p in presets])
    question = q.select("Provider preset:", choices=choices, use_shortcuts=False,
                        default=default, instruction="(arrows, Home/End, Enter)")
    _home_end(question)
    picked = question.unsafe_ask()
    return None if picked == CUSTOM else profiles.load_preset(picked)


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1] + "…"


def _ask_url(default: str) -> str:
    """The base URL; its warnings (a /v1 suffix, plain http) are shown now, before anything
    is saved, with the chance to type it again."""
    q = _questionary()
    while True:
        url = q.text("Base URL:", default=default, validate=_check(_url)).unsafe_ask().strip()
        warnings = validate.check_url(url)
        if not warnings:
            return url
        for warning in warnings:
            print(f"modelswitch: warning: {warning}")
        if q.confirm("Use this URL anyway?", default=False).unsafe_ask():
            SHOWN_WARNINGS.update(warnings)
            return url
        default = url


def _ask_auth() -> str:
    q = _questionary()
    return q.select("How does this endpoint take the key?", choices=[
        q.Choice("Authorization: Bearer (ANTHROPIC_AUTH_TOKEN; most providers and proxies)",
                 value="bearer"),
        q.Choice("x-api-key (ANTHROPIC_API_KEY; Anthropic's own API and some proxies)",
                 value="api-key"),
    ]).unsafe_ask()


def _ask_profile(name: str, flags: ProfileFlags) -> profiles.Profile | None:
    """Preset, base URL and models; fills `flags` in place. Returns the preset picked."""
    q = _questionary()
    preset = _pick_preset(name)
    flags.preset = preset.name if preset else None
    if preset is None or preset.base_url:
        flags.base_url = _ask_url(preset.base_url if preset else "")
    if preset is None and flags.auth is None:
        flags.auth = _ask_auth()
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
        return KeyChoice(str(KeySource.env(var.strip())))
    if where == "cmd":
        cmd = q.text("Command:", validate=_check(_nonempty_cmd)).unsafe_ask()
        return KeyChoice(str(KeySource.cmd(cmd.strip())))
    return KeyChoice("none")


def _nonempty_cmd(text: str) -> None:
    from .share import looks_like_secret

    if not text:
        raise ModelswitchError("the command is empty")
    if looks_like_secret(text):  # it would be saved in the profile file as written
        raise ModelswitchError("that holds a key itself, and the command is saved in the "
                               "profile as written: give one that fetches it (pass show kimi)")


def run(name: str, flags: ProfileFlags, choice: KeyChoice | None, ask_profile: bool,
        key_needed: bool) -> KeyChoice | None:
    """Ask what is missing; `flags` is filled in place. Returns the key choice."""
    print(f"Creating profile {name!r} (Ctrl-C cancels; nothing is saved until the end).")
    try:
        if ask_profile:
            preset = _ask_profile(name, flags)
            key_needed = choice is None and not (preset and preset.key_source == "none")
        if choice is None and key_needed:
            choice = ask_key(name)
    except KeyboardInterrupt:
        raise Interrupted() from None
    return choice
