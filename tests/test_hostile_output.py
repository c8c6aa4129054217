"""Nothing modelswitch prints can drive the terminal: control, escape and bidi characters
from profiles, Claude settings files, the environment and provider replies come out as
visible escapes (`\\x1b`) in `test`, `bench`, `show`, `list`, `presets`, `doctor` and
error messages.
"""

import json

import pytest
from anthropic_server import AnthropicServer

from modelswitch import paths
from modelswitch.profile.schema import Profile
from modelswitch.text import printable

KEY = "sk-test-hostile-0123456789abcdef"
# ESC, BEL, CR, backspace, DEL, C1 CSI, bidi override/isolates, zero-width space, LS
RAW = ["\x1b", "\x07", "\r", "\x08", "\x7f", "\x9b", "\u202e", "\u2066", "\u2069", "\u200b",
       "\u2028"]


def hand_write(name: str, base_url: str, model: str) -> None:
    """A profile file as a hand edit could leave it (the writer would not be asked)."""
    path = paths.profile_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'base_url = {json.dumps(base_url)}\nauth = "bearer"\n'
                    f'key_source = "env:MS_HOSTILE_KEY"\nmodel = {json.dumps(model)}\n')


def assert_inert(*texts: str) -> None:
    for text in texts:
        found = sorted({f"U+{ord(c):04X}" for c in text if c in RAW})
        assert not found, f"raw {found} printed: {text!r}"


def test_printable_escapes_controls_and_keeps_letters():
    assert printable("a\x1b]52;c;eA==\x07b") == "a\\x1b]52;c;eA==\\x07b"
    assert printable("x\ty\nz\r\x08\x7f\x9b") == "x\\ty\\nz\\r\\x08\\x7f\\x9b"
    assert printable("\u202eexe.txt\u2066\u200b") == "\\u202eexe.txt\\u2066\\u200b"
    for kept in ("模型 キミ", "café naïve", "Ωμέγα", "emoji 🙂", "C:\\path\\x1b", "a b"):
        assert printable(kept) == kept
    assert printable(printable("\x1b[2J\u202e")) == printable("\x1b[2J\u202e")  # idempotent


@pytest.fixture(autouse=True)
def key_in_env(monkeypatch):
    monkeypatch.setenv("MS_HOSTILE_KEY", KEY)


def test_test_command_escapes_a_providers_error_message(cli_run):
    with AnthropicServer(mode="hostile") as srv:
        hand_write("h", srv.base_url, "m")
        result = cli_run(["test", "h"])
        as_json = cli_run(["test", "h", "--json"])
    assert result.exit_code == 1
    assert_inert(result.stdout, result.stderr)
    assert "\\x1b]52;c;aGFja2Vk\\x07 not found\\x1b[2J" in result.stdout
    assert "\\u202etxt.exe" in result.stdout and "invalid_request_error\\x1b[5m" in result.stdout
    message = json.loads(as_json.stdout)["models"][0]["message"]  # JSON keeps the real text
    assert "\x1b]52;c;aGFja2Vk\x07" in message and "\x1b" not in as_json.stdout


def test_test_command_escapes_a_reply_and_a_model_name(cli_run):
    with AnthropicServer(reply="hi\x1b[2J\x1b]0;title\x07there") as srv:
        hand_write("r", srv.base_url, "m")
        result = cli_run(["test", "r"])
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout, result.stderr)
    assert "hi\\x1b[2J" in result.stdout


def test_bench_escapes_failures_models_and_prompt(cli_run):
    with AnthropicServer(mode="hostile") as bad, AnthropicServer() as good:
        hand_write("bad", bad.base_url, "b")
        hand_write("good", good.base_url, "g")
        result = cli_run(["bench", "bad", "good", "--runs", "1", "--prompt", "say\x1b[2J hi"])
    assert result.exit_code == 1
    assert_inert(result.stdout, result.stderr)
    assert "bad: 1 of 1 failed" in result.stdout and "\\x1b]52;c;" in result.stdout
    assert "say\\x1b[2J hi" in result.stdout


def test_test_and_bench_tables_escape_what_a_loader_let_through():
    """Rendering does not rely on the loader: a model id or URL that reached a result
    (a Profile built in code, an older loader) is escaped in both tables."""
    from modelswitch.probe import bench
    from modelswitch.commands.probe import render_test
    from modelswitch.probe.request import ProbeResult

    profile = Profile(name="p", base_url="http://h/\x1b[2J", model="m\x1b[31m")
    result = ProbeResult(model="m\x1b[31m", outcome="request rejected", status=400,
                         message="no\x1b]52;c;eA==\x07", roles=["main"])
    row = bench.BenchRow(profile, "m\x1b[31m", [result])
    for text in (render_test(profile, "http://h/\x1b[2J/v1/messages", [result]),
                 bench.render_table([row])):
        assert_inert(text)
        assert "m\\x1b[31m" in text and "no\\x1b]52;c;eA==\\x07" in text


HAND_EDITED = """description = "evil\\u001b]52;c;aGk=\\u0007 \\u202eblurb"
base_url = "https://example.invalid/anthropic"
auth = "bearer"
key_source = "env:MS_HOSTILE_KEY"
model = "model\\u001b[2J\\r"
[env]
EXTRA = "x\\u001b[?1049hy\\u009b"
"""


def test_show_and_list_escape_a_hand_edited_profile(cli_run):
    path = paths.profile_path("hand")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HAND_EDITED, encoding="utf-8")
    outputs = [cli_run(["show", "hand"]), cli_run(["list"])]
    for result in outputs:
        assert_inert(result.stdout, result.stderr)
    show, listing = outputs
    if show.exit_code == 0:  # a stricter loader may refuse the file: then its error is inert
        assert "evil\\x1b]52;c;aGk=\\x07 \\u202eblurb" in show.stdout
        assert "model\\x1b[2J\\r" in show.stdout and "EXTRA=x\\x1b[?1049hy\\x9b" in show.stdout
        assert "model\\x1b[2J\\r" in listing.stdout


@pytest.fixture
def claude_home(tmp_path, monkeypatch):
    home, project = tmp_path / "home", tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("MODELSWITCH_HOOK", "bash")
    for var in ("CLAUDE_CONFIG_DIR", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(project)
    return home


def test_doctor_escapes_settings_values_and_the_environment(cli_run, claude_home, monkeypatch):
    settings = claude_home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"env": {"ANTHROPIC_MODEL": "m\x1b]52;c;aGk=\x07\u202e",
                                            "ANTHROPIC_BASE_URL": "http://h/\x1b[2J"}}))
    monkeypatch.setenv("MODELSWITCH_PROFILE", "gone\x1b[2J\u2066")
    result = cli_run(["doctor"])
    assert_inert(result.stdout, result.stderr)
    assert "ANTHROPIC_MODEL=m\\x1b]52;c;aGk=\\x07\\u202e" in result.stdout
    assert "active profile: gone\\x1b[2J\\u2066" in result.stdout


def test_an_error_quoting_a_value_is_escaped_once(cli_run, monkeypatch):
    monkeypatch.delenv("MODELSWITCH_HOOK", raising=False)
    result = cli_run(["use", "x\x1b[2J\x07"])
    assert result.exit_code != 0
    assert_inert(result.stdout, result.stderr)
    assert "x\\x1b[2J\\x07" in result.stderr and "\\\\x1b" not in result.stderr
