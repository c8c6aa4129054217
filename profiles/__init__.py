"""The bundled preset profiles, shipped as the package modelswitch._presets (see paths.shipped_dir)."""
