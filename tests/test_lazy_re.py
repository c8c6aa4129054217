"""Patterns compiled on first use (modelswitch/lazy_re.py) behave as re.compile's."""

import re

from modelswitch.lazy_re import LazyPattern
from modelswitch.redact import SECRET_NAME_RE, secret_name


def test_compiled_only_when_first_used_then_kept():
    pattern = LazyPattern(r"a(b+)")
    assert pattern._compiled is None
    assert pattern.fullmatch("abbb").group(1) == "bbb"
    first = pattern._compiled
    assert isinstance(first, re.Pattern) and pattern.search("xab") and pattern._compiled is first


def test_same_answers_and_flags_as_re_compile():
    for text in ("MY_API_KEY", "auth_header", "CLAUDE_CODE_MAX_OUTPUT_TOKENS", "token", "PATH"):
        assert bool(SECRET_NAME_RE.search(text)) == \
            bool(re.compile(SECRET_NAME_RE.pattern, re.I).search(text)) == secret_name(text)
    assert LazyPattern(r"x", re.I).sub("y", "XxX") == "yyy"
    assert LazyPattern(r"x").sub("y", "XxX") == "XyX"
