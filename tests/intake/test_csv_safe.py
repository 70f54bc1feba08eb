"""Every CSV the product writes is formula-safe, through one writer (config/csv_safe.py)."""
from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest

from config import csv_safe

ROOT = Path(__file__).resolve().parents[2]
APPS = ["audit", "config", "centres", "accounts", "families", "consent", "intake", "sharing", "demo", "bench"]


@pytest.mark.parametrize("value, safe", [
    ('=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'),
    ("+44 1603", "'+44 1603"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("  =1+1", "'  =1+1"), ("Alice", "Alice"), ("", ""), (None, ""), (42, "42"),
])
def test_formula_safe(value, safe):
    assert csv_safe.formula_safe(value) == safe


def test_the_writer_neutralises_every_cell():
    stream = io.StringIO()
    csv_safe.writer(stream).writerows([["name", "=cmd|' /C calc'!A0"], ["@x", "ok"]])
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows == [["name", "'=cmd|' /C calc'!A0"], ["'@x", "ok"]]


def _direct_csv_writers() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path == ROOT / "config" / "csv_safe.py" or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr in ("writer", "DictWriter")
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "csv"
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_module_writes_csv_but_through_the_safe_writer():
    assert not _direct_csv_writers(), "use config.csv_safe.writer: " + ", ".join(_direct_csv_writers())


def test_the_trail_export_goes_through_it(client_for, user):
    # A practitioner whose name is a formula (an administrator typed it) looks at a family: the
    # trail export shows the name as text.
    frank = user("fsw.frank")
    frank.first_name = '=HYPERLINK("http://evil.example","Click")'
    frank.save()
    client_for("fsw.frank").get("/families/ADA/")
    response = client_for("mgr.maya").get("/sharing/trail/export.csv")
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any(cell.startswith(csv_safe.FORMULA_STARTS) for cell in cells)


pytestmark = pytest.mark.django_db
