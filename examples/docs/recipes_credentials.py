"""Cookies across origins: credentials for one listed frontend."""

from flask import Flask, Response, jsonify, request

from flask_cors import CORS

FRONTEND = "https://app.example.com"

app = Flask(__name__)
CORS(
    app,
    resources={r"/api/*": {"origins": [FRONTEND], "supports_credentials": True}},
)


@app.post("/api/login")
def login() -> Response:
    """Set the session cookie (kept if the page asked for credentials)."""
    response = jsonify(user="ada")
    # A cookie sent to another site needs SameSite=None, which needs Secure.
    response.set_cookie(
        "session",
        "s3cr3t-id",
        secure=True,
        httponly=True,
        samesite="None",
    )
    return response


@app.get("/api/me")
def me() -> dict[str, str | None]:
    """Read the session cookie the browser sent back."""
    return {"session": request.cookies.get("session")}
