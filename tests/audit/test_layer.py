"""``audit`` is the lowest layer: it imports no other part of the project (not even ``config``)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()} - {"audit"}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_audit_imports_no_other_project_package():
    assert {"config", "sharing", "consent", "families", "centres"} <= PROJECT
    upward = [
        f"{path.relative_to(ROOT)} imports {sorted(imported_packages(path) & PROJECT)}"
        for path in sorted((ROOT / "audit").rglob("*.py"))
        if "migrations" not in path.parts and imported_packages(path) & PROJECT
    ]
    assert upward == []
