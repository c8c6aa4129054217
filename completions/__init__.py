"""The shell completion scripts, shipped as the package modelswitch._completions (see paths.shipped_dir)."""
