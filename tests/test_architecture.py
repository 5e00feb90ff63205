"""Stages only look down: no module imports from a stage above its own, at any level.

The floors are those of `../shared/STYLE.md` (low to high). An import inside a function counts
like one at the top: a function-level import that exists to dodge a cycle means something sits
on the wrong floor. The scan reads the source with `ast`, so it sees every import, whether or
not it runs.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Top-level names of `termlang`, floor by floor, low to high.
FLOORS: tuple[frozenset[str], ...] = tuple(
    frozenset(floor)
    for floor in (
        {
            "values",
            "calendar",
            "source",
            "files",
            "access",
            "textsafe",
            "version",
            "names",
            "nodes",
            "_methods",
        },
        {"ast", "diagnostics", "mechanics", "codes", "scenario_codes", "report"},
        {"syntax", "model", "dates", "locales"},
        {"lower", "fmt"},
        {"resolve"},
        {"checks"},
        {"pipeline"},
        {"evaluate"},
        {"render", "diff"},
        {"verify"},
        {"commands", "cli", "lsp", "highlight", "precompile", "__init__", "__main__"},
    )
)

# Known upward imports still to move (issue 16); none today.
KNOWN: set[tuple[str, str]] = set()


def floor_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "termlang":
        return None
    top = parts[1] if len(parts) > 1 else "__init__"
    for n, names in enumerate(FLOORS):
        if top in names:
            return n
    raise AssertionError(f"`{module}` is on no floor: add it to FLOORS")


def _is_module(name: str) -> bool:
    here = SRC.joinpath(*name.split("."))
    return here.with_suffix(".py").exists() or here.is_dir()


@cache  # every test here reads the same 200 files, once
def syntax(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@cache
def imports(path: Path, module: str) -> list[tuple[str, int, bool]]:
    """Every module `path` imports, with its line and whether the import runs (one under `if
    TYPE_CHECKING` does not). Relative imports are resolved, and `from termlang.checks import
    absence` is an import of the submodule `termlang.checks.absence`."""
    tree = syntax(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(ast.Module(body=node.body, type_ignores=[]))
    }
    found: list[tuple[str, int, bool]] = []
    for node in ast.walk(tree):
        runs = id(node) not in typing_only
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno, runs) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                named = sub if target.startswith("termlang") and _is_module(sub) else target
                found.append((named, node.lineno, runs))
    return found


def modules() -> list[tuple[Path, str]]:
    out = []
    for path in sorted((SRC / "termlang").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append((path, ".".join(parts)))
    return out


def test_no_module_imports_from_a_higher_stage() -> None:
    upward = []
    for path, module in modules():
        mine = floor_of(module)
        assert mine is not None
        for target, line, _ in imports(path, module):
            theirs = floor_of(target)
            if theirs is None or theirs <= mine:
                continue
            owner = ".".join(target.split(".")[:2])
            if (module, owner) in KNOWN or (module, target) in KNOWN:
                continue
            upward.append(f"{path.relative_to(SRC)}:{line}: `{module}` imports `{target}`")
    assert not upward, "imports against the pipeline:\n" + "\n".join(upward)


def test_the_scan_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    package = tmp_path / "termlang"
    package.mkdir()
    (package / "values.py").write_text(
        "def f():\n    from termlang.render import x\n\nfrom . import checks\n"
    )
    found = {target for target, _, _ in imports(package / "values.py", "termlang.values")}
    assert found == {"termlang.render", "termlang.checks"}


def test_known_exceptions_are_still_real() -> None:
    """An exception that no longer happens must leave the list."""
    seen = set()
    for path, module in modules():
        for target, _, _ in imports(path, module):
            seen.add((module, target))
            seen.add((module, ".".join(target.split(".")[:2])))
    assert seen >= KNOWN


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        str(path.relative_to(SRC)) for path, _ in modules() if not ast.get_docstring(syntax(path))
    ]
    assert not missing, "modules without a docstring: " + ", ".join(missing)


def _module_graph() -> dict[str, set[str]]:
    """Module -> the termlang modules it imports when it runs, at any level. A submodule's
    implicit import of its package's `__init__` is Python's, not an edge."""
    graph: dict[str, set[str]] = {}
    for path, module in modules():
        graph[module] = {
            target
            for target, _, runs in imports(path, module)
            if runs and target != module and target.startswith("termlang") and _is_module(target)
        }
    return graph


def test_no_import_cycle_at_any_level() -> None:
    """A function-level import that closes a cycle hides one module on the wrong floor or two
    jobs in one module (`checks` ↔ its rules, `prose_fr` ↔ `prose_more` were the last)."""
    graph = _module_graph()
    done: set[str] = set()
    cycles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycles.append(" -> ".join([*path[path.index(module) :], module]))
            return
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
