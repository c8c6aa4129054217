"""run/exec planning in-process: the child's environment, the --settings document,
argument pass-through, the nesting guard and missing programs (no process is started)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from modelswitch.claude import settings as claude_settings
from modelswitch.launch import start as launch, settings as launch_settings
from modelswitch.errors import ModelswitchError
from modelswitch.profile.schema import Profile
from modelswitch.profile.storage import write_profile

KEY = "sk-test-launch-0123456789"


@pytest.fixture
def fake_claude(tmp_path):
    """A directory holding an executable named claude, and a PATH with only it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "claude"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o755)
    return bin_dir


@pytest.fixture
def env(tmp_path, fake_claude):
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    return {"PATH": str(fake_claude), "HOME": str(home), "ANTHROPIC_API_KEY": "sk-user-own-key",
            "UNRELATED": "kept"}


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    return root


@pytest.fixture
def kimi(store):
    write_profile(Profile(name="kimi", base_url="https://api.moonshot.ai/anthropic", auth="bearer",
                          model="kimi-k2", haiku="kimi-k2-turbo", context_window=262144,
                          env={"API_TIMEOUT_MS": "3000000"}), overwrite=True)
    store.set("kimi", KEY)
    return "kimi"


def user_settings(env, data) -> None:
    Path(env["HOME"], ".claude", "settings.json").write_text(json.dumps(data))


def test_run_environment_applies_the_profile_and_keeps_the_rest(kimi, store, env, project):
    plan = launch.plan_run(kimi, ["-p", "hi"], store, env, cwd=project)
    # the key goes through a pipe named by the OAuth-token descriptor variable, not the env
    assert "ANTHROPIC_AUTH_TOKEN" not in plan.env and KEY not in plan.env.values()
    assert plan.key.key == KEY and plan.key.variable == "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR"
    assert plan.env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] == "1"
    assert plan.env["ANTHROPIC_BASE_URL"] == "https://api.moonshot.ai/anthropic"
    assert plan.env["MODELSWITCH_PROFILE"] == "kimi"
    assert plan.env["API_TIMEOUT_MS"] == "3000000"
    assert "ANTHROPIC_API_KEY" not in plan.env  # the other credential is unset
    assert plan.env["UNRELATED"] == "kept"
    assert plan.program == str(Path(env["PATH"]) / "claude")
    assert plan.args == ["-p", "hi"]
    assert KEY not in plan.args


def test_settings_env_holds_every_profile_variable_and_neutral_credentials(kimi, store, env, project):
    plan = launch.plan_run(kimi, [], store, env, cwd=project)
    block = plan.settings["env"]
    for name in ("ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL", "API_TIMEOUT_MS",
                 "ANTHROPIC_DEFAULT_HAIKU_MODEL", "CLAUDE_CODE_MAX_CONTEXT_TOKENS",
                 "MODELSWITCH_PROFILE", "MODELSWITCH_VARS"):
        assert block[name] == plan.env[name]
    assert block["ANTHROPIC_API_KEY"] == "" and block["ANTHROPIC_AUTH_TOKEN"] == ""
    assert KEY not in json.dumps(plan.settings)
    for name in ("ANTHROPIC_CUSTOM_HEADERS", "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR"):
        assert block[name] == ""  # every other credential variable is neutralised
    assert plan.settings["apiKeyHelper"] == ""
    # variables no settings file sets are left alone (not forced to "")
    assert "ANTHROPIC_DEFAULT_OPUS_MODEL" not in block
    assert "CLAUDE_CODE_USE_BEDROCK" not in block


def test_variables_set_by_settings_files_are_neutralised(kimi, store, env, project):
    user_settings(env, {"env": {"ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-opus", "CLAUDE_CODE_USE_BEDROCK": "1",
                                "ANTHROPIC_BASE_URL": "https://elsewhere.example", "EDITOR": "vim"}})
    (project / ".claude").mkdir()
    (project / ".claude" / "settings.local.json").write_text(
        json.dumps({"env": {"CLAUDE_CODE_SUBAGENT_MODEL": "x"}}))
    block = launch.plan_run(kimi, [], store, env, cwd=project).settings["env"]
    assert block["ANTHROPIC_DEFAULT_OPUS_MODEL"] == ""
    assert block["CLAUDE_CODE_USE_BEDROCK"] == ""
    assert block["CLAUDE_CODE_SUBAGENT_MODEL"] == ""
    assert block["ANTHROPIC_BASE_URL"] == "https://api.moonshot.ai/anthropic"
    assert "EDITOR" not in block  # not ours to touch


def test_api_key_profile_neutralises_the_bearer_token(store, env, project):
    write_profile(Profile(name="anth", auth="api-key"), overwrite=True)
    store.set("anth", KEY)
    user_settings(env, {"env": {"ANTHROPIC_AUTH_TOKEN": "sk-user-token", "ANTHROPIC_BASE_URL": "http://x"}})
    plan = launch.plan_run("anth", [], store, env, cwd=project)
    block = plan.settings["env"]
    assert plan.key.key == KEY and plan.key.variable == "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR"
    assert block["ANTHROPIC_API_KEY"] == "" and "ANTHROPIC_API_KEY" not in plan.env
    assert "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC" not in block  # only the OAuth mode needs it
    assert block["ANTHROPIC_AUTH_TOKEN"] == ""
    assert block["ANTHROPIC_BASE_URL"] == ""  # claude's default host (verified: "" = unset)


def test_keyless_login_profile_keeps_an_api_key_helper(store, env, project):
    write_profile(Profile(name="login", key_source="none", model="claude-sonnet"), overwrite=True)
    settings = launch.plan_run("login", [], store, env, cwd=project).settings
    assert "apiKeyHelper" not in settings
    assert settings["env"]["ANTHROPIC_AUTH_TOKEN"] == "" and settings["env"]["ANTHROPIC_API_KEY"] == ""


def test_broken_settings_file_warns_and_neutralises_everything(kimi, store, env, project, capsys):
    Path(env["HOME"], ".claude", "settings.json").write_text('{"env": {"ANTHROPIC_MODEL": ')
    plan = launch.plan_run(kimi, [], store, env, cwd=project)
    err = capsys.readouterr().err
    assert "settings.json" in err and "warning" in err and len(err.strip().splitlines()) == 1
    block = plan.settings["env"]
    assert block["ANTHROPIC_DEFAULT_OPUS_MODEL"] == "" and block["CLAUDE_CODE_USE_VERTEX"] == ""
    assert block["ANTHROPIC_AUTH_TOKEN"] == "" and plan.key.key == KEY


def test_managed_settings_that_outrank_us_are_reported(kimi, store, env, project, tmp_path,
                                                       monkeypatch, capsys):
    managed = tmp_path / "managed-settings.json"
    managed.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://corp.example"}}))
    monkeypatch.setattr(claude_settings, "managed_settings_path", lambda platform=None: managed)
    launch.plan_run(kimi, [], store, env, cwd=project)
    err = capsys.readouterr().err
    assert str(managed) in err and "ANTHROPIC_BASE_URL" in err and "outrank" in err


@pytest.mark.parametrize("form", ["separate", "equals"])
def test_user_inline_settings_are_merged_under_the_profile(kimi, store, env, project, form):
    theirs = json.dumps({"permissions": {"allow": ["Bash(ls)"]},
                         "env": {"MY_VAR": "1", "ANTHROPIC_BASE_URL": "http://theirs"}})
    args = ["--settings", theirs] if form == "separate" else [f"--settings={theirs}"]
    plan = launch.plan_run(kimi, ["-p", "x", *args, "--verbose"], store, env, cwd=project)
    assert plan.args == ["-p", "x", "--verbose"]
    assert plan.settings["permissions"] == {"allow": ["Bash(ls)"]}
    assert plan.settings["env"]["MY_VAR"] == "1"
    assert plan.settings["env"]["ANTHROPIC_BASE_URL"] == "https://api.moonshot.ai/anthropic"


def test_user_settings_file_is_merged_and_relative_to_cwd(kimi, store, env, project):
    (project / "mine.json").write_text(json.dumps({"model": "opus", "env": {"A": "b"}}))
    plan = launch.plan_run(kimi, ["--settings", "mine.json"], store, env, cwd=project)
    assert plan.settings["model"] == "opus" and plan.settings["env"]["A"] == "b"
    assert plan.args == []


@pytest.mark.parametrize("value, problem", [
    ("missing.json", "cannot read"),
    ('{"env": [1]}', "not a JSON object"),
    ('{"env": }', "invalid JSON"),
    ("[1, 2]", "must be a JSON object"),
])
def test_unusable_user_settings_are_refused_clearly(kimi, store, env, project, value, problem, tmp_path):
    if value == "[1, 2]":
        (project / "list.json").write_text(value)
        value = "list.json"
    with pytest.raises(ModelswitchError) as info:
        launch.plan_run(kimi, ["--settings", value], store, env, cwd=project)
    assert problem in info.value.message


def test_settings_after_double_dash_is_an_argument_not_an_option():
    rest, value = launch_settings.split_settings_args(["-p", "--", "--settings", "x"])
    assert value is None and rest == ["-p", "--", "--settings", "x"]
    with pytest.raises(ModelswitchError):
        launch_settings.split_settings_args(["--settings"])


def test_nesting_guard(kimi, store, env, project):
    env["MODELSWITCH_PROFILE"] = "glm"  # a shell switched by `use`: run OTHER starts OTHER
    assert launch.plan_run(kimi, [], store, env, cwd=project).env["MODELSWITCH_LAUNCHED"] == "kimi"
    env["MODELSWITCH_LAUNCHED"] = "glm"  # inside a process modelswitch started: refused
    with pytest.raises(ModelswitchError) as info:
        launch.plan_run(kimi, [], store, env, cwd=project)
    assert "'glm'" in info.value.message and "--force" in info.value.hint
    plan = launch.plan_run(kimi, [], store, env, force=True, cwd=project)
    assert plan.env["MODELSWITCH_PROFILE"] == "kimi" and plan.env["MODELSWITCH_LAUNCHED"] == "kimi"
    assert "MODELSWITCH_LAUNCHED" not in plan.settings["env"]
    env["MODELSWITCH_LAUNCHED"] = "kimi"  # the same profile again is not nesting
    assert launch.plan_exec(kimi, ["claude"], store, env).env["MODELSWITCH_PROFILE"] == "kimi"


def test_forced_switch_unsets_the_previous_profiles_extras(kimi, store, env, project):
    env.update(MODELSWITCH_PROFILE="old", MODELSWITCH_VARS="OLD_EXTRA,MODELSWITCH_PROFILE", OLD_EXTRA="x")
    plan = launch.plan_run(kimi, [], store, env, force=True, cwd=project)
    assert "OLD_EXTRA" not in plan.env


def test_missing_claude_is_127_before_the_key_is_read(store, env, project, tmp_path):
    write_profile(Profile(name="p", base_url="http://h", key_source="cmd:exit 3"), overwrite=True)
    env["PATH"] = str(tmp_path / "empty")
    with pytest.raises(launch.CommandNotFound) as info:
        launch.plan_run("p", [], store, env, cwd=project)
    assert info.value.exit_code == 127
    assert "not on PATH" in info.value.message and "npm install -g @anthropic-ai/claude-code" in info.value.message
    with pytest.raises(launch.CommandNotFound) as info:
        launch.plan_exec("p", ["no-such-tool-xyz"], store, env)
    assert "no-such-tool-xyz" in info.value.message


def test_cli_missing_claude_prints_one_line_and_exits_127(cli_run, kimi, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = cli_run(["run", "kimi", "-p", "hi"])
    assert result.exit_code == 127
    assert len(result.stderr.strip().splitlines()) == 1
    assert "claude" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def captured(monkeypatch, fake_claude):
    """Replace execute() so the CLI plans but starts nothing."""
    plans = []
    monkeypatch.setenv("PATH", str(fake_claude))
    monkeypatch.setattr(launch, "execute", lambda plan: plans.append(plan) or 0)
    return plans


@pytest.mark.parametrize("argv, expected", [
    (["run", "kimi", "--", "-p", "hi"], ["-p", "hi"]),
    (["run", "kimi", "--resume"], ["--resume"]),
    (["run", "kimi", "-h"], ["-h"]),
    (["run", "kimi", "--force"], ["--force"]),  # after NAME everything is claude's
    (["run", "--force", "kimi", "-p", "x"], ["-p", "x"]),
    (["run", "kimi", "--", "--", "x"], ["--", "x"]),
    (["run", "kimi"], []),
])
def test_cli_passes_arguments_untouched(cli_run, kimi, captured, argv, expected):
    result = cli_run(argv)
    assert result.exit_code == 0, result.stderr
    assert captured[0].args == expected and captured[0].command == "claude"


def test_cli_exec_needs_a_command(cli_run, kimi, captured):
    result = cli_run(["exec", "kimi", "--"])
    assert result.exit_code == 2 and "command" in result.stderr
    result = cli_run(["exec", "kimi", "--", "claude", "-x"])
    assert result.exit_code == 0 and "`modelswitch run kimi`" in result.stderr  # exec claude: a hint
    assert captured[0].command == "claude" and captured[0].args == ["-x"] and captured[0].settings is None


def test_cli_nesting_guard_message(cli_run, kimi, captured, monkeypatch):
    monkeypatch.setenv("MODELSWITCH_PROFILE", "glm")
    assert cli_run(["run", "kimi"]).exit_code == 0  # `use glm` in this shell: not nesting
    monkeypatch.setenv("MODELSWITCH_LAUNCHED", "glm")
    result = cli_run(["run", "kimi"])
    assert result.exit_code == 1 and "glm" in result.stderr and len(captured) == 1
    assert cli_run(["run", "--force", "kimi"]).exit_code == 0


def test_execute_posix_replaces_the_process(monkeypatch, tmp_path):
    """execute() hands claude the carrier's path, never the key, via os.execve."""
    calls = []

    def fake_execve(program, argv, env):
        calls.append((program, argv, env))
        data = Path(argv[2]).read_bytes()  # the carrier is readable by path, like claude does
        calls.append(json.loads(data))
        raise OSError(8, "Exec format error")

    monkeypatch.setattr(os, "execve", fake_execve)
    plan = launch.Plan("claude", "/bin/claude", ["-p", "x"], {"K": KEY}, {"env": {"K": KEY}})
    with pytest.raises(ModelswitchError) as info:
        launch.execute(plan)
    (program, argv, env), settings = calls
    assert program == "/bin/claude" and argv[0] == "claude" and argv[1] == "--settings"
    assert argv[3] == "--session-id" and argv[5:] == ["-p", "x"]  # usage's launch log
    assert all(KEY not in a for a in argv)
    assert settings == {"env": {"K": KEY}} and env == {"K": KEY}
    assert "Exec format error" in info.value.message and KEY not in info.value.message


def test_spawn_returns_the_exit_code_and_removes_the_file(tmp_path, monkeypatch):
    """The Windows path (subprocess + wait), exercised on POSIX."""
    from modelswitch.launch import settings_fd

    monkeypatch.setenv(settings_fd.CARRIER_VAR, "file")
    carrier = settings_fd.create(b'{"env": {}}')
    assert stat.S_IMODE(os.stat(carrier.path).st_mode) == 0o600
    code = launch.spawn(["sh", "-c", 'test -r "$0" && exit 5', carrier.path], dict(os.environ), carrier)
    assert code == 5
    assert not Path(carrier.path).exists() and not Path(carrier.path).parent.exists()


def test_the_session_id_is_a_random_version_4_uuid():
    import uuid

    from modelswitch.launch import log as launch_log

    ids = {launch_log.random_uuid() for _ in range(200)}
    assert len(ids) == 200
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
