"""export / import of profiles: no key ever leaves or enters a profile file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from modelswitch.profile import schema as profiles, share
from modelswitch.profile.schema import Profile
from modelswitch.profile.storage import write_profile

FIXTURES = Path(__file__).parent / "fixtures" / "share"
KEY = "sk-test-roundtrip-5f4e3d2c1b0a99887766"


def make(name="kimi", **fields) -> Profile:
    defaults = dict(description="Kimi for the team", base_url="https://api.moonshot.ai/anthropic",
                    auth="bearer", key_source="keyring", model="kimi-k2-thinking",
                    haiku="kimi-k2-turbo-preview", sonnet="kimi-k2-thinking",
                    opus="kimi-k2-thinking", context_window=262144, price_input=0.6,
                    price_output=2.5, preset="kimi", env={"API_TIMEOUT_MS": "3000000"})
    defaults.update(fields)
    profile = Profile(name=name, **defaults)
    write_profile(profile, overwrite=False)
    return profile


def files_under(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_export_round_trip_shows_the_same_profile(cli_run, store, tmp_path):
    make()
    store.set("kimi", KEY)
    out = tmp_path / "kimi.toml"
    result = cli_run(["export", "kimi", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert KEY not in text and "sk-" not in text
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644 & ~mask  # no key inside: shareable
    assert cli_run(["import", str(out), "--name", "kimi-team", "--key-stdin"],
                   input=KEY + "\n").exit_code == 0
    original = profiles.load_profile("kimi").to_dict()
    assert profiles.load_profile("kimi-team").to_dict() == original
    shown = [cli_run(["show", n]) for n in ("kimi", "kimi-team")]
    assert all(r.exit_code == 0 for r in shown), shown
    assert shown[0].stdout.replace("kimi-team", "kimi") != ""
    assert shown[1].stdout.replace("kimi-team", "kimi") == shown[0].stdout
    assert store.get("kimi-team") == KEY


def test_export_to_stdout_keeps_the_key_source_as_a_reference(cli_run):
    make(key_source="env:MOONSHOT_API_KEY")
    result = cli_run(["export", "kimi"])
    assert result.exit_code == 0
    exported = share.tomllib.loads(result.stdout)
    assert exported["key_source"] == "env:MOONSHOT_API_KEY"
    assert "name" not in exported
    assert profiles.from_dict("x", exported).to_dict() == profiles.load_profile("kimi").to_dict()


def test_import_from_stdin_needs_a_name(cli_run):
    make()
    text = cli_run(["export", "kimi"]).stdout
    result = cli_run(["import", "-"], input=text)
    assert result.exit_code == 2 and "--name" in result.stderr
    assert cli_run(["import", "-", "--name", "k2"], input=text).exit_code == 0
    assert profiles.load_profile("k2").model == "kimi-k2-thinking"


def test_import_names_the_profile_after_the_file_and_refuses_to_overwrite(cli_run, tmp_path):
    make()
    out = tmp_path / "moonshot.toml"
    out.write_text(cli_run(["export", "kimi"]).stdout)
    assert cli_run(["import", str(out)]).exit_code == 0
    assert profiles.profile_names() == ["kimi", "moonshot"]
    again = cli_run(["import", str(out), "--no-key"])
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert profiles.load_profile("moonshot").key_source == "keyring"
    assert cli_run(["import", str(out), "--no-key", "--force"]).exit_code == 0
    assert profiles.load_profile("moonshot").key_source == "none"


def test_import_without_key_option_says_how_to_store_the_key(cli_run, tmp_path):
    make()
    out = tmp_path / "k.toml"
    out.write_text(cli_run(["export", "kimi"]).stdout)
    result = cli_run(["import", str(out)])
    assert "modelswitch key set k" in result.stdout


@pytest.mark.parametrize("fixture, where", [("with-token.toml", "env.ANTHROPIC_AUTH_TOKEN"),
                                            ("key-field.toml", "api_key")])
def test_import_refuses_a_file_holding_a_key(cli_run, store, isolated_home, fixture, where):
    secret = [line.split('"')[1] for line in (FIXTURES / fixture).read_text().splitlines()
              if "sk-test" in line][0]
    result = cli_run(["import", str(FIXTURES / fixture), "--name", "team"])
    assert result.exit_code == 1
    assert where in result.stderr and "--move-key-to-keyring" in result.stderr
    assert secret not in result.stderr + result.stdout
    assert profiles.profile_names() == [] and store.data == {}


@pytest.mark.parametrize("fixture, auth", [("with-token.toml", "bearer"),
                                           ("key-field.toml", "api-key")])
def test_move_key_to_keyring(cli_run, store, isolated_home, fixture, auth):
    text = (FIXTURES / fixture).read_text()
    secret = [line.split('"')[1] for line in text.splitlines() if "sk-test" in line][0]
    result = cli_run(["import", str(FIXTURES / fixture), "--name", "team",
                      "--move-key-to-keyring"])
    assert result.exit_code == 0, result.stderr
    assert store.get("team") == secret
    profile = profiles.load_profile("team")
    assert (profile.key_source, profile.auth) == ("keyring", auth)
    assert "ANTHROPIC_AUTH_TOKEN" not in profile.env
    for path, data in files_under(isolated_home).items():
        assert secret.encode() not in data, path
    assert secret not in result.stdout + result.stderr


def test_key_shaped_values_anywhere_are_refused(cli_run, tmp_path):
    doc = tmp_path / "p.toml"
    doc.write_text('base_url = "https://proxy.example/anthropic?k=0a1b2c3d4e5f60718293a4b5c6"\n')
    result = cli_run(["import", str(doc), "--move-key-to-keyring"])
    assert result.exit_code == 1 and "base_url" in result.stderr
    doc.write_text('base_url = "https://x.example"\n[env]\nANTHROPIC_CUSTOM_HEADERS = '
                   '"X-Key: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl"\n')
    assert cli_run(["import", str(doc)]).exit_code == 1


def test_looks_like_secret_spares_every_bundled_preset():
    for preset in profiles.load_presets():
        data = preset.to_dict()
        assert share.find_secrets(data) == [], preset.name
    for value in ("sk-test-abcdefgh12", "sk-ant-api03-AbCd", "0123456789abcdef0123456789abcdef.x",
                  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"):
        assert share.looks_like_secret(value), value
    for value in ("claude-sonnet-4-5-20250929", "accounts/fireworks/models/kimi-k2-instruct-0905",
                  "Qwen/Qwen3-Coder-480B-A35B-Instruct", "3000000", "task-runner-v2",
                  "arn:aws:bedrock:us-east-1:123456789012:inference-profile/x"):
        assert not share.looks_like_secret(value), value


def test_a_shared_key_command_is_not_run_without_consent(cli_run, tmp_path):
    fixture = str(FIXTURES / "cmd-source.toml")
    result = cli_run(["import", fixture, "--name", "k"])
    assert result.exit_code == 1 and "--key-cmd" in result.stderr
    assert profiles.profile_names() == []
    assert cli_run(["import", fixture, "--name", "k", "--key-cmd", "pass show mine"]).exit_code == 0
    assert profiles.load_profile("k").key_source == "cmd:pass show mine"


def test_export_refuses_a_profile_holding_a_key(cli_run):
    make(env={"ANTHROPIC_BETAS": "x-api-key: sk-test-leaky-0011223344556677"})
    result = cli_run(["export", "kimi"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "env.ANTHROPIC_BETAS" in result.stderr
    assert "sk-test-leaky" not in result.stderr


def test_import_errors_are_one_line(cli_run, tmp_path):
    missing = cli_run(["import", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 1 and "no file" in missing.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('base_url = "https://x.example"\nmodle = "typo"\n')
    result = cli_run(["import", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2:1: unknown field 'modle'" in result.stderr
    assert "Traceback" not in result.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("base_url = \n")
    assert cli_run(["import", str(broken)]).stderr.startswith(f"modelswitch: {broken}:1:")
    assert cli_run(["import", str(bad), "--clean"]).exit_code == 2
    both = cli_run(["import", str(bad), "--key-env", "A", "--no-key"])
    assert both.exit_code == 2


def test_export_unknown_profile(cli_run):
    result = cli_run(["export", "ghost"])
    assert result.exit_code == 1 and "no profile named 'ghost'" in result.stderr
