"""Commands: (not yet written)."""


def register(app) -> None:
    pass
