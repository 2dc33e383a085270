"""flask-cors 6.0.5, the reference implementation, loaded from its released wheel.

One loader for everything in this repository that compares against the
release this project replaces: the differential tests (tests/differential),
the benchmarks (benchmarks/) and the fuzzer's oracle (fuzz/). It is not
part of the package, and neither tests nor benchmarks own it.

The wheel is downloaded once per machine with pip into a cache directory
outside the repository (``$XDG_CACHE_HOME/flask-cors-reference``, or
``~/.cache/flask-cors-reference``), and its ``flask_cors`` package is
extracted there under the name ``flask_cors_reference``. flask-cors's
modules import each other only relatively, so the renamed package imports
cleanly beside this project's ``flask_cors``. Nothing of it is ever part of
the repository.

A missing reference is an error, never a skip: a differential suite that
quietly compares nothing would hide exactly what it is there to find.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Final

#: The flask-cors release this project is a drop-in replacement for.
REFERENCE_VERSION: Final = "6.0.5"
#: The name the reference's ``flask_cors`` package is imported under.
PACKAGE: Final = "flask_cors_reference"

_DOWNLOAD_TIMEOUT: Final = 300


class ReferenceUnavailableError(RuntimeError):
    """The reference wheel could not be downloaded, unpacked or imported."""


@dataclass(frozen=True)
class Reference:
    """The reference flask-cors, loaded; its modules are untyped.

    Attributes:
        version: The flask-cors release (:data:`REFERENCE_VERSION`).
        package: The renamed ``flask_cors`` package.
        core: Its ``core`` module (``get_cors_headers``, ``serialize_options``...).
        CORS: Its ``CORS`` extension class.
        cross_origin: Its ``cross_origin`` decorator.

    """

    version: str
    package: ModuleType
    core: ModuleType
    CORS: Any
    cross_origin: Any


def cache_dir() -> Path:
    """Return the per-machine directory the reference is kept in."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flask-cors-reference" / REFERENCE_VERSION


@cache
def load_reference() -> Reference:
    """Download (once per machine), unpack (once) and import the reference flask-cors.

    The loaded reference is kept for the life of the process.

    Raises:
        ReferenceUnavailableError: With the reason, if any step fails.

    """
    root = cache_dir()
    repository = Path(__file__).resolve().parents[1]
    if root.resolve().is_relative_to(repository):
        raise ReferenceUnavailableError(
            f"the reference cache {root} is inside the repository {repository}; "
            "set XDG_CACHE_HOME to a directory outside it"
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReferenceUnavailableError(f"cannot create the cache {root}: {error}") from error
    if not (root / PACKAGE / "__init__.py").is_file():
        _unpack(_download(root / "wheels"), root)
    return _import(root)


def _download(wheels: Path) -> Path:
    """Return the reference wheel in ``wheels``, downloading it with pip if absent."""
    pattern = f"flask_cors-{REFERENCE_VERSION}-*.whl"
    found = sorted(wheels.glob(pattern))
    if found:
        return found[0]
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--no-input",
        f"flask-cors=={REFERENCE_VERSION}",
        "-d",
        str(wheels),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=_DOWNLOAD_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ReferenceUnavailableError(f"{' '.join(command)} failed: {error}") from error
    found = sorted(wheels.glob(pattern))
    if done.returncode != 0 or not found:
        output = (done.stdout + done.stderr).strip()[-2000:]
        raise ReferenceUnavailableError(
            f"could not download flask-cors {REFERENCE_VERSION} "
            f"(exit status {done.returncode}) with: {' '.join(command)}\n{output}"
        )
    return found[0]


def _unpack(wheel: Path, root: Path) -> None:
    """Extract the wheel's ``flask_cors/`` into ``root`` as :data:`PACKAGE`."""
    target = root / PACKAGE
    staging = Path(tempfile.mkdtemp(prefix="unpack-", dir=root))
    try:
        with zipfile.ZipFile(wheel) as archive:
            _check_version(archive, wheel)
            members = [
                name
                for name in archive.namelist()
                if name.startswith("flask_cors/") and not name.endswith("/")
            ]
            if "flask_cors/__init__.py" not in members:
                raise ReferenceUnavailableError(f"{wheel} holds no flask_cors package")
            for name in members:
                relative = Path(name).relative_to("flask_cors")
                if ".." in relative.parts:
                    raise ReferenceUnavailableError(f"{wheel} holds an unsafe path {name!r}")
                destination = staging / PACKAGE / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.read(name))
        # A rename is atomic, so a concurrent run sees the package whole or
        # not at all; if another run won the race, its copy is as good.
        try:
            (staging / PACKAGE).rename(target)
        except OSError:
            if not (target / "__init__.py").is_file():
                raise
    except (OSError, zipfile.BadZipFile) as error:
        raise ReferenceUnavailableError(f"cannot unpack {wheel}: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_version(archive: zipfile.ZipFile, wheel: Path) -> None:
    """Make sure the wheel is the flask-cors release the suite compares against."""
    metadata = f"flask_cors-{REFERENCE_VERSION}.dist-info/METADATA"
    try:
        text = archive.read(metadata).decode("utf-8")
    except KeyError as error:
        raise ReferenceUnavailableError(f"{wheel} has no {metadata}") from error
    fields = dict(line.split(": ", 1) for line in text.splitlines()[:20] if ": " in line)
    if fields.get("Name", "").lower() != "flask-cors" or fields.get("Version") != REFERENCE_VERSION:
        raise ReferenceUnavailableError(
            f"{wheel} is {fields.get('Name')} {fields.get('Version')}, "
            f"not flask-cors {REFERENCE_VERSION}"
        )


def _import(root: Path) -> Reference:
    """Import :data:`PACKAGE` from ``root``."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        package = importlib.import_module(PACKAGE)
        core = importlib.import_module(f"{PACKAGE}.core")
    except Exception as error:
        raise ReferenceUnavailableError(
            f"cannot import the reference from {root}: {error!r}"
        ) from error
    location = Path(str(package.__file__)).resolve()
    if not location.is_relative_to(root.resolve()):
        raise ReferenceUnavailableError(f"{PACKAGE} was imported from {location}, not {root}")
    return Reference(
        version=REFERENCE_VERSION,
        package=package,
        core=core,
        CORS=package.CORS,
        cross_origin=package.cross_origin,
    )
