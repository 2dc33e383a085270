"""The ``CORS`` extension: CORS headers for a whole app or blueprint, by path."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from attrs import frozen

from flask import Blueprint, Flask, Response, request

from .adapter import LOG, already_decided, apply, config_options, snapshot, split_options
from .core import Policy, Resources, Rule, decide, parse_resources
from .core.errors import ConfigurationError, Problem

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .options import CORSOptions

_DEFAULT_RESOURCES = r"/*"


@frozen
class CORSState:
    """What one ``init_app`` call configured, kept in ``app.extensions["cors"]``.

    Attributes:
        resources: The resource rules, best first, each with its policy.

    """

    resources: Resources


class CORS:
    """Cross-origin resource sharing for a Flask app or blueprint.

    ``CORS(app, **options)`` at once, or ``cors = CORS(**options)`` and later
    ``cors.init_app(app, **options)`` (the app-factory pattern). Options are
    those of :class:`~flask_cors.Policy` plus ``resources`` and
    ``intercept_exceptions``; see :class:`~flask_cors.options.CORSOptions`.
    Precedence, lowest first: the defaults, the app's ``CORS_*`` config
    values that are not None, these options, ``init_app``'s options, the
    per-resource options.

    Raises:
        ConfigurationError: At once, listing every problem in the options.

    """

    def __init__(
        self, app: Flask | Blueprint | None = None, **options: Unpack[CORSOptions]
    ) -> None:
        self._options: Mapping[str, object] = options
        # Checked now, so a bad option fails where it is written even before
        # init_app is called.
        self._policy = Policy.from_options(split_options(options, "CORS()"))
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask | Blueprint, **options: Unpack[CORSOptions]) -> None:
        """Register CORS on ``app`` (a Flask app or a blueprint).

        Raises:
            ConfigurationError: Listing every problem in the combined options.

        """
        config = config_options(getattr(app, "config", None))
        layers: list[Mapping[str, object]] = [config, self._options, options]
        policy = Policy.from_options(split_options(config, "app.config")).merge(self._policy)
        if options:
            policy = policy.merge(Policy.from_options(split_options(options, "init_app()")))
        shell = {
            key: value
            for layer in layers
            for key, value in layer.items()
            if key in ("resources", "intercept_exceptions")
        }
        # Flask runs after-request hooks on error responses too (aborts,
        # error handlers, uncaught exceptions turned into 500), so they get
        # their CORS headers without flask-cors's wrapping of the app's
        # exception handlers; intercept_exceptions is checked and accepted.
        _check_flag(shell.get("intercept_exceptions", True))
        state = CORSState(_build_resources(shell.get("resources", _DEFAULT_RESOURCES), policy))
        LOG.debug("CORS rules for %r: %r", app.name, [rule.text for rule in state.resources.rules])
        if isinstance(app, Flask):
            app.extensions.setdefault("cors", []).append(state)
        app.after_request(_after_request(state))


def _build_resources(spec: object, base: Policy) -> Resources:
    rules: list[Rule] = []
    problems: list[Problem] = []
    for pattern, options in parse_resources(spec):
        where = f"resources[{pattern if isinstance(pattern, str) else pattern.pattern!r}]"
        try:
            rules.append(
                Rule(pattern, base.merge(Policy.from_options(split_options(options, where))))
            )
        except ConfigurationError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigurationError(problems)
    return Resources(tuple(rules))


def _check_flag(value: object) -> None:
    if isinstance(value, bool):
        return
    raise ConfigurationError(
        [Problem("intercept_exceptions", value, "must be True or False", f"pass {bool(value)!r}")]
    )


def _after_request(state: CORSState) -> Callable[[Response], Response]:
    resources = state.resources

    def cors_after_request(response: Response) -> Response:
        if already_decided(request, response):
            return response
        rule = resources.match(request.path)
        if rule is None:
            return response
        decision = decide(rule.policy, snapshot(request))
        if LOG.isEnabledFor(logging.DEBUG):
            LOG.debug("CORS %s for %r by rule %r", decision.reason.value, request.path, rule.text)
        apply(decision, request, response)
        return response

    return cors_after_request
