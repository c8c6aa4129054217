"""One masking rule (modelswitch.redact) for every place that shows variables: `show` and
`doctor` agree on what they mask."""

from __future__ import annotations

from modelswitch.doctor.claude import shown
from modelswitch.profile.view import shown_env
from modelswitch.redact import hidden, mask

HEADER = "x-api-key: abcdefghij0123"


def test_show_and_doctor_mask_the_same_values():
    env = {"ANTHROPIC_CUSTOM_HEADERS": HEADER, "MY_TOKEN": "short", "API_TIMEOUT_MS": "600000",
           "CLAUDE_CODE_MAX_OUTPUT_TOKENS": "32000", "NOTE": "sk-test-0123456789abcdef",
           "DB_PASSWORD": "hunter2", "ANTHROPIC_AUTH_TOKEN": "sk-live-0123456789abcdef"}
    for name, value in env.items():
        masked_by_show = shown_env({name: value})[name] != value
        masked_by_doctor = shown(name, value) != value
        assert masked_by_show == masked_by_doctor == hidden(name, value), name
    assert hidden("ANTHROPIC_CUSTOM_HEADERS", HEADER) and not hidden("CLAUDE_CODE_MAX_OUTPUT_TOKENS", "32000")
    assert shown_env({"MY_TOKEN": "sk-live-0123456789abcdef"})["MY_TOKEN"] == mask("sk-live-0123456789abcdef")
