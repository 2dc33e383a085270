"""The apps under test: real Flask apps using flask_cors, built for one page origin.

Each factory takes the origin of the test page (``http://localhost:A``) and
returns an app whose CORS rules name it where a rule should allow it. Every
view answers with :func:`echo`, so a test can see what reached the server
and what the page may read.
"""

from __future__ import annotations

import warnings
from typing import Final

from flask import Blueprint, Flask, abort, jsonify, request
from flask.typing import ResponseReturnValue

from flask_cors import CORS, InsecureCORSWarning, cross_origin

#: An origin no test page has: rules that list only it refuse the page.
OTHER_ORIGIN: Final = "https://app.example.com"
#: The cookie of the credentials cases.
COOKIE: Final = "flask_cors_session"
#: The methods of the generic echo route.
METHODS: Final = ["GET", "POST", "PUT", "PATCH", "DELETE"]

#: The page every case runs in. The empty icon keeps a favicon 404 out of
#: the console, where the tests look for the browser's CORS messages.
PAGE_HTML: Final = (
    '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">'
    "<title>flask_cors browser tests</title></head><body></body></html>"
)


def page_app() -> Flask:
    """Build the app that serves the blank page the cases run in."""
    app = Flask("browser_page", static_folder=None)

    @app.get("/")
    def page() -> str:
        return PAGE_HTML

    return app


def echo(**_: object) -> ResponseReturnValue:
    """Answer with what arrived, plus one header to expose and one to keep hidden.

    It ignores URL variables, so that any route can use it as its view.
    """
    payload = {
        "method": request.method,
        "path": request.path,
        "origin": request.headers.get("Origin"),
        "authorization": request.headers.get("Authorization"),
        "x_allowed": request.headers.get("X-Allowed"),
        "content_type": request.headers.get("Content-Type"),
        "cookie": request.cookies.get(COOKIE),
        "body": request.get_data(as_text=True),
    }
    return jsonify(payload), 200, {"X-Exposed": "visible", "X-Hidden": "secret"}


def rules_app(page_origin: str) -> Flask:
    """Build an app with one ``CORS(app, resources=...)`` rule per behaviour under test.

    Every rule's path prefix names what it sets; ``/<prefix>/echo`` answers
    GET, POST, PUT, PATCH and DELETE under each of them.
    """
    app = Flask("browser_rules", static_folder=None)
    with warnings.catch_warnings():
        # The "null" rule is deliberate: the cases show what it lets a sandboxed
        # iframe do. flask_cors warns about it; any other warning still fails.
        warnings.filterwarnings("ignore", r"rule '/null/\*'", InsecureCORSWarning)
        CORS(
            app,
            resources={
                r"/default/*": {},
                r"/listed/*": {"origins": [OTHER_ORIGIN, page_origin]},
                r"/upper/*": {"origins": [page_origin.upper()]},
                r"/regex/*": {"origins": [r"http://localhost:\d+$"]},
                r"/regex-other/*": {"origins": [r"https://[a-z]+\.example\.com$"]},
                r"/elsewhere/*": {"origins": [OTHER_ORIGIN]},
                r"/wildcard/*": {"send_wildcard": True},
                r"/null/*": {"origins": ["null"]},
                r"/creds/*": {"origins": [page_origin], "supports_credentials": True},
                r"/methods/*": {"origins": [page_origin], "methods": ["GET", "POST"]},
                r"/get-only/*": {"origins": [page_origin], "methods": ["GET"]},
                r"/headers/*": {
                    "origins": [page_origin],
                    "allow_headers": ["Content-Type", "X-Allowed"],
                },
                r"/expose/*": {"origins": [page_origin], "expose_headers": ["X-Exposed"]},
                r"/cached/*": {"origins": [page_origin], "max_age": 600},
                r"/uncached/*": {"origins": [page_origin], "max_age": 0},
                r"/errors/*": {"origins": [page_origin]},
            },
        )
    app.add_url_rule("/<section>/echo", "echo", echo, methods=METHODS)

    @app.post("/creds/login")
    def login() -> ResponseReturnValue:
        response = jsonify(logged_in=True)
        response.set_cookie(COOKIE, "cookie-from-the-api", httponly=True, samesite="Lax")
        return response

    @app.get("/errors/boom")
    def boom() -> ResponseReturnValue:
        raise RuntimeError("a bug in the view (the browser tests expect this traceback)")

    @app.get("/errors/forbidden")
    def forbidden() -> ResponseReturnValue:
        abort(403, description="no entry")

    @app.put("/errors/conflict")
    def conflict() -> ResponseReturnValue:
        abort(409, description="already there")

    return app


def decorated_app(page_origin: str) -> Flask:
    """Build an app without the extension, whose views each carry ``@cross_origin``."""
    app = Flask("browser_decorated", static_folder=None)

    @app.route("/open", methods=["GET", "PUT"])
    @cross_origin()
    def open_to_all() -> ResponseReturnValue:
        return echo()

    @app.route("/listed", methods=["GET", "PUT", "DELETE"])
    @cross_origin(origins=[page_origin], methods=["GET", "PUT"], expose_headers=["X-Exposed"])
    def listed() -> ResponseReturnValue:
        return echo()

    @app.get("/elsewhere")
    @cross_origin(origins=[OTHER_ORIGIN])
    def elsewhere() -> ResponseReturnValue:
        return echo()

    @app.route("/manual-options", methods=["GET", "PUT"])
    @cross_origin(origins=[page_origin], automatic_options=False)
    def manual_options() -> ResponseReturnValue:
        return echo()

    @app.get("/async")
    @cross_origin(origins=[page_origin])
    async def asynchronous() -> ResponseReturnValue:
        return echo()

    return app


def blueprint_app(page_origin: str) -> Flask:
    """Build an app whose blueprints have CORS of their own, or none, plus a decorated view."""
    app = Flask("browser_blueprints", static_folder=None)

    v1 = Blueprint("v1", __name__, url_prefix="/v1")
    v1.add_url_rule("/items", "items", echo, methods=["GET", "PUT"])

    @v1.get("/items/<int:item_id>")
    def item(item_id: int) -> ResponseReturnValue:
        if item_id != 1:
            abort(404, description=f"no item {item_id}")
        return echo()

    # A blueprint's hooks must be added before it is registered.
    CORS(v1, origins=[page_origin], expose_headers=["X-Exposed"])

    internal = Blueprint("internal", __name__, url_prefix="/internal")
    internal.add_url_rule("/items", "items", echo)

    partners = Blueprint("partners", __name__, url_prefix="/partners")
    partners.add_url_rule("/items", "items", echo)
    CORS(partners, origins=[OTHER_ORIGIN])

    for blueprint in (v1, internal, partners):
        app.register_blueprint(blueprint)

    # An app-wide rule that refuses the page, and one view that overrides it.
    CORS(app, resources={r"/mixed/*": {"origins": [OTHER_ORIGIN]}})
    app.add_url_rule("/mixed/plain", "plain", echo)

    @app.get("/mixed/decorated")
    @cross_origin(origins=[page_origin])
    def decorated() -> ResponseReturnValue:
        return echo()

    return app
