"""Layer boundaries: only ui/ imports Qt; SQL runs only in storage modules (the desk's store/,
the upstream store, the benchmark's plain baselines); the desk and the upstream server share only
the sync file's contract; nothing but the command line uses the benchmark."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "onestop_desktop"
#: the storage modules: folders (every module under them) and single modules
SQL_ALLOWED = ("store/", "upstream/store/", "bench/plain.py")
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE TABLE|PRAGMA)\b\s")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            # `from onestop_desktop import upstream` imports a package as much as `import` does
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_ui_package_imports_qt() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if "ui" not in p.relative_to(PACKAGE).parts[:1]
        and any(n.split(".")[0] in {"PySide6", "shiboken6"} for n in _imports(p))
    ]
    assert offenders == []


def test_only_ui_qt_module_imports_pyside6_inside_ui() -> None:
    ui_files = [p for p in _modules() if p.relative_to(PACKAGE).parts[0] == "ui"]
    offenders = [
        p.name
        for p in ui_files
        if p.name != "qt.py" and any(n.split(".")[0] == "PySide6" for n in _imports(p))
    ]
    assert offenders == []


def test_only_the_store_runs_sql() -> None:
    offenders = []
    for path in _modules():
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(SQL_ALLOWED):
            continue
        text = path.read_text(encoding="utf-8")
        if "sqlite3" in _imports(path) or any(
            SQL_WORDS.search(s.value)
            for s in ast.walk(ast.parse(text))
            if isinstance(s, ast.Constant) and isinstance(s.value, str)
        ):
            offenders.append(relative)
    assert offenders == []


def _modules_under(*folders: str) -> list[Path]:
    """The modules of these folders or single modules of the package (paths relative to it)."""
    return [
        p
        for p in _modules()
        if p.relative_to(PACKAGE).as_posix().startswith(tuple(f"{f}/" for f in folders))
        or p.relative_to(PACKAGE).with_suffix("").as_posix() in folders
    ]


def _importing(paths: list[Path], *prefixes: str) -> dict[str, list[str]]:
    """Per module, the names it imports that start with one of the `prefixes` (as a whole
    dotted name or a parent of one)."""
    found: dict[str, list[str]] = {}
    for path in paths:
        bad = sorted(
            n for n in _imports(path) if any(n == p or n.startswith(f"{p}.") for p in prefixes)
        )
        if bad:
            found[path.relative_to(PACKAGE).as_posix()] = bad
    return found


def test_upstream_shares_only_the_file_format_contract_with_the_desk() -> None:
    desk = [
        f"onestop_desktop.{name}"
        for name in (
            "store",
            "services",
            "operations",
            "ui",
            "documents",
            "demo",
            "sync.export",
            "sync.ack",
            "bench",
        )
    ]
    assert _importing(_modules_under("upstream"), *desk) == {}


def test_nothing_of_the_desk_imports_upstream() -> None:
    desk = _modules_under("domain", "store", "documents", "sync", "services", "operations", "ui")
    assert desk, "the desk's modules were not found"
    assert _importing(desk, "onestop_desktop.upstream") == {}


def test_only_the_command_line_imports_the_benchmark() -> None:
    others = [
        p
        for p in _modules()
        if p.relative_to(PACKAGE).parts[0] != "bench"
        and p.relative_to(PACKAGE).as_posix() != "cli.py"
    ]
    assert _importing(others, "onestop_desktop.bench") == {}


def test_domain_imports_neither_store_documents_nor_ui() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        bad = [
            n
            for n in _imports(path)
            if n.startswith(
                ("onestop_desktop.store", "onestop_desktop.ui", "onestop_desktop.documents")
            )
        ]
        assert bad == [], path.name


def test_domain_and_store_never_import_the_operations_above_them() -> None:
    for layer in ("domain", "store"):
        for path in (PACKAGE / layer).rglob("*.py"):
            bad = [
                n
                for n in _imports(path)
                if n.startswith(("onestop_desktop.operations", "onestop_desktop.ui"))
            ]
            assert bad == [], f"{layer}/{path.name}"


def test_every_module_has_a_docstring() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


def test_opening_the_window_does_not_load_the_pdf_library() -> None:
    """reportlab costs ~300 ms to import: the window must be ready before the first form."""
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, onestop_desktop.ui.main_window, onestop_desktop.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert done.stdout.strip() == "[]"


def test_the_two_upstream_stores_differ_only_in_dialect() -> None:
    """The flow (registering, an import's transaction, the refusal log, status, migrating) is
    written once in upstream/store/base.py; a backend keeps only what its dialect does its way."""
    from onestop_desktop.upstream.store import base, postgres, sqlite

    flow = {
        name
        for cls in (base.UpstreamStore, base.ImportTransaction)
        for name, value in vars(cls).items()
        if callable(value)
        and not name.startswith("_")
        and not getattr(value, "__isabstractmethod__", False)
    }
    assert {"importing", "log_refusal", "add_desk", "migrate", "finish", "dump"} <= flow
    backends = (
        sqlite.SqliteStore,
        sqlite._SqliteImport,
        postgres.PostgresStore,
        postgres._PostgresImport,
    )
    assert {cls.__name__: sorted(flow & set(vars(cls))) for cls in backends} == {
        cls.__name__: [] for cls in backends
    }
