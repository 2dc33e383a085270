"""The CORS state of each view decorated with ``@cross_origin``.

Read by the decorator's wrapper on every request, by the extension when it
answers a decorated view's preflight early (``answer_preflights``), and by
the ``flask cors`` commands; so it lives apart from all three.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Final

from attrs import define, field
from flask import Flask

from .adapter import Refusals
from .core import ConfigurationError, Decider
from .core.vocabulary import DECORATOR_FLAGS
from .reporting import LOG, report
from .settings import Read, config_options, new_stray_config_keys, read


@define
class ViewCORS:
    """The CORS configuration of one decorated view.

    Attributes:
        where: How the view is named in log lines and warnings.
        own: The decorator's own options, read.
        reported: The findings already reported when the view was decorated.
        refusals: The log of refused requests, each distinct one once.
    """

    where: str
    own: Read
    reported: frozenset[str] = frozenset()
    refusals: Refusals = field(factory=Refusals)
    # The app's config is read once per app, not on every request.
    _per_app: weakref.WeakKeyDictionary[Flask, tuple[Decider | None, bool]] = field(
        factory=weakref.WeakKeyDictionary
    )
    _last: tuple[weakref.ref[Flask], tuple[Decider | None, bool]] | None = None

    def for_app(self, app: Flask) -> tuple[Decider | None, bool]:
        """Return the view's decider under ``app``'s ``CORS_*`` config, and automatic_options.

        The decider's policy is the app's config merged under the view's
        options. It is ``None`` when the app's config makes it invalid: the
        view is then served without CORS headers (never a 500), and the
        problem is logged and warned once.
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

    def _configure(self, app: Flask) -> tuple[Decider | None, bool]:
        """Merge the app's config under the view's options, reporting what is found once."""
        config = read("app.config", config_options(app.config), DECORATOR_FLAGS)
        # Precedence, lowest first: the app's config, the decorator's options.
        folded = config.then(self.own)
        automatic = folded.settings.flag("automatic_options")
        # What was reported when the decorator was applied is not said again.
        findings = [*config.findings, *self.own.findings]
        try:
            # Said once per app, whichever of its views comes first.
            findings += new_stray_config_keys(app)
            if config.errors:
                raise ConfigurationError(config.errors)
            # Like flask-cors, a combination made invalid only by the app's
            # config is found here, at the view's first request in that app.
            policy = folded.layer.policy()
            report(
                [(self.where, policy)],
                findings,
                strict=folded.settings.flag("strict"),
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
            return None, automatic
        return Decider(policy), automatic


#: Every view decorated with @cross_origin, by the function the decorator returned.
VIEWS: Final[weakref.WeakKeyDictionary[Callable[..., Any], ViewCORS]] = weakref.WeakKeyDictionary()
