"""Dependencies point one way: centres ← families ← consent ← sharing ← pages (issue 8).

Each app's own modules (models, services, selectors, vocabularies, …) import only apps at or
below their own layer. The pages layer — views, urls, forms, presenters, admin, template tags,
context processors and management commands — may import any app below the demo world.
The pure policy imports without Django's app registry.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lowest first. ``config`` holds shared plumbing (settings, append-only base, form helpers).
LAYERS = ["audit", "config", "centres", "accounts", "families", "consent", "intake", "sharing", "demo"]
PAGES = {"views", "urls", "forms", "presenters", "admin", "admin_site", "context_processors", "templatetags",
         "management"}


def _modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            yield app, parts, path


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(LAYERS)


def test_every_app_imports_only_downward():
    upward = []
    for app, parts, path in _modules():
        level = LAYERS.index(app)
        is_page = bool(PAGES & set(parts[1:]))
        ceiling = LAYERS.index("sharing") if is_page else level
        if app == "demo":
            ceiling = level
        if app == "config" and is_page:
            continue  # the URL configuration and admin site gather every app's pages
        for other in _imported_apps(path):
            if LAYERS.index(other) > ceiling:
                upward.append(f"{'/'.join(parts)}.py imports {other}")
    assert not upward, "Upward imports:\n" + "\n".join(upward)


def test_the_check_finds_an_upward_import(tmp_path):
    """The check itself can fail: a model module importing sharing is caught."""
    bad = tmp_path / "models.py"
    bad.write_text("from sharing.policy import decide\n")
    assert _imported_apps(bad) == {"sharing"}


@pytest.mark.parametrize(
    "module", ["sharing.policy", "sharing.vocabulary", "consent.decisions", "consent.vocabulary", "families.vocabulary"]
)
def test_pure_modules_import_without_django_set_up(module):
    code = f"import {module}; import django.apps; assert not django.apps.apps.ready"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr


def test_audit_imports_no_other_project_app():
    """``audit`` is the lowest layer, commands included: history protection depends on nothing above it."""
    upward = [
        f"{'/'.join(parts)}.py imports {sorted(_imported_apps(path) - {'audit'})}"
        for app, parts, path in _modules()
        if app == "audit" and _imported_apps(path) - {"audit"}
    ]
    assert upward == []
