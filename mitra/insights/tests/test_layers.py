"""Insights is the top layer: it composes other apps' selectors and imports no app's views,
nor its peers (interop, intake)."""

from __future__ import annotations

import ast
from pathlib import Path

INSIGHTS = Path(__file__).resolve().parents[1]
PEERS = ("mitra.interop", "mitra.intake")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return names


def test_insights_imports_no_views_and_no_peer():
    bad = {
        str(path.relative_to(INSIGHTS)): name
        for path in INSIGHTS.rglob("*.py")
        if "tests" not in path.parts
        for name in _imports(path)
        if name.startswith("mitra.")
        and not name.startswith("mitra.insights")
        and (name.endswith(".views") or ".views." in name or name.startswith(PEERS))
    }
    assert bad == {}
