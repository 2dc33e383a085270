"""Reading configuration: one reader for every entry point, and no framework.

``CORS(...)``, ``init_app(...)``, ``@cross_origin(...)`` and an app's
``CORS_*`` config are places options are written. :func:`read` parses the
options of one place into a :class:`Read`: the policy options as a core
:class:`~flask_cors.core.Layer` (parsed by the core, with where each was
written), the shell's own options as :class:`Settings`, and every problem.
:meth:`Read.then` folds places in precedence order, lowest first, with one
rule for every option: what a later place was given wins. Each entry point
reads its places, folds them, checks the result and reports it; the option
names come from :mod:`flask_cors.core.vocabulary`. Nothing here decides
what an option means, and nothing here imports a web framework: a second
framework's module reads its configuration with the same reader.
"""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from attrs import evolve, field, fields, frozen

from .core import UNSET, Layer, Problem
from .core.errors import Found, ProblemCode
from .core.patterns import Entry
from .core.policy import Unset, parse_flag
from .core.resources import collect_resources
from .core.vocabulary import CONFIG_KEYS, DEFAULTS, KNOWN_OPTIONS, config_key, sort_options

if TYPE_CHECKING:
    from flask import Flask

__all__ = [
    "Read",
    "Rules",
    "Settings",
    "config_options",
    "late_config_keys",
    "new_stray_config_keys",
    "read",
    "stray_config_keys",
]

#: Parsed resource rules: each pattern with the layer of its own options.
Rules = tuple[tuple[Entry, Layer], ...]


@frozen
class Settings:
    """The shell's own options, parsed: :data:`~flask_cors.core.UNSET` where not given.

    Merged like a :class:`~flask_cors.core.Layer`: an option a later place
    was given wins.
    """

    automatic_options: bool | Unset = UNSET
    intercept_exceptions: bool | Unset = UNSET
    answer_preflights: bool | Unset = UNSET
    strict: bool | Unset = UNSET
    cross_site_protection: bool | Unset = UNSET
    resources: Rules | Unset = UNSET

    def merge(self, other: Settings) -> Settings:
        """Return these settings overridden by every option ``other`` was given."""
        given = {
            field.name: value
            for field in fields(Settings)
            if (value := getattr(other, field.name)) is not UNSET
        }
        return evolve(self, **given) if given else self

    def flag(self, name: str) -> bool:
        """Return a flag's value, or its default when no place gave it."""
        value = getattr(self, name)
        return bool(DEFAULTS[name]) if value is UNSET else bool(value)


@frozen
class Read:
    """The options of one place, or of several folded, parsed and with their problems.

    Attributes:
        layer: The policy options.
        settings: The shell's own options.
        errors: What stops the configuration.
        findings: What is reported as a warning (an error in strict mode).
    """

    layer: Layer = field(factory=Layer)
    settings: Settings = field(factory=Settings)
    errors: tuple[Problem, ...] = ()
    findings: tuple[Problem, ...] = ()

    def then(self, later: Read) -> Read:
        """Fold ``later`` (a place of higher precedence) over these options."""
        return Read(
            self.layer.merge(later.layer),
            self.settings.merge(later.settings),
            (*self.errors, *later.errors),
            (*self.findings, *later.findings),
        )


def read(where: str, options: Mapping[str, object], shell: Iterable[str]) -> Read:
    """Parse the options written in one place.

    Args:
        where: The place, as problems name it: ``"CORS()"``, ``"init_app()"``,
            ``"cross_origin()"``, ``"app.config"`` (problems then name the
            ``CORS_*`` key).
        options: The options as written there.
        shell: The shell options this entry point reads; another shell
            option is ignored (flask-cors ignored ``resources`` given to
            ``@cross_origin``), and a name that is no option is a finding.
    """
    found = Found()
    written = _written(where, options) or {}
    layer, errors = Layer.collect(split_options(options, where, found), written=written or None)
    found.errors += errors
    given: dict[str, Any] = {}
    for name in shell:
        if name not in options:
            continue
        if name == "resources":
            given[name] = _resource_rules(options[name], found)
            continue
        local = Found()
        given[name] = parse_flag(name, options[name], local)
        found.errors.extend(p.written_at(written.get(name)) for p in local.errors)
        found.findings.extend(p.written_at(written.get(name)) for p in local.findings)
    return Read(layer, Settings(**given), tuple(found.errors), tuple(found.findings))


def _resource_rules(spec: object, found: Found) -> Rules:
    """Parse ``resources`` into patterns with their own (unmerged) layers; record problems."""
    rules: list[tuple[Entry, Layer]] = []
    for pattern, options in collect_resources(spec, found):
        where = f"resources[{_text(pattern)!r}]"
        layer, errors = Layer.collect(
            split_options(options, where, found), written=_written(where, options)
        )
        found.errors += errors
        rules.append((pattern, layer))
    return tuple(rules)


def _text(pattern: Entry) -> str:
    return pattern if isinstance(pattern, str) else pattern.pattern


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
                Problem(
                    str(name),
                    options[name],
                    message,
                    fix,
                    written=written.get(name),
                    code=ProblemCode.UNKNOWN_OPTION,
                )
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
        found.append(
            Problem(
                key,
                value,
                "is not a Flask-CORS setting, so it is ignored",
                fix,
                code=ProblemCode.STRAY_CONFIG_KEY,
            )
        )
    return found


# What was reported of each app's config keys, so each is said once per app.
_CONFIG_REPORTED: Final[weakref.WeakKeyDictionary[Flask, set[str]]] = weakref.WeakKeyDictionary()


def new_stray_config_keys(app: Flask) -> list[Problem]:
    """Return the app's stray ``CORS_*`` keys (see :func:`stray_config_keys`) not reported yet."""
    reported = _CONFIG_REPORTED.setdefault(app, set())
    fresh = [problem for problem in stray_config_keys(app.config) if problem.option not in reported]
    reported.update(problem.option for problem in fresh)
    return fresh


def late_config_keys(
    read_then: Mapping[str, object], config: Mapping[str, object] | None
) -> list[Problem]:
    """Return a finding for each ``CORS_*`` setting set or changed since the config was read.

    ``CORS(app)`` reads the app's config once, as flask-cors did; a key set
    afterwards (``app.config["CORS_ORIGINS"] = ...`` below ``CORS(app)``)
    changes nothing, silently, unless said.

    Args:
        read_then: What :func:`config_options` gave when the config was read.
        config: The app's config now.
    """
    now = config_options(config)
    found = []
    for name in DEFAULTS:
        value = now.get(name)
        if not _same(read_then.get(name), value):
            found.append(
                Problem(
                    name,
                    value,
                    "was set after CORS(app) or init_app(app) read the app's config, so it is "
                    "ignored",
                    "set the CORS_* keys before CORS(app) or init_app(app)",
                    written=config_key(name),
                    code=ProblemCode.LATE_CONFIG_KEY,
                )
            )
    return found


def _same(then: object, now: object) -> bool:
    """Whether a config value is the one read: the same object, or equal to it."""
    if then is now:
        return True
    try:
        return bool(then == now)
    except Exception:  # A user's value may compare any way: then it changed.
        return False


def _written(where: str, options: Mapping[str, object]) -> dict[str, str] | None:
    """Say where each option of a layer was written, when not as a keyword of its name."""
    if where == "app.config":
        return {name: config_key(name) for name in options}
    if where.startswith("resources["):
        return {name: f"{where}.{name}" for name in options}
    return None
