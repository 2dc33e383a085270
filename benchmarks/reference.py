"""flask-cors 6.0.5, the reference, as the differential tests load it.

The loader lives in ``tests/differential/reference.py``: it downloads the
released wheel once per machine into a cache outside the repository and
imports its ``flask_cors`` package as ``flask_cors_reference``. It is loaded
here by file path, so the benchmarks share it (and its cache) without
making ``tests`` an importable package.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from attrs import frozen

_LOADER: Final = Path(__file__).resolve().parent.parent / "tests" / "differential" / "reference.py"
_MODULE_NAME: Final = "benchmarks._reference_loader"


@frozen
class Reference:
    """The reference flask-cors, loaded (its modules are untyped here).

    Attributes:
        version: The flask-cors release.
        core: Its ``flask_cors.core`` module.
        CORS: Its ``CORS`` extension class.
        cross_origin: Its ``cross_origin`` decorator.

    """

    version: str
    core: ModuleType
    CORS: Any
    cross_origin: Any


def _loader() -> ModuleType:
    found = sys.modules.get(_MODULE_NAME)
    if found is not None:
        return found
    spec = importlib.util.spec_from_file_location(_MODULE_NAME, _LOADER)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load the reference loader {_LOADER}")
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: dataclasses look their module up by name.
    sys.modules[_MODULE_NAME] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[_MODULE_NAME]
        raise
    return module


@cache
def load() -> Reference:
    """Download (once per machine) and import flask-cors 6.0.5.

    Raises:
        RuntimeError: If the loader is missing; the loader's own error if the
            wheel cannot be had.

    """
    loader = _loader()
    loaded = loader.load_reference()
    return Reference(
        version=str(loader.REFERENCE_VERSION),
        core=loaded.core,
        CORS=loaded.CORS,
        cross_origin=loaded.cross_origin,
    )
