"""The house: imports follow the flow of DESIGN.md and never run back up it.

    vocab/errors/timex/serialize/tables <- knowledge <- ingest <- extract <- store <- link
        <- flow <- views <- cli <- evaluation

A module may import its own layer and the layers below. Every import counts,
at module level or inside a function, ``TYPE_CHECKING`` blocks included (an
upward import for typing is still an upward dependency). Inside ``views``, a
view (``report``, ``web``, ``watch``) imports ``views.common``
and itself, never a sibling; inside ``views.web``, the ``api`` and ``pages``
routes never import each other. No two modules import each other in a cycle
at run time (``TYPE_CHECKING`` imports aside). ``watchfloor/__init__.py`` is
the public API: it may import any layer below the CLI.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("vocab", "errors", "timex", "serialize", "tables"),
    ("knowledge",),
    ("ingest",),
    ("extract",),
    ("store",),
    ("link",),
    ("flow",),
    ("views",),
    ("cli",),
    ("evaluation",),
)
SIBLINGS = {
    "views": ("report", "web", "watch"),  # each may use "common", never another
    "views.web": ("api", "pages"),  # the two route packages, mounted by views.web.app
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the watchfloor module (or package) it imports
    line: int
    typing_only: bool


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path, known: set[str]) -> Iterator[Import]:
    """Every import of a watchfloor module in ``path``, at any depth."""
    mod = module_name(path, root)
    package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]

    def walk(node: ast.AST, typing_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            guarded = typing_only or (
                isinstance(child, ast.If)
                and isinstance(child.test, ast.Name)
                and child.test.id == "TYPE_CHECKING"
            )
            if isinstance(child, ast.ImportFrom):
                base = (
                    ".".join([*package[: len(package) - child.level + 1], child.module or ""])
                    if child.level
                    else child.module or ""
                ).rstrip(".")
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    target = full if full in known else base
                    if target.split(".")[0] == "watchfloor" and target != mod:
                        yield Import(mod, target, child.lineno, guarded)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "watchfloor" and alias.name != mod:
                        yield Import(mod, alias.name, child.lineno, guarded)
            yield from walk(child, guarded)

    yield from walk(ast.parse(path.read_text("utf-8")), False)


def all_imports(root: Path) -> list[Import]:
    paths = sorted((root / "watchfloor").rglob("*.py"))
    known = {module_name(p, root) for p in paths}
    return [imp for p in paths for imp in imports_of(p, root, known)]


def layer_of(module: str) -> int | None:
    """The layer of a module; None for the package root (the public API)."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    for n, names in enumerate(LAYERS):
        if parts[1] in names:
            return n
    raise AssertionError(f"{module}: in no layer of tests/test_layers.py (add it to LAYERS)")


def sibling(module: str, parent: str) -> str | None:
    """Which of ``parent``'s sibling packages ``module`` is in (None: none)."""
    prefix = f"watchfloor.{parent}."
    if not module.startswith(prefix):
        return None
    head = module[len(prefix) :].split(".")[0]
    return head if head in SIBLINGS[parent] else None


def violations(imports: list[Import]) -> list[str]:
    """Each import that runs up the layers or between sibling views, as a readable line."""
    out = []
    top = len(LAYERS) - 1
    for imp in imports:
        here, there = layer_of(imp.module), layer_of(imp.target)
        if here is None:  # the public API: anything but the command line and evaluation
            if there is not None and there >= top - 1:
                out.append(f"{imp.module}:{imp.line} imports {imp.target} (the public API)")
            continue
        if there is not None and there > here:
            out.append(f"{imp.module}:{imp.line} imports {imp.target}, a higher layer")
            continue
        for parent in SIBLINGS:
            mine, theirs = sibling(imp.module, parent), sibling(imp.target, parent)
            if mine and theirs and mine != theirs:
                out.append(f"{imp.module}:{imp.line} imports {imp.target}, a sibling view")
        common = "watchfloor.views.common"
        if imp.module.startswith(common) and sibling(imp.target, "views"):
            out.append(f"{imp.module}:{imp.line} imports {imp.target}: common imports no view")
    return out


def cycles(imports: list[Import]) -> list[list[str]]:
    """Groups of modules importing each other at run time (strongly connected, size > 1)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if not imp.typing_only:
            graph.setdefault(imp.module, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def is_package_parent(target: str, module: str) -> bool:
    """``from watchfloor.x import y`` in ``watchfloor.x.z`` names a package above, not a cycle."""
    return module.startswith(target + ".")


def test_imports_follow_the_layers() -> None:
    found = violations(all_imports(SRC))
    assert not found, "imports against DESIGN.md's layers:\n" + "\n".join(found)


def test_no_import_cycles() -> None:
    imports = [i for i in all_imports(SRC) if not is_package_parent(i.target, i.module)]
    assert not cycles(imports), f"import cycles: {cycles(imports)}"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "watchfloor" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_the_check_catches_an_upward_import_a_sibling_view_and_a_cycle(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "store/__init__.py": "from watchfloor.link import stories\n",
            "link/__init__.py": "",
            "link/stories.py": "from watchfloor.store import x\n",
            "views/__init__.py": "",
            "views/report/__init__.py": "from watchfloor.views.web.api import routes\n",
            "views/web/__init__.py": "",
            "views/web/api/__init__.py": "",
            "views/web/api/routes.py": "",
            "views/common/__init__.py": "from watchfloor.views import report\n",
            "extract/x.py": "def f():\n    from watchfloor.cli import main\n",
        },
    )
    imports = all_imports(root)
    found = violations(imports)
    assert "watchfloor.store:1 imports watchfloor.link.stories, a higher layer" in found
    assert "watchfloor.extract.x:2 imports watchfloor.cli, a higher layer" in found
    assert any("a sibling view" in f and f.startswith("watchfloor.views.report") for f in found)
    assert any("common imports no view" in f for f in found)
    assert ["watchfloor.link.stories", "watchfloor.store"] in cycles(imports)
    # The same tree with the upward imports taken out is clean.
    (root / "watchfloor/store/__init__.py").write_text("")
    (root / "watchfloor/extract/x.py").write_text("")
    assert not any("higher layer" in f for f in violations(all_imports(root)))
    assert not cycles(all_imports(root))
