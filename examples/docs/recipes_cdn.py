"""Behind a CDN or a shared cache: Vary: Origin, or one answer for all."""

from flask import Flask

from flask_cors import CORS

FRONTENDS = ["https://app.example.com", "https://admin.example.com"]

app = Flask(__name__)
CORS(
    app,
    resources={
        # The answer depends on the Origin: every response has Vary: Origin.
        r"/api/*": {"origins": FRONTENDS},
        # The same answer ("*") for every origin: one cached copy, no Vary.
        r"/public/*": {"origins": "*", "send_wildcard": True, "max_age": 86400},
    },
)


@app.get("/api/cart")
def cart() -> tuple[list[str], int, dict[str, str]]:
    """Return the cart; the CDN may cache it, per origin."""
    return ["apple"], 200, {"Cache-Control": "public, max-age=60"}


@app.get("/public/prices")
def prices() -> tuple[dict[str, int], int, dict[str, str]]:
    """Return public prices, the same for every page."""
    return {"apple": 3}, 200, {"Cache-Control": "public, max-age=3600"}
