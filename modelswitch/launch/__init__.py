"""`run` / `exec`: start claude or any command with a profile's Changes applied."""
