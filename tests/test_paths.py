"""The config folder without importing platformdirs (paths.platform_config_dir) is exactly the
folder platformdirs names, so no user's profiles move; and `env`/`run` never import it."""

import os
import sys

import pytest

from modelswitch import paths

CASES = [
    {"HOME": "/home/u"},
    {"HOME": "/home/u/"},
    {"HOME": "/"},
    {"HOME": "/home/u", "XDG_CONFIG_HOME": "/x/conf"},
    {"HOME": "/home/u", "XDG_CONFIG_HOME": "/x/conf/"},
    {"HOME": "/home/u", "XDG_CONFIG_HOME": ""},
    {"HOME": "/home/u", "XDG_CONFIG_HOME": "relative/conf"},  # platformdirs decides
    {"HOME": "/home/u", "XDG_CONFIG_HOME": " "},
    {"HOME": "relative", "XDG_CONFIG_HOME": "/x/conf"},  # platformdirs decides
]


def platformdirs_answer(kind: str) -> str:
    if kind == "linux":
        from platformdirs.unix import Unix as Dirs
    else:
        from platformdirs.macos import MacOS as Dirs
    return Dirs("modelswitch", appauthor=False).user_config_dir


@pytest.mark.skipif(os.name != "posix", reason="the POSIX rules (Windows always asks platformdirs)")
@pytest.mark.parametrize("kind", ["linux", "darwin"])
@pytest.mark.parametrize("environ", CASES)
def test_same_folder_as_platformdirs(monkeypatch, kind, environ):
    for var in ("HOME", "XDG_CONFIG_HOME", "ANDROID_DATA"):
        monkeypatch.delenv(var, raising=False)
    for var, value in environ.items():
        monkeypatch.setenv(var, value)
    expected = platformdirs_answer(kind)
    mine = paths.platform_config_dir(dict(environ), kind)
    if kind == "darwin" and environ.get("XDG_CONFIG_HOME") or not environ["HOME"].startswith("/") \
            or (environ.get("XDG_CONFIG_HOME") or "/").strip()[:1] != "/":
        # handed to platformdirs (for this host's platform): compare with its answer
        from platformdirs import user_config_dir

        expected = user_config_dir("modelswitch", appauthor=False)
    assert mine == expected


def test_config_home_prefers_modelswitch_home(monkeypatch, tmp_path):
    monkeypatch.setenv("MODELSWITCH_HOME", str(tmp_path))
    assert paths.config_home() == tmp_path


def test_env_and_run_never_import_platformdirs(tmp_path):
    """Without MODELSWITCH_HOME (how users run it): the folder comes from the rule above."""
    import subprocess

    home = tmp_path / "home"
    folder = home / ".config" / "modelswitch" / "profiles"
    folder.mkdir(parents=True, mode=0o700)
    (folder / "p.toml").write_text('base_url = "https://x.example"\nkey_source = "env:P_KEY"\n')
    env = {k: v for k, v in os.environ.items()
           if k not in ("MODELSWITCH_HOME", "XDG_CONFIG_HOME", "ANDROID_DATA")}
    env.update(HOME=str(home), P_KEY="sk-test-paths-0123456789")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "modelswitch", "env", "p",
                           "--shell", "bash"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "https://x.example" in done.stdout, done.stderr[-2000:]
    assert "platformdirs" not in done.stderr
