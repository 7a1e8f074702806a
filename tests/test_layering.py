"""The layout's rules, read from the source: imports run one way and never in a circle.

`core` ← `agreement` ← `goals` ← `reporting`, and `devtools` may use them all; nothing
imports through importlib, so no import hides from these tests.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "agreement", "goals", "reporting", "devtools"]


def modules():
    """Return {module name: path} of every module of the layered packages, migrations aside."""
    found = {}
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported(path, name):
    """Return the layered modules the module imports, anywhere in it (lazy imports too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {each for each in names if each.split(".")[0] in LAYERS}


MODULES = modules()
IMPORTS = {name: imported(path, name) for name, path in MODULES.items()}


def resolve(name):
    """Return the module an imported name is, or lies in (`from x import Model` names x)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


@pytest.mark.parametrize("layer", LAYERS[:-1])
def test_no_layer_imports_a_layer_above_it(layer):
    above = LAYERS[LAYERS.index(layer) + 1 :]
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in IMPORTS.items()
        if name.split(".")[0] == layer
        for target in targets
        if target.split(".")[0] in above
    )
    assert upward == []


def test_nothing_imports_through_importlib():
    hidden = sorted(
        name
        for name, path in MODULES.items()
        if "importlib" in path.read_text() or "__import__" in path.read_text()
    )
    assert hidden == []


def test_no_modules_import_each_other_in_a_circle():
    graph = defaultdict(set)
    for name, targets in IMPORTS.items():
        for target in map(resolve, targets):
            # A package's __init__ is not a module of its own here: `from package import
            # module` names the module.
            if target and target != name and not name.startswith(f"{target}."):
                graph[name].add(target)

    circles, state = [], {}

    def visit(name, path):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                circles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []
