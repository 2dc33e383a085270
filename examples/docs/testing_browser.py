"""Assert in your own tests what the browser will let your page do."""

from flask import Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue

from flask_cors import CORS
from flask_cors.testing import BrowserClient

FRONTEND = "https://app.example.com"

app = Flask(__name__)
CORS(
    app,
    resources={r"/api/*": {"origins": [FRONTEND]}},
    supports_credentials=True,
    expose_headers=["X-Total-Count"],
)


@app.post("/login")
def login() -> Response:
    """Log the user in: set the session cookie."""
    response = jsonify(user="ada")
    response.set_cookie("session", "ada")
    return response


@app.route("/api/items", methods=["GET", "PUT"])
def items() -> ResponseReturnValue:
    """List the items, or replace them for the user logged in."""
    if request.method == "PUT" and "session" not in request.cookies:
        return jsonify(error="log in first"), 401
    return jsonify(["apple", "pear"]), 200, {"X-Total-Count": "2"}


def test_the_frontend_may_put_items_with_credentials() -> None:
    """The page on the frontend's origin may PUT JSON with its cookies and read the answer."""
    browser = BrowserClient(app, FRONTEND)
    browser.client.post("/login")  # the client keeps the session cookie, as the browser would
    fetched = browser.fetch("/api/items", method="PUT", json=["fig"], credentials=True)
    assert fetched.allowed, fetched.message
    assert fetched.preflight is not None  # JSON needs a preflight
    assert fetched.status == 200


def test_the_page_reads_the_exposed_count() -> None:
    """The page can read X-Total-Count, which is exposed, and the safelisted Content-Type."""
    fetched = BrowserClient(app, FRONTEND).fetch("/api/items")
    assert fetched.headers["x-total-count"] == "2"
    assert fetched.headers["content-type"] == "application/json"


def test_other_sites_cannot_read_items() -> None:
    """A page on another origin is blocked, as Chromium's console would say."""
    fetched = BrowserClient(app, "https://evil.example").fetch("/api/items")
    assert not fetched.allowed
    assert "No 'Access-Control-Allow-Origin' header" in fetched.message
