"""`list`, `show NAME`, `rename OLD NEW`, `remove NAME`: looking at and tidying profiles."""

import json
import sys

from ..text import note, warn


def _store():
    from ..keys import store as secrets

    return secrets.default_store()


def list_profiles(as_json: bool) -> int:
    import os

    from ..profile.view import list_data, list_rows
    from ..tables import format_table

    items = list_data(_store(), os.environ)
    if as_json:
        print(json.dumps(items, indent=2))
        return 0
    if not items:
        note("no profiles yet: create one with `modelswitch add NAME --preset kimi` "
             "(see `modelswitch presets`)")
        return 0
    print(format_table(("", "NAME", "BASE URL", "MODEL", "KEY"), list_rows(items)), end="")
    for item in items:
        if "error" in item:
            warn(item["error"])
    return 0


def show_profile(name: str, as_json: bool) -> None:
    import os

    from ..profile import schema as profiles
    from ..profile.view import show_data, show_pairs
    from ..tables import format_pairs

    profile = profiles.load_profile(name)
    if as_json:
        print(json.dumps(show_data(profile, _store(), os.environ), indent=2))
    else:
        print(format_pairs(show_pairs(profile, _store(), os.environ)), end="")


def _confirm(question: str) -> bool:
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def _remove_question(name: str) -> str:
    """Say what goes: the file, and the keyring entry when the key lives there."""
    from modelswitch.profile import schema as profiles
    from ..errors import InvalidProfile

    try:
        source = profiles.load_profile(name).key_source
    except InvalidProfile:
        source = "keyring"  # remove() deletes a broken profile's keyring entry too
    if source == "keyring":
        return f"remove profile {name!r} and its key in the keyring (if any)?"
    return f"remove profile {name!r}? (its key is not in the keyring and is left alone)"


def remove_profile(name: str, yes: bool) -> str:
    from .. import paths
    from ..profile import ops as profile_ops, schema as profiles, validate
    from ..errors import ModelswitchError, UsageError

    validate.check_name(name)
    if not paths.profile_path(name).exists():
        raise profiles.not_found(name, profiles.profile_names(), "profile")
    if not yes:
        if not (sys.stdin and sys.stdin.isatty()):
            raise UsageError(f"not removing profile {name!r} without confirmation",
                             f"run `modelswitch remove {name} --yes`")
        if not _confirm(_remove_question(name)):
            raise ModelswitchError("not removed", None)
    deleted = profile_ops.remove(name, _store())
    return f"removed profile {name!r}" + (" and its key from the keyring" if deleted else "")


def register(app) -> None:
    import typer

    json_opt = typer.Option(False, "--json", help="Print JSON (keys masked).")

    @app.command("list")
    def list_cmd(as_json: bool = json_opt):
        """List profiles (* active here, G switched with --global).

        * marks the profile active in this shell, G the one `use --global` switched.

        Columns: name, base URL, main model, key state (keyring, env, cmd, none,
        missing, unavailable). A broken profile file is listed as BROKEN with its error.
        """
        raise typer.Exit(list_profiles(as_json))

    @app.command("show")
    def show(name: str = typer.Argument(..., metavar="NAME"), as_json: bool = json_opt):
        """Show one profile; the key is masked, never printed."""
        show_profile(name, as_json)

    @app.command("rename")
    def rename(old: str = typer.Argument(..., metavar="OLD"),
               new: str = typer.Argument(..., metavar="NEW")):
        """Rename a profile; a key in the keyring moves with it."""
        from ..profile import ops as profile_ops

        moved = profile_ops.rename(old, new, _store())
        print(f"renamed profile {old!r} to {new!r}" + (" (key moved in the keyring)" if moved
                                                         else ""))

    @app.command("remove")
    def remove(name: str = typer.Argument(..., metavar="NAME"),
               yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")):
        """Delete a profile and its keyring entry.

        Asks first on a terminal; without one, --yes is required.
        """
        print(remove_profile(name, yes))
