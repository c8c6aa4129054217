"""Where modelswitch keeps its files: MODELSWITCH_HOME, else the platform config dir."""

import os
from pathlib import Path


def config_home() -> Path:
    override = os.environ.get("MODELSWITCH_HOME")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("modelswitch", appauthor=False))


def profiles_dir() -> Path:
    return config_home() / "profiles"


def profile_path(name: str) -> Path:
    return profiles_dir() / f"{name}.toml"


def lock_path() -> Path:
    return config_home() / ".lock"


def presets_dir() -> Path:
    """Bundled presets: inside the wheel as modelswitch/_presets, in a checkout ../profiles."""
    here = Path(__file__).resolve().parent
    installed = here / "_presets"
    if installed.is_dir():
        return installed
    return here.parent / "profiles"


def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"
