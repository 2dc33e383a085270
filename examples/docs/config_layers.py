"""Options from several layers, and resource rules ordered by specificity."""

from flask import Flask

from flask_cors import CORS

app = Flask(__name__)
app.config["CORS_ORIGINS"] = ["https://app.example.com"]  # the app's config
app.config["CORS_MAX_AGE"] = 600
CORS(
    app,
    max_age=60,  # overrides CORS_MAX_AGE
    resources={
        r"/api/*": {},  # the options above
        # More specific, so it wins for /api/admin/... whatever the order.
        r"/api/admin/*": {"methods": ["GET"]},
    },
)


@app.route("/api/<path:name>", methods=["GET", "PUT"])
def anything(name: str) -> str:
    """Answer every API path."""
    return name
