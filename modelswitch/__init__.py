"""modelswitch: point Claude Code at any Anthropic-compatible provider."""

__version__ = "0.1.0"
