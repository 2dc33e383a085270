"""Tests in the style flask-cors's own suite and its users' suites are written in.

unittest classes over Flask's test client, scheme-less origins such as
``www.example.com``, and the option forms flask-cors's documentation shows.
Each expectation is what flask-cors 6.0.5 answers for the same app and
request: code tested like this against flask-cors passes unchanged here.
"""

from __future__ import annotations

import re
import unittest
import warnings
from datetime import timedelta

from flask import Flask

from flask_cors import CORS, CORSConfigWarning, InsecureCORSWarning, cross_origin

ACL_ORIGIN = "Access-Control-Allow-Origin"
ACL_METHODS = "Access-Control-Allow-Methods"
ACL_ALLOW_HEADERS = "Access-Control-Allow-Headers"
ACL_EXPOSE_HEADERS = "Access-Control-Expose-Headers"
ACL_CREDENTIALS = "Access-Control-Allow-Credentials"
ACL_MAX_AGE = "Access-Control-Max-Age"


def preflight(origin: str, method: str = "GET", headers: str | None = None) -> dict[str, str]:
    """Return a preflight's request headers, as a browser sends them."""
    sent = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        sent["Access-Control-Request-Headers"] = headers
    return sent


class AppTestCase(unittest.TestCase):
    """A base case whose app has two plain views."""

    def setUp(self) -> None:
        self.app = Flask(__name__)

        @self.app.route("/")
        def index() -> str:
            return "Welcome!"

        @self.app.route("/api/v1/users/create", methods=["GET", "POST"])
        def create_user() -> str:
            return "created"

        self.client = self.app.test_client()


class DefaultOptionsTest(AppTestCase):
    """CORS(app) with no options."""

    def setUp(self) -> None:
        super().setUp()
        CORS(self.app)

    def test_scheme_less_origin_is_echoed(self) -> None:
        """A test's Origin without a scheme is echoed, as flask-cors echoes it under '*'."""
        response = self.client.get("/", headers={"Origin": "www.example.com"})
        self.assertEqual(response.headers.get(ACL_ORIGIN), "www.example.com")

    def test_bare_host_origin_is_echoed(self) -> None:
        """``Origin: example.com`` (as moto's S3 tests send) is echoed too."""
        response = self.client.get("/", headers={"Origin": "example.com"})
        self.assertEqual(response.headers.get(ACL_ORIGIN), "example.com")

    def test_no_origin_gets_the_wildcard(self) -> None:
        """A request without Origin gets '*' (always_send)."""
        response = self.client.get("/")
        self.assertEqual(response.headers.get(ACL_ORIGIN), "*")

    def test_preflight_lists_the_default_methods(self) -> None:
        """A preflight gets every default method, sorted, and the requested headers."""
        response = self.client.options("/", headers=preflight("www.example.com", "POST", "X-Foo"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get(ACL_ORIGIN), "www.example.com")
        self.assertEqual(
            response.headers.get(ACL_METHODS), "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
        )
        self.assertEqual(response.headers.get(ACL_ALLOW_HEADERS), "X-Foo")

    def test_not_found_still_gets_headers(self) -> None:
        """An error response carries the CORS headers (intercept_exceptions)."""
        response = self.client.get("/missing", headers={"Origin": "www.example.com"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.headers.get(ACL_ORIGIN), "www.example.com")


class OriginsTest(AppTestCase):
    """The origins option in the forms flask-cors's docs show."""

    def test_listed_scheme_less_origin(self) -> None:
        """A listed origin without a scheme matches the same text, and only it."""
        with self.assertWarns(CORSConfigWarning):
            CORS(self.app, origins=["www.example.com", "http://foo.com"])
        allowed = self.client.get("/", headers={"Origin": "www.example.com"})
        refused = self.client.get("/", headers={"Origin": "www.other.com"})
        self.assertEqual(allowed.headers.get(ACL_ORIGIN), "www.example.com")
        self.assertIsNone(refused.headers.get(ACL_ORIGIN))

    def test_classic_subdomain_regex(self) -> None:
        """flask-cors's documented subdomain regex starts, and matches as it did."""
        # It starts (no ReDoS refusal), with a note that it is not anchored.
        with self.assertWarns(InsecureCORSWarning):
            CORS(self.app, origins=r"http?://\w*\.?example\.com:?\d*/?.*")
        for origin in ("http://example.com", "http://www.example.com:8080", "http://a.example.com"):
            response = self.client.get("/", headers={"Origin": origin})
            self.assertEqual(response.headers.get(ACL_ORIGIN), origin)
        response = self.client.get("/", headers={"Origin": "http://example.org"})
        self.assertIsNone(response.headers.get(ACL_ORIGIN))

    def test_compiled_regex(self) -> None:
        """A compiled regex is matched from the start of the origin."""
        CORS(self.app, origins=re.compile(r"https://.*\.example\.com$"))
        response = self.client.get("/", headers={"Origin": "https://api.example.com"})
        self.assertEqual(response.headers.get(ACL_ORIGIN), "https://api.example.com")

    def test_no_origin_gets_the_first_listed_origin(self) -> None:
        """Without Origin, the first listed origin in sorted order is sent."""
        CORS(self.app, origins=["http://foo.com", "http://bar.com"])
        self.assertEqual(self.client.get("/").headers.get(ACL_ORIGIN), "http://bar.com")

    def test_always_send_off(self) -> None:
        """With always_send=False, a request without Origin gets nothing."""
        CORS(self.app, always_send=False)
        self.assertIsNone(self.client.get("/").headers.get(ACL_ORIGIN))

    def test_send_wildcard(self) -> None:
        """send_wildcard answers '*' instead of the origin."""
        CORS(self.app, send_wildcard=True)
        response = self.client.get("/", headers={"Origin": "www.example.com"})
        self.assertEqual(response.headers.get(ACL_ORIGIN), "*")


class ConfigurationsThatStartTest(AppTestCase):
    """Configurations flask-cors 6.0.5 starts start here too, with a warning that says why."""

    def assert_starts_with_warning(self, origins: str | list[str], text: str) -> None:
        with self.assertWarns(CORSConfigWarning) as caught:
            CORS(self.app, origins=origins)
        self.assertIn(text, str(caught.warning))

    def test_page_url(self) -> None:
        """A page URL among the origins starts, and the warning names the origin meant."""
        self.assert_starts_with_warning(
            ["http://127.0.0.1:5501/index.html"],
            "origins='http://127.0.0.1:5501/index.html': has a path "
            "(did you mean 'http://127.0.0.1:5501'?)",
        )
        # As in 6.0.5, it matches no browser's Origin.
        response = self.client.get("/", headers={"Origin": "http://127.0.0.1:5501"})
        self.assertIsNone(response.headers.get(ACL_ORIGIN))

    def test_scheme_less_entries(self) -> None:
        """Scheme-less entries start; each is warned about with its fix."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            CORS(self.app, origins=["localhost:*", "127.0.0.1", "::1"])
        texts = "\n".join(str(w.message) for w in caught)
        self.assertIn(
            "origins='127.0.0.1': has no scheme (did you mean 'http://127.0.0.1'?)", texts
        )
        self.assertIn("origins='::1': has no scheme (did you mean 'http://[::1]'?)", texts)
        # "localhost:*" is a regex to flask-cors: it matches "localhost:3000".
        response = self.client.get("/", headers={"Origin": "localhost:3000"})
        self.assertEqual(response.headers.get(ACL_ORIGIN), "localhost:3000")

    def test_trailing_slash(self) -> None:
        """A trailing slash starts, with the fix."""
        self.assert_starts_with_warning(
            ["http://a.com/"], "origins='http://a.com/': has a trailing slash"
        )

    def test_comma_joined_string(self) -> None:
        """Several origins in one string start, and the warning says to give a list."""
        self.assert_starts_with_warning(
            "https://a.com,https://b.com",
            "holds several origins in one string (give a list: ['https://a.com', 'https://b.com'])",
        )

    def test_empty_entry_from_an_unset_variable(self) -> None:
        """``"".split(",")`` gives ``[""]``: it starts, allows nothing, and is warned about."""
        self.assert_starts_with_warning([""], "origins='': is empty (remove it)")
        response = self.client.get("/", headers={"Origin": "https://a.com"})
        self.assertIsNone(response.headers.get(ACL_ORIGIN))
        # No Origin: the first literal is empty, and empty values are never sent.
        self.assertIsNone(self.client.get("/").headers.get(ACL_ORIGIN))


class ResourcesTest(AppTestCase):
    """Per-path resources, in the dict form of flask-cors's README."""

    def setUp(self) -> None:
        super().setUp()
        with self.assertWarns(CORSConfigWarning):
            CORS(
                self.app,
                resources={r"/api/*": {"origins": "www.example.com", "max_age": timedelta(days=1)}},
            )

    def test_matching_path(self) -> None:
        """A path under the resource gets its options."""
        response = self.client.options(
            "/api/v1/users/create", headers=preflight("www.example.com", "POST")
        )
        self.assertEqual(response.headers.get(ACL_ORIGIN), "www.example.com")
        self.assertEqual(response.headers.get(ACL_MAX_AGE), "86400")

    def test_other_path(self) -> None:
        """A path outside every resource gets no CORS headers."""
        response = self.client.get("/", headers={"Origin": "www.example.com"})
        self.assertIsNone(response.headers.get(ACL_ORIGIN))


class CredentialsAndExposeTest(AppTestCase):
    """supports_credentials and expose_headers."""

    def test_credentials_with_a_listed_origin(self) -> None:
        """Credentials are allowed for the listed origin, which is echoed."""
        with self.assertWarns(CORSConfigWarning):
            CORS(self.app, origins="www.example.com", supports_credentials=True)
        response = self.client.get("/", headers={"Origin": "www.example.com"})
        self.assertEqual(response.headers.get(ACL_ORIGIN), "www.example.com")
        self.assertEqual(response.headers.get(ACL_CREDENTIALS), "true")

    def test_expose_headers_sorted(self) -> None:
        """Exposed headers are sent sorted and comma-space joined."""
        CORS(self.app, expose_headers=["X-Total-Count", "X-Page"])
        response = self.client.get("/", headers={"Origin": "www.example.com"})
        self.assertEqual(response.headers.get(ACL_EXPOSE_HEADERS), "X-Page, X-Total-Count")


class DecoratorTest(unittest.TestCase):
    """@cross_origin on views, with and without the app's CORS_* config."""

    def setUp(self) -> None:
        self.app = Flask(__name__)

    def test_default_decorator(self) -> None:
        """@cross_origin() echoes a scheme-less origin and answers OPTIONS itself."""

        @self.app.route("/")
        @cross_origin()
        def index() -> str:
            return "Welcome!"

        client = self.app.test_client()
        response = client.get("/", headers={"Origin": "www.example.com"})
        self.assertEqual(response.headers.get(ACL_ORIGIN), "www.example.com")
        response = client.options("/", headers=preflight("www.example.com"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get(ACL_ORIGIN), "www.example.com")

    def test_scheme_less_config_origin_is_served(self) -> None:
        """CORS_ORIGINS='localhost:3000' with @cross_origin() serves the view, never a 500."""
        self.app.config["CORS_ORIGINS"] = "localhost:3000"

        @self.app.route("/")
        @cross_origin()
        def index() -> str:
            return "Welcome!"

        client = self.app.test_client()
        with self.assertLogs("flask_cors", "WARNING") as logged:
            same_origin = client.get("/")
        self.assertEqual(same_origin.status_code, 200)
        self.assertIn(
            "CORS_ORIGINS='localhost:3000': has no scheme (did you mean 'http://localhost:3000'?)",
            "\n".join(logged.output),
        )
        response = client.get("/", headers={"Origin": "localhost:3000"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get(ACL_ORIGIN), "localhost:3000")

    def test_invalid_config_layer_is_served_without_cors(self) -> None:
        """A CORS_* value no version accepts is logged once, and the view still answers 200."""
        self.app.config["CORS_SUPPORTS_CREDENTIALS"] = "False"

        @self.app.route("/")
        @cross_origin()
        def index() -> str:
            return "Welcome!"

        client = self.app.test_client()
        with self.assertLogs("flask_cors", "ERROR") as logged:
            response = client.get("/", headers={"Origin": "www.example.com"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.headers.get(ACL_ORIGIN))
        self.assertIn("CORS_SUPPORTS_CREDENTIALS='False'", "\n".join(logged.output))
        # Once: the next request logs nothing more.
        with self.assertNoLogs("flask_cors", "ERROR"):
            self.assertEqual(client.get("/").status_code, 200)
