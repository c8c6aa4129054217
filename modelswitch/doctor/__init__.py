"""`doctor`: checks of modelswitch's own setup, of Claude Code's side and of the model slots."""
