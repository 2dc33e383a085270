"""The option vocabulary: every option's name, type and default, written once.

The keyword arguments of ``CORS(...)``, ``init_app(...)`` and
``@cross_origin(...)`` are three :class:`~typing.TypedDict` classes, each
adding to the one before, and their raw defaults are one table,
:data:`DEFAULTS`, in flask-cors 6.0.5's order. Every other list of option
names is derived from these two: the options a
:class:`~flask_cors.core.Policy` holds, the shell's options, the boolean
flags each entry point reads, the ``CORS_*`` keys of ``app.config`` and
flask-cors 6.0.5's ``CONFIG_OPTIONS`` and ``DEFAULT_OPTIONS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, NamedTuple, TypeAlias, TypedDict

from .constants import ALL_METHODS

if TYPE_CHECKING:
    # The input types below are strings at run time; these are their parts.
    import re
    from collections.abc import Sequence
    from collections.abc import Set as AbstractSet
    from datetime import timedelta

    from .checks import OriginCheck

__all__ = [
    "CONFIG_KEYS",
    "DECORATOR_FLAGS",
    "DEFAULTS",
    "EXTENSION_FLAGS",
    "FLASK_CORS_6_CONFIG_KEYS",
    "KNOWN_OPTIONS",
    "NEW_CONFIG_KEYS",
    "NEW_OPTIONS",
    "POLICY_OPTIONS",
    "SHELL_OPTIONS",
    "WIDENING_FLAGS",
    "CORSOptions",
    "CrossOriginOptions",
    "EntriesInput",
    "HeaderNamesInput",
    "MaxAgeInput",
    "MethodsInput",
    "OriginEntriesInput",
    "ResourceOptions",
    "ResourcesInput",
    "SortedOptions",
    "config_key",
    "flag_defaults",
    "flask_cors_6_defaults",
    "sort_options",
]


#: What an option listing entries (``origins``, ``allow_headers``) accepts:
#: one literal or regex string, a compiled regex, or an iterable of them.
EntriesInput: TypeAlias = "str | re.Pattern[str] | Iterable[str | re.Pattern[str]]"
#: What ``origins`` accepts: :data:`EntriesInput`, where an entry may also be
#: an :class:`~flask_cors.core.checks.OriginCheck`, a function of the origin
#: asked at run time.
OriginEntriesInput: TypeAlias = (
    "str | re.Pattern[str] | OriginCheck | Iterable[str | re.Pattern[str] | OriginCheck]"
)
#: What ``methods`` accepts: one string (possibly comma-separated) or several.
MethodsInput: TypeAlias = "str | Iterable[str]"
#: What ``expose_headers`` accepts.
HeaderNamesInput: TypeAlias = "str | Iterable[str] | None"
#: What ``max_age`` accepts: seconds as an int or a string of digits, or a timedelta.
MaxAgeInput: TypeAlias = "timedelta | int | str | None"
#: What ``resources`` accepts: one pattern, a list of them, or a mapping of
#: patterns to per-resource options (:class:`ResourceOptions`, so that under
#: ``mypy --strict`` a misspelled option is an error there too). Any iterable
#: of patterns works; the type names sequences and sets, because a dict is an
#: iterable of patterns too, and would then be accepted with any options.
ResourcesInput: TypeAlias = (
    "str | re.Pattern[str] | Sequence[str | re.Pattern[str]] | AbstractSet[str | re.Pattern[str]]"
    " | Mapping[str | re.Pattern[str], ResourceOptions]"
)


class ResourceOptions(TypedDict, total=False):
    """The options of one resource: ``resources={r"/api/*": {...}}``.

    Those of a :class:`~flask_cors.Policy`: what applies per path. They
    override the keyword arguments for the paths the pattern matches.
    """

    origins: OriginEntriesInput
    methods: MethodsInput
    expose_headers: HeaderNamesInput
    allow_headers: EntriesInput
    supports_credentials: bool
    max_age: MaxAgeInput
    send_wildcard: bool
    vary_header: bool
    always_send: bool
    allow_private_network: bool


class CrossOriginOptions(ResourceOptions, total=False):
    """The options of ``@cross_origin(...)``; see :class:`~flask_cors.Policy`.

    Adds to :class:`ResourceOptions`: ``automatic_options`` (default
    ``True``) makes the decorated view answer ``OPTIONS`` with Flask's
    default options response plus CORS headers; ``intercept_exceptions``
    (default ``True``) gives error responses CORS headers too: an
    ``abort()``, an exception an error handler answers, the 500 of an
    unhandled one; ``cross_site_protection`` (default ``False``) refuses,
    with 403 and before the view runs, requests that change state from
    pages of origins the policy does not list (see
    :mod:`flask_cors.core.protection`); ``strict`` (default ``False``)
    turns every configuration warning into a
    :class:`~flask_cors.ConfigurationError`.
    """

    automatic_options: bool
    intercept_exceptions: bool
    cross_site_protection: bool
    strict: bool


class CORSOptions(CrossOriginOptions, total=False):
    """The options of ``CORS(...)`` and ``init_app(...)``.

    Adds to :class:`CrossOriginOptions`: ``resources`` (which paths get
    which options; default ``r"/*"``) and ``answer_preflights`` (answer
    CORS preflights before ``before_request`` hooks and routing, with 204;
    default ``False``). ``cross_site_protection`` covers every request the
    app (or blueprint) handles, trusting the origins of the rules and views
    that cover it.
    """

    resources: ResourcesInput
    answer_preflights: bool


#: Every option's raw default, as ``CORS(...)`` would take it: flask-cors
#: 6.0.5's options in its order (``methods`` is its very list,
#: :data:`~flask_cors.core.ALL_METHODS`), then this package's own.
DEFAULTS: Final[Mapping[str, object]] = MappingProxyType(
    {
        "origins": "*",
        "methods": ALL_METHODS,
        "allow_headers": "*",
        "expose_headers": None,
        "supports_credentials": False,
        "max_age": None,
        "send_wildcard": False,
        "automatic_options": True,
        "vary_header": True,
        "resources": r"/*",
        "intercept_exceptions": True,
        "always_send": True,
        "allow_private_network": False,
        "answer_preflights": False,
        "strict": False,
        "cross_site_protection": False,
    }
)

#: The options flask-cors 6.0.5 did not have, so not in its lists.
NEW_OPTIONS: Final = ("answer_preflights", "strict", "cross_site_protection")

#: The flags whose ``True`` lets more sites in: credentials, and the private
#: network. flask-cors 6.0.5 read the string ``"False"`` as ``True``; for
#: these, reading it so would open what the string says to keep shut.
WIDENING_FLAGS: Final = ("supports_credentials", "allow_private_network")


def _in_order(names: Iterable[str]) -> tuple[str, ...]:
    """Return ``names`` in the order of :data:`DEFAULTS`."""
    wanted = frozenset(names)
    return tuple(name for name in DEFAULTS if name in wanted)


#: The options a :class:`~flask_cors.core.Policy` holds (those of
#: :class:`ResourceOptions`), in flask-cors's order.
POLICY_OPTIONS: Final = _in_order(ResourceOptions.__optional_keys__)
#: The options only the Flask shell reads: not part of a Policy.
SHELL_OPTIONS: Final = _in_order(CORSOptions.__optional_keys__ - ResourceOptions.__optional_keys__)
#: The boolean shell options ``@cross_origin`` reads.
DECORATOR_FLAGS: Final = _in_order(
    CrossOriginOptions.__optional_keys__ - ResourceOptions.__optional_keys__
)
#: The boolean shell options ``CORS(...)`` and ``init_app(...)`` read.
EXTENSION_FLAGS: Final = tuple(name for name in SHELL_OPTIONS if isinstance(DEFAULTS[name], bool))
#: Every option name, for telling a misspelled one.
KNOWN_OPTIONS: Final = frozenset(DEFAULTS)


def config_key(name: str) -> str:
    """Return the ``app.config`` key of an option: ``origins`` is ``CORS_ORIGINS``."""
    return f"CORS_{name.upper()}"


#: flask-cors 6.0.5's ``CONFIG_OPTIONS``: the ``CORS_*`` keys it read, in its order.
FLASK_CORS_6_CONFIG_KEYS: Final = tuple(
    config_key(name) for name in DEFAULTS if name not in NEW_OPTIONS
)
#: The ``CORS_*`` keys read beyond flask-cors 6.0.5's.
NEW_CONFIG_KEYS: Final = tuple(config_key(name) for name in NEW_OPTIONS)
#: Every ``CORS_*`` key of ``app.config`` that is a setting.
CONFIG_KEYS: Final = frozenset(FLASK_CORS_6_CONFIG_KEYS) | frozenset(NEW_CONFIG_KEYS)


def flask_cors_6_defaults() -> dict[str, object]:
    """Return flask-cors 6.0.5's ``DEFAULT_OPTIONS``: its options' raw defaults, in its order."""
    return {name: value for name, value in DEFAULTS.items() if name not in NEW_OPTIONS}


def flag_defaults(names: Iterable[str]) -> dict[str, bool]:
    """Return the defaults of boolean shell options, by name."""
    return {name: bool(DEFAULTS[name]) for name in names}


class SortedOptions(NamedTuple):
    """Options sorted by who reads them; see :func:`sort_options`."""

    #: Those a Policy holds, by name, in the order given.
    policy: dict[str, object]
    #: The names of the options only the shell reads, in the order given.
    shell: tuple[str, ...]
    #: The names that are no option at all, in the order given.
    unknown: tuple[str, ...]


def sort_options(options: Mapping[str, object]) -> SortedOptions:
    """Sort options into those of a Policy, those of the shell and unknown names.

    flask-cors ignored an unknown name (it logged it and went on), so the
    caller reports each one and carries on without it.
    """
    policy: dict[str, object] = {}
    shell: list[str] = []
    unknown: list[str] = []
    for name, value in options.items():
        if name in POLICY_OPTIONS:
            policy[name] = value
        elif name in KNOWN_OPTIONS:
            shell.append(name)
        else:
            unknown.append(name)
    return SortedOptions(policy, tuple(shell), tuple(unknown))
