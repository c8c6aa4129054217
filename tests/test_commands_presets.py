"""`modelswitch presets [--json]` lists every bundled preset file."""

import json
import tomllib

from helpers import REPO

PRESET_FILES = sorted((REPO / "profiles").glob("*.toml"), key=lambda p: p.stem)


def test_table_lists_every_preset_with_url_model_and_description(cli_run):
    result = cli_run(["presets"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["NAME", "BASE"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert sorted(rows) == sorted(p.stem for p in PRESET_FILES)
    for path in PRESET_FILES:
        data = tomllib.loads(path.read_text())
        row = rows[path.stem]
        for field in ("base_url", "model", "description"):
            if data.get(field):
                assert data[field] in row, (path.stem, field)


def test_json_has_the_full_data(cli_run):
    result = cli_run(["presets", "--json"])
    assert result.exit_code == 0
    items = {item["name"]: item for item in json.loads(result.stdout)}
    assert sorted(items) == sorted(p.stem for p in PRESET_FILES)
    for path in PRESET_FILES:
        for field, value in tomllib.loads(path.read_text()).items():
            assert items[path.stem][field] == value, (path.stem, field)
