"""The app the soak serves: CORS with literal, regex and wildcard rules, refusals logged.

gunicorn loads it as ``soak.app:create_app()``. The ``flask_cors`` logger
is set to INFO with a handler that counts and discards, so that every
refused request goes through the refusal log (:class:`flask_cors.adapter.Refusals`),
whose memory the soak watches, without flooding the server's output.
"""

from __future__ import annotations

import logging
from typing import Final

from flask import Flask, Response, jsonify

from flask_cors import CORS

#: The origin of the page that calls the API.
APP_ORIGIN: Final = "https://app.example.com"
#: Partner origins: any subdomain, matched by a regex.
PARTNER_REGEX: Final = r"^https://[a-z0-9-]+\.partner\.example$"
#: Methods and headers the API allows.
METHODS: Final = ["GET", "POST", "PUT", "DELETE"]
ALLOW_HEADERS: Final = ["Content-Type", "X-Requested-With", r"^X-Custom-[a-z]+$"]
MAX_AGE: Final = 600
EXPOSE: Final = ["X-Total"]


class CountingHandler(logging.Handler):
    """Counts the records it is given and keeps none."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        """Count the record."""
        self.count += 1


def create_app() -> Flask:
    """Return the soak app."""
    app = Flask("soak", static_folder=None)
    CORS(
        app,
        resources={
            r"/api/.*": {
                "origins": [APP_ORIGIN, PARTNER_REGEX],
                "methods": METHODS,
                "allow_headers": ALLOW_HEADERS,
                "expose_headers": EXPOSE,
                "supports_credentials": True,
                "max_age": MAX_AGE,
            },
            "/public/*": {"origins": "*"},
        },
    )
    logger = logging.getLogger("flask_cors")
    handler = CountingHandler()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    @app.route("/api/items", methods=["GET", "POST"])
    def items() -> Response:
        response = jsonify(items=[1, 2, 3])
        response.headers["X-Total"] = "3"
        return response

    @app.route("/public/info")
    def info() -> str:
        return "public"

    @app.route("/health")
    def health() -> Response:
        return jsonify(refusals_logged=handler.count)

    return app
