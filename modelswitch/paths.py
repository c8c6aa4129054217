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


COMPLETION_FILES = {"bash": "modelswitch.bash", "zsh": "_modelswitch", "fish": "modelswitch.fish",
                    "powershell": "modelswitch.ps1"}


def completion_file(shell: str) -> Path:
    """A shipped completion script: modelswitch/_completions in the wheel, ../completions in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_completions"
    directory = installed if installed.is_dir() else here.parent / "completions"
    return directory / COMPLETION_FILES[shell]


def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"
