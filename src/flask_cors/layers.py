"""Which CORS layers cover a request, in the order the app's hooks decide it.

A :class:`CORSState` is what one ``CORS(...)`` or ``init_app(...)``
configured. A ``@cross_origin`` view decides alone; otherwise each ``CORS(...)`` of the
request's blueprints, then each of the app's, with its first matching rule.
``flask cors routes`` and ``flask cors explain`` show them; cross-site
request protection trusts the origins of any of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen
from flask import Flask

from .adapter import Refusals
from .core import Decider, Problem, Resources, Rule
from .reporting import Site
from .views import VIEWS

__all__ = [
    "CORSState",
    "CoveringLayer",
    "blueprint_chain",
    "cors_states",
    "covering_layers",
    "no_view",
]


@frozen
class CORSState:
    """What one ``init_app`` call configured, kept in ``app.extensions["cors"]``.

    Attributes:
        resources: The resource rules, best first, each with its policy.
        intercept_exceptions: Whether responses made by the app's exception
            handler get CORS headers even when an after-request hook failed.
        blueprint: The name of the blueprint it was configured on, if any.
        cross_site_protection: Whether it refuses cross-site requests that
            could change state (see :mod:`flask_cors.cross_site`).
        refusals: The log of refused requests, each distinct one once.
        per_rule: For each rule, in the order of ``resources.rules``: its
            name in log lines and explanations, and its
            :class:`~flask_cors.core.Decider` (its policy compiled, and its
            recent decisions). Made once, not per request.
        findings: The findings of its options that belong to no one rule
            (an unknown option, a shell option's value); each rule's own
            are its policy's.
        config: The app's ``CORS_*`` settings as read (see
            :func:`~flask_cors.settings.config_options`): a key set later is
            ignored, and said so (:func:`~flask_cors.settings.late_config_keys`).
        site: The user's line that configured it, where its warnings point.
    """

    resources: Resources
    intercept_exceptions: bool
    blueprint: str | None = None
    cross_site_protection: bool = False
    findings: tuple[Problem, ...] = field(default=(), eq=False, repr=False)
    config: dict[str, object] = field(factory=dict, eq=False, repr=False)
    site: Site | None = field(default=None, eq=False, repr=False)
    refusals: Refusals = field(factory=Refusals, eq=False, repr=False)
    per_rule: tuple[tuple[str, Decider], ...] = field(init=False, eq=False, repr=False)
    #: For a blueprint: the names it is registered under, each with its URL
    #: prefix (see :func:`routing_error_blueprints`).
    registered: list[tuple[str, str | None]] = field(factory=list, eq=False, repr=False)

    @per_rule.default
    def _per_rule(self) -> tuple[tuple[str, Decider], ...]:
        return tuple(
            (_where(rule, self.blueprint), Decider(rule.policy)) for rule in self.resources.rules
        )


def _where(rule: Rule, blueprint: str | None) -> str:
    """Name a rule in log lines, warnings and explanations, with its blueprint if any.

    A blueprint's ``'/*'`` covers only the blueprint's routes: said so, it
    does not read as app-wide.
    """
    return (
        f"rule {rule.text!r}"
        if blueprint is None
        else f"rule {rule.text!r} of blueprint {blueprint!r}"
    )


def no_view() -> None:
    """Stand-in for an endpoint without a view function, as a lookup default."""


@frozen
class CoveringLayer:
    """One CORS layer that has its say on a request: a decorated view, or a resource rule.

    Attributes:
        where: The layer's name in explanations, as log lines give it.
        decider: The decider its hook decides with.
        refusals: Its log of refused requests.
        view: Whether it is a ``@cross_origin`` view, whose decision stands
            alone: no ``CORS`` layer adds headers to a response it made.
    """

    where: str
    decider: Decider
    refusals: Refusals
    view: bool = False


def covering_layers(
    app: Flask, blueprints: Sequence[str], endpoint: str | None, path: str
) -> list[CoveringLayer]:
    """Return the CORS layers that cover a request, in the order the app decides it.

    A ``@cross_origin`` view decides alone. Otherwise each ``CORS`` layer is
    an after-request hook, and Flask runs those of the request's blueprints
    first, innermost first (``request.blueprints``), then the app's, each
    list last-registered first (``Flask.process_response``). A layer whose
    resource rules match the path decides with its first matching rule, as
    its hook does, unless an earlier layer set
    ``Access-Control-Allow-Origin``: a refusing layer leaves the response
    to the next, and the first that allows decides.

    Args:
        app: The app.
        blueprints: The names the request's blueprints are registered
            under, innermost first, as ``request.blueprints`` gives them.
        endpoint: The endpoint the request is routed to, if any.
        path: The request's path, as ``request.path`` gives it (no query).
    """
    view = VIEWS.get(app.view_functions.get(endpoint, no_view)) if endpoint else None
    if view is not None:
        decider = view.for_app(app).decider
        return [] if decider is None else [CoveringLayer(view.where, decider, view.refusals, True)]
    states = list(reversed(cors_states(app)))
    ordered: list[CORSState] = []
    for name in blueprints:
        blueprint = app.blueprints.get(name)
        if blueprint is not None:
            ordered += [state for state in states if state.blueprint == blueprint.name]
    ordered += [state for state in states if state.blueprint is None]
    layers: list[CoveringLayer] = []
    for state in ordered:
        found = state.resources.index.match(path)
        if found is not None:
            name, decider = state.per_rule[found]
            layers.append(CoveringLayer(name, decider, state.refusals))
    return layers


def blueprint_chain(endpoint: str) -> list[str]:
    """Return the blueprints of an endpoint, innermost first, as ``request.blueprints`` would.

    ``"parent.child.view"`` gives ``["parent.child", "parent"]``.
    """
    chain: list[str] = []
    name = endpoint.rpartition(".")[0]
    while name:
        chain.append(name)
        name = name.rpartition(".")[0]
    return chain


def cors_states(app: Flask) -> list[CORSState]:
    """Return the CORS layers configured on ``app`` and its blueprints, in registration order."""
    states: list[CORSState] = app.extensions.get("cors", [])
    return states
