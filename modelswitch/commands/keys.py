"""`key set NAME [--stdin]` and `key rm NAME`: the key of a profile in the OS keyring."""


def set_key(name: str, from_stdin: bool) -> str:
    from ..profile import ops as profile_ops, schema as profiles
    from ..keys import store as secrets
    from ..keys.prompt import read_secret

    profiles.load_profile(name)  # unknown or broken profile: fail before asking for the key
    secret = read_secret(name, from_stdin, "--stdin")
    previous = profile_ops.set_key(name, secret, secrets.default_store())
    message = f"stored the key of {name!r} in the keyring"
    if previous != "keyring":
        message += f"; the profile now reads it from there (was {previous})"
    return message


def rm_key(name: str) -> str:
    from ..profile import ops as profile_ops
    from ..keys import store as secrets

    if profile_ops.rm_key(name, secrets.default_store()):
        return f"deleted the key of {name!r} from the keyring"
    return f"profile {name!r} has no key in the keyring; nothing to delete"


def register(app) -> None:
    import typer

    key_app = type(app)(help="Store or delete a profile's key in the OS keyring.",  # app's classes
                        no_args_is_help=True)

    @key_app.command("set")
    def set_cmd(name: str = typer.Argument(..., metavar="NAME"),
                stdin: bool = typer.Option(False, "--stdin",
                                           help="Read the key from standard input.")):
        """Store a profile's key in the OS keyring.

        Prompts (hidden) on a terminal; otherwise give --stdin. A profile whose key
        came from $VAR or a command reads it from the keyring from then on.
        """
        print(set_key(name, stdin))

    @key_app.command("rm")
    def rm_cmd(name: str = typer.Argument(..., metavar="NAME")):
        """Delete a profile's key from the keyring; the profile stays."""
        print(rm_key(name))

    @key_app.command("print-for-claude", hidden=True)
    def print_for_claude(name: str = typer.Argument(..., metavar="NAME"),
                         home: str = typer.Option(None, "--home", metavar="DIR",
                                                  help="modelswitch's config home.")):
        """Print NAME's key for Claude Code's apiKeyHelper (set by `use --global`).

        Refuses a terminal; normally served without this help (fast path).
        """
        from ..claude.global_helper import main

        raise typer.Exit(main([name] + (["--home", home] if home else [])))

    app.add_typer(key_app, name="key")
