"""Quickstart: CORS for every route of an app, from any origin."""

from flask import Flask

from flask_cors import CORS

app = Flask(__name__)
CORS(app)  # every route, any origin: the flask-cors default


@app.get("/hello")
def hello() -> dict[str, str]:
    """Answer any page, from any origin."""
    return {"hello": "world"}
