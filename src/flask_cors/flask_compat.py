"""What differs between the Flask versions the shell runs on (2.2 and later), in one place.

Flask 3.0 split its app class into a request-free base (``flask.sansio.app.App``,
which blueprints' setup state hands over) and ``Flask``; before 3.0 there is
only ``Flask``. Every other module imports such names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["App"]

if TYPE_CHECKING:
    # The type checker runs against Flask 3 (the dev group's newest Flask).
    from flask.sansio.app import App
else:
    try:
        from flask.sansio.app import App
    except ImportError:  # Flask 2.2 and 2.3: the app class is Flask itself.
        from flask import Flask as App
