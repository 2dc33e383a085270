"""An API for one frontend, with one public route that any page may read."""

from flask import Flask

from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app, resources={r"/api/*": {"origins": ["https://app.example.com"]}})


@app.get("/api/items")
def items() -> list[str]:
    """List the items, for the one frontend."""
    return ["apple", "pear"]


@app.get("/public")
@cross_origin(origins="*", max_age=600)
def public() -> str:
    """Answer any page; browsers may cache the preflight for 10 minutes."""
    return "anyone may read this"
