"""CORS on one blueprint only: its routes get headers, the app's others do not."""

from flask import Blueprint, Flask

from flask_cors import CORS

api = Blueprint("api", __name__, url_prefix="/api")
CORS(api, origins=["https://app.example.com"])


@api.get("/items")
def items() -> list[str]:
    """List the items, for the frontend."""
    return ["apple", "pear"]


app = Flask(__name__)
app.register_blueprint(api)


@app.get("/health")
def health() -> str:
    """Answer the load balancer: same-origin only, no CORS headers."""
    return "ok"
