"""``flask cors`` routes, check and explain show cross-site protection and origin functions."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask.testing import FlaskCliRunner

from flask_cors import CORS, cross_origin, cross_site_exempt
from flask_cors.cli import cors

APP = "https://app.example.com"
EVIL = "https://evil.example.net"


def registered(origin: str) -> bool:
    """Clients registered at run time."""
    return origin.endswith(".clients.example")


def protected_app() -> Flask:
    """An app with protection on, an exempt callback, a decorated view and an origin function."""
    app = Flask("protected_cli", static_folder=None)

    @app.route("/api/orders", methods=["GET", "POST"])
    def orders() -> str:
        return "orders"

    @app.post("/auth/callback")
    @cross_site_exempt
    def callback() -> str:
        return "signed in"

    @app.post("/widget")
    @cross_origin(origins=["https://partner.example"])
    def widget() -> str:
        return "widget"

    hooks = Blueprint("hooks", __name__, url_prefix="/hooks")
    hooks.add_url_rule("/pay", "pay", lambda: "paid", methods=["POST"])
    cross_site_exempt(hooks)
    app.register_blueprint(hooks)
    CORS(
        app,
        resources={r"/api/*": {"origins": [APP, registered]}, r"/public/*": {}},
        cross_site_protection=True,
    )
    return app


def output(runner: FlaskCliRunner, args: list[str], exit_code: int = 0) -> list[str]:
    """Run ``flask cors <args>``; return its lines, checking the exit code."""
    result = runner.invoke(cors, args)
    assert result.exit_code == exit_code, result.output
    return result.output.splitlines()


def test_routes_protection_cells() -> None:
    """Each route's Protection cell: on where it applies, exempt for exempt views and blueprints."""
    lines = output(protected_app().test_cli_runner(), ["routes"])
    header = lines[0]
    start = header.index("Protection")
    cells = {line.split()[0]: line[start : start + len("Protection")].strip() for line in lines[2:]}
    assert cells == {
        "orders": "on",
        "callback": "exempt",
        "widget": "on",
        "hooks.pay": "exempt",
    }
    origins = {line.split()[0]: line[header.index("Origins") :] for line in lines[2:]}
    assert origins["orders"] == f"{APP}, function {__name__}.registered"
    assert origins["widget"] == "https://partner.example"


def test_routes_without_protection_has_no_column() -> None:
    """Without protection anywhere, routes prints the columns it always printed."""
    app = Flask("plain_cli", static_folder=None)
    app.add_url_rule("/x", "x", lambda: "x")
    CORS(app)
    assert output(app.test_cli_runner(), ["routes"])[0].split() == [
        "Endpoint",
        "Methods",
        "Rule",
        "CORS",
        "Origins",
    ]


def test_check_summarises_protection_and_notes_functions() -> None:
    """check says where protection is on, what is exempt, where it trusts nobody, and notes."""
    lines = output(protected_app().test_cli_runner(), ["check"])
    assert lines == [
        "2 CORS rule(s), 1 @cross_origin view(s): valid",
        "cross-site protection: on for app",
        "cross-site protection: exempt: callback, hooks.pay",
        "note: rule '/public/*': cross-site protection trusts no other origin here (origins='*' "
        "lets every site read, and trusts none to send): pages of other sites cannot send it "
        "requests that change data",
        f"note: rule '/api/*': origins='{__name__}.registered': is a function, asked at run time: "
        "no check can look inside it. (make sure it compares the whole origin (scheme, host and "
        "port) for equality, never a prefix, suffix or substring; answers False for 'null' and "
        "for what it does not know; and is fast, as it runs on every CORS request (remembered() "
        "keeps its answers for a time))",
    ]


def test_explain_not_sent_refused() -> None:
    """explain, for a POST not sent, says protection would refuse it, and exits 1."""
    lines = output(
        protected_app().test_cli_runner(),
        ["explain", "/api/orders", "--origin", EVIL, "--method", "POST"],
        exit_code=1,
    )
    assert lines[0] == (
        "note: the browser sends Sec-Fetch-Site: cross-site (the page's origin against "
        "http://localhost, where explain sends requests)"
    )
    assert lines[1] == "POST /api/orders (not sent: it could change data; --send sends it)"
    assert (
        "protection: POST request from origin 'https://evil.example.net' was refused by "
        "cross-site protection of rule '/api/*': the browser says another site's page sent it "
        "(Sec-Fetch-Site: 'cross-site'), and the CORS origins do not list it; trusted: "
        f"'{APP}', function {__name__}.registered; to let that page send it, list its origin in "
        "origins, or exempt the view or blueprint with cross_site_exempt()"
    ) in lines
    assert lines[-1] == (
        "refused: cross-site protection answers 403 before the view runs: nothing the request "
        "asked for was done"
    )


def test_explain_sent_refused() -> None:
    """explain --send sends the browser's Sec-Fetch-Site and shows the 403."""
    lines = output(
        protected_app().test_cli_runner(),
        ["explain", "/api/orders", "--origin", EVIL, "--method", "POST", "--send"],
        exit_code=1,
    )
    assert lines[1:4] == [
        "POST /api/orders (request) -> 403 FORBIDDEN",
        f"  > Origin: {EVIL}",
        "  > Sec-Fetch-Site: cross-site",
    ]
    assert any(line.startswith("protection: POST request from origin") for line in lines)


def test_explain_trusted_function() -> None:
    """An origin the function allows passes protection and CORS."""
    lines = output(
        protected_app().test_cli_runner(),
        [
            "explain",
            "/api/orders",
            "--origin",
            "https://a.clients.example",
            "--method",
            "POST",
            "--send",
        ],
    )
    assert "POST /api/orders (request) -> 200 OK" in lines
    assert not any(line.startswith("protection:") for line in lines)


def test_explain_same_site_page() -> None:
    """A page on another port of localhost is same-site, which protection refuses too."""
    lines = output(
        protected_app().test_cli_runner(),
        ["explain", "/api/orders", "--origin", "http://localhost:3000", "--method", "POST"],
        exit_code=1,
    )
    assert lines[0].startswith("note: the browser sends Sec-Fetch-Site: same-site")
    assert any("(Sec-Fetch-Site: 'same-site')" in line for line in lines)


def test_explain_exempt_view_passes() -> None:
    """An exempt view is not refused, whatever the page."""
    lines = output(
        protected_app().test_cli_runner(),
        ["explain", "/auth/callback", "--origin", EVIL, "--method", "POST", "--send"],
        exit_code=1,
    )
    assert "POST /auth/callback (request) -> 200 OK" in lines
    assert not any(line.startswith("refused:") for line in lines)
