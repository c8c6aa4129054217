"""The one error family modelswitch raises for anything the user can fix.

main() catches ModelswitchError once and prints `modelswitch: <message>` and,
if there is one, a hint line; no traceback unless --debug.
"""


class ModelswitchError(Exception):
    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ModelswitchError):
    exit_code = 2


class ProfileNotFound(ModelswitchError):
    pass


class ProfileExists(ModelswitchError):
    pass


class InvalidProfile(ModelswitchError):
    """A profile file that cannot be parsed or breaks the schema."""


class KeyUnavailable(ModelswitchError):
    """The profile's key cannot be read from its source."""


class KeyringUnavailable(KeyUnavailable):
    """No usable keyring backend (fail backend, locked collection, no D-Bus)."""


