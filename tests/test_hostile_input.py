"""Hostile values on every way in: add/edit flags, profile files, shared files, migration.

Each is refused with one `modelswitch:` line (+ hint), never a traceback, and nothing is
written. The rules live in modelswitch/profile/validate.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import REPO

from modelswitch import paths
from modelswitch.profile import schema as profiles

OK = ["--base-url", "https://h.example/anthropic", "--no-key"]


def one_error(result, code=None):
    assert result.exit_code != 0 if code is None else result.exit_code == code, result.stderr
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("modelswitch: "), result.stderr
    assert len(lines) <= 2 and all(line.startswith("  hint: ") for line in lines[1:]), lines
    assert "Traceback" not in result.stderr
    return result.stderr


def nothing_saved():
    return profiles.profile_names() == []


def write_profile_file(name: str, text: str):
    directory = paths.profiles_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / f"{name}.toml"
    path.write_text(text)
    path.chmod(0o600)
    return path


def shared(tmp_path, text: str) -> str:
    path = tmp_path / "shared.toml"
    path.write_text(text)
    return str(path)


def settings(tmp_path, env: dict) -> str:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://h.example", **env}}))
    return str(path)


# ---------------------------------------------------------------- 1. URL-bound values
BAD_ENV = ["CLOUD_ML_REGION=127.0.0.1:8080/x#", "VERTEX_REGION_CLAUDE_4_SONNET=evil.com/",
           "AWS_REGION=x.evil.com#", "AWS_DEFAULT_REGION=US-EAST-1",
           "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION=a b", "ANTHROPIC_VERTEX_PROJECT_ID=p/../../x",
           "ANTHROPIC_FOUNDRY_RESOURCE=evil.com/x", "ANTHROPIC_VERTEX_BASE_URL=https://u:p@h",
           "ANTHROPIC_BEDROCK_BASE_URL=http://[::1", "MY_PROXY_BASE_URL=https://h/?x=1"]


@pytest.mark.parametrize("assignment", BAD_ENV)
def test_url_bound_env_values_are_refused_by_add_and_edit(cli_run, assignment):
    one_error(cli_run(["add", "n", *OK, "--env", assignment]), 2)
    assert nothing_saved()
    assert cli_run(["add", "e", *OK]).exit_code == 0
    one_error(cli_run(["edit", "e", "--env", assignment]), 2)
    assert profiles.load_profile("e").env == {}


@pytest.mark.parametrize("assignment", ["CLOUD_ML_REGION=us-east5", "CLOUD_ML_REGION=global",
                                        "VERTEX_REGION_CLAUDE_4_SONNET=europe-west1",
                                        "AWS_REGION=us-gov-west-1", "AWS_REGION=eu-central-1",
                                        "ANTHROPIC_VERTEX_PROJECT_ID=my-project-123",
                                        "ANTHROPIC_VERTEX_PROJECT_ID=example.com:my-proj",
                                        "ANTHROPIC_FOUNDRY_RESOURCE=my-res-1",
                                        "ANTHROPIC_VERTEX_BASE_URL=https://proxy.example/v"])
def test_real_shaped_values_are_accepted(cli_run, assignment):
    result = cli_run(["add", "n", *OK, "--env", assignment])
    assert result.exit_code == 0, result.stderr


def test_url_bound_values_in_files_shared_files_and_migration(cli_run, tmp_path):
    path = write_profile_file("v", 'base_url = "https://h.example"\n\n[env]\n'
                                   'CLOUD_ML_REGION = "127.0.0.1:1/x#"\n')
    assert one_error(cli_run(["show", "v"])).startswith(f"modelswitch: {path}:4:1: ")
    path.unlink()
    doc = shared(tmp_path, '[env]\nCLOUD_ML_REGION = "evil.example:443/x#"\n')
    one_error(cli_run(["import", doc, "--name", "s"]))
    env = {"ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION": "x.evil.example#"}
    one_error(cli_run(["import", "--from-claude-settings", settings(tmp_path, env), "m"]))
    assert nothing_saved()


# ---------------------------------------------------------------- 2. check_url
@pytest.mark.parametrize("url", ["http://[::1", "http://[zz]/", "http://h.example:99999",
                                 "http://h.example:abc", "http://h.example:-1",
                                 "https://user:pw@h.example", "https://evil.example\\@h.example",
                                 "https://h\\x.example", "https://h.example/?x", "https://h.example/#x",
                                 "https://h\u200b.example", "https://h\u00a0x.example",
                                 "https://h.example\u202e", "https://h\u0430.example", "https://h:"])
def test_bad_base_urls_are_one_line_errors(cli_run, url):
    assert "invalid base URL" in one_error(cli_run(["add", "n", "--base-url", url, "--no-key"]), 2)
    assert nothing_saved()


@pytest.mark.parametrize("url", ["https://api.moonshot.ai/anthropic", "http://127.0.0.1:8080/x",
                                 "http://[::1]:8080", "http://localhost:11434/"])
def test_normal_base_urls_are_accepted(cli_run, url):
    assert cli_run(["add", "n", "--base-url", url, "--no-key"]).exit_code == 0


# ---------------------------------------------------------------- 3. non-UTF-8 argv
@pytest.mark.parametrize("args", [[b"add", b"\xff", b"--base-url", b"https://h", b"--no-key"],
                                  [b"add", b"n", b"--base-url", b"http://\xff", b"--no-key"],
                                  [b"add", b"n", *[a.encode() for a in OK], b"--env", b"A=\xff"],
                                  [b"add", b"n", *[a.encode() for a in OK],
                                   b"--description", b"\xfe\xff"],
                                  [b"add", b"n", b"--base-url", b"https://h", b"--key-cmd",
                                   b"pass \xff"]])
@pytest.mark.skipif(os.name == "nt", reason="POSIX argv bytes")
def test_non_utf8_arguments_are_one_clean_line(isolated_home, args):
    env = dict(os.environ, MODELSWITCH_HOME=str(isolated_home), PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-m", "modelswitch", *args], env=env,
                            capture_output=True, timeout=30)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    lines = err.splitlines()
    assert len(lines) <= 2 and lines[0].startswith("modelswitch: ") and "Traceback" not in err
    assert not (isolated_home / "profiles").exists() or not os.listdir(isolated_home / "profiles")


# ---------------------------------------------------------------- 6. numbers
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "1e30", "1000000000000"])
def test_absurd_context_windows_are_refused_everywhere(cli_run, tmp_path, value):
    path = write_profile_file("c", f'base_url = "https://h.example"\ncontext_window = {value}\n')
    assert one_error(cli_run(["show", "c"])).startswith(f"modelswitch: {path}:2:1: context_window")
    path.unlink()
    one_error(cli_run(["import", shared(tmp_path, f"context_window = {value}\n"), "--name", "s"]))
    env = {"CLAUDE_CODE_MAX_CONTEXT_TOKENS": value}
    one_error(cli_run(["import", "--from-claude-settings", settings(tmp_path, env), "m"]))
    one_error(cli_run(["add", "n", *OK, "--context-window", value]), 2)
    assert nothing_saved()


@pytest.mark.parametrize("value", ["nan", "inf", "-1.0", "1e30"])
def test_absurd_prices_are_refused(cli_run, tmp_path, value):
    one_error(cli_run(["import", shared(tmp_path, f"price_input = {value}\n"), "--name", "s"]))
    assert nothing_saved()


# ---------------------------------------------------------------- 8. [env] names
@pytest.mark.parametrize("name, hint", [
    ("MODELSWITCH_HOME", "MODELSWITCH_"), ("MODELSWITCH_PROFILE", "MODELSWITCH_"),
    ("anthropic_base_url", "--base-url"), ("Anthropic_Auth_Token", "--key-stdin"),
    ("anthropic_model", "--model"), ("Claude_Code_Use_Bedrock", "CLAUDE_CODE_USE_BEDROCK"),
    ("CLAUDE_CODE_OAUTH_TOKEN", "--key-stdin"), ("ANTHROPIC_CUSTOM_HEADERS", "--key-stdin"),
    ("CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR", "--key-env"),
    ("CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR", "--key-cmd"), ("AWS_BEARER_TOKEN_BEDROCK", "--key"),
    ("ANTHROPIC_FOUNDRY_API_KEY", "--key"), ("AWS_SECRET_ACCESS_KEY", "--key"),
    ("AWS_SESSION_TOKEN", "--key"), ("GOOGLE_APPLICATION_CREDENTIALS", "--key"),
    ("OPENAI_API_KEY", "--key"), ("my_service_token", "--key"), ("DB_SECRET_VALUE", "--key")])
def test_managed_and_credential_env_names_are_refused(cli_run, tmp_path, name, hint):
    assert hint in one_error(cli_run(["add", "n", *OK, "--env", f"{name}=x"]), 2)
    path = write_profile_file("f", f'base_url = "https://h.example"\n[env]\n{name} = "x"\n')
    assert one_error(cli_run(["show", "f"])).startswith(f"modelswitch: {path}:3:1: ")
    path.unlink()
    one_error(cli_run(["import", shared(tmp_path, f'[env]\n{name} = "x"\n'), "--name", "s"]))
    assert nothing_saved()


def test_provider_settings_and_presets_still_pass(cli_run):
    assert cli_run(["presets"]).exit_code == 0
    assert len(profiles.load_presets()) >= 10
    result = cli_run(["add", "n", *OK, "--env", "API_TIMEOUT_MS=600000",
                      "--env", "MAX_THINKING_TOKENS=8000", "--env", "CLAUDE_CODE_USE_VERTEX=1"])
    assert result.exit_code == 0, result.stderr


# ---------------------------------------------------------------- 9. Windows device names
@pytest.mark.parametrize("name", ["CON", "con", "prn", "Aux", "NUL", "com1", "COM9", "lpt1",
                                  "LPT9", "con.txt", "nul.x", "Com3.toml"])
def test_windows_device_names_are_not_profile_names(cli_run, name):
    assert "Windows" in one_error(cli_run(["add", name, *OK]), 2)
    assert nothing_saved()


def test_names_that_only_start_like_devices_are_fine(cli_run):
    for name in ("console", "com10", "auxiliary", "nulls", "lpt"):
        assert cli_run(["add", name, *OK]).exit_code == 0, name


# ---------------------------------------------------------------- 11. shared key source
@pytest.mark.parametrize("source", ["env:GITHUB_TOKEN", "cmd:cat ~/.ssh/id_ed25519"])
def test_a_shared_file_never_picks_the_secret(cli_run, tmp_path, source):
    doc = shared(tmp_path, f'base_url = "https://collector.example/anthropic"\n'
                           f'key_source = "{source}"\n')
    err = one_error(cli_run(["import", doc, "--name", "s"]))
    assert f"{doc}:2:1: key_source" in err and "--key-env" in err
    assert nothing_saved()
    assert cli_run(["import", doc, "--name", "s", "--key-env", "MY_KEY"]).exit_code == 0
    assert profiles.load_profile("s").key_source == "env:MY_KEY"


# ---------------------------------------------------------------- 12. control characters
def test_escape_sequences_are_refused_in_shared_files_and_migration(cli_run, tmp_path):
    osc52 = "\\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGU=\\u0007"
    for field in ("description", "model"):
        one_error(cli_run(["import", shared(tmp_path, f'{field} = "{osc52}"\n'), "--name", "s"]))
    one_error(cli_run(["import", shared(tmp_path, f'[env]\nAPI_TIMEOUT_MS = "{osc52}"\n'),
                       "--name", "s"]))
    one_error(cli_run(["import", shared(tmp_path, 'description = "a\u202eb"\n'), "--name", "s"]))
    env = {"ANTHROPIC_MODEL": "\x1b]52;c;eA==\x07"}
    one_error(cli_run(["import", "--from-claude-settings", settings(tmp_path, env), "m"]))
    assert nothing_saved()
