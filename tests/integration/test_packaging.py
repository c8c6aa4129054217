"""A non-editable build carries every bundled preset, and an installed wheel lists them."""

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

from helpers import REPO
from modelswitch.shells import get
from modelswitch.shells.hooks import hook

PRESETS = sorted(p.name for p in (REPO / "profiles").glob("*.toml"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Build from a copy of the sources (the build writes build/ and *.egg-info in place)."""
    tmp = tmp_path_factory.mktemp("pkg")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for name in ("modelswitch", "profiles", "completions"):
        shutil.copytree(REPO / name, src / name, ignore=ignore)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps",
                           "--no-index", "--no-build-isolation", "-q", "-w", str(tmp / "dist")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = list((tmp / "dist").glob("modelswitch-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contains_every_preset(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        inside = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("modelswitch/_presets/")
                        and n.endswith(".toml"))
        assert inside == PRESETS
        for name in PRESETS:
            packed = z.read(f"modelswitch/_presets/{name}").decode()
            assert packed == (REPO / "profiles" / name).read_text()
        assert "modelswitch/cli.py" in names
        for script in ("modelswitch.bash", "_modelswitch", "modelswitch.fish", "modelswitch.ps1"):
            assert z.read(f"modelswitch/_completions/{script}") == (REPO / "completions" / script).read_bytes()
        assert "modelswitch/data/modelswitch.bat" in names
        for hook in ("posix.sh", "fish.fish", "csh.tcsh", "powershell.ps1"):
            packed = z.read(f"modelswitch/shells/hooks/{hook}")
            assert packed == (REPO / "modelswitch" / "shells" / "hooks" / hook).read_bytes()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "modelswitch = modelswitch.cli:main" in z.read(entry_points).decode()


def test_installed_wheel_lists_every_preset(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True, timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    # pip from the outer interpreter installs into the venv's site-packages
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                           "--no-deps", "--no-index", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    env = dict(os.environ, MODELSWITCH_HOME=str(tmp_path / "home"))
    where = subprocess.run([str(python), "-c", "import modelswitch, modelswitch.paths as p;"
                            "print(modelswitch.__file__); print(p.presets_dir())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    module_file, presets_dir = where.stdout.split("\n")[:2]
    assert module_file.startswith(str(venv)), where.stdout + where.stderr
    assert presets_dir.startswith(str(venv)) and presets_dir.endswith("_presets")
    listed = subprocess.run([str(bindir / "modelswitch"), "presets", "--json"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    names = sorted(item["name"] + ".toml" for item in json.loads(listed.stdout))
    assert names == PRESETS
    script = subprocess.run([str(bindir / "modelswitch"), "completions", "bash"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert script.stdout == (REPO / "completions" / "modelswitch.bash").read_text()
    for shell in ("bash", "fish", "tcsh", "powershell"):  # each hook file, as `init` prints it
        hooked = subprocess.run([str(bindir / "modelswitch"), "init", shell], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=60)
        assert hooked.returncode == 0 and hooked.stdout == hook(get(shell)), hooked.stderr
    kimi = tomllib.loads((REPO / "profiles" / "kimi.toml").read_text())
    added = subprocess.run([str(bindir / "modelswitch"), "add", "k", "--preset", "kimi",
                            "--no-key"], cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=60)
    assert added.returncode == 0, added.stderr
    saved = tomllib.loads((tmp_path / "home" / "profiles" / "k.toml").read_text())
    assert saved["base_url"] == kimi["base_url"]


def test_a_checkout_finds_presets_and_completions_through_the_import_system():
    """The editable install maps modelswitch._presets/_completions to profiles/ and
    completions/ (pyproject package-dir), as a wheel holds them: one way to find both."""
    from modelswitch import paths

    assert paths.presets_dir().resolve() == (REPO / "profiles").resolve()
    assert paths.completion_file("fish").resolve() == (REPO / "completions" / "modelswitch.fish").resolve()
    with pytest.raises(FileNotFoundError):
        paths.shipped_dir("modelswitch._not_shipped")
