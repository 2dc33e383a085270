"""The core's rule, enforced: no Flask or Werkzeug in flask_cors.core, directly or indirectly.

Two checks. Statically, every module under ``src/flask_cors/core`` is parsed
and the imports that run when it is imported are followed through other
``flask_cors`` modules; none may reach ``flask`` or ``werkzeug``.
Dynamically, a fresh interpreter with both packages blocked imports the core
and runs ``decide``.

What counts as "runs when imported": module-level statements, including
class bodies and ``try``/``if`` blocks, but not function bodies (they run only
when called) and not ``if TYPE_CHECKING:`` blocks (they never run, so the
core's typed re-exports of ``flask_cors.legacy`` there are fine). That is
also what makes the core's PEP 562 ``__getattr__`` acceptable: it loads
``flask_cors.legacy`` (which needs Flask) only when one of flask-cors's four
Flask-bound helpers is asked for by name, which importing the core and calling
``decide`` never does; the dynamic check proves it. A function-level
``import flask`` written inside a core module is still refused, because the
core must not depend on Flask even lazily: that is the legacy module's job.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "flask_cors"
CORE = PACKAGE / "core"
FORBIDDEN = frozenset({"flask", "werkzeug"})


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
    """The source file of a flask_cors module, or None if it is not one."""
    if name != "flask_cors" and not name.startswith("flask_cors."):
        return None
    base = PACKAGE.parent.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_time_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node that runs when the module is imported (see the module docstring)."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            # Decorators and default values run at import; the body does not.
            if not isinstance(node, ast.Lambda):
                stack.extend(node.decorator_list)
            stack.extend(node.args.defaults)
            stack.extend(d for d in node.args.kw_defaults if d is not None)
            continue
        if isinstance(node, ast.If) and is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def resolve(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> set[str]:
    """The absolute names of the modules an import statement loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    # "from package import name" loads package.name too when that is a module.
    found = {base}
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        if module_path(candidate) is not None:
            found.add(candidate)
    return found


def runtime_imports(source: str, module: str, *, is_package: bool) -> set[str]:
    """The modules that importing ``source`` (as ``module``) loads directly."""
    found: set[str] = set()
    for node in import_time_nodes(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found |= resolve(node, module, is_package)
    return found


def all_imports(source: str, module: str, *, is_package: bool) -> set[str]:
    """The modules named by every import statement, function bodies included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found |= resolve(node, module, is_package)
    return found


def parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def reachable_from_core() -> dict[str, list[str]]:
    """Every module importing flask_cors.core loads, each with the chain that loads it."""
    start = sorted(module_name(path) for path in CORE.rglob("*.py"))
    chains: dict[str, list[str]] = {}
    queue = [(name, [name]) for name in start]
    # Importing a submodule imports its parent packages first.
    queue += [(parent, [parent]) for name in start for parent in parents(name)]
    while queue:
        name, chain = queue.pop(0)
        if name in chains:
            continue
        chains[name] = chain
        path = module_path(name)
        if path is None:
            continue
        source = path.read_text(encoding="utf-8")
        is_package = path.name == "__init__.py"
        for imported in runtime_imports(source, name, is_package=is_package):
            for loaded in [*parents(imported), imported]:
                queue.append((loaded, [*chain, loaded]))
    return chains


def test_no_core_module_reaches_flask() -> None:
    """No module that importing flask_cors.core runs imports Flask or Werkzeug, even indirectly."""
    chains = reachable_from_core()
    offending = {
        name: " -> ".join(chain)
        for name, chain in chains.items()
        if name.split(".")[0] in FORBIDDEN
    }
    assert offending == {}
    # The walk really covered the core, and the shell stayed out of it.
    core_modules = {module_name(path) for path in CORE.rglob("*.py")}
    assert core_modules <= chains.keys()
    assert {"flask_cors", "attrs"} <= chains.keys()
    assert not {"flask_cors.extension", "flask_cors.decorator", "flask_cors.legacy"} & chains.keys()


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda path: path.name)
def test_core_module_never_imports_flask(path: Path) -> None:
    """No import statement anywhere in a core module, function bodies included, names Flask."""
    source = path.read_text(encoding="utf-8")
    imports = all_imports(source, module_name(path), is_package=path.name == "__init__.py")
    assert {name for name in imports if name.split(".")[0] in FORBIDDEN} == set()


def test_analysis_sees_import_time_imports() -> None:
    """The analysis reports module-level, class-body and try-block imports, relative ones too."""
    source = textwrap.dedent(
        """
        import flask
        from werkzeug.datastructures import Headers
        from .. import extension
        from ..decorator import cross_origin
        try:
            import json
        except ImportError:
            pass
        class Holder:
            import csv
        """
    )
    assert runtime_imports(source, "flask_cors.core.policy", is_package=False) == {
        "flask",
        "werkzeug.datastructures",
        "flask_cors",
        "flask_cors.extension",
        "flask_cors.decorator",
        "json",
        "csv",
    }


def test_analysis_skips_deferred_imports() -> None:
    """Imports in function bodies and under TYPE_CHECKING are not import-time imports."""
    source = textwrap.dedent(
        """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            import flask
        else:
            import json
        def helper():
            import werkzeug
        async def later():
            from flask import request
        """
    )
    assert runtime_imports(source, "flask_cors.core", is_package=True) == {"typing", "json"}
    assert all_imports(source, "flask_cors.core", is_package=True) == {
        "typing",
        "flask",
        "json",
        "werkzeug",
    }


def test_relative_import_from_package() -> None:
    """A relative import inside a package's __init__ resolves against the package itself."""
    assert runtime_imports("from .policy import Policy", "flask_cors.core", is_package=True) == {
        "flask_cors.core.policy"
    }
    assert runtime_imports("from . import core", "flask_cors", is_package=True) == {
        "flask_cors",
        "flask_cors.core",
    }


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_core_runs_with_flask_blocked() -> None:
    """With Flask and Werkzeug blocked, the core imports and decides; the shell fails to load."""
    result = run_python(
        """
        import sys
        sys.modules["flask"] = None
        sys.modules["werkzeug"] = None

        import flask_cors.core as core
        from flask_cors import Policy, RequestInfo, decide

        policy = Policy(origins=["https://app.example.com"], max_age=5)
        info = RequestInfo.from_environ({
            "REQUEST_METHOD": "OPTIONS",
            "HTTP_ORIGIN": "https://app.example.com",
            "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "GET",
        })
        decision = decide(policy, info)
        assert decision.headers == (
            ("Access-Control-Allow-Origin", "https://app.example.com"),
            ("Access-Control-Max-Age", "5"),
            ("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
            ("Vary", "Origin"),
        ), decision
        assert decision.is_preflight and decision.allowed
        assert core.get_cors_origins(policy, None) == ["https://app.example.com"]
        assert core.parse_resources("/api/*")[0][1] == {}

        try:
            import flask
        except ImportError:
            pass
        else:
            raise SystemExit("importing flask was not blocked")
        try:
            import flask_cors
            flask_cors.CORS
        except ImportError:
            pass
        else:
            raise SystemExit("the Flask shell loaded although Flask is blocked")
        assert sys.modules["flask"] is None and sys.modules["werkzeug"] is None
        print("decided")
        """
    )
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "decided\n")


def test_core_import_loads_no_flask() -> None:
    """In a normal interpreter, importing and using the core leaves Flask and Werkzeug unloaded."""
    result = run_python(
        """
        import sys
        import flask_cors.core
        from flask_cors import Policy, RequestInfo, decide
        decide(Policy(), RequestInfo("GET", origin="https://app.example.com"))
        loaded = sorted(
            name for name in sys.modules if name.split(".")[0] in {"flask", "werkzeug"}
        )
        print(loaded)
        """
    )
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "[]\n")
