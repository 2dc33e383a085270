"""The app that the ``flask cors`` commands of the debugging page inspect."""

from flask import Flask, request

from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app, resources={r"/api/*": {"origins": ["https://app.example.com"]}})


@app.before_request
def require_login() -> tuple[str, int] | None:
    """Refuse the admin API without a session cookie (preflights have none)."""
    admin = request.path.startswith("/api/admin/")
    if admin and "session" not in request.cookies:
        return "login required", 401
    return None


@app.route("/api/items", methods=["GET", "PUT"])
def items() -> list[str]:
    """List or replace the items."""
    return ["apple", "pear"]


@app.delete("/api/admin/users/<int:user_id>")
def delete_user(user_id: int) -> tuple[str, int]:
    """Delete a user."""
    return "", 204


@app.get("/public")
@cross_origin()
def public() -> str:
    """Answer any page."""
    return "anyone may read this"
