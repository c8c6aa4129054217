"""Where a test goes (CONTRIBUTING.md, "Where things go"): unit tests in tests/, tests that drive
a real tool in tests/integration/, every one of them marked `integration` by that folder's
conftest.py, so `-m "not integration"` runs the unit tests only. Fixtures come from conftest.py,
never from another test file, and no test file imports a conftest."""

from __future__ import annotations

import ast
import subprocess
import sys

from helpers import REPO

TESTS = REPO / "tests"
INTEGRATION = TESTS / "integration"


def collected(marks: str) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "-m", marks, "tests"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return [line.split("::")[0] for line in done.stdout.splitlines() if "::" in line]


def test_the_integration_folder_is_all_integration_and_unit_runs_leave_it_out():
    unit, real = collected("not integration"), collected("integration")
    assert unit and not [path for path in unit if path.startswith("tests/integration/")]
    folder = {f"tests/integration/{path.name}" for path in INTEGRATION.glob("test_*.py")}
    assert folder and folder <= set(real)


def test_no_test_file_imports_another_test_file_or_a_conftest():
    """Two conftest.py files share the module name `conftest`: which one `import conftest` gets
    depends on what was collected. Shared plain code lives in helpers.py."""
    imports = set()
    for path in [*TESTS.glob("test_*.py"), *INTEGRATION.glob("test_*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("test_", "conftest")):
                imports.add((path.stem, node.module))
            elif isinstance(node, ast.Import):
                imports.update((path.stem, a.name) for a in node.names
                               if a.name.startswith(("test_", "conftest")))
    assert imports == set()
