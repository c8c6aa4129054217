"""Commands: `export NAME [-o FILE]` and `import` (a shared file, or a migration).

import's positional words depend on the source:
  import FILE|- [NAME]                          a file written by `export` (NAME or --name,
                                                else the file's stem; stdin needs a name)
  import --from-claude-settings [PATH] NAME     one word is NAME (PATH defaults to the user
                                                settings file); with --name, one word is PATH
  import --from-ccs CCS_NAME [NAME]             NAME defaults to CCS_NAME
"""

import sys
from typing import List, Optional

from modelswitch.keys import store as secrets
from ..errors import ModelswitchError, UsageError
from ..text import say

IMPORT_EPILOG = (
    "Sharing: a file holding something that looks like a key is refused unless "
    "--move-key-to-keyring, which stores it in the OS keyring and never in the profile. "
    "Migration: --from-claude-settings reads the env block of a Claude Code settings file "
    "(cc-switch and hand-edited setups), --from-ccs a ccs profile; the token goes to the "
    "keyring. --clean then removes the migrated variables from that file, after writing a "
    "0600 backup beside it (settings.json.bak-YYYYmmdd-HHMMSS, an exact copy that still "
    "holds the old token)."
)


def _positional(words: List[str], name: Optional[str], from_claude: bool,
                from_ccs: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(source, name) from the positional words, per the rules in the module docstring."""
    most = 1 if (from_ccs or (from_claude and name)) else 2
    if len(words) > most:
        raise UsageError(f"too many arguments: {' '.join(words)}",
                         "see `modelswitch import --help`")
    if from_ccs:
        source, given = from_ccs, (words[0] if words else None)
    elif from_claude:
        if name:
            source, given = (words[0] if words else None), None
        elif not words:
            raise UsageError("--from-claude-settings needs the new profile's NAME",
                             "e.g. `modelswitch import --from-claude-settings glm`")
        else:
            source, given = (words[0] if len(words) == 2 else None), words[-1]
    else:
        if not words:
            raise UsageError("nothing to import", "give a FILE (or - for standard input), "
                             "--from-claude-settings or --from-ccs NAME")
        source, given = words[0], (words[1] if len(words) > 1 else None)
    if name and given and name != given:
        raise UsageError(f"two names given: {given!r} and --name {name!r}", "give one")
    return source, name or given


def _choice(key_stdin, key_env, key_cmd, no_key, source_is_stdin: bool):
    from modelswitch.keys.prompt import key_choice

    choice = key_choice(key_stdin, key_env, key_cmd, no_key)
    if choice is not None and choice.source == "keyring":
        if source_is_stdin:
            raise UsageError("--key-stdin cannot be used when the profile comes on standard input",
                             "import from a file, or use --key-env VAR / --key-cmd CMD")
        from modelswitch.keys.prompt import read_secret

        choice.secret = read_secret("the imported profile", True, "--key-stdin")
    return choice


def _report(profile, key_stored: bool, warnings: List[str]) -> None:
    from modelswitch.keys.prompt import describe_source

    for warning in warnings:
        say(f"warning: {warning}")
    where = describe_source(profile.key_source)
    if profile.key_source == "keyring" and not key_stored:
        where = "key source keyring, no key stored yet"
    print(f"imported profile {profile.name!r} ({where})")
    if profile.key_source == "keyring" and not key_stored:
        print(f"  store its key: `modelswitch key set {profile.name}`")


def ask_credential(path, given: dict) -> Optional[str]:
    """On a terminal: which of the two credentials to keep (masked previews)."""
    from modelswitch.profile.migrate import CREDENTIALS
    from modelswitch.keys.store import mask
    from ..text import printable

    if not (sys.stdin and sys.stdin.isatty()):
        return None
    header = {"bearer": "Authorization: Bearer", "api-key": "x-api-key"}
    sys.stderr.write(f"modelswitch: {printable(str(path))} sets both credentials, to different "
                     "values; keep which?\n")
    for number, (var, style) in enumerate(CREDENTIALS.items(), 1):
        sys.stderr.write(f"  {number}) {var:<21} {mask(given[var])}  (sent as {header[style]})\n")
    sys.stderr.write("keep [1/2]: ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    styles = list(CREDENTIALS.values())
    picked = {"1": styles[0], "2": styles[1], styles[0]: styles[0], styles[1]: styles[1]}
    if answer not in picked:
        raise UsageError("no credential chosen; nothing was imported",
                         "answer 1 or 2, or pass --auth bearer|api-key")
    return picked[answer]


def _say_dropped(result, path) -> None:
    from modelswitch.profile.migrate import CREDENTIALS

    kept = next(var for var, style in CREDENTIALS.items() if style == result.profile.auth)
    where = (f"removed from {path} with the rest (the backup still holds it)" if result.backup
             else f"it stays in {path}")
    print(f"  kept {kept} ({result.profile.auth}); {result.dropped} was not imported: {where}")


def run_migration(source, name, from_ccs, choice, clean, force, auth=None) -> None:
    from modelswitch.profile import migrate

    path = migrate.ccs_settings_path(source) if from_ccs else migrate.claude_settings_path(source)
    if from_ccs and not path.exists():
        raise ModelswitchError(f"no ccs profile {source!r}: {path} does not exist",
                               f"check the name (ccs keeps its profiles in {path.parent})")
    result = migrate.migrate(path, name, choice, clean, force, secrets.default_store(), auth,
                             ask_credential)
    _report(result.profile, result.key_stored, result.warnings)
    if result.dropped:
        _say_dropped(result, path)
    print(f"  from {path}: {', '.join(result.moved)}")
    if result.kept:
        print(f"  left in the file: {', '.join(result.kept)}")
    if result.backup:
        print(f"  removed them from {path}; backup (mode 0600, still holds the old token): "
              f"{result.backup}")
    elif not from_ccs:
        print("  the file still sets them and Claude Code lets it override `modelswitch use`: "
              "run again with --clean --force to remove them (`modelswitch run` wins anyway)")
    print(f"  use it: `modelswitch use {result.profile.name}` or `modelswitch run "
          f"{result.profile.name}`")


def register(app) -> None:
    import typer

    def opt(*names, help, metavar=None, default=None):
        return typer.Option(default, *names, help=help, metavar=metavar, show_default=False)

    @app.command("export")
    def export(
        name: str = typer.Argument(..., metavar="NAME", help="The profile to export."),
        output: Optional[str] = opt("-o", "--output", metavar="FILE",
                                    help="Write to FILE (atomically) instead of standard output."),
    ):
        """Print a profile as TOML to share; the key is never included."""
        from modelswitch.profile.share import export_text, write_export

        text = export_text(name)
        path = write_export(text, output)
        if path is None:
            print(text, end="")
        else:
            say(f"exported profile {name!r} to {path} (no key inside)")

    @app.command("import", epilog=IMPORT_EPILOG,
                 short_help="Create a profile from a shared file, settings.json or ccs.")
    def import_(
        source: Optional[List[str]] = typer.Argument(
            None, metavar="[FILE|-|PATH] [NAME]", show_default=False,
            help="An exported profile FILE (- for standard input) or a settings PATH, then "
                 "the new profile's NAME."),
        name: Optional[str] = opt("--name", metavar="NEW", help="Name of the new profile."),
        key_stdin: bool = opt("--key-stdin", default=False,
                              help="Read the key from standard input and keep it in the keyring."),
        key_env: Optional[str] = opt("--key-env", metavar="VAR", help="Read the key from $VAR."),
        key_cmd: Optional[str] = opt("--key-cmd", metavar="CMD",
                                     help="Run CMD to get the key each time."),
        no_key: bool = opt("--no-key", default=False, help="No key (keyless endpoint)."),
        move_key: bool = opt("--move-key-to-keyring", default=False,
                             help="Move a key found in the file into the OS keyring."),
        from_claude: bool = opt("--from-claude-settings", default=False,
                                help="Migrate a Claude Code settings file's env block."),
        from_ccs: Optional[str] = opt("--from-ccs", metavar="CCS_NAME",
                                      help="Migrate the ccs profile CCS_NAME."),
        clean: bool = opt("--clean", default=False,
                          help="Then remove the migrated variables from the file (backup kept)."),
        force: bool = opt("--force", default=False, help="Replace an existing profile."),
        auth: Optional[str] = opt("--auth", metavar="bearer|api-key",
                                  help="Migration: the credential to keep when the file sets "
                                       "both ANTHROPIC_AUTH_TOKEN (bearer) and "
                                       "ANTHROPIC_API_KEY (api-key)."),
    ):
        """Create a profile from an exported file, a Claude Code settings file or ccs."""
        if from_claude and from_ccs:
            raise UsageError("--from-claude-settings and --from-ccs cannot be used together",
                             "migrate one source at a time")
        migrating = from_claude or bool(from_ccs)
        if clean and not migrating:
            raise UsageError("--clean only applies to --from-claude-settings / --from-ccs",
                             "an exported file is never changed")
        if move_key and migrating:
            raise UsageError("--move-key-to-keyring is for shared files",
                             "a migration always moves the token to the keyring")
        if auth is not None:
            from modelswitch.profile.validate import check_auth

            if not migrating:
                raise UsageError("--auth only applies to --from-claude-settings / --from-ccs",
                                 "an exported file names its own auth style")
            check_auth(auth)
        src, new_name = _positional(list(source or []), name, from_claude, from_ccs)
        choice = _choice(key_stdin, key_env, key_cmd, no_key, src == "-" and not migrating)
        if migrating:
            from modelswitch.profile.validate import check_name

            run_migration(src, check_name(new_name or from_ccs), bool(from_ccs), choice, clean,
                          force, auth)
            return
        from modelswitch.profile.share import default_name, import_profile, read_source

        target = default_name(src, new_name)
        text, origin = read_source(src, sys.stdin)
        result = import_profile(text, origin, target, choice, move_key, force,
                                secrets.default_store())
        _report(result.profile, result.key_stored, result.warnings)
        if result.moved_from:
            print(f"  moved the key from {', '.join(result.moved_from)} into the keyring")
