"""The CORS state of each view decorated with ``@cross_origin``.

Read by the decorator's wrapper on every request, by the extension when it
answers a decorated view's preflight early (``answer_preflights``), and by
the ``flask cors`` commands; so it lives apart from all three.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from attrs import define, field
from flask import Flask

from .adapter import Refusals
from .core import ConfigurationError, CORSConfigWarning, Decider, Guard, Policy, Problem
from .core.vocabulary import DECORATOR_FLAGS
from .reporting import LOG, Site, report, show_refusals_in_debug, warn_at, warn_misplaced_views
from .settings import Read, config_options, new_stray_config_keys, read

__all__ = [
    "VIEWS",
    "ViewCORS",
    "ViewProblems",
    "ViewSetup",
]


class ViewSetup(NamedTuple):
    """What a decorated view does under one app's ``CORS_*`` config, read once per app.

    Attributes:
        decider: Decides its CORS headers; ``None`` when the app's config
            makes the view's policy invalid (served without CORS headers).
        automatic: Whether it answers ``OPTIONS`` itself (``automatic_options``).
        intercept: Whether its error responses get its CORS headers too
            (``intercept_exceptions``).
        guard: Its cross-site request protection (``cross_site_protection``),
            trusting its policy's origins; ``None`` when off.
    """

    decider: Decider | None
    automatic: bool
    intercept: bool
    guard: Guard | None


class ViewProblems(NamedTuple):
    """What was found of a decorated view under one app's ``CORS_*`` config.

    Kept apart from :class:`ViewSetup`, which the view's every request
    unpacks: ``flask cors check`` reads these.

    Attributes:
        errors: Why it is served without CORS headers, when it is.
        findings: The findings of its options that belong to no policy
            (an unknown option, a shell option's value): its policy's own
            are the decider's policy's. Without a decider, every finding of
            its options, said beside the errors.
    """

    errors: tuple[Problem, ...]
    findings: tuple[Problem, ...]


@define
class ViewCORS:
    """The CORS configuration of one decorated view.

    Attributes:
        where: How the view is named in log lines and warnings.
        own: The decorator's own options, read.
        site: The line of the decorator, where its warnings point, also
            those of its first request in an app.
        reported: The findings already reported when the view was decorated.
        refusals: The log of refused requests, each distinct one once.
    """

    where: str
    own: Read
    site: Site
    reported: frozenset[Problem] = frozenset()
    refusals: Refusals = field(factory=Refusals)
    # The app's config is read once per app, not on every request.
    _per_app: weakref.WeakKeyDictionary[Flask, ViewSetup] = field(factory=weakref.WeakKeyDictionary)
    _problems: weakref.WeakKeyDictionary[Flask, ViewProblems] = field(
        factory=weakref.WeakKeyDictionary
    )
    _last: tuple[weakref.ref[Flask], ViewSetup] | None = None

    def for_app(self, app: Flask) -> ViewSetup:
        """Return what the view does under ``app``'s ``CORS_*`` config.

        The decider's policy is the app's config merged under the view's
        options. It is ``None`` when the app's config makes it invalid: the
        view is then served without CORS headers (never a 500), and the
        problem is logged once, with every finding beside it. Protection
        then trusts no origin but the server's own.
        """
        # Nearly always the same app as last time: one weak reference to
        # call, rather than a new one to make for the dictionary lookup.
        last = self._last
        if last is not None and last[0]() is app:
            return last[1]
        found = self._per_app.get(app)
        if found is None:
            found = self._per_app[app] = self._configure(app)
        self._last = (weakref.ref(app), found)
        return found

    def _configure(self, app: Flask) -> ViewSetup:
        """Merge the app's config under the view's options, reporting what is found once.

        Warnings point at the decorator's line, as at decoration time: a
        problem found at a request is the configuration's, not the request's.
        """
        show_refusals_in_debug(app)
        warn_misplaced_views(app, during_request=True)
        config = read("app.config", config_options(app.config), DECORATOR_FLAGS)
        # Precedence, lowest first: the app's config, the decorator's options.
        folded = config.then(self.own)
        settings = folded.settings
        automatic = settings.flag("automatic_options")
        intercept = settings.flag("intercept_exceptions")
        protect = settings.flag("cross_site_protection")
        # Said once per app, whichever of its views comes first.
        for stray in new_stray_config_keys(app):
            warn_at(self.site, str(stray), CORSConfigWarning, during_request=True)
        findings = (*config.findings, *self.own.findings)
        try:
            if config.errors:
                raise ConfigurationError(config.errors, folded.layer.findings)
            # Like flask-cors, a combination made invalid only by the app's
            # config is found here, at the view's first request in that app.
            policy = folded.layer.policy()
            report(
                [(self.where, policy)],
                findings,
                strict=folded.settings.flag("strict"),
                site=self.site,
                already=self.reported,
                during_request=True,
            )
        except ConfigurationError as error:
            LOG.error(
                "%s is served without CORS headers: the app's CORS_* configuration is "
                "invalid for it: %s",
                self.where,
                error,
            )
            # Its options' findings are still the view's, and said beside.
            stopped = set(error.problems)
            held = tuple(p for p in (*findings, *folded.layer.findings) if p not in stopped)
            self._problems[app] = ViewProblems(error.problems, held)
            return ViewSetup(None, automatic, intercept, Guard(NO_ORIGINS) if protect else None)
        self._problems[app] = ViewProblems((), findings)
        return ViewSetup(Decider(policy), automatic, intercept, Guard(policy) if protect else None)

    def problems_in(self, app: Flask) -> ViewProblems:
        """Return what was found of the view under ``app``'s ``CORS_*`` config."""
        self.for_app(app)
        return self._problems[app]


#: A policy that trusts no origin: what protection trusts where no policy applies.
NO_ORIGINS: Final = Policy(origins=[])


#: Every view decorated with @cross_origin, by the function the decorator returned.
VIEWS: Final[weakref.WeakKeyDictionary[Callable[..., Any], ViewCORS]] = weakref.WeakKeyDictionary()
