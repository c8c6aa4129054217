"""Defects found by using the CLI as a demanding user would: odd file-system states,
closed standard streams, misleading hints, help-text artifacts. Each test fails on the
behaviour that was there before the fix."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import unicodedata

import pytest
from helpers import modelswitch_cmd

from modelswitch import paths, tables
from modelswitch.completion.scripts import build_spec
from modelswitch.doctor.claude import shown

URL = "http://127.0.0.1:9"
KEY = "sk-test-ux-review-0123456789"


def one_error(result, code: int, *words: str) -> str:
    """Exit status `code`, one `modelswitch:` line (+ optional hint), no traceback."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("modelswitch: ") and all(
        line.startswith("  hint: ") for line in lines[1:]), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


# ------------------------------------------------------------------ closed streams
def test_env_with_stdout_closed_does_not_crash(cli_run):
    assert cli_run(["add", "k", "--base-url", URL, "--key-env", "UX_KEY"]).exit_code == 0
    env = {**os.environ, "UX_KEY": KEY}
    done = subprocess.run(modelswitch_cmd() + ["env", "k", "--shell", "bash"], env=env,
                          stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60,
                          preexec_fn=lambda: os.close(1))
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    assert done.returncode == 0


def test_import_from_closed_stdin_is_one_error(monkeypatch, capsys):
    from modelswitch import cli

    monkeypatch.setattr(sys, "stdin", None)
    code = cli.main(["import", "-", "--name", "x", "--no-key"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.startswith("modelswitch: standard input is closed")
    assert not paths.profile_path("x").exists()


@pytest.mark.integration
def test_wizard_is_not_drawn_into_a_redirected_stdout(tmp_path):
    """stdin a terminal, stdout a file: the wizard's prompt would be invisible (a hang).
    (With a terminal on both, test_wizard_pty shows the wizard.)"""
    import pexpect

    out = tmp_path / "out.txt"
    shell = f"{' '.join(modelswitch_cmd())} add w --base-url {URL} > {out}; echo rc=$?"
    child = pexpect.spawn("/bin/sh", ["-c", shell], encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert "rc=2" in child.before and "no key source" in child.before, child.before
    assert not paths.profile_path("w").exists()


# ------------------------------------------------------------------ odd file-system states
def test_config_home_that_cannot_be_created(cli_run, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MODELSWITCH_HOME", str(blocker / "home"))
    result = cli_run(["add", "k", "--base-url", URL, "--no-key"])
    one_error(result, 1, "cannot write", "MODELSWITCH_HOME")


def test_profiles_dir_that_is_a_file(cli_run, isolated_home):
    isolated_home.mkdir(parents=True)
    (isolated_home / "profiles").write_text("oops")
    result = cli_run(["add", "k", "--base-url", URL, "--no-key"])
    one_error(result, 1, "profiles", "not a directory")
    assert (isolated_home / "profiles").read_text() == "oops"


@pytest.mark.parametrize("blocked", ["home", "profiles"])
def test_doctor_reports_a_file_where_a_directory_belongs(cli_run, isolated_home, blocked):
    if blocked == "home":
        isolated_home.write_text("oops")
    else:
        isolated_home.mkdir()
        (isolated_home / "profiles").write_text("oops")
    result = cli_run(["doctor", "--json"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    config = [c for c in json.loads(result.stdout)["checks"] if c["section"] == "config"]
    assert config[0]["status"] == "fail" and "is not a directory" in config[0]["title"]


def test_a_directory_named_like_a_profile_is_broken_not_a_crash(cli_run):
    assert cli_run(["add", "good", "--base-url", URL, "--no-key"]).exit_code == 0
    paths.profile_path("odd").mkdir()
    listed = cli_run(["list"])
    assert listed.exit_code == 0 and "Traceback" not in listed.stderr
    row = next(line for line in listed.stdout.splitlines() if " odd " in f"{line} ")
    assert "BROKEN" in row and "good" in listed.stdout
    one_error(cli_run(["show", "odd"]), 1, "odd.toml", "cannot read")
    one_error(cli_run(["add", "odd", "--base-url", URL, "--no-key", "--force"]), 1,
              "cannot write")
    doctor = cli_run(["doctor", "--json"])
    assert "Traceback" not in doctor.stderr
    titles = [c["title"] for c in json.loads(doctor.stdout)["checks"]]
    assert any("odd.toml" in t and "cannot read" in t for t in titles)


def test_an_unreadable_profile_file_is_listed_as_broken(cli_run, monkeypatch):
    assert cli_run(["add", "locked", "--base-url", URL, "--no-key"]).exit_code == 0
    assert cli_run(["add", "fine", "--base-url", URL, "--no-key"]).exit_code == 0
    target = paths.profile_path("locked")
    real = pathlib.Path.read_text

    def read_text(self, *args, **kwargs):  # root ignores chmod 000: simulate EACCES
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "read_text", read_text)
    listed = cli_run(["list"])
    assert listed.exit_code == 0 and "Traceback" not in listed.stderr
    assert "Permission denied" in listed.stderr and "fine" in listed.stdout
    one_error(cli_run(["show", "locked"]), 1, "Permission denied")


def test_clean_that_cannot_rewrite_the_settings_file(cli_run, store, tmp_path, monkeypatch):
    from modelswitch.profile import migrate

    settings = tmp_path / "settings.json"
    original = json.dumps({"env": {"ANTHROPIC_BASE_URL": URL, "ANTHROPIC_AUTH_TOKEN": KEY},
                           "model": "opus"}, indent=2) + "\n"
    settings.write_text(original)

    def read_only(target, text):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(migrate, "replace_keeping_mode", read_only)
    result = cli_run(["import", "--from-claude-settings", str(settings), "mig", "--clean"])
    one_error(result, 1, "cannot clean", "Permission denied", "profile was created")
    assert settings.read_text() == original
    assert list(tmp_path.glob("settings.json.bak-*")) == []  # no stray copy of the token
    assert store.get("mig") == KEY


# ------------------------------------------------------------------ replaced profiles' keys
def test_add_force_without_keyring_drops_the_replaced_key(cli_run, store):
    assert cli_run(["add", "k", "--base-url", URL, "--key-stdin"], input=KEY).exit_code == 0
    assert store.get("k") == KEY
    assert cli_run(["add", "k", "--base-url", URL, "--no-key", "--force"]).exit_code == 0
    assert store.get("k") is None  # `remove k` would otherwise leave it behind for good


def test_an_imported_profile_never_inherits_an_old_key(cli_run, store, tmp_path):
    store.set("work", "sk-test-provider-a-0123456789")  # left by an earlier `work` profile
    shared = tmp_path / "work.toml"
    shared.write_text('base_url = "https://provider-b.example/anthropic"\n'
                      'key_source = "keyring"\nmodel = "m"\n')
    result = cli_run(["import", str(shared)])
    assert result.exit_code == 0 and "no key stored yet" in result.stdout
    assert store.get("work") is None
    one_error(cli_run(["env", "work", "--shell", "json"]), 1, "no key in the keyring")


# ------------------------------------------------------------------ hints and messages
def test_key_set_with_an_empty_key_does_not_suggest_a_missing_option(cli_run):
    assert cli_run(["add", "k", "--base-url", URL, "--no-key"]).exit_code == 0
    err = one_error(cli_run(["key", "set", "k", "--stdin"], input="\n"), 1, "no key")
    assert "modelswitch edit k --no-key" in err
    add = cli_run(["add", "k2", "--base-url", URL, "--key-stdin"], input="\n")
    assert "use --no-key" in one_error(add, 1, "no key")


def test_missing_ccs_profile_names_the_ccs_profile(cli_run, tmp_path, monkeypatch):
    monkeypatch.setenv("CCS_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("CCS_DIR", raising=False)
    err = one_error(cli_run(["import", "--from-ccs", "nosuch"]), 1, "no ccs profile 'nosuch'")
    assert "give its path" not in err


@pytest.mark.parametrize("text", ["", "\n", "# exported? no: the export failed\n"])
def test_importing_an_empty_file_is_refused(cli_run, tmp_path, text):
    shared = tmp_path / "team.toml"
    shared.write_text(text)
    one_error(cli_run(["import", str(shared), "--no-key"]), 1, "holds no profile settings")
    assert not paths.profile_path("team").exists()


def test_export_to_an_empty_file_name(cli_run):
    assert cli_run(["add", "k", "--base-url", URL, "--no-key"]).exit_code == 0
    err = one_error(cli_run(["export", "k", "-o", ""]), 2, "-o is empty")
    assert ". is a directory" not in err


def test_unset_env_of_an_absent_variable_warns(cli_run):
    assert cli_run(["add", "k", "--base-url", URL, "--no-key", "--env", "A=1"]).exit_code == 0
    result = cli_run(["edit", "k", "--unset-env", "AA"])
    assert result.exit_code == 0
    assert "modelswitch: warning: --unset-env AA" in result.stderr
    quiet = cli_run(["edit", "k", "--unset-env", "A"])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_not_found_suggests_a_name_differing_only_in_case(cli_run):
    assert cli_run(["add", "LOCAL", "--base-url", URL, "--no-key"]).exit_code == 0
    one_error(cli_run(["show", "local"]), 1, "did you mean LOCAL?")


@pytest.mark.parametrize("args", [["test", "k", "--timeout", "inf"],
                                  ["test", "k", "--timeout", "1e308"],
                                  ["bench", "k", "--timeout", "inf"],
                                  ["bench", "k", "--prompt", " "]])
def test_probe_arguments_that_cannot_work_are_usage_errors(cli_run, args):
    assert cli_run(["add", "k", "--base-url", URL, "--no-key"]).exit_code == 0
    result = cli_run(args)
    one_error(result, 2)
    assert result.stdout == ""  # no table with a bogus "not an Anthropic-compatible reply"


def test_keyless_test_header_has_no_nested_parentheses():
    from modelswitch.commands.probe import render_test
    from modelswitch.profile.schema import Profile

    header = render_test(Profile(name="k", base_url=URL, key_source="none"), URL, []).splitlines()[0]
    assert "((" not in header and "))" not in header and "keyless" in header


def test_doctor_shows_the_port_of_a_settings_base_url_but_no_credentials():
    assert shown("ANTHROPIC_BASE_URL", "http://user:pw@127.0.0.1:4000/api?x=1") == (
        "http://127.0.0.1:4000/api")


def test_tables_align_wide_characters():
    def columns(text: str) -> int:  # CJK ideographs take two terminal columns
        return sum(2 if unicodedata.east_asian_width(c) == "W" else 1 for c in text)

    text = tables.format_table(("A", "B"), [("模型", "x"), ("ab", "y")])
    lines = text.splitlines()
    starts = [columns(line[:line.rindex(ch)]) for line, ch in zip(lines, "Bxy")]
    assert len(set(starts)) == 1, text


# ------------------------------------------------------------------ help text
def test_help_has_no_typer_artifacts(cli_run):
    for args in (["add", "--help"], ["show", "--help"], ["rename", "--help"],
                 ["bench", "--help"], ["import", "--help"], ["completions", "--help"],
                 ["key", "set", "--help"], ["run", "--help"]):
        out = cli_run(args).stdout
        usage = out.splitlines()[0]
        assert "{" not in usage and "<str>" not in out and "list[str]" not in out, out
    assert cli_run(["add", "--help"]).stdout.startswith("Usage: modelswitch add [OPTIONS] NAME")
    assert "NAME..." in cli_run(["bench", "--help"]).stdout.splitlines()[0]
    assert "[NAME]" in cli_run(["env", "--help"]).stdout.splitlines()[0]


@pytest.mark.parametrize("args, path", [(["add", "x", "--preset"], "modelswitch add"),
                                        (["bench", "x", "--runs"], "modelswitch bench"),
                                        (["key", "set", "x", "--bogus"], "modelswitch key set")])
def test_usage_error_hint_names_the_subcommand(cli_run, args, path):
    one_error(cli_run(args), 2, f"see `{path} --help`")


def test_root_help_summaries_are_not_cut_off(cli_run):
    out = cli_run(["--help"]).stdout
    commands = out[out.index("Commands:"):].splitlines()[1:]
    assert commands and not [line for line in commands if line.rstrip().endswith("...")], out


def test_list_help_names_every_key_state(cli_run):
    out = " ".join(cli_run(["list", "--help"]).stdout.split())
    for state in ("keyring", "env", "cmd", "none", "missing", "unavailable"):
        assert state in out


def test_doctor_completes_profile_names():
    doctor = next(c for c in build_spec() if c.path == "doctor")
    assert doctor.args == ("profiles",)
