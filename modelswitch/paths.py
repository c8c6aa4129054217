"""Where modelswitch keeps its files: MODELSWITCH_HOME, else the platform config dir."""

import os
import sys
from pathlib import Path

APP = "modelswitch"


def config_home() -> Path:
    override = os.environ.get("MODELSWITCH_HOME")
    if override:
        return Path(override)
    return Path(platform_config_dir())


def platform_config_dir(environ=None, platform: str | None = None) -> str:
    """platformdirs.user_config_dir("modelswitch", appauthor=False), by platformdirs' own rule
    in the common cases, so that `env` and `run` do not import platformdirs (it loads
    tempfile, shutil and more: ~6 ms at every shell start and launch). Linux and the BSDs:
    an absolute $XDG_CONFIG_HOME, else an absolute $HOME + /.config. macOS (XDG unset):
    $HOME/Library/Application Support. Anything else (Windows, Android, a relative or unset
    HOME, XDG on macOS, whose handling changed between platformdirs versions) asks
    platformdirs itself. tests/test_paths.py holds this to platformdirs' answers."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    xdg, home = environ.get("XDG_CONFIG_HOME", ""), environ.get("HOME", "")
    if os.name == "posix" and "ANDROID_DATA" not in environ and home.startswith("/"):
        if platform == "darwin":
            if not xdg:
                return os.path.join(home.rstrip("/") or "/", "Library/Application Support", APP)
        elif platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
            if xdg.startswith("/"):
                return os.path.join(xdg, APP)
            if not xdg:
                return os.path.join(home.rstrip("/") or "/", ".config", APP)
    from platformdirs import user_config_dir

    return user_config_dir(APP, appauthor=False)


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


def cwd() -> Path:
    """The working directory as the user sees it ($PWD keeps symlinks), else the real one."""
    real = os.getcwd()
    logical = os.environ.get("PWD", "")
    try:
        if logical and os.path.samefile(logical, real):
            return Path(logical)
    except OSError:
        pass
    return Path(real)
