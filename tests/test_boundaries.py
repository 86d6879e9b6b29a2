"""Module boundaries (DESIGN §4): feature modules call each other's services, never each other's
tables, and do not import each other in a circle; core imports no feature module.

Every import in src/yilian is read from the source, including those inside functions (which is
how a cycle used to hide). A name is a table when the object it names is a mapped class (a
subclass of core.db.Base), found by importing the module it comes from; enums and constants a
module shares are re-exported by its service.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yilian
from yilian.core.db import Base

SRC = Path(yilian.__file__).parent
# Composition roots: they wire the modules together and may import anything.
ROOTS = {"app", "cli", "handlers", "models", "settings", "demo", "migrations", "__init__"}
# What core may import of yilian besides itself.
CORE_MAY_IMPORT = {"core", "settings"}



@dataclass(frozen=True)
class Import:
    file: str  # relative to src/yilian
    line: int
    target: str  # the dotted name imported: a module, or a module and one of its attributes
    source: str  # the import statement as written


@dataclass(frozen=True)
class Violation:
    file: str
    line: int
    name: str
    why: str

    def __str__(self) -> str:
        return f"src/yilian/{self.file}:{self.line}: {self.name}: {self.why}"


def _module_name(rel: Path) -> list[str]:
    parts = ["yilian", *rel.with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _base(rel: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = _module_name(rel) if rel.name == "__init__.py" else _module_name(rel)[:-1]
    package = package[: len(package) - node.level + 1]
    return ".".join(package + ([node.module] if node.module else []))


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _imports(path: Path) -> tuple[list[Import], dict[str, str]]:
    """Every yilian import of a file, and the local names bound to yilian modules."""
    rel = path.relative_to(SRC)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text, str(path))
    found: list[Import] = []
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            named = [(a.name, a.asname) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _base(rel, node)
            named = [(f"{base}.{a.name}", a.asname or a.name) for a in node.names]
        else:
            continue
        source = " ".join(" ".join(lines[node.lineno - 1:node.end_lineno]).split())
        for target, bound in named:
            if target.split(".")[0] != "yilian":
                continue
            found.append(Import(str(rel), node.lineno, target, source))
            # "import a.b" binds a, not a.b: only "as" names and from-imports name a module.
            if bound and _is_module(target):
                aliases[bound] = target
    return found, aliases


def _package(dotted: str) -> str:
    """The top-level module under yilian a dotted name belongs to ("messaging.x" is messaging)."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else ""


def _file_package(file: str) -> str:
    return Path(file).parts[0].removesuffix(".py")


def _is_table(obj: object) -> bool:
    return isinstance(obj, type) and issubclass(obj, Base) and obj is not Base


def _resolve(target: str) -> object:
    """The module or object a dotted import names."""
    if _is_module(target):
        return importlib.import_module(target)
    module, _, attr = target.rpartition(".")
    return getattr(importlib.import_module(module), attr, None)


def _attribute_uses(path: Path, aliases: dict[str, str]) -> list[tuple[int, str]]:
    """``alias.Name`` uses of imported modules: (line, "module.Name")."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [(n.lineno, f"{aliases[n.value.id]}.{n.attr}") for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            and n.value.id in aliases]


def _features() -> set[str]:
    return {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()} - ROOTS - {"core"}


def _scan() -> tuple[list[Violation], dict[tuple[str, str], list[Import]]]:
    """The boundary violations, and the import edges between feature modules."""
    features = _features()
    violations: list[Violation] = []
    edges: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        own = _file_package(str(rel))
        if own in ROOTS:
            continue
        imports, aliases = _imports(path)
        for imp in imports:
            other = _package(imp.target)
            where = f"{imp.source!r}"
            if own == "core":
                if other not in CORE_MAY_IMPORT:
                    violations.append(Violation(imp.file, imp.line, imp.target,
                                                f"core imports only core and settings ({where})"))
                continue
            if other == own or other in CORE_MAY_IMPORT:
                continue
            if other in ROOTS:
                violations.append(Violation(imp.file, imp.line, imp.target,
                                            f"a feature module imports no composition root ({where})"))
                continue
            edges[(own, other)].append(imp)
            if "models" in imp.target.split(".")[2:]:
                violations.append(Violation(
                    imp.file, imp.line, imp.target,
                    f"imports from {other}/models: use {other}'s service ({where})"))
            elif _is_table(_resolve(imp.target)):
                violations.append(Violation(imp.file, imp.line, imp.target,
                                            f"a table of {other}: use its service ({where})"))
        for line, dotted in _attribute_uses(path, aliases):
            other = _package(dotted)
            if own != "core" and other in features and other != own \
                    and _is_table(_resolve(dotted)):
                violations.append(Violation(str(rel), line, dotted,
                                            f"a table of {other}: use its service"))
    return violations, edges


@functools.cache
def _scanned() -> tuple[list[Violation], dict[tuple[str, str], list[Import]]]:
    """The source tree's scan, once for both tests."""
    return _scan()


def _cycles(edges: dict[tuple[str, str], list[Import]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_core_and_feature_modules_keep_to_their_boundaries():
    violations, _ = _scanned()
    assert not violations, "imports across module boundaries:\n" + "\n".join(map(str, violations))


def test_feature_modules_import_each_other_in_one_direction():
    _, edges = _scanned()
    report = []
    for group in _cycles(edges):
        report.append(" <-> ".join(group) + ":")
        for (a, b), imps in sorted(edges.items()):
            if a in group and b in group:
                first = min(imps, key=lambda i: (i.file, i.line))
                report.append(f"  {a} -> {b}: src/yilian/{first.file}:{first.line}: "
                              f"{first.source!r} ({len(imps)} imports)")
    assert not report, "import cycles between feature modules:\n" + "\n".join(report)


def test_the_scan_finds_each_kind_of_violation(tmp_path, monkeypatch):
    """The checks themselves, on a small tree whose files import real modules."""
    fake = tmp_path / "yilian"
    for name, text in {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/bad.py": "def f():\n    import yilian.alliance.service\n",
        "alliance/__init__.py": "",
        "alliance/service.py": "def g():\n    from yilian.identity import service\n",
        "identity/__init__.py": "",
        "identity/service.py": (
            "from yilian.alliance import service as alliance\n"
            "from yilian.alliance.models import OrgLevel\n"  # an enum, but from the models module
            "from yilian.identity.models import User\n"  # its own table
            "from yilian.core.audit import AuditEntry\n"  # core's
        ),
        "patients/__init__.py": "",
        "patients/service.py": (
            "import yilian.handlers\n"
            "from yilian.identity import service as identity\n"
            "def k():\n    from yilian.identity.service import User\n"  # re-exported table
            "def m():\n    return identity.RoleGrant\n"
        ),
    }.items():
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake)
    violations, edges = _scan()
    assert {(v.file, v.name, v.line) for v in violations} == {
        ("core/bad.py", "yilian.alliance.service", 2),
        ("identity/service.py", "yilian.alliance.models.OrgLevel", 2),
        ("patients/service.py", "yilian.handlers", 1),
        ("patients/service.py", "yilian.identity.service.User", 4),
        ("patients/service.py", "yilian.identity.service.RoleGrant", 6),
    }
    assert "src/yilian/core/bad.py:2: yilian.alliance.service" in str(violations[0])
    assert _cycles(edges) == [["alliance", "identity"]]
