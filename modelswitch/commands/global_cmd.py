"""`use --global NAME`, `off --global`, `current --global`: the user settings file switch
(global_switch.py). commands/shell.py hands these over when --global is given."""

from __future__ import annotations

from ..text import note


def use(name: str | None) -> int:
    from ..claude import global_switch
    from ..profile import schema as profiles
    from ..keys import store as secrets
    from ..errors import UsageError

    if not name:
        raise UsageError("use --global needs a profile NAME", "e.g. `modelswitch use --global kimi`")
    profile = profiles.load_profile(name)
    path = global_switch.settings_path()
    global_switch.use_global(profile, secrets.default_store())
    print(f"every new claude now uses profile {name!r} (written to {path}; the key stays in "
          f"{'its source' if profile.key_source != 'keyring' else 'the keyring'}, read by apiKeyHelper)")
    note("  a shell switched with `modelswitch use` or a `modelswitch run` still wins; "
         "undo with `modelswitch off --global`")
    return 0


def off() -> int:
    from ..claude import global_switch
    from ..keys import store as secrets

    path, exact = global_switch.off_global(secrets.default_store())
    how = "restored as it was" if exact else "modelswitch's entries removed, yours put back"
    print(f"global switch off: {path} {how}")
    return 0


def current() -> int:
    from ..claude import global_switch

    print(global_switch.current_global())
    return 0
