"""Errors the page can read, and preflights that get past an auth hook."""

from flask import Flask, abort, request
from werkzeug.exceptions import HTTPException

from flask_cors import CORS

app = Flask(__name__)
CORS(
    app,
    resources={r"/api/*": {"origins": ["https://app.example.com"]}},
    allow_headers=["Authorization", "Content-Type"],
    # Preflights get 204 before require_token runs: they carry no token.
    answer_preflights=True,
)


@app.before_request
def require_token() -> None:
    """Refuse API calls without the token."""
    token = request.headers.get("Authorization")
    if request.path.startswith("/api/") and token != "Bearer t0k3n":
        abort(401)


@app.errorhandler(HTTPException)
def json_error(error: HTTPException) -> tuple[dict[str, str], int]:
    """Answer errors as JSON; they carry the CORS headers too."""
    return {"error": error.name}, error.code or 500


@app.get("/api/items/<int:item_id>")
def item(item_id: int) -> dict[str, int]:
    """Return one item, or 404."""
    if item_id != 1:
        abort(404)
    return {"id": item_id}


@app.get("/api/crash")
def crash() -> str:
    """Fail: the 500 still carries CORS headers."""
    raise RuntimeError("boom")
