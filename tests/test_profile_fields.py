"""The profile schema is one table (modelswitch.profile.fields.FIELDS): the Profile type and its
--json keys, file parsing, resolve()'s variables, the add/edit flags, `show`, the preset
overlay, migration and export/import all derive from it, so a new field is one row there.

Every check below reads the real derived object (the Typer command, show's rows, the parsed
file, resolve()'s Changes), never a second list of names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from modelswitch.keys.store import MemoryStore
from modelswitch.profile import fields, flags as profile_flags, migrate, ops as profile_ops, schema
from modelswitch.profile import share, tiers, view
from modelswitch.profile.fields import FIELDS
from modelswitch.resolve import MANAGED_VARS, profile_values

# One valid value per kind, as a profile file holds it and as a flag gives it.
FILE_VALUE = {"text": "some text", "model": "m-{name}", "url": "https://h.example/{name}",
              "auth": "api-key", "key_source": "env:SOME_KEY", "tokens": 4096, "price": 1.5}
FLAG_VALUE = dict(FILE_VALUE, price="1.5")
TABLE_VALUE = {"picker": {"opus_name": "Big One"}, "prices": {"m-x": {"input": 1.0}},
               "env": {"API_TIMEOUT_MS": "1000"}}


def value(f, table=FILE_VALUE):
    v = TABLE_VALUE[f.name] if f.kind in fields.TABLES else table[f.kind]
    return v.format(name=f.name) if isinstance(v, str) else v


def full_profile() -> schema.Profile:
    """A profile with every field of the table set, read from a file."""
    data = {f.name: value(f) for f in FIELDS if f.kind != "picker"}
    data.update(TABLE_VALUE["picker"])
    return schema.from_dict("full", data)


def test_profile_is_exactly_the_table_in_file_order():
    assert list(schema.FIELD_NAMES) == ["name", *(f.name for f in FIELDS)]
    made = schema.Profile("p")
    assert [name for name in made.__slots__] == list(schema.FIELD_NAMES)
    assert all(getattr(made, f.name) == (f.default() if callable(f.default) else f.default)
               for f in FIELDS)
    assert len({f.name for f in FIELDS}) == len(FIELDS)
    assert all(f.kind in fields.KINDS for f in FIELDS)


def test_every_field_is_parsed_saved_and_in_json():
    p = full_profile()
    for f in FIELDS:
        assert getattr(p, f.name) == value(f), f.name
    saved = p.to_dict()
    assert [k for k in saved if k not in tiers.PICKER_KEYS] == \
        [f.name for f in FIELDS if f.kind not in fields.TABLES] + ["prices", "env"]
    assert schema.from_dict("full", saved) == p  # what is saved reads back the same
    data = p.as_json()
    assert {f.name for f in FIELDS if f.kind != "picker"} | set(tiers.PICKER_KEYS) | {"name"} == set(data)
    with pytest.raises(schema.SchemaError, match="unknown field 'picker'"):
        schema.from_dict("x", {"picker": {}})


@pytest.mark.parametrize("f", [f for f in FIELDS if f.kind not in fields.TABLES], ids=lambda f: f.name)
def test_a_bad_value_in_a_file_names_the_field(f):
    with pytest.raises(schema.SchemaError) as caught:
        schema.from_dict("x", {f.name: ["not", "a", "value"]})
    assert caught.value.key == f.name and f.name in caught.value.problem


def test_every_variable_a_field_feeds_is_set_owned_and_refused_in_env():
    p = full_profile()
    values = profile_values(p, "sk-test-key")
    for f in FIELDS:
        for var in f.env:
            assert values[var] == str(getattr(p, f.name)), var
            assert var in MANAGED_VARS and schema.FIELD_VARS[var] == f.name
            with pytest.raises(schema.SchemaError, match=var):
                schema.from_dict("x", {"env": {var: "1"}})


def test_every_flagged_field_is_an_add_and_edit_option_and_sets_its_field():
    from typer.main import get_command

    from modelswitch.app import app

    commands = get_command(app).commands
    flagged = [f for f in FIELDS if f.flag]
    for command in ("add", "edit"):
        options = {o: param.name for param in commands[command].params for o in param.opts}
        for f in flagged:
            assert options[f.flag] == f.name, (command, f.flag)
    given = profile_flags.ProfileFlags(**{f.name: value(f, FLAG_VALUE) for f in flagged})
    p = schema.Profile(name="p")
    profile_flags.apply_flags(p, given)
    for f in flagged:
        assert getattr(p, f.name) == value(f), f.name
    assert profile_flags.FIELD_FLAGS == {f.name: f.flag for f in flagged}
    with pytest.raises(TypeError):
        profile_flags.ProfileFlags("kimi")  # keyword-only: never bound by position


def test_every_labelled_field_is_a_show_row():
    p = full_profile()
    labels = [label for label, _ in view.show_pairs(p, MemoryStore({}), {"SOME_KEY": "sk-test-123456789"})]
    for f in FIELDS:
        if f.label:
            assert f.label in labels, f.name
    assert "opus name" in labels and "price m-x" in labels and "env" in labels
    assert labels.count("price") == 1  # the four prices share one row


def test_preset_overlay_and_migration_come_from_the_table(tmp_path):
    preset = full_profile()
    p = schema.Profile(name="p")
    profile_ops.overlay_preset(p, preset)
    assert profile_ops.PRESET_FIELDS == tuple(f.name for f in FIELDS if f.preset)
    for f in FIELDS:
        if f.preset:
            assert getattr(p, f.name) == getattr(preset, f.name), f.name
    assert migrate.FIELDS == {var: f.name for f in FIELDS for var in f.migrate}
    env = {var: str(value(f)) for f in FIELDS for var in f.migrate[:1]}
    migrated, *_ = migrate.build_profile("m", env, tmp_path / "settings.json")
    for f in FIELDS:
        if f.migrate:
            assert getattr(migrated, f.name) == value(f), f.name


def test_export_and_import_carry_every_field():
    p = full_profile()
    p.key_source = "keyring"  # a shared file's env:/cmd: source is refused by design
    back, secret, _ = share.parse_shared(share_text(p), "f.toml", "full", False)
    assert back == p and secret is None


def share_text(p) -> str:
    import tomli_w

    return tomli_w.dumps(p.to_dict())


# A field added in one place: a row appended to FIELDS before the rest of modelswitch loads.
NEW_FIELD = textwrap.dedent("""
    import contextlib, io, json, sys
    from modelswitch.profile import fields
    fields.FIELDS = (*fields.FIELDS, fields.Field(
        "region", "text", "--region", "R", "Provider region.", "region",
        env=("PROVIDER_REGION",), preset=True, migrate=("PROVIDER_REGION",)))
    from modelswitch import cli, paths
    from modelswitch.profile import schema

    def run(*args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(list(args))
        return code, out.getvalue()

    result = {}
    result["add"] = run("add", "p", "--base-url", "https://h.example", "--region", "eu-1", "--no-key")
    result["file_after_add"] = paths.profile_path("p").read_text()
    result["edit"] = run("edit", "p", "--region", "eu-2")
    result["file_after_edit"] = paths.profile_path("p").read_text()
    result["parsed"] = schema.load_profile("p").region
    result["show"] = run("show", "p")[1]
    result["json"] = json.loads(run("show", "p", "--json")[1]).get("region")
    result["env"] = run("env", "p", "--shell", "json")[1]
    result["help"] = run("edit", "--help")[1]
    result["env_entry"] = run("edit", "p", "--env", "PROVIDER_REGION=x")
    from pathlib import Path
    from modelswitch.profile import migrate
    migrated = migrate.build_profile("m", {"ANTHROPIC_BASE_URL": "https://h.example",
                                           "PROVIDER_REGION": "eu-3"}, Path("settings.json"))[0]
    result["migrated"] = migrated.region
    print(json.dumps(result))
""")


def test_a_new_field_needs_one_edit(isolated_home):
    env = dict(os.environ, MODELSWITCH_HOME=str(isolated_home),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    done = subprocess.run([sys.executable, "-c", NEW_FIELD], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["add"][0] == 0 and result["edit"][0] == 0
    assert 'region = "eu-1"' in result["file_after_add"]
    assert 'region = "eu-2"' in result["file_after_edit"] and "updated profile 'p': region" in result["edit"][1]
    assert result["parsed"] == "eu-2" and result["json"] == "eu-2"
    assert any(line.split() == ["region", "eu-2"] for line in result["show"].splitlines()), result["show"]
    assert json.loads(result["env"])["set"]["PROVIDER_REGION"] == "eu-2"  # resolve() sets it
    assert result["env_entry"][0] == 2  # and [env] cannot set it a second way
    assert result["migrated"] == "eu-3"
    assert "--region R" in result["help"]
