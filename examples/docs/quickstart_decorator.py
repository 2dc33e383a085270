"""Quickstart: CORS for single views, with their own options."""

from flask import Flask

from flask_cors import cross_origin

app = Flask(__name__)


@app.get("/public")
@cross_origin()  # any origin may read this view
def public() -> str:
    """Answer any page."""
    return "anyone may read this"


@app.route("/api/items", methods=["GET", "POST"])
@cross_origin(
    origins=["https://app.example.com"],  # only this page
    methods=["GET", "POST"],  # what a preflight may ask for
    supports_credentials=True,  # the page may send cookies
)
def items() -> list[str]:
    """Answer the one frontend, with the user's cookies."""
    return ["apple", "pear"]
