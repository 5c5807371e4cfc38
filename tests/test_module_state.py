"""No build leaves state behind for the next: the package holds no mutable module state.

A build is a pure function of the sources. A module-level list, dict or set
that functions fill in (or a ``global`` they rebind) would carry one build's
data into the next build of the same process (``mkdocs serve``, the tests).
Per-process memos of pure functions are ``functools.cache``/``lru_cache``
decorators, which this allows: they are visibly caches, not build state.
"""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "plugins" / "mkdocs_dossier"

_MUTATORS = {
    "append", "extend", "insert", "add", "update", "clear", "pop", "popitem",
    "setdefault", "remove", "discard", "sort", "reverse",
}  # fmt: skip


def _module_names(tree: ast.Module) -> set[str]:
    """Names bound at module level (constants and containers alike)."""
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _mutations(tree: ast.Module) -> list[str]:
    """Where a function changes module state: ``global``, or a module name mutated in place."""
    names = _module_names(tree)
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        local = {a.arg for a in ast.walk(func.args) if isinstance(a, ast.arg)}
        for node in ast.walk(func):
            if isinstance(node, ast.Global):
                found.append(f"{node.lineno}: global {', '.join(node.names)}")
            target = None
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _MUTATORS
            ):
                target = node.func.value
            elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                targets = node.targets if not isinstance(node, ast.AugAssign) else [node.target]
                target = next((t.value for t in targets if isinstance(t, ast.Subscript)), None)
            if isinstance(target, ast.Name) and target.id in names and target.id not in local:
                found.append(f"{node.lineno}: {target.id} changed")
    return found


def test_no_function_changes_module_state() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = path.relative_to(ROOT).as_posix()
        problems += [f"{rel}:{where}" for where in _mutations(tree)]
    assert problems == []


def test_the_check_finds_a_module_cache_and_a_global() -> None:
    tree = ast.parse(
        "_SCANS = {}\n_LAST = []\n_SERVING = False\n"
        "def scan(p):\n    _SCANS[p] = 1\n    _LAST.append(p)\n"
        "def start():\n    global _SERVING\n    _SERVING = True\n"
        "def fine(_SCANS):\n    _SCANS.clear()\n"
    )
    assert [w.split(": ")[1] for w in _mutations(tree)] == [
        "_SCANS changed",
        "_LAST changed",
        "global _SERVING",
    ]
