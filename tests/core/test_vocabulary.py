"""The option vocabulary: one table of names and defaults, and every list derived from it agrees."""

from __future__ import annotations

import logging

import pytest

from flask_cors.core import ALL_METHODS, POLICY_OPTIONS, Policy, compat, policy, serialize_options
from flask_cors.core.vocabulary import (
    CONFIG_KEYS,
    DECORATOR_FLAGS,
    DEFAULTS,
    EXTENSION_FLAGS,
    FLASK_CORS_6_CONFIG_KEYS,
    KNOWN_OPTIONS,
    NEW_CONFIG_KEYS,
    NEW_OPTIONS,
    SHELL_OPTIONS,
    CORSOptions,
    CrossOriginOptions,
    ResourceOptions,
    SortedOptions,
    config_key,
    flag_defaults,
    flask_cors_6_defaults,
    sort_options,
)

RESOURCE = ResourceOptions.__optional_keys__
DECORATOR = CrossOriginOptions.__optional_keys__
EXTENSION = CORSOptions.__optional_keys__


def test_typed_dicts_name_every_default() -> None:
    """The keys of CORS()'s TypedDict are exactly the options of the defaults table."""
    assert frozenset(DEFAULTS) == EXTENSION


def test_typed_dicts_extend_each_other() -> None:
    """Each entry point takes the options of the narrower one, plus its own."""
    assert RESOURCE < DECORATOR < EXTENSION


@pytest.mark.parametrize(
    ("derived", "expected"),
    [
        pytest.param(POLICY_OPTIONS, RESOURCE, id="policy-options"),
        pytest.param(policy.POLICY_OPTIONS, RESOURCE, id="policy-module-options"),
        pytest.param(SHELL_OPTIONS, EXTENSION - RESOURCE, id="shell-options"),
        pytest.param(DECORATOR_FLAGS, DECORATOR - RESOURCE, id="decorator-flags"),
        pytest.param(EXTENSION_FLAGS, EXTENSION - RESOURCE - {"resources"}, id="extension-flags"),
        pytest.param(KNOWN_OPTIONS, EXTENSION, id="known-options"),
        pytest.param(
            [name for name in DEFAULTS if config_key(name) in CONFIG_KEYS],
            EXTENSION,
            id="config-keys",
        ),
        pytest.param(
            [key[len("CORS_") :].lower() for key in compat.CONFIG_OPTIONS],
            EXTENSION - set(NEW_OPTIONS),
            id="flask-cors-6-config-options",
        ),
        pytest.param(compat.DEFAULT_OPTIONS, EXTENSION - set(NEW_OPTIONS), id="default-options"),
    ],
)
def test_derived_names(derived: object, expected: frozenset[str]) -> None:
    """Each derived list names exactly the options its TypedDicts say, none twice."""
    names = list(derived)  # type: ignore[call-overload]
    assert len(names) == len(set(names))
    assert set(names) == expected


@pytest.mark.parametrize(
    "derived",
    [
        pytest.param(POLICY_OPTIONS, id="policy-options"),
        pytest.param(SHELL_OPTIONS, id="shell-options"),
        pytest.param(DECORATOR_FLAGS, id="decorator-flags"),
        pytest.param(EXTENSION_FLAGS, id="extension-flags"),
        pytest.param(tuple(compat.DEFAULT_OPTIONS), id="default-options"),
        pytest.param(
            tuple(key[len("CORS_") :].lower() for key in compat.CONFIG_OPTIONS),
            id="config-options",
        ),
    ],
)
def test_derived_order(derived: tuple[str, ...]) -> None:
    """Each derived list keeps the defaults table's order, which is flask-cors 6.0.5's."""
    assert derived == tuple(name for name in DEFAULTS if name in derived)


@pytest.mark.parametrize("name", [*DECORATOR_FLAGS, *EXTENSION_FLAGS])
def test_flags_are_booleans(name: str) -> None:
    """A shell flag is typed bool and defaults to a bool."""
    annotation = CORSOptions.__annotations__[name]
    assert getattr(annotation, "__forward_arg__", annotation) in ("bool", bool)
    assert isinstance(DEFAULTS[name], bool)
    assert flag_defaults([name]) == {name: DEFAULTS[name]}


def test_new_options_are_new() -> None:
    """Only the options flask-cors 6.0.5 lacked get keys beyond its CONFIG_OPTIONS."""
    assert tuple(config_key(name) for name in NEW_OPTIONS) == NEW_CONFIG_KEYS
    assert tuple(compat.CONFIG_OPTIONS) == FLASK_CORS_6_CONFIG_KEYS
    assert {*compat.CONFIG_OPTIONS, *NEW_CONFIG_KEYS} == CONFIG_KEYS


def test_default_options_are_a_fresh_copy() -> None:
    """DEFAULT_OPTIONS is a new dict of the table's values; methods is ALL_METHODS itself."""
    defaults = flask_cors_6_defaults()
    assert defaults == compat.DEFAULT_OPTIONS
    assert defaults is not flask_cors_6_defaults()
    assert defaults["methods"] is ALL_METHODS


def test_policy_defaults_are_the_table() -> None:
    """A Policy given every default explicitly behaves as one given nothing."""
    given = Policy(**{name: DEFAULTS[name] for name in POLICY_OPTIONS})  # type: ignore[arg-type]
    plain = Policy()
    assert [getattr(given, name) for name in POLICY_OPTIONS] == [
        getattr(plain, name) for name in POLICY_OPTIONS
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param({}, SortedOptions({}, (), ()), id="empty"),
        pytest.param(
            {"origins": "*", "max_age": 5},
            SortedOptions({"origins": "*", "max_age": 5}, (), ()),
            id="policy-only",
        ),
        pytest.param(
            {"strict": True, "resources": "/api/*", "origins": "*"},
            SortedOptions({"origins": "*"}, ("strict", "resources"), ()),
            id="shell-kept-in-order",
        ),
        pytest.param(
            {"origin": "*", "methods": "GET", "CORS_ORIGINS": "*"},
            SortedOptions({"methods": "GET"}, (), ("origin", "CORS_ORIGINS")),
            id="unknown-in-order",
        ),
    ],
)
def test_sort_options(options: dict[str, object], expected: SortedOptions) -> None:
    """Options sort into the Policy's, the shell's and unknown names, each in the order given."""
    assert sort_options(options) == expected


def test_serialize_options_logs_the_unknown_names(caplog: pytest.LogCaptureFixture) -> None:
    """serialize_options logs each unknown name as flask-cors 6.0.5 did, and no shell option."""
    with caplog.at_level(logging.WARNING, logger="flask_cors.core"):
        serialize_options({"origin": "*", "strict": True, "resources": "/*", "max_age": 5})
    assert caplog.messages == ["Unknown option passed to Flask-CORS: 'origin'"]
