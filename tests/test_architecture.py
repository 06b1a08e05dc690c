"""The pipeline's stages import one way, and no module imports itself back.

sources -> discovery -> model -> policies -> results -> reporters -> drivers -> cli: a
module may import its own stage or an earlier one, never a later one, and the graph of
``bondlint`` modules has no cycle. Imports inside functions count: a lazy import against
the stages is still one. The graph is read from the source (``ast``), nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bondlint"

# In order; a module belongs to the first stage one of whose prefixes it starts with.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("bondlint.safe_parse",)),
    # Suppression comments are read from the inputs' text, beside the parsers.
    ("sources", ("bondlint.sources", "bondlint.suppressions")),
    ("discovery", ("bondlint.discovery",)),
    ("model", ("bondlint.model",)),
    ("policies", ("bondlint.policies",)),
    ("results", ("bondlint.results",)),
    ("reporters", ("bondlint.reporters",)),
    (
        "drivers",
        (
            "bondlint.fix",
            "bondlint.pipeline",
            "bondlint.policy_examples",
            "bondlint.changes",
            "bondlint.config",
            "bondlint.fleet",
            "bondlint.waivers",
            "bondlint.baseline",
            "bondlint.failover",
        ),
    ),
    ("cli", ("bondlint.cli", "bondlint.__main__")),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str], typing_only: bool = True) -> set[str]:
    """The ``bondlint`` modules ``path`` imports, anywhere in it (``from a import b``
    names module ``a.b`` when that is a module, else ``a``); without ``typing_only``,
    not those under ``if TYPE_CHECKING:`` (never imported when the program runs)."""
    tree = ast.parse(path.read_text(), str(path))
    skipped: set[int] = set()
    if not typing_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                skipped.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("bondlint"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("bondlint"):
                continue
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found


def stage_of(module: str) -> int:
    if module == "bondlint":
        return 0  # the package itself: its version, nothing else
    for index, (_, prefixes) in enumerate(STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES in {__file__}")


def graph(typing_only: bool = True) -> dict[str, set[str]]:
    known = modules()
    names = set(known)
    return {name: imports(path, names, typing_only) - {name} for name, path in known.items()}


def test_every_module_has_a_stage() -> None:
    for name in modules():
        stage_of(name)


def test_no_stage_imports_a_later_one() -> None:
    backwards = [
        f"{importer} ({STAGES[stage_of(importer)][0]}) imports {imported} ({STAGES[stage_of(imported)][0]})"
        for importer, targets in sorted(graph().items())
        for imported in sorted(targets)
        if stage_of(imported) > stage_of(importer)
    ]
    assert backwards == []


def test_the_import_graph_has_no_cycle() -> None:
    """Imports made only for type annotations (``if TYPE_CHECKING:``) are no cycle: a
    dialect module may name the reader that calls it. They still count for the stages."""
    edges = graph(typing_only=False)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert [" -> ".join(cycle) for cycle in cycles] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from bondlint.pipeline import run\n", {"bondlint.pipeline"}),
        ("def f():\n    from bondlint.discovery import archive\n", {"bondlint.discovery.archive"}),
        ("import bondlint.model.host as host\n", {"bondlint.model.host"}),
        ("from . import sibling\nimport os\n", set()),
        ("if TYPE_CHECKING:\n    from bondlint.model.host import X\n", {"bondlint.model.host"}),
    ],
)
def test_the_graph_reader_sees_every_kind_of_import(tmp_path: Path, source: str, expected: set[str]) -> None:
    """The checks above are only as good as this reader: a lazy import counts."""
    path = tmp_path / "m.py"
    path.write_text(source)
    assert imports(path, {"bondlint.discovery.archive", "bondlint.model.host"}) == expected
    runtime = imports(path, {"bondlint.discovery.archive", "bondlint.model.host"}, typing_only=False)
    assert runtime == (set() if "TYPE_CHECKING" in source else expected)


def test_a_backward_import_would_be_seen() -> None:
    """A reporter importing the pipeline is against the stages."""
    assert stage_of("bondlint.pipeline") > stage_of("bondlint.reporters.text")
    assert stage_of("bondlint.sources.nm_keyfile") < stage_of("bondlint.discovery.archive")


def test_every_package_is_shipped() -> None:
    """A folder of modules missing from pyproject's package list works in a checkout
    and is absent from the installed tool."""
    import tomllib

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())
    shipped = set(project["tool"]["setuptools"]["packages"])
    folders = {module_name(path) for path in PACKAGE.rglob("__init__.py")}
    assert folders - shipped == set()


def test_no_source_class_is_a_giant() -> None:
    """A parser is read in one sitting: no class in ``bondlint/sources/`` over 200 lines
    (split by what it parses: dialect, statement family)."""
    giants = [
        f"{path.relative_to(PACKAGE.parent)}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in sorted((PACKAGE / "sources").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef) and node.end_lineno is not None and node.end_lineno - node.lineno >= 200
    ]
    assert giants == []
