"""An app that `flask cors check` fails, although it starts without a word."""

from flask import Flask

from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app, resources={r"/api/*": {"origins": "https://app.example.com"}})
# Too late: CORS(app) has read the config already, so this is ignored.
app.config["CORS_MAX_AGE"] = 600


@app.get("/account")
@cross_origin(supports_credentials=True)
def account() -> dict[str, str]:
    """Who is signed in: no origins given here nor in the config, so every origin may read."""
    return {"name": "Ada"}
