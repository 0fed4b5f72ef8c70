"""A view asks the module's `dao.py` (or a service) for what it shows; it never runs a query itself, so every
query is scoped, counted and tested in one place. Reading one record by its key (`db.session.get`) and
committing are a view's part and allowed."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("workforce", "supervision", "audits", "academy")
#: Calls that run a query.
QUERYING = {"query", "execute", "scalars", "scalar"}


def view_modules() -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if path.name == "views.py" or path.name.endswith("_views.py") or "views" in relative.parts[:-1]:
                found.append(relative)
    return found


def queries_in(path: Path) -> list[str]:
    """`line: call` for each `db.session.<query call>` (or `session.<query call>`) in a module."""
    tree = ast.parse((ROOT / path).read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in QUERYING:
            continue
        target = node.func.value
        if (
            isinstance(target, ast.Attribute)
            and target.attr == "session"
            or (isinstance(target, ast.Name) and target.id == "session")
        ):
            found.append(f"{path}:{node.lineno}: session.{node.func.attr}(...)")
    return found


def test_the_walk_finds_the_view_modules():
    modules = {str(path) for path in view_modules()}
    assert {
        "supervision/views/records.py",
        "audits/views/programmes.py",
        "workforce/people/views/__init__.py",
    } <= modules


@pytest.mark.parametrize("path", view_modules(), ids=str)
def test_a_view_module_runs_no_query(path):
    assert queries_in(path) == [], "move these queries into the module's dao.py"


def test_the_check_sees_a_query_in_a_view(tmp_path, monkeypatch):
    module = tmp_path / "views.py"
    module.write_text("def page():\n    return db.session.execute(select(Team)).scalars()\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert queries_in(Path("views.py")) == ["views.py:2: session.execute(...)"]
