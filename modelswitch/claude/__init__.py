"""Claude Code's side: its settings files, its own login, and `use --global` (which edits them)."""
