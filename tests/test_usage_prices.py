"""Per-model prices: the `[prices."MODEL"]` table in profiles (schema, errors, --model-price,
show, presets, export/import), its use by `modelswitch usage` and --compare, and the rule that
every bundled preset's models have prices unless a documented reason says why not."""

from __future__ import annotations

import json

import pytest

from modelswitch import paths
from modelswitch.profile import schema as profiles
from modelswitch.profile.schema import Profile
from modelswitch.profile.storage import atomic_write, dumps
from transcripts import T0, assistant, usage, write

AIR = {"input": 0.2, "output": 1.1, "cache_write": 0.2, "cache_read": 0.03}


def save(profile: Profile) -> None:
    paths.profiles_dir().mkdir(parents=True, exist_ok=True)
    atomic_write(paths.profile_path(profile.name), dumps(profile))


def glm_like(name="myglm") -> Profile:
    return Profile(name=name, base_url="https://example.com/anthropic", model="glm-4.6",
                   haiku="glm-4.5-air", sonnet="glm-4.6", opus="glm-4.6", price_input=0.6,
                   price_output=2.2, price_cache_write=0.6, price_cache_read=0.11,
                   prices={"glm-4.5-air": dict(AIR)})


def test_schema_round_trip():
    p = glm_like()
    text = dumps(p)
    assert '[prices."glm-4.5-air"]' in text and "cache_read = 0.03" in text
    back = profiles.parse_text("myglm", text, "f.toml")
    assert back == p and back.as_json()["prices"] == {"glm-4.5-air": AIR}
    partial = profiles.parse_text("x", '[prices."m"]\ninput = 1\n', "f.toml")
    assert partial.prices == {"m": {"input": 1}}  # the others are unknown, not 0


@pytest.mark.parametrize("body, line, needle", [
    ('[prices."m"]\ninput = -1\n', 2, 'prices."m".input must be a number from 0'),
    ('[prices."m"]\ninput = 1\noutput = "cheap"\n', 3, "output must be a number"),
    ('[prices."m"]\ninput = nan\n', 2, "must be a number"),
    ('[prices."m"]\ninput = true\n', 2, "must be a number"),
    ('[prices."m"]\ninput = 1e9\n', 2, "must be a number from 0"),
    ('[prices."m"]\ninptu = 1\n', 2, "unknown field 'prices.\"m\".inptu'"),
    ('[prices]\nm = 3\n', 2, 'prices."m" must be a table'),
    ('prices = "free"\n', 1, "prices must be tables"),
])
def test_bad_prices_table_names_key_and_line(body, line, needle):
    text = 'description = "d"\n' + body
    with pytest.raises(profiles.InvalidProfile) as err:
        profiles.parse_text("p", text, "p.toml")
    assert err.value.message.startswith(f"p.toml:{line + 1}:"), err.value.message
    assert needle in err.value.message


def test_bad_table_in_a_user_file_is_one_line_error(cli_run, isolated_home):
    paths.profiles_dir().mkdir(parents=True, exist_ok=True)
    path = paths.profile_path("p")
    path.write_text('base_url = "https://x.example"\n\n[prices."m"]\noutput = -2\n')
    path.chmod(0o600)
    result = cli_run(["show", "p"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{path}:4:1:" in result.stderr and "prices.\"m\".output" in result.stderr


def test_model_price_flag_show_and_json(cli_run, isolated_home):
    assert cli_run(["add", "g", "--preset", "glm", "--no-key"]).exit_code == 0
    data = json.loads(cli_run(["show", "g", "--json"]).stdout)
    assert data["prices"]["glm-4.5-air"]["input"] == 0.2  # carried from the preset
    edit = cli_run(["edit", "g", "--model-price", "glm-5=1.4,4.4,,0.26",
                    "--model-price", "glm-4.5-air="])
    assert edit.exit_code == 0, edit.stderr
    prices = json.loads(cli_run(["show", "g", "--json"]).stdout)["prices"]
    assert prices["glm-5"] == {"input": 1.4, "output": 4.4, "cache_read": 0.26}
    assert "glm-4.5-air" not in prices
    shown = cli_run(["show", "g"]).stdout
    assert "price glm-5" in shown and "$1.40 in / $4.40 out / ? cache write / $0.26 cache read" in shown
    for bad in ("glm-5", "glm-5=1", "glm-5=1,2,3,4,5", "glm-5=a,2", "=1,2", "glm-5=-1,2"):
        result = cli_run(["edit", "g", "--model-price", bad])
        assert result.exit_code == 2 and "--model-price" in result.stderr, bad
        assert "Traceback" not in result.stderr
    again = cli_run(["edit", "g", "--preset", "glm"])  # re-applies the preset's table
    assert again.exit_code == 0
    assert "glm-4.5-air" in json.loads(cli_run(["show", "g", "--json"]).stdout)["prices"]


def test_presets_json_lists_tables(cli_run):
    presets = {p["name"]: p for p in json.loads(cli_run(["presets", "--json"]).stdout)}
    assert presets["glm"]["prices"]["glm-4.5-air"]["output"] == 1.1
    assert presets["kimi"]["prices"] == {"kimi-k2-turbo-preview": {
        "input": 1.15, "output": 8.0, "cache_write": 1.15, "cache_read": 0.15}}


def test_export_import_carries_prices(cli_run, isolated_home, tmp_path):
    save(glm_like())
    out = tmp_path / "shared.toml"
    assert cli_run(["export", "myglm", "-o", str(out)]).exit_code == 0
    assert '[prices."glm-4.5-air"]' in out.read_text()
    result = cli_run(["import", str(out), "--name", "theirs", "--no-key"])
    assert result.exit_code == 0, result.stderr
    assert profiles.load_profile("theirs").prices == {"glm-4.5-air": AIR}
    bad = tmp_path / "bad.toml"
    bad.write_text('base_url = "https://x.example"\n[prices."m"]\ninput = -1\n')
    refused = cli_run(["import", str(bad), "--name", "b", "--no-key"])
    assert refused.exit_code == 1 and f"{bad}:3:1:" in refused.stderr


def test_usage_prices_each_model_by_its_table(cli_run, claude_dir):
    save(glm_like())
    million_in = (1_000_000, 0, 0, 0)
    write(claude_dir, "-p", "s1", [
        assistant("s1", "a", "1", T0, model="glm-4.6", tokens=million_in),
        assistant("s1", "b", "2", T0, model="glm-4.5-air", tokens=million_in),
        assistant("s1", "c", "3", T0, model="glm-4.5-air", tokens=(0, 0, 0, 1_000_000))])
    data, _ = usage(cli_run)
    assert data["totals"]["cost_usd"] == pytest.approx(0.6 + 0.2 + 0.03)
    by_model, _ = usage(cli_run, "--by", "model")
    costs = {row["key"]: row["cost_usd"] for row in by_model["rows"]}
    assert costs == pytest.approx({"glm-4.6": 0.6, "glm-4.5-air": 0.23})


def test_compare_uses_the_other_profiles_table(cli_run, claude_dir):
    save(glm_like())
    save(Profile(name="partial", base_url="https://example.com", model="m1",
                 prices={"m2": {"input": 5.0}}))
    million_in = (1_000_000, 0, 0, 0)
    write(claude_dir, "-p", "s1", [
        assistant("s1", "a", "1", T0, model="glm-4.6", tokens=million_in),
        assistant("s1", "b", "2", T0, model="glm-4.5-air", tokens=million_in)])
    # glm preset: a table per model, no profile-level price; openrouter: none of these models,
    # so its main model's table (Sonnet 4.6, $3); partial: nothing for them -> unknown, not $0
    data, _ = usage(cli_run, "--compare", "glm", "--compare", "openrouter", "--compare", "partial")
    totals = data["totals"]
    assert totals["compare_usd"]["glm"] == pytest.approx(0.8)
    assert totals["compare_usd"]["openrouter"] == pytest.approx(6.0)
    assert totals["compare_complete"] == {"glm": True, "openrouter": True, "partial": False}
    table = cli_run(["usage", "--compare", "partial"]).stdout
    assert "cost at partial" in table and "$0.00" not in table.splitlines()[-1]


# Preset models that have no price, each with the reason its preset's comment gives.
ALLOWED_UNPRICED = {
    ("kimi-coding", "kimi-for-coding"): "flat-rate subscription, not billed per token",
    ("litellm", "claude-sonnet-5"): "a proxy alias; the bill is whatever upstream it routes to",
    ("qwen", "qwen3-coder-plus"): "tiered by request size; tier rates not confirmed",
    ("qwen-cn", "qwen3-coder-plus"): "CNY, tiered by request size",
    ("siliconflow", "moonshotai/Kimi-K2-Instruct-0905"): "SiliconFlow's own rate not found",
    ("openrouter", "moonshotai/kimi-k2-thinking"): "routed to several providers at different rates",
}


def test_every_preset_model_has_prices_or_a_documented_reason():
    from modelswitch.usage.pricing import prices_of

    missing = set()
    for preset in profiles.load_presets():
        for model in set(preset.models.values()):
            input_price, output_price, *_ = prices_of(preset, model)
            if input_price is None or output_price is None:
                missing.add((preset.name, model))
    assert missing == set(ALLOWED_UNPRICED)
    for name, _model in ALLOWED_UNPRICED:
        text = (paths.presets_dir() / f"{name}.toml").read_text()
        assert "No prices" in text or "no price" in text, name  # the comment saying why
