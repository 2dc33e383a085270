"""How strict-mypy code sees the option vocabulary; mypy checks this file, nobody runs it.

The TypedDicts of :mod:`flask_cors.options` are the vocabulary's own, and
the derived name lists are typed as what they hold. Each
``# type: ignore[code]`` marks a misuse that must stay a type error.
"""

from __future__ import annotations

from collections.abc import Mapping

from typing_extensions import assert_type

from flask_cors.core.vocabulary import (
    CONFIG_KEYS,
    DECORATOR_FLAGS,
    DEFAULTS,
    EXTENSION_FLAGS,
    KNOWN_OPTIONS,
    POLICY_OPTIONS,
    SHELL_OPTIONS,
    CORSOptions,
    SortedOptions,
    sort_options,
)
from flask_cors.options import CORSOptions as PublicCORSOptions
from flask_cors.options import CrossOriginOptions, ResourceOptions


def same_typed_dicts() -> None:
    """The public option types are the vocabulary's, so each is the other."""
    options: CORSOptions = {"origins": "*", "strict": True, "answer_preflights": False}
    public: PublicCORSOptions = options
    # Each takes the options of the narrower one: a wider dict is one of those.
    view: CrossOriginOptions = options
    resource: ResourceOptions = view
    assert_type(public, PublicCORSOptions)
    assert_type(resource, ResourceOptions)
    bad_resource: ResourceOptions = {"strict": True}  # type: ignore[typeddict-unknown-key]
    bad_view: CrossOriginOptions = {"resources": "/*"}  # type: ignore[typeddict-unknown-key]
    del bad_resource, bad_view


def derived_lists() -> None:
    """The derived lists are tuples and sets of names, the table a read-only mapping."""
    assert_type(DEFAULTS, Mapping[str, object])
    assert_type(POLICY_OPTIONS, tuple[str, ...])
    assert_type(SHELL_OPTIONS, tuple[str, ...])
    assert_type(DECORATOR_FLAGS, tuple[str, ...])
    assert_type(EXTENSION_FLAGS, tuple[str, ...])
    assert_type(KNOWN_OPTIONS, frozenset[str])
    assert_type(CONFIG_KEYS, frozenset[str])
    sorted_options = sort_options({"origins": "*", "origin": "*"})
    assert_type(sorted_options, SortedOptions)
    assert_type(sorted_options.policy, dict[str, object])
    assert_type(sorted_options.unknown, tuple[str, ...])
