"""Redirects, followed as fetch follows them: a login redirect and a trailing slash."""

from flask import Flask, redirect, request
from flask.typing import ResponseReturnValue

from flask_cors import CORS
from flask_cors.testing import BrowserClient

app = Flask(__name__)
CORS(app, resources={r"/api/*": {"origins": ["https://app.example.com"]}})


@app.before_request
def require_login() -> ResponseReturnValue | None:
    """Send a visitor without a session to the login page (outside the CORS rules)."""
    if request.path.startswith("/api/me") and "session" not in request.cookies:
        return redirect("/login")
    return None


@app.get("/login")
def login() -> str:
    """The login page."""
    return "log in"


@app.get("/api/me")
def me() -> str:
    """Who is logged in."""
    return "ada"


@app.get("/api/items/")
def items() -> str:
    """The items (note the trailing slash)."""
    return "[]"


browser = BrowserClient(app, "https://app.example.com")
trailing = browser.fetch("/api/items")
print(trailing.allowed, trailing.verdict.redirects, trailing.status)
blocked = browser.fetch("/api/me")
print(blocked.allowed, blocked.step, blocked.error)
print(blocked.message)
manual = browser.fetch("/api/me", redirect="manual")
print(manual.allowed, manual.verdict.response_type, manual.status)
