"""The Public Suffix List, read once, when a wildcard or regex origin first needs it.

The lint (:func:`flask_cors.core.lint`) asks whether a domain is a public
suffix (``com``, ``co.uk``, ``github.io``, ``vercel.app``,
``s3.amazonaws.com``): one under which anyone can register a name. The
answer comes from the Public Suffix List (https://publicsuffix.org/), as
packaged by ``publicsuffixlist``, a dependency of this package. Reading the
list takes tens of milliseconds, so it is read only when a policy with a
wildcard or regex origin is linted, once per process; ``import flask_cors``
does not import it. The core stays free of I/O: it takes the test as an
argument, and this module passes it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .core import Policy, Problem
from .core import lint as lint_with
from .core.sites import PublicSuffixTest

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

__all__ = ["is_public_suffix", "lint"]


def is_public_suffix(domain: str) -> bool:
    """Return whether ``domain`` is a public suffix by the Public Suffix List.

    Names of no known top-level domain (``localhost``, ``internal``,
    ``test``) are not: nobody can register under them.
    """
    return _public_suffix_list().is_public(domain)


@functools.cache
def _public_suffix_list() -> PublicSuffixList:
    # Imported here, not at the top: see the module docstring.
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(accept_unknown=False)


def lint(policy: Policy, *, public_suffix: PublicSuffixTest | None = None) -> tuple[Problem, ...]:
    """Return the insecure parts of a policy, public suffixes judged by the Public Suffix List.

    :func:`flask_cors.core.lint.lint` with :func:`is_public_suffix` as its
    test (or ``public_suffix``, when given): the findings ``CORS(...)`` and
    ``@cross_origin(...)`` warn about as :class:`~flask_cors.InsecureCORSWarning`.
    """
    return lint_with(policy, public_suffix=public_suffix or is_public_suffix)
