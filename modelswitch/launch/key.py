"""How `run` hands the profile's key to claude: through a pipe, never through the environment.

A key in claude's environment (process env or the --settings env block) is inherited by
every command Claude runs: the Bash tool's `env`, package scripts, a prompt-injected
`curl`. The pinned claude (2.1.330) also reads a key from an inherited file descriptor
named by a variable, and passes neither the variable nor the descriptor on to the commands
it runs. Verified on the wire with the real claude and a loopback server
(tests/integration/test_hostile_wire.py):

- CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR=N (api-key profiles): sent as `x-api-key: <key>`;
  a Console login's primaryApiKey in ~/.claude.json is not sent.
- CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR=N (bearer profiles): sent as
  `Authorization: Bearer <key>`, and `anthropic-beta` gains `oauth-2025-04-20`; the
  primaryApiKey is not sent. In this mode claude also posts the token to api.anthropic.com
  (evaluation and event-logging calls) unless CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC is
  set, so the launch sets it: the provider's key must reach the provider's host only.
- ANTHROPIC_AUTH_TOKEN, by contrast, goes out beside `x-api-key: <primaryApiKey>`: the
  user's own Anthropic key to a third-party host. That is why bearer keys cannot stay in
  the environment, and why shell mode (`use`/`env`) only warns about a stored login.

Windows cannot hand a descriptor to a child this way, so there the key stays in the
environment (README, Security).
"""

from __future__ import annotations

import os

from ..resolve import AUTH_VAR, Changes

FD_VAR = {"ANTHROPIC_API_KEY": "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR",
          "ANTHROPIC_AUTH_TOKEN": "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR"}
QUIET_VAR = "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"


class KeyHandoff:
    """The key and the *_FILE_DESCRIPTOR variable claude reads its pipe's fd number from.
    A plain class (no dataclass on the launch path; and no repr that would show the key)."""

    __slots__ = ("variable", "key")

    def __init__(self, variable: str, key: str) -> None:
        self.variable = variable
        self.key = key


def supported() -> bool:
    return os.name == "posix"


def split_key(changes: Changes) -> tuple[Changes, KeyHandoff | None]:
    """The launch's Changes without the credential value, and how the key goes instead.

    The credential variable becomes unset (claude must not see it in its environment);
    the fd variable is filled in by the launcher once the pipe exists.
    """
    if not supported():
        return changes, None
    for credential in AUTH_VAR.values():
        key = changes.get(credential)
        if key:
            rest = dict(changes)
            rest[credential] = None
            if credential == AUTH_VAR["bearer"]:
                rest[QUIET_VAR] = "1"
            return rest, KeyHandoff(FD_VAR[credential], key)
    return changes, None
