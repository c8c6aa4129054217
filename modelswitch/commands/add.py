"""`modelswitch add NAME` and `modelswitch edit NAME`: the same flags, two work functions.

add: preset values, then flags on top; on a terminal a wizard asks for what is missing,
without one a missing base URL or key choice is an error (never a prompt that hangs).
edit: changes only what is given.
"""

import sys
from typing import List, Optional

from ..profile import ops as profile_ops, schema as profiles, storage, validate
from ..keys import prompt as secret_input, store as secrets
from ..errors import UsageError
from ..text import warn
from ..profile.ops import ProfileFlags
from ..keys.prompt import KeyChoice

KEY_FLAGS_HINT = ("pass --key-stdin (key on standard input), --key-env VAR, --key-cmd CMD "
                  "or --no-key")


def _interactive() -> bool:
    """The wizard draws on standard output: it needs a terminal there as well as on stdin
    (`modelswitch add x > log` would otherwise wait on a prompt nobody can see)."""
    return all(s is not None and s.isatty() for s in (sys.stdin, sys.stdout))


def _resolve_missing(name: str, flags: ProfileFlags,
                     choice: Optional[KeyChoice]) -> Optional[KeyChoice]:
    """Fill in what the flags left out (wizard on a terminal); returns the key choice,
    None meaning the preset needs no key."""
    preset = profiles.load_preset(flags.preset) if flags.preset else None
    ask_profile = flags.preset is None and flags.base_url is None
    key_needed = choice is None and not (preset and preset.key_source == "none")
    if ask_profile or key_needed:
        if not _interactive():
            if ask_profile:
                raise UsageError("no base URL: give --base-url URL or --preset NAME",
                                 "see `modelswitch presets`, e.g. --preset kimi")
            raise UsageError(f"no key source for profile {name!r}", KEY_FLAGS_HINT)
        from ..profile import wizard

        choice = wizard.run(name, flags, choice, ask_profile, key_needed)
    return choice


def _not_shown(warnings: List[str]) -> List[str]:
    """The warnings the wizard has not already shown (and the user accepted)."""
    wizard = sys.modules.get(__name__.rsplit(".", 2)[0] + ".wizard")
    return [w for w in warnings if w not in getattr(wizard, "SHOWN_WARNINGS", ())]


def add_profile(name: str, flags: ProfileFlags, choice: Optional[KeyChoice], force: bool,
                store) -> str:
    validate.check_name(name)
    storage.refuse_existing(name, force)
    choice = _resolve_missing(name, flags, choice)
    source = choice.source if choice else "none"
    profile, warnings = profile_ops.build_new(name, flags, source)
    _report(_not_shown(warnings), profile, choice)
    secret = _secret_for(name, choice, source, "--key-stdin")
    profile_ops.save(profile, secret, store, new=True, force=force)
    return f"added profile {name!r} ({secret_input.describe_source(source)})"


def edit_profile(name: str, flags: ProfileFlags, choice: Optional[KeyChoice], store) -> str:
    if not flags.given() and choice is None:
        raise UsageError("nothing to change", f"give an option, e.g. `modelswitch edit {name} "
                         "--model M`; see `modelswitch edit --help`")
    old, new, warnings = profile_ops.prepare_edit(name, flags, choice)
    _report(warnings, new, choice)
    secret = _secret_for(name, choice, new.key_source, "--key-stdin")
    profile_ops.save(new, secret, store, new=False)
    changed = profile_ops.changed_fields(old, new) + (["key"] if secret else [])
    return f"updated profile {name!r}: " + (", ".join(changed) if changed else "no changes")


def _report(warnings: List[str], profile, choice: Optional[KeyChoice]) -> None:
    for message in warnings:
        warn(message)
    if choice is not None and choice.source.startswith("env:"):
        import os

        var = profile.key_source[4:]
        if not os.environ.get(var):
            warn(f"${var} is not set here; it must be when profile {profile.name!r} is used")


def _secret_for(name: str, choice: Optional[KeyChoice], source: str, flag: str):
    """The key to store: typed in the wizard, or read now (hidden prompt / stdin)."""
    if choice is None or choice.source != "keyring" or source != "keyring":
        return None
    if choice.secret is not None:
        return choice.secret
    return secret_input.read_secret(name, True, flag)


def _options(typer) -> dict:
    """The options add and edit share, built once."""

    def opt(*names, help, metavar=None, default=None):
        return typer.Option(default, *names, help=help, metavar=metavar, show_default=False)

    auth_help = "Send the key as ANTHROPIC_AUTH_TOKEN (bearer) or ANTHROPIC_API_KEY (api-key)."
    return {
        "name": typer.Argument(..., metavar="NAME", help="Profile name (letters, digits, . _ -)."),
        "preset": opt("--preset", "-p", metavar="P", help=PRESET_HELP),
        "base_url": opt("--base-url", metavar="URL", help="Anthropic-compatible endpoint."),
        "model": opt("--model", metavar="M", help="Main model (ANTHROPIC_MODEL)."),
        "haiku": opt("--haiku", metavar="M", help="Model behind the haiku alias."),
        "sonnet": opt("--sonnet", metavar="M", help="Model behind the sonnet alias."),
        "opus": opt("--opus", metavar="M", help="Model behind the opus alias (also best, default)."),
        "fable": opt("--fable", metavar="M", help="Model behind the fable alias (default: the opus model)."),
        "custom_model": opt("--custom-model", metavar="M",
                            help="One extra model offered in claude's /model picker."),
        "tier_name": opt("--tier-name", metavar="TIER=TEXT",
                         help="Picker label of a tier (haiku, sonnet, opus, fable, custom); repeatable."),
        "tier_description": opt("--tier-description", metavar="TIER=TEXT",
                                help="Picker description of a tier; repeatable."),
        "tier_capabilities": opt("--tier-capabilities", metavar="TIER=LIST",
                                 help="Capabilities claude may use with a tier's model, e.g. "
                                      "opus=thinking,effort; repeatable."),
        "subagent": opt("--subagent", metavar="M", help="Model for subagents."),
        "context_window": opt("--context-window", metavar="N", help="Context window in tokens."),
        "price_input": opt("--price-input", metavar="USD", help=PRICE_HELP % "input"),
        "price_output": opt("--price-output", metavar="USD", help=PRICE_HELP % "output"),
        "price_cache_write": opt("--price-cache-write", metavar="USD",
                                 help=PRICE_HELP % "cache write"),
        "price_cache_read": opt("--price-cache-read", metavar="USD",
                                help=PRICE_HELP % "cache read"),
        "model_price": opt("--model-price", metavar="MODEL=IN,OUT[,CW,CR]",
                           help="Prices of one model, USD per million tokens (input, output, "
                                "cache write, cache read), used instead of the --price-* ones "
                                "for that model; MODEL= removes them; repeatable."),
        "auth": opt("--auth", metavar="bearer|api-key", help=auth_help),
        "env": opt("--env", metavar="KEY=VALUE", help="Extra environment variable (repeatable)."),
        "unset_env": opt("--unset-env", metavar="KEY", help="Remove an extra variable."),
        "description": opt("--description", metavar="TEXT", help="One-line note."),
        "key_stdin": opt("--key-stdin", default=False, help=KEY_STDIN_HELP),
        "key_env": opt("--key-env", metavar="VAR", help=KEY_ENV_HELP),
        "key_cmd": opt("--key-cmd", metavar="CMD", help=KEY_CMD_HELP),
        "no_key": opt("--no-key", default=False, help=NO_KEY_HELP),
        "force": opt("--force", default=False, help="Replace an existing profile."),
    }


def register(app) -> None:
    import typer

    o = _options(typer)
    Text = Optional[str]
    Texts = Optional[List[str]]

    @app.command("add", epilog=ADD_EPILOG)
    def add(name: str = o["name"], preset: Text = o["preset"], base_url: Text = o["base_url"],
            model: Text = o["model"], haiku: Text = o["haiku"], sonnet: Text = o["sonnet"],
            opus: Text = o["opus"], fable: Text = o["fable"], custom_model: Text = o["custom_model"],
            subagent: Text = o["subagent"], tier_name: Texts = o["tier_name"],
            tier_description: Texts = o["tier_description"],
            tier_capabilities: Texts = o["tier_capabilities"],
            context_window: Optional[int] = o["context_window"], auth: Text = o["auth"],
            price_input: Text = o["price_input"], price_output: Text = o["price_output"],
            price_cache_write: Text = o["price_cache_write"],
            price_cache_read: Text = o["price_cache_read"], model_price: Texts = o["model_price"],
            env: Texts = o["env"], description: Text = o["description"],
            key_stdin: bool = o["key_stdin"], key_env: Text = o["key_env"],
            key_cmd: Text = o["key_cmd"], no_key: bool = o["no_key"], force: bool = o["force"]):
        """Create a profile from a preset and/or flags.

        On a terminal, a short wizard asks for whatever the flags leave out.
        """
        flags = ProfileFlags(
            preset=preset, base_url=base_url, model=model, haiku=haiku, sonnet=sonnet, opus=opus,
            fable=fable, custom_model=custom_model, subagent=subagent,
            context_window=context_window, auth=auth, description=description,
            price_input=price_input, price_output=price_output,
            price_cache_write=price_cache_write, price_cache_read=price_cache_read,
            model_price=list(model_price or []), env=list(env or []),
            picker=_picker(tier_name, tier_description, tier_capabilities))
        choice = secret_input.key_choice(key_stdin, key_env, key_cmd, no_key)
        print(add_profile(name, flags, choice, force, secrets.default_store()))
        print(f"  use it: `modelswitch run {name}`, or `modelswitch use {name}` with the hook")

    @app.command("edit", epilog=EDIT_EPILOG)
    def edit(name: str = o["name"], preset: Text = o["preset"], base_url: Text = o["base_url"],
             model: Text = o["model"], haiku: Text = o["haiku"], sonnet: Text = o["sonnet"],
             opus: Text = o["opus"], fable: Text = o["fable"], custom_model: Text = o["custom_model"],
             subagent: Text = o["subagent"], tier_name: Texts = o["tier_name"],
             tier_description: Texts = o["tier_description"],
             tier_capabilities: Texts = o["tier_capabilities"],
             context_window: Optional[int] = o["context_window"], auth: Text = o["auth"],
             price_input: Text = o["price_input"], price_output: Text = o["price_output"],
             price_cache_write: Text = o["price_cache_write"],
             price_cache_read: Text = o["price_cache_read"], model_price: Texts = o["model_price"],
             env: Texts = o["env"], unset_env: Texts = o["unset_env"],
             description: Text = o["description"], key_stdin: bool = o["key_stdin"],
             key_env: Text = o["key_env"], key_cmd: Text = o["key_cmd"],
             no_key: bool = o["no_key"]):
        """Change a profile; only the options given change."""
        flags = ProfileFlags(
            preset=preset, base_url=base_url, model=model, haiku=haiku, sonnet=sonnet, opus=opus,
            fable=fable, custom_model=custom_model, subagent=subagent,
            context_window=context_window, auth=auth, description=description,
            price_input=price_input, price_output=price_output,
            price_cache_write=price_cache_write, price_cache_read=price_cache_read,
            model_price=list(model_price or []), env=list(env or []), unset_env=list(unset_env or []),
            picker=_picker(tier_name, tier_description, tier_capabilities))
        choice = secret_input.key_choice(key_stdin, key_env, key_cmd, no_key)
        print(edit_profile(name, flags, choice, secrets.default_store()))


def _picker(names, descriptions, capabilities) -> dict:
    given = {"name": names, "description": descriptions, "capabilities": capabilities}
    return {attribute: list(items) for attribute, items in given.items() if items}


PRESET_HELP = "Start from a bundled preset (`modelswitch presets`); flags override it."
KEY_STDIN_HELP = ("Read the key from standard input (a hidden prompt on a terminal) and store "
                  "it in the OS keyring.")
KEY_ENV_HELP = "Read the key from $VAR each time the profile is used."
KEY_CMD_HELP = "Run CMD each time the profile is used; its output is the key."
PRICE_HELP = ("Price of %s tokens, USD per million (for `modelswitch usage`); '' makes it "
              "unknown.")
NO_KEY_HELP = "No key (keyless or local endpoint; a placeholder token is sent)."

ADD_EPILOG = (
    "Key: on a terminal, a missing key choice is asked for (typed hidden, stored in the OS "
    "keyring). Without a terminal give one of --key-stdin, --key-env, --key-cmd, --no-key; "
    "presets without a key (bedrock, vertex) default to none. A base URL is required unless "
    "--preset gives one or needs none (anthropic, bedrock, vertex). "
    "Example: `modelswitch add kimi --preset kimi` or "
    "`pass show moonshot | modelswitch add kimi --preset kimi --key-stdin`."
)
EDIT_EPILOG = (
    "An empty value clears a model (--haiku '') or picker text (--tier-name opus=). "
    "--preset re-applies the preset's URL, auth, models, context window and description and "
    "merges its env; the key source stays unless a key option is given. "
    "`modelswitch key set NAME` changes only the key."
)
