"""Seams kept shut by reading the source with `ast`: one module touches the environment; no import cycle between
viewer/ packages; every database write goes through one transaction helper."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIEWER = ROOT / "viewer"
ENV_NAMES = {"environ", "getenv", "putenv", "unsetenv", "environb", "getenvb"}


def _sources(*extra: Path):
    yield from sorted(VIEWER.rglob("*.py"))
    yield from extra


def _environment_uses(tree: ast.AST) -> list[int]:
    """Lines that touch the environment: os.environ / os.getenv (any alias of os), `from os import environ`."""
    os_names = {"os"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            os_names |= {a.asname or a.name for a in node.names if a.name == "os"}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ENV_NAMES \
                and isinstance(node.value, ast.Name) and node.value.id in os_names:
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os" \
                and any(a.name in ENV_NAMES for a in node.names):
            lines.append(node.lineno)
    return lines


def test_the_scan_finds_environment_reads():
    tree = ast.parse("import os as o\nfrom os import getenv\nx = o.environ.get('A')\ny = dict(o.environ)\n")
    assert sorted(_environment_uses(tree)) == [2, 3, 4]


def test_only_the_settings_module_touches_the_environment():
    found = []
    for path in _sources(ROOT / "app.py", ROOT / "serve.py"):
        if path == VIEWER / "settings.py":
            continue
        found += [f"{path.relative_to(ROOT)}:{line}" for line in _environment_uses(ast.parse(path.read_text()))]
    assert found == []


def _package(module: str) -> str | None:
    """viewer.review.store -> "review"; viewer.settings -> None (top-level modules are shared, not packages)."""
    parts = module.split(".")
    if parts[0] != "viewer" or len(parts) < 2 or not (VIEWER / parts[1]).is_dir():
        return None
    return parts[1]


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside functions, relative imports resolved."""
    here = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = here.rsplit(".", 1)[0] if path.name != "__init__.py" else here.removesuffix(".__init__")
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}  # `from viewer import review`
    return out


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in _sources():
        source = _package(".".join(path.relative_to(ROOT).with_suffix("").parts))
        if source is None:
            continue
        targets = {_package(m) for m in _imports(path)} - {None, source}
        graph.setdefault(source, set()).update(targets)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path per strongly connected group of more than one package (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_viewer_packages():
    assert _cycles(package_graph()) == []


def test_team_does_not_import_quality_and_consent_does_not_import_team():
    graph = package_graph()
    assert "quality" not in graph["team"]
    assert "team" not in graph["consent"]


def _transactions_opened(tree: ast.AST) -> list[int]:
    """Lines that open a database session or transaction directly: SQLAlchemy's `Session(...)` or
    `sessionmaker(...)` (under any name they were imported as), `<x>.begin()`, `<engine>.connect()` (the
    standard library's sqlite3.connect on a recorder's own file is not the project's database)."""
    orm_names = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and (node.module or "").startswith("sqlalchemy") for a in node.names
                 if a.name in ("Session", "sessionmaker", "scoped_session")}
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in orm_names:
            lines.append(node.lineno)
        elif isinstance(func, ast.Attribute) and func.attr in ("begin", "connect") \
                and not (isinstance(func.value, ast.Name) and func.value.id == "sqlite3"):
            lines.append(node.lineno)
    return lines


def test_the_scan_finds_direct_transactions():
    tree = ast.parse("from sqlalchemy.orm import Session as S\nwith S(e) as s, s.begin():\n    pass\n"
                     "with e.connect() as c:\n    pass\nsqlite3.connect(path)\nSession(1)\n")
    assert sorted(set(_transactions_opened(tree))) == [2, 4]


def test_every_transaction_goes_through_the_database_package():
    found = []
    for path in _sources(ROOT / "app.py", ROOT / "serve.py"):
        if VIEWER / "db" in path.parents or "migrations" in path.parts:
            continue
        found += [f"{path.relative_to(ROOT)}:{line}" for line in _transactions_opened(ast.parse(path.read_text()))]
    assert found == []


def _exit_code_definitions(tree: ast.AST) -> list[int]:
    """Lines that assign a name starting with EXIT_ (an exit code defined here rather than imported)."""
    lines = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names = [n for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        if any(n.id.startswith("EXIT_") for n in names):
            lines.append(node.lineno)
    return lines


def test_the_scan_finds_exit_code_definitions():
    assert _exit_code_definitions(ast.parse("EXIT_OK, EXIT_BAD = 0, 1\nx = EXIT_OK\nEXIT_X: int = 3\n")) == [1, 3]


def test_exit_codes_are_defined_once_for_the_whole_command_line():
    found = [f"{path.relative_to(ROOT)}:{line}" for path in _sources() if path != VIEWER / "command_errors.py"
             for line in _exit_code_definitions(ast.parse(path.read_text()))]
    assert found == []
