"""How long a keyring call may take, and running one within that time.

A frozen keyring daemon, or an unlock prompt nobody sees, must cost a bounded wait rather
than a hung shell start. threading loads here only for a keyring read: env:VAR and cmd:
keys never need it.
"""

from __future__ import annotations

TIMEOUT_VAR = "MODELSWITCH_KEYRING_TIMEOUT"
DEFAULT_TIMEOUT = 20.0


def keyring_timeout() -> float:
    """Seconds a keyring call may take ($MODELSWITCH_KEYRING_TIMEOUT, default 20)."""
    from ..profile.storage import seconds_from_env

    return seconds_from_env(TIMEOUT_VAR, DEFAULT_TIMEOUT)


def within(seconds: float, fn, *args):
    """fn(*args) in a daemon thread; TimeoutError if it has not returned in time (the thread
    dies with the process)."""
    import threading

    box: dict = {}

    def target():
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # handed back to the caller
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box.get("value")
