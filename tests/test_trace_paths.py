"""The one path check (viewer.trace.paths): the same answer for every name wherever a path is checked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from viewer.quality.media import check_screenshots
from viewer.trace.paths import PathEscape, contains, inside, require_inside

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["screenshots/a.png", "screenshots/link_in.png", "screenshots/link_out.png", "screenshots/link_root",
         "../outside.png", "/etc/passwd", "screenshots\\a.png", ".", "", "screenshots/../screenshots/a.png"]
ALLOWED = {"screenshots/a.png", "screenshots/link_in.png"}


@pytest.fixture
def session(tmp_path: Path) -> Path:
    d = tmp_path / "s"
    (d / "screenshots").mkdir(parents=True)
    (d / "screenshots" / "a.png").write_bytes(b"png")
    (tmp_path / "outside.png").write_bytes(b"png")
    (d / "screenshots" / "link_in.png").symlink_to(d / "screenshots" / "a.png")
    (d / "screenshots" / "link_out.png").symlink_to(tmp_path / "outside.png")
    (d / "screenshots" / "link_root").symlink_to(d)
    return d


def test_inside_follows_links_and_stays_strictly_inside(session):
    assert {n for n in NAMES if inside(session, n) is not None} == ALLOWED
    assert inside(session, "screenshots/link_in.png") == (session / "screenshots" / "a.png").resolve()


def test_require_inside_raises_where_inside_refuses(session):
    for name in NAMES:
        if name in ALLOWED:
            assert require_inside(session, name) == inside(session, name)
        else:
            with pytest.raises(PathEscape):
                require_inside(session, name)


def test_the_quality_scan_refuses_the_same_names(session):
    checked = check_screenshots(session, NAMES, decode=False)
    escaped = {n for n, code in checked.bad.items() if code == "path-escape"}
    assert escaped == set(NAMES) - ALLOWED


def test_contains_is_strict_and_follows_links(session, tmp_path):
    assert contains(session, session / "screenshots" / "a.png")
    assert not contains(session, session)
    assert not contains(session, session / "screenshots" / "link_out.png")
    assert not contains(session / "screenshots", session / "screenshots" / "link_root")


def test_no_other_module_resolves_paths_against_a_root_itself():
    """A containment check by hand (`x not in p.resolve().parents`, `startswith(base + os.sep)`) outside
    viewer/trace/paths.py would be a second path check with its own rules."""
    found = []
    for path in sorted((ROOT / "viewer").rglob("*.py")):
        if path == ROOT / "viewer" / "trace" / "paths.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) \
                    and any(isinstance(c, ast.Attribute) and c.attr == "parents" for c in node.comparators):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "startswith" and "os.sep" in ast.unparse(node):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
