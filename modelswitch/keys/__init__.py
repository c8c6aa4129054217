"""API keys: where they live (keyring, env:VAR, cmd:COMMAND), reading and prompting for them."""
