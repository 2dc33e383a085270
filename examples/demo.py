"""A small API with CORS rules, for trying flask_cors by hand.

Run it with ``make demo`` (``PORT`` overrides the port), then follow the
printed commands to see which requests get which CORS headers.
"""

from __future__ import annotations

import logging
import os

from flask.typing import ResponseReturnValue

from flask import Flask, abort, jsonify
from flask_cors import CORS, cross_origin

FRONTEND = "http://localhost:5001"


def create_app() -> Flask:
    """Build the demo app: an API for one frontend, a public route, a debug log."""
    app = Flask(__name__)
    CORS(
        app,
        resources={
            r"/api/*": {
                "origins": [FRONTEND, "http://127.0.0.1:5001"],
                "supports_credentials": True,
                "expose_headers": ["X-Request-Id"],
                "max_age": 600,
            },
        },
    )

    @app.get("/api/items")
    def items() -> ResponseReturnValue:
        return jsonify(["apple", "pear"]), 200, {"X-Request-Id": "42"}

    @app.post("/api/items")
    def add_item() -> ResponseReturnValue:
        return jsonify(created=True), 201

    @app.get("/api/missing")
    def missing() -> ResponseReturnValue:
        abort(404)

    @app.get("/public")
    @cross_origin(origins="*", send_wildcard=True)
    def public() -> ResponseReturnValue:
        return jsonify(message="anyone may read this")

    @app.get("/private")
    def private() -> ResponseReturnValue:
        return jsonify(message="no CORS rule covers this path")

    return app


def usage(base: str) -> str:
    """Return the commands a newcomer can paste to see the headers."""
    return f"""\
flask_cors demo API on {base}

Try, in another terminal:
  # an allowed origin: the origin is echoed, credentials allowed, Vary: Origin
  curl -si {base}/api/items -H 'Origin: {FRONTEND}'
  # a preflight for a JSON POST: methods, headers and max-age come back
  curl -si -X OPTIONS {base}/api/items -H 'Origin: {FRONTEND}' \\
       -H 'Access-Control-Request-Method: POST' \\
       -H 'Access-Control-Request-Headers: content-type'
  # an origin that is not allowed: no CORS headers at all
  curl -si {base}/api/items -H 'Origin: https://evil.example'
  # an error response keeps its CORS headers, so the page can read the 404
  curl -si {base}/api/missing -H 'Origin: {FRONTEND}'
  # a public route (@cross_origin): Access-Control-Allow-Origin: *
  curl -si {base}/public -H 'Origin: https://anyone.example'
  # a path no rule covers: no CORS headers
  curl -si {base}/private -H 'Origin: {FRONTEND}'

The 'flask_cors' logger is at DEBUG here, so each decision is logged below.
Press Ctrl+C to stop.
"""


def main() -> None:
    """Run the demo on 127.0.0.1:$PORT (default 5000)."""
    port = int(os.environ.get("PORT", "5000"))
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    logging.getLogger("flask_cors").setLevel(logging.DEBUG)
    print(usage(f"http://127.0.0.1:{port}"), flush=True)
    create_app().run(host="127.0.0.1", port=port)


if __name__ == "__main__":
    main()
