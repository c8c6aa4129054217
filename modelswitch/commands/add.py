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
from ..profile.flags import FLAGGED, ProfileFlags
from ..keys.prompt import KeyChoice
from ..keys.source import KeySource

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
    source = KeySource.parse(profile.key_source)
    if choice is not None and source.kind == "env":
        import os

        var = source.value
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
    """The options add and edit share, built once: one per flagged field of fields.FIELDS."""

    def opt(*names, help, metavar=None, default=None):
        return typer.Option(default, *names, help=help, metavar=metavar, show_default=False)

    return {
        "name": typer.Argument(..., metavar="NAME", help="Profile name (letters, digits, . _ -)."),
        "preset": opt("--preset", "-p", metavar="P", help=PRESET_HELP),
        **{f.name: opt(f.flag, metavar=f.metavar, help=f.help) for f in FLAGGED},
        "tier_name": opt("--tier-name", metavar="TIER=TEXT",
                         help="Picker label of a tier (haiku, sonnet, opus, fable, custom); repeatable."),
        "tier_description": opt("--tier-description", metavar="TIER=TEXT",
                                help="Picker description of a tier; repeatable."),
        "tier_capabilities": opt("--tier-capabilities", metavar="TIER=LIST",
                                 help="Capabilities claude may use with a tier's model, e.g. "
                                      "opus=thinking,effort; repeatable."),
        "model_price": opt("--model-price", metavar="MODEL=IN,OUT[,CW,CR]",
                           help="Prices of one model, USD per million tokens (input, output, "
                                "cache write, cache read), used instead of the --price-* ones "
                                "for that model; MODEL= removes them; repeatable."),
        "env": opt("--env", metavar="KEY=VALUE", help="Extra environment variable (repeatable)."),
        "unset_env": opt("--unset-env", metavar="KEY", help="Remove an extra variable."),
        "key_stdin": opt("--key-stdin", default=False, help=KEY_STDIN_HELP),
        "key_env": opt("--key-env", metavar="VAR", help=KEY_ENV_HELP),
        "key_cmd": opt("--key-cmd", metavar="CMD", help=KEY_CMD_HELP),
        "no_key": opt("--no-key", default=False, help=NO_KEY_HELP),
        "force": opt("--force", default=False, help="Replace an existing profile."),
    }


LISTS = ("tier_name", "tier_description", "tier_capabilities", "model_price", "env", "unset_env")
KEY_OPTIONS = ("key_stdin", "key_env", "key_cmd", "no_key")


def _names(command: str) -> tuple[str, ...]:
    """The parameters of `add` or `edit`, in --help order."""
    field_names = tuple(f.name for f in FLAGGED)
    lists = LISTS if command == "edit" else tuple(n for n in LISTS if n != "unset_env")
    return ("name", "preset", *field_names, *lists, *KEY_OPTIONS,
            *(("force",) if command == "add" else ()))


def _types() -> dict:
    """Each parameter's Python type (Typer reads it from the signature)."""
    flag_types = {"tokens": Optional[int]}
    return {"name": str, "preset": Optional[str],
            **{f.name: flag_types.get(f.kind, Optional[str]) for f in FLAGGED},
            **dict.fromkeys(LISTS, Optional[List[str]]),
            **dict.fromkeys(("key_stdin", "no_key", "force"), bool),
            **dict.fromkeys(("key_env", "key_cmd"), Optional[str])}


def _command(command: str, options: dict, body, doc: str):
    """A function Typer registers as `command`: its keyword-only parameters are _names(command),
    each with its option; it calls body(**given)."""
    import inspect

    types = _types()
    params = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=options[n],
                                annotation=types[n]) for n in _names(command)]

    def run(**given):
        return body(**given)

    run.__signature__ = inspect.Signature(params)
    run.__annotations__ = {p.name: p.annotation for p in params}
    run.__doc__ = doc
    run.__name__ = command
    return run


def _flags(given: dict) -> ProfileFlags:
    """The command line as ProfileFlags, every value bound by its keyword."""
    return ProfileFlags(
        preset=given["preset"], **{f.name: given[f.name] for f in FLAGGED},
        model_price=list(given["model_price"] or []), env=list(given["env"] or []),
        unset_env=list(given.get("unset_env") or []),
        picker=_picker(given["tier_name"], given["tier_description"], given["tier_capabilities"]))


def _key(given: dict) -> Optional[KeyChoice]:
    return secret_input.key_choice(**{n: given[n] for n in KEY_OPTIONS})


def register(app) -> None:
    import typer

    o = _options(typer)

    def add(**given):
        name = given["name"]
        print(add_profile(name, _flags(given), _key(given), given["force"], secrets.default_store()))
        print(f"  use it: `modelswitch run {name}`, or `modelswitch use {name}` with the hook")

    def edit(**given):
        print(edit_profile(given["name"], _flags(given), _key(given), secrets.default_store()))

    app.command("add", epilog=ADD_EPILOG)(_command("add", o, add, ADD_DOC))
    app.command("edit", epilog=EDIT_EPILOG)(_command("edit", o, edit, EDIT_DOC))


ADD_DOC = """Create a profile from a preset and/or flags.

        On a terminal, a short wizard asks for whatever the flags leave out.
        """
EDIT_DOC = "Change a profile; only the options given change."


def _picker(names, descriptions, capabilities) -> dict:
    given = {"name": names, "description": descriptions, "capabilities": capabilities}
    return {attribute: list(items) for attribute, items in given.items() if items}


PRESET_HELP = "Start from a bundled preset (`modelswitch presets`); flags override it."
KEY_STDIN_HELP = ("Read the key from standard input (a hidden prompt on a terminal) and store "
                  "it in the OS keyring.")
KEY_ENV_HELP = "Read the key from $VAR each time the profile is used."
KEY_CMD_HELP = "Run CMD each time the profile is used; its output is the key."
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
