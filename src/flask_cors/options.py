"""The keyword options of ``CORS(...)``, ``init_app(...)`` and ``@cross_origin(...)``.

Typed with :class:`~typing.TypedDict` so that, under ``mypy --strict``, a
misspelled option or a value of the wrong type is an error where it is
written, not a surprise at run time.
"""

from __future__ import annotations

from typing import TypedDict

from .core.patterns import EntriesInput
from .core.policy import HeaderNamesInput, MaxAgeInput, MethodsInput
from .core.resources import ResourcesInput


class ResourceOptions(TypedDict, total=False):
    """The options of one resource: ``resources={r"/api/*": {...}}``.

    Those of a :class:`~flask_cors.Policy`: what applies per path. They
    override the keyword arguments for the paths the pattern matches.
    """

    origins: EntriesInput
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
    default options response plus CORS headers; ``strict`` (default
    ``False``) turns every configuration warning into a
    :class:`~flask_cors.ConfigurationError`.
    """

    automatic_options: bool
    strict: bool


class CORSOptions(CrossOriginOptions, total=False):
    """The options of ``CORS(...)`` and ``init_app(...)``.

    Adds to :class:`CrossOriginOptions`: ``resources`` (which paths get
    which options; default ``r"/*"``), ``intercept_exceptions`` (error
    responses get CORS headers too; default ``True``) and
    ``answer_preflights`` (answer CORS preflights before ``before_request``
    hooks and routing, with 204; default ``False``).
    """

    resources: ResourcesInput
    intercept_exceptions: bool
    answer_preflights: bool
