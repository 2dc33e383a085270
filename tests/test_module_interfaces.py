"""Every module of the package says what it offers: an ``__all__`` naming only what it defines."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil

import pytest

import flask_cors

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(flask_cors.__path__, prefix="flask_cors.")
)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_has_an_all_of_names_it_has(name: str) -> None:
    """Each module has an __all__, and every name in it can be imported from the module."""
    module = importlib.import_module(name)
    names = getattr(module, "__all__", None)
    assert names is not None, f"{name} has no __all__"
    assert len(set(names)) == len(names), f"{name}.__all__ repeats a name"
    missing = [item for item in names if not hasattr(module, item)]
    assert not missing, f"{name}.__all__ names what it lacks: {missing}"


@pytest.mark.parametrize("name", MODULES)
def test_every_module_says_its_all_once(name: str) -> None:
    """__all__ is written once per module, so no second list can drift from the first."""
    tree = ast.parse(inspect.getsource(importlib.import_module(name)))
    written = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets)
    ]
    assert len(written) == 1, f"{name} writes __all__ {len(written)} times"
