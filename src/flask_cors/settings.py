"""Reading configuration where Flask keeps it: keyword options, ``app.config``, resources.

Each place options are written is one layer, parsed by the core
(:meth:`~flask_cors.core.Layer.collect`) with where it was written;
the option names come from :mod:`flask_cors.core.vocabulary`. Nothing here
decides what an option means.
"""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterable, Mapping
from typing import Final

from flask import Flask

from .core import Layer, Problem
from .core.errors import Found
from .core.policy import parse_flag
from .core.vocabulary import CONFIG_KEYS, DEFAULTS, KNOWN_OPTIONS, config_key, sort_options


def config_options(config: Mapping[str, object] | None) -> dict[str, object]:
    """Return the ``CORS_*`` settings of an app's config that are not None, by option name."""
    if not config:
        return {}
    return {name: value for name in DEFAULTS if (value := config.get(config_key(name))) is not None}


def split_options(
    options: Mapping[str, object], where: str, found: Found | None = None
) -> dict[str, object]:
    """Return the options a Policy holds; record unknown names, which are ignored.

    flask-cors logged an unknown option and went on, so it is a finding
    (a :class:`~flask_cors.CORSConfigWarning`, an error in strict mode)
    added to ``found``, never an error of its own.
    """
    sorted_options = sort_options(options)
    if found is not None and sorted_options.unknown:
        written = _written(where, options) or {}
        message = "is not a Flask-CORS option, so it is ignored"
        for name in sorted_options.unknown:
            close = _close(name, sorted(KNOWN_OPTIONS))
            fix = f"did you mean {close!r}?" if close else "remove it"
            found.findings.append(
                Problem(str(name), options[name], message, fix, written=written.get(name))
            )
    return sorted_options.policy


def _close(name: object, choices: list[str], cutoff: float = 0.6) -> str | None:
    """Return the closest of ``choices`` to ``name``, or ``None``."""
    if not isinstance(name, str):
        return None
    close = difflib.get_close_matches(name, choices, n=1, cutoff=cutoff)
    return close[0] if close else None


# How alike (difflib's ratio) a key must be to a setting to be taken for a
# misspelling of it: CORS_ORIGIN and CORS_ALLOWED_ORIGINS are; CORS_ENABLED
# is not.
_CLOSE_KEY: Final = 0.75


def stray_config_keys(config: Mapping[str, object] | None) -> list[Problem]:
    """Return a finding for each ``CORS_*`` config key that looks like a misspelled setting.

    ``app.config['CORS_HEADERS'] = 'Content-Type'`` comes from old tutorials:
    flask-cors never read it, and the request headers a page may send are
    ``CORS_ALLOW_HEADERS`` (by default every one). Other keys are reported
    only when close to a setting (``CORS_ORIGIN``): a key like no setting
    (``CORS_REQUIRE_BROWSER``, from ``FLASK_CORS_*`` environment variables
    read by ``from_prefixed_env()``) may well be another program's.
    """
    if not config:
        return []
    found = []
    for key, value in config.items():
        if not isinstance(key, str) or not key.startswith("CORS_") or key in CONFIG_KEYS:
            continue
        if key == "CORS_HEADERS":
            fix = (
                "the request headers a page may send are CORS_ALLOW_HEADERS, by default "
                "every one: remove it, or rename it to 'CORS_ALLOW_HEADERS'"
            )
        elif (close := _close(key, sorted(CONFIG_KEYS), cutoff=_CLOSE_KEY)) is not None:
            fix = f"did you mean {close!r}?"
        else:
            continue
        found.append(Problem(key, value, "is not a Flask-CORS setting, so it is ignored", fix))
    return found


# What was reported of each app's config keys, so each is said once per app.
_CONFIG_REPORTED: Final[weakref.WeakKeyDictionary[Flask, set[str]]] = weakref.WeakKeyDictionary()


def new_stray_config_keys(app: Flask) -> list[Problem]:
    """Return the app's stray ``CORS_*`` keys (see :func:`stray_config_keys`) not reported yet."""
    reported = _CONFIG_REPORTED.setdefault(app, set())
    fresh = [problem for problem in stray_config_keys(app.config) if problem.option not in reported]
    reported.update(problem.option for problem in fresh)
    return fresh


def parse_layers(layers: Iterable[tuple[str, Mapping[str, object]]], found: Found) -> list[Layer]:
    """Parse configuration layers, one per pair; record every layer's problems in ``found``.

    The caller merges the layers and checks each result
    (:meth:`~flask_cors.core.Layer.policy`), and raises ``found.errors``
    together with what that check finds: a layer with errors is still
    returned, so that its combinations are judged too. Findings stay on the
    layers, for :func:`~flask_cors.reporting.report`; unknown option names,
    which no layer holds, go to ``found.findings``.

    Args:
        layers: ``(where, options)`` pairs, such as ``("app.config", {...})``;
            problems in the ``app.config`` layer name the ``CORS_*`` key, and
            those in a resource's (``"resources['/api/*']"``) its option.
        found: Receives the errors and the unknown options.
    """
    parsed: list[Layer] = []
    for where, options in layers:
        written = _written(where, options)
        layer, errors = Layer.collect(split_options(options, where, found), written=written)
        found.errors += errors
        parsed.append(layer)
    return parsed


def _written(where: str, options: Mapping[str, object]) -> dict[str, str] | None:
    """Say where each option of a layer was written, when not as a keyword of its name."""
    if where == "app.config":
        return {name: config_key(name) for name in options}
    if where.startswith("resources["):
        return {name: f"{where}.{name}" for name in options}
    return None


def read_flags(
    layers: Iterable[tuple[str, Mapping[str, object]]], names: Iterable[str], found: Found
) -> dict[str, bool]:
    """Read shell-only flags (``automatic_options``...) from layers, later layers winning.

    Read as flask-cors read them, by truthiness; what is not a boolean is a
    finding, and a string that says the opposite of how it reads an error.
    """
    flags: dict[str, bool] = {}
    for where, options in layers:
        written = _written(where, options) or {}
        for name in names:
            if name in options:
                local = Found()
                flags[name] = parse_flag(name, options[name], local)
                found.errors.extend(p.written_at(written.get(name)) for p in local.errors)
                found.findings.extend(p.written_at(written.get(name)) for p in local.findings)
    return flags
