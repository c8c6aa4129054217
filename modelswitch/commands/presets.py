"""`modelswitch presets [--json]`: the bundled presets a profile can start from."""

import json


def presets_text(as_json: bool) -> str:
    from ..profile import schema as profiles
    from ..tables import format_table

    presets = profiles.load_presets()
    if as_json:
        return json.dumps([p.as_json() for p in presets], indent=2) + "\n"
    rows = [(p.name, p.base_url or "-", p.model or "-", p.description) for p in presets]
    return format_table(("NAME", "BASE URL", "MODEL", "DESCRIPTION"), rows)


def register(app) -> None:
    import typer

    @app.command("presets")
    def presets(as_json: bool = typer.Option(False, "--json", help="Print every field as JSON.")):
        """List the bundled provider presets.

        Start a profile from one with `modelswitch add NAME --preset P`.
        """
        print(presets_text(as_json), end="")
