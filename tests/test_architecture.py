"""The package's layers: nothing imports upward, and no module imports itself round a cycle.

Every import counts, at the top of a module, inside a function (a lazy import)
or under ``TYPE_CHECKING``: a cycle for types is still a cycle a reader must
untangle. README's architecture table describes the same layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "mkdocs_dossier"
ROOT = "mkdocs_dossier"

#: The layer of each top-level part of the package; a module may import its own
#: layer's modules and those of lower layers only.
LAYERS = {
    "core": 0,
    "geo": 1,
    "safety": 1,
    "pipeline": 2,
    "site": 3,
    "exports": 4,
    "authoring": 4,
    "plugin": 5,
    "dirty": 5,
    "cli": 5,
    "folder": 5,
    "__main__": 5,
    "serving": 5,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The package modules ``path`` imports, anywhere in it, as dotted names."""
    return _imports_in(path.read_text("utf-8"), _module_name(path), path.name == "__init__.py")


def _imports_in(text: str, name: str, is_package: bool) -> set[str]:
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == ROOT)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module.split(".")[0] != ROOT:
                continue
            for alias in node.names:
                # ``from pkg import module`` names a module; ``from module import name`` not.
                candidate = f"{module}.{alias.name}"
                found.add(candidate if candidate in MODULES else module)
    return {m for m in found if m in MODULES}


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_every_part_of_the_package_has_a_layer() -> None:
    tops = {m.split(".")[1] for m in MODULES if "." in m}
    assert tops <= set(LAYERS), f"add {sorted(tops - set(LAYERS))} to LAYERS and README"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_higher_layer(module: str) -> None:
    layer = _layer(module)
    if layer is None:  # the package root re-exports the public API lazily
        return
    upward = sorted(m for m in GRAPH[module] if (_layer(m) or 0) > layer)
    assert not upward, f"{module} (layer {layer}) imports {upward}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_checker_sees_lazy_and_relative_upward_imports() -> None:
    """The rule is not vacuous: imports inside functions, relative or absolute, are found."""
    text = (
        MODULES[f"{ROOT}.core.model"].read_text("utf-8")
        + "\n\ndef _f():\n    from mkdocs_dossier.site import render\n"
        + "\n\ndef _g():\n    from ..exports.files import write_exports\n"
    )
    found = _imports_in(text, f"{ROOT}.core.model", is_package=False)
    assert {f"{ROOT}.site.render", f"{ROOT}.exports.files"} <= found
    assert all((_layer(m) or 0) > 0 for m in found - GRAPH[f"{ROOT}.core.model"])
