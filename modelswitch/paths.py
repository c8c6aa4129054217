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


def shipped_dir(package: str) -> Path:
    """A folder of files shipped as a package: modelswitch._presets (the repository's
    profiles/) or modelswitch._completions (completions/). Found through the import system
    (pyproject's package-dir maps both), so a checkout's editable install and a wheel load
    them the same way. This is what importlib.resources.files() returns for a package on
    disk, without the milliseconds importlib.resources costs at shell start."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        # FileNotFoundError: callers that fall back when a shipped file is missing catch OSError.
        raise FileNotFoundError(f"{package} is not installed with modelswitch (reinstall it)")
    return Path(list(spec.submodule_search_locations)[0])


def presets_dir() -> Path:
    """Bundled presets: the repository's profiles/, installed as modelswitch._presets."""
    return shipped_dir("modelswitch._presets")


COMPLETION_FILES = {"bash": "modelswitch.bash", "zsh": "_modelswitch", "fish": "modelswitch.fish",
                    "powershell": "modelswitch.ps1"}


def completion_file(shell: str) -> Path:
    """A shipped completion script: the repository's completions/, installed as modelswitch._completions."""
    return shipped_dir("modelswitch._completions") / COMPLETION_FILES[shell]


def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"
