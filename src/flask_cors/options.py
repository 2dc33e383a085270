"""The keyword options of ``CORS(...)``, ``init_app(...)`` and ``@cross_origin(...)``.

Typed with :class:`~typing.TypedDict` so that, under ``mypy --strict``, a
misspelled option or a value of the wrong type is an error where it is
written, not a surprise at run time. They are defined, with every option's
default, in the core's :mod:`flask_cors.core.vocabulary`.
"""

from __future__ import annotations

from .core.vocabulary import CORSOptions, CrossOriginOptions, ResourceOptions

__all__ = ["CORSOptions", "CrossOriginOptions", "ResourceOptions"]
