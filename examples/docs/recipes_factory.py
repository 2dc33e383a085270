"""The app-factory pattern: one CORS object, configured from each app's config."""

from collections.abc import Mapping

from flask import Blueprint, Flask

from flask_cors import CORS

cors = CORS(resources={r"/api/*": {}})
api = Blueprint("api", __name__, url_prefix="/api")


@api.get("/status")
def status() -> dict[str, str]:
    """Say the API is up."""
    return {"status": "up"}


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build an app whose CORS settings come from its config.

    Args:
        config: Settings over the defaults, such as a test's.

    Returns:
        The app, with CORS on ``/api/*``.
    """
    app = Flask(__name__)
    app.config["CORS_ORIGINS"] = ["https://app.example.com"]
    app.config.from_mapping(config or {})
    # FLASK_CORS_ORIGINS='["https://staging.example.com"]' overrides both.
    app.config.from_prefixed_env()
    app.register_blueprint(api)
    cors.init_app(app)
    return app
