"""The documentation's examples run, and do what their pages say.

Every Python example of the docs is a file under ``examples/docs/`` that a
page includes with ``--8<-- "examples/docs/NAME.py"`` (pymdownx.snippets), so
mypy and ruff check it like any other code, and this module runs it. Three
HTML comments, each on the line right before a fenced block, tie a page to
what the tests check:

- ``<!-- not-run: REASON -->`` before a ```` ```python ```` block that is
  deliberately not runnable (a fragment, pseudo-code). Any other Python
  block must consist of snippet lines only, or the docs test below fails.
- ``<!-- output: examples/docs/NAME.py -->`` before a ```` ```text ````
  block: the block is exactly what running that file prints.
- ``<!-- transcript: examples/docs/NAME.py -->`` before a ```` ```text ````
  block of ``$ flask [--app X] cors ...`` commands, each followed by its
  output: running each through that file's ``app`` prints exactly that.
- ``<!-- exchange: examples/docs/NAME.py -->`` before a ```` ```text ````
  block of HTTP exchanges separated by blank lines: ``> METHOD PATH`` and
  ``> Name: value`` lines for the request, then ``< STATUS`` and the
  response's CORS headers and ``Vary``, all of them and in order, as
  ``< Name: value``. Sending each request to that file's ``app`` gets
  exactly that.

The README cannot include files, so each of its Python blocks must be a
verbatim part of an example file instead.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import io
import logging
import re
import runpy
import shlex
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from packaging.requirements import Requirement
from werkzeug.datastructures import Headers
from werkzeug.test import Client

import flask_cors
import flask_cors.core
from docs import (
    config_layers,
    home,
    quickstart,
    quickstart_decorator,
    quickstart_strict,
    recipes_async,
    recipes_blueprints,
    recipes_cdn,
    recipes_credentials,
    recipes_dev_server,
    recipes_errors,
    recipes_factory,
    recipes_frontends,
    recipes_subdomains,
    testing_browser,
    wsgi_middleware,
)
from flask_cors import CORS, ConfigurationError, InsecureCORSWarning, Policy, RequestInfo, decide
from flask_cors.cli import cors
from flask_cors.core import CONFIG_OPTIONS
from flask_cors.options import CORSOptions

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples" / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
EXAMPLE_FILES = sorted(path for path in EXAMPLES.glob("*.py") if path.name != "__init__.py")

FRONTEND = "https://app.example.com"

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_MARKER = re.compile(
    r"^ *<!-- (?P<kind>not-run|output|transcript|exchange):\s*(?P<value>.*?)\s*-->$"
)
_SNIPPET = re.compile(r'^--8<-- "(?P<path>[^"]+)"$')
_PYTHON = frozenset({"python", "py", "python3", "pycon"})


@dataclass(frozen=True)
class Block:
    """One fenced code block of a Markdown file, with the line right before it."""

    page: Path
    line: int
    language: str
    body: str
    marker: str

    def where(self) -> str:
        """Name the block in failure messages."""
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    def marked(self, kind: str) -> str | None:
        """Return the value of the marker of ``kind`` before this block, if there is one."""
        found = _MARKER.match(self.marker)
        return found["value"] if found is not None and found["kind"] == kind else None


def _blocks(page: Path) -> list[Block]:
    """Return the fenced code blocks of a Markdown file, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        words = opening["info"].strip().lstrip("{.").split()
        language = words[0].lower() if words else ""
        start, marker = index + 1, lines[index - 1] if index > 0 else ""
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].strip() != fence:
            body.append(lines[index][indent:])
            index += 1
        blocks.append(Block(page, start, language, "\n".join(body), marker))
        index += 1
    return blocks


def _all_blocks() -> list[Block]:
    return [block for page in PAGES for block in _blocks(page)]


def _marked(kind: str) -> list[Block]:
    return [block for block in _all_blocks() if block.marked(kind) is not None]


def _included() -> set[Path]:
    """Return every file a docs page includes with a snippet line."""
    included: set[Path] = set()
    for page in PAGES:
        for line in page.read_text(encoding="utf-8").splitlines():
            found = _SNIPPET.match(line.strip())
            if found is not None:
                included.add(ROOT / found["path"])
    return included


def _run(path: Path) -> tuple[dict[str, object], str]:
    """Run an example file afresh; return its globals and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        namespace = runpy.run_path(str(path), run_name=f"docs_example_{path.stem}")
    return namespace, out.getvalue()


def _fresh_app(path: Path) -> Flask:
    """Return the ``app`` of a fresh run of an example, with none of its state shared."""
    app = _run(path)[0]["app"]
    assert isinstance(app, Flask)
    return app


def _cors(headers: Headers) -> list[tuple[str, str]]:
    """Return the CORS headers and Vary of a response, in order."""
    return [(k, v) for k, v in headers if k.startswith("Access-Control-") or k == "Vary"]


def _preflight(method: str, headers: str = "", origin: str = FRONTEND) -> dict[str, str]:
    request = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        request["Access-Control-Request-Headers"] = headers
    return request


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Undo what an example does to the logging configuration."""
    root = logging.getLogger()
    logger = logging.getLogger("flask_cors")
    handlers, root_level, level = list(root.handlers), root.level, logger.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(root_level)
    logger.setLevel(level)


# The docs themselves.


@pytest.mark.parametrize(
    "block", [b for b in _all_blocks() if b.language in _PYTHON], ids=lambda b: b.where()
)
def test_python_blocks_are_included_examples(block: Block) -> None:
    """A Python block of a page includes example files only, unless marked as not runnable."""
    if block.marked("not-run") is not None:
        return
    lines = [line.strip() for line in block.body.splitlines() if line.strip()]
    assert lines, f"{block.where()}: empty Python block"
    for line in lines:
        found = _SNIPPET.match(line)
        assert found is not None, (
            f'{block.where()}: put the code in examples/docs/ and include it with --8<-- "...", '
            "or mark the block <!-- not-run: reason -->"
        )
        assert found["path"].startswith("examples/docs/"), f"{block.where()}: {line}"


def test_every_example_is_shown_and_every_inclusion_exists() -> None:
    """Each example file is included by a page, and each included file exists."""
    included = _included()
    assert sorted(included) == EXAMPLE_FILES


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_example_runs(path: Path, restore_logging: None) -> None:
    """Each example file runs to the end as a program would, without warnings."""
    _run(path)


@pytest.mark.parametrize("block", _marked("output"), ids=lambda block: block.where())
def test_printed_output_is_as_shown(block: Block) -> None:
    """A page's shown output is exactly what its example prints."""
    _, printed = _run(ROOT / str(block.marked("output")))
    assert printed.rstrip("\n") == block.body.rstrip("\n")


@pytest.mark.parametrize("block", _marked("transcript"), ids=lambda block: block.where())
def test_cli_transcript_is_as_shown(block: Block) -> None:
    """Each `flask cors` command of a transcript prints exactly what the page shows."""
    runner = _fresh_app(ROOT / str(block.marked("transcript"))).test_cli_runner()
    commands = re.split(r"^\$ ", block.body, flags=re.MULTILINE)[1:]
    assert commands, f"{block.where()}: no '$ flask ...' command"
    for command in commands:
        line, _, expected = command.partition("\n")
        args = shlex.split(line)
        if args[1:2] == ["--app"]:
            del args[1:3]
        assert args[:2] == ["flask", "cors"], line
        result = runner.invoke(cors, args[2:])
        assert result.output.rstrip("\n") == expected.rstrip("\n"), line


@pytest.mark.parametrize("block", _marked("exchange"), ids=lambda block: block.where())
def test_http_exchange_is_as_shown(block: Block) -> None:
    """Each request of an exchange block gets the status and CORS headers the page shows."""
    client = _fresh_app(ROOT / str(block.marked("exchange"))).test_client()
    exchanges = re.split(r"\n\s*\n", block.body.strip())
    for exchange in exchanges:
        lines = exchange.splitlines()
        request = [line[2:] for line in lines if line.startswith("> ")]
        shown = [line[2:] for line in lines if line.startswith("< ")]
        assert len(request) + len(shown) == len(lines), f"{block.where()}: {exchange}"
        method, path = request[0].split(" ", 1)
        headers = [tuple(line.split(": ", 1)) for line in request[1:]]
        response = client.open(path, method=method, headers=headers)
        got = [response.status, *(f"{name}: {value}" for name, value in _cors(response.headers))]
        assert got == shown, f"{block.where()}: {request[0]}"


def test_readme_python_blocks_are_parts_of_examples() -> None:
    """Each Python block of the README is a verbatim part of an example file."""
    sources = [path.read_text(encoding="utf-8") for path in EXAMPLE_FILES]
    blocks = [b for b in _blocks(ROOT / "README.md") if b.language in _PYTHON]
    assert blocks
    for block in blocks:
        assert any(block.body.strip() in source for source in sources), block.where()


def _directives() -> dict[str, str]:
    """Return the mkdocstrings directives of the API reference: target -> its options' text."""
    directives: dict[str, str] = {}
    for page in sorted((DOCS / "reference").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for found in re.finditer(r"^::: (\S+)\n((?:    .*\n)*)", text, flags=re.MULTILINE):
            directives[found[1]] = found[2]
    return directives


def _defined_names(module: ModuleType) -> set[str]:
    """Return the names a module's own top-level statements define."""
    names: set[str] = set()
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {target.id for target in targets if isinstance(target, ast.Name)}
    return names


def test_reference_covers_every_public_name() -> None:
    """Every name of flask_cors.__all__ and flask_cors.core.__all__ is in the API reference."""
    directives = _directives()
    # A module directive documents the names its module defines (not those
    # it imports), unless it is rendered without members.
    defined: set[str] = set()
    for target, options in directives.items():
        if "members: false" in options:
            continue
        with contextlib.suppress(ModuleNotFoundError):
            defined |= _defined_names(importlib.import_module(target))
    missing = [
        name
        for name in [*flask_cors.__all__, *flask_cors.core.__all__]
        if not name.startswith("__")
        and not any(target.endswith(f".{name}") for target in directives)
        and name not in defined
    ]
    assert missing == []


def test_migration_requirement_admits_this_version() -> None:
    """The requirement docs/migration.md says to write finds this very version, as pip reads it."""
    intro = (DOCS / "migration.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    advised = re.findall(r"write\s+`(flask-cors[^`]*)`", intro)
    assert advised
    for spelling in advised:
        # As pip: a development or pre-release only when the specifier names one.
        assert Requirement(spelling).specifier.contains(flask_cors.__version__), spelling


def test_configuration_table_lists_every_option_and_key() -> None:
    """The configuration page has a row for every option of CORS(...), with its config key."""
    page = (DOCS / "configuration.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| `(CORS_\w+)` \|", page, flags=re.MULTILINE)
    assert dict(rows) == {name: f"CORS_{name.upper()}" for name in CORSOptions.__optional_keys__}
    assert set(CONFIG_OPTIONS) <= {key for _, key in rows}


# Quickstart and home page.


def test_quickstart_echoes_any_origin() -> None:
    """CORS(app) echoes any page's origin, with Vary: Origin."""
    client = quickstart.app.test_client()
    response = client.get("/hello", headers={"Origin": "https://anywhere.example"})
    assert _cors(response.headers) == [
        ("Access-Control-Allow-Origin", "https://anywhere.example"),
        ("Vary", "Origin"),
    ]


def test_quickstart_strict_starts_and_refuses_a_mistake() -> None:
    """The strict example allows its listed origin; the same call with a mistake fails."""
    client = quickstart_strict.app.test_client()
    response = client.get("/", headers={"Origin": FRONTEND})
    assert response.headers.get("Access-Control-Allow-Origin") == FRONTEND
    with pytest.raises(ConfigurationError, match="has no scheme"):
        CORS(Flask("strict"), origins=["app.example.com"], strict=True)


def test_quickstart_decorator_preflight_and_post() -> None:
    """The decorated view answers the JSON POST preflight, then the POST, with credentials."""
    client = quickstart_decorator.app.test_client()
    preflight = client.options("/api/items", headers=_preflight("POST", "content-type"))
    assert preflight.status_code == 200
    assert _cors(preflight.headers) == [
        ("Access-Control-Allow-Origin", FRONTEND),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Allow-Headers", "content-type"),
        ("Access-Control-Allow-Methods", "GET, POST"),
        ("Vary", "Origin"),
    ]
    # The cookie as the browser sends it: the test client's set_cookie changed
    # its signature in Werkzeug 2.3, and Flask 2.2 runs on Werkzeug 2.2.
    post = client.post("/api/items", headers={"Origin": FRONTEND, "Cookie": "session=abc"})
    assert _cors(post.headers) == [
        ("Access-Control-Allow-Origin", FRONTEND),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]


def test_quickstart_decorator_refuses_other_origins_but_public_is_open() -> None:
    """Another page gets no CORS header from /api/items, while /public answers any page."""
    client = quickstart_decorator.app.test_client()
    other = {"Origin": "https://other.example"}
    assert _cors(client.get("/api/items", headers=other).headers) == [("Vary", "Origin")]
    public = client.get("/public", headers=other).headers
    assert public["Access-Control-Allow-Origin"] == "https://other.example"


def test_home_rules_by_path_and_public_view() -> None:
    """/api/* answers the frontend only; /public answers anyone and caches preflights."""
    client = home.app.test_client()
    allowed = client.get("/api/items", headers={"Origin": FRONTEND})
    assert allowed.headers["Access-Control-Allow-Origin"] == FRONTEND
    refused = client.get("/api/items", headers={"Origin": "https://other.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers
    preflight = client.options("/public", headers=_preflight("GET", "x-token", "https://x.example"))
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://x.example"
    assert preflight.headers["Access-Control-Max-Age"] == "600"


def test_install_page_names_the_pythons_the_package_claims() -> None:
    """docs/install.md names the Pythons of the classifiers, the first that of requires-python."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    claimed = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', pyproject)
    lowest = re.search(r'requires-python = ">=(3\.\d+)"', pyproject)
    install = (ROOT / "docs" / "install.md").read_text()

    assert lowest is not None
    assert claimed[0] == lowest.group(1)
    listed = ", ".join(claimed[:-1]) + " and " + claimed[-1]
    assert f"runs on **Python {listed}**" in " ".join(install.split())


def test_the_oldest_flask_claimed_is_the_one_checked() -> None:
    """pyproject's lowest Flask is the one docs/install.md names and make test-flask installs."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    makefile = (ROOT / "Makefile").read_text()
    install = " ".join((ROOT / "docs" / "install.md").read_text().split())
    lowest = re.search(r'^dependencies = \["Flask>=(\d+\.\d+)"', pyproject, flags=re.MULTILINE)
    checked = re.search(r"^FLASK_SPEC \?= flask==(\d+\.\d+)\.\* werkzeug==", makefile, re.MULTILINE)

    assert lowest is not None
    assert checked is not None
    assert checked.group(1) == lowest.group(1)
    assert f"with **Flask {lowest.group(1)} or later**" in install


# Configuration.


def test_config_layers_precedence_and_rule_order() -> None:
    """The config's origins, the keyword's max_age, and the admin rule's methods apply."""
    client = config_layers.app.test_client()
    items = client.options("/api/items", headers=_preflight("PUT"))
    assert items.headers["Access-Control-Allow-Origin"] == FRONTEND
    assert items.headers["Access-Control-Max-Age"] == "60"
    assert items.headers["Access-Control-Allow-Methods"] == (
        "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    )
    admin = client.options("/api/admin/users", headers=_preflight("GET"))
    assert admin.headers["Access-Control-Max-Age"] == "60"
    assert admin.headers["Access-Control-Allow-Methods"] == "GET"


# Recipes.


def test_dev_server_origin_is_allowed_for_a_json_post() -> None:
    """Vite's origin passes the JSON POST preflight and reads the answer; 127.0.0.1 does not."""
    client = recipes_dev_server.app.test_client()
    origin = "http://localhost:5173"
    preflight = client.options("/api/todos", headers=_preflight("POST", "content-type", origin))
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type"
    post = client.post("/api/todos", headers={"Origin": origin})
    assert post.status_code == 201
    assert post.headers["Access-Control-Allow-Origin"] == origin
    other = client.post("/api/todos", headers={"Origin": "http://127.0.0.1:5173"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_localhost_any_port_pattern() -> None:
    """The dev-server tip "http://localhost:*" allows every local port, and nothing else."""
    policy = Policy(origins="http://localhost:*")
    for origin, allowed in [
        ("http://localhost:5173", True),
        ("http://localhost:3000", True),
        ("http://localhost", True),
        ("https://localhost:5173", False),
        ("http://localhost.evil.net:5173", False),
    ]:
        assert decide(policy, RequestInfo("GET", origin=origin)).allowed is allowed, origin


@pytest.mark.parametrize(
    "origin",
    ["https://app.example.com", "https://admin.example.com", "https://partner.example.org"],
)
def test_several_frontends_each_echoed_alone(origin: str) -> None:
    """Each listed frontend gets its own origin back, alone, with the exposed header."""
    response = recipes_frontends.app.test_client().get("/orders", headers={"Origin": origin})
    assert _cors(response.headers) == [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Expose-Headers", "X-Total-Count"),
        ("Vary", "Origin"),
    ]


def test_several_frontends_refuse_others() -> None:
    """A page on an unlisted origin gets only Vary: Origin."""
    client = recipes_frontends.app.test_client()
    response = client.get("/orders", headers={"Origin": "https://other.example"})
    assert _cors(response.headers) == [("Vary", "Origin")]


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://example.com", True),
        ("https://app.example.com", True),
        ("https://a.b.example.com", True),
        ("http://app.example.com", False),
        ("https://app.example.com:8443", False),
        ("https://evilexample.com", False),
        ("https://example.com.evil.net", False),
    ],
)
def test_subdomains(origin: str, allowed: bool) -> None:
    """The subdomain pattern matches what the recipe says, and only that."""
    client = recipes_subdomains.app.test_client()
    response = client.get("/profile", headers={"Origin": origin})
    assert response.headers.get("Access-Control-Allow-Origin") == (origin if allowed else None)
    assert response.headers["Vary"] == "Origin"


def test_anchored_regex_tip_rejects_a_longer_host() -> None:
    """The recipe's anchored regex refuses app.example.com.attacker.net, the unanchored one not."""
    anchored = Policy(origins=r"https://[a-z0-9-]+\.example\.com$")
    attacker = RequestInfo("GET", origin="https://app.example.com.attacker.net")
    assert not decide(anchored, attacker).allowed
    with pytest.warns(InsecureCORSWarning, match="not anchored"):
        CORS(Flask("unanchored"), origins=r"https://[a-z0-9-]+\.example\.com")


def test_credentials_cookie_round_trip() -> None:
    """Login sets a cross-site cookie with credentials allowed; the next call reads it back."""
    client = recipes_credentials.app.test_client()
    login = client.post("/api/login", headers={"Origin": FRONTEND})
    cookie = login.headers["Set-Cookie"]
    assert "SameSite=None" in cookie
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert _cors(login.headers) == [
        ("Access-Control-Allow-Origin", FRONTEND),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]
    # The client's cookie jar sends back the cookie the login set.
    me = client.get("/api/me", headers={"Origin": FRONTEND})
    assert me.json == {"session": "s3cr3t-id"}
    assert me.headers["Access-Control-Allow-Credentials"] == "true"


def test_credentials_with_any_origin_warns() -> None:
    """supports_credentials=True with the default origins raises InsecureCORSWarning."""
    with pytest.warns(InsecureCORSWarning, match="supports_credentials=True"):
        CORS(Flask("credentials_any_origin"), supports_credentials=True)


def test_blueprint_routes_only() -> None:
    """The blueprint's route gets CORS headers; the app's /health gets none at all."""
    client = recipes_blueprints.app.test_client()
    items = client.get("/api/items", headers={"Origin": FRONTEND})
    assert _cors(items.headers) == [("Access-Control-Allow-Origin", FRONTEND), ("Vary", "Origin")]
    assert _cors(client.get("/health", headers={"Origin": FRONTEND}).headers) == []


def test_app_factory_default_origin() -> None:
    """An app from the factory allows the default frontend."""
    client = recipes_factory.create_app().test_client()
    response = client.get("/api/status", headers={"Origin": FRONTEND})
    assert response.headers["Access-Control-Allow-Origin"] == FRONTEND


def test_app_factory_config_overrides() -> None:
    """A config passed to the factory replaces the default origins."""
    staging = "https://staging.example.com"
    client = recipes_factory.create_app({"CORS_ORIGINS": [staging]}).test_client()
    allowed = client.get("/api/status", headers={"Origin": staging})
    assert allowed.headers["Access-Control-Allow-Origin"] == staging
    refused = client.get("/api/status", headers={"Origin": FRONTEND})
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_app_factory_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    """FLASK_CORS_ORIGINS, as JSON, overrides the factory's config."""
    staging = "https://staging.example.com"
    monkeypatch.setenv("FLASK_CORS_ORIGINS", f'["{staging}"]')
    client = recipes_factory.create_app().test_client()
    response = client.get("/api/status", headers={"Origin": staging})
    assert response.headers["Access-Control-Allow-Origin"] == staging


@pytest.mark.parametrize(
    "headers", [{"Origin": FRONTEND}, {"Origin": "https://other.example"}, {}], ids=str
)
def test_cdn_api_varies_on_origin(headers: dict[str, str]) -> None:
    """Every /api/* response varies on Origin: allowed, refused, or without Origin."""
    response = recipes_cdn.app.test_client().get("/api/cart", headers=headers)
    assert response.headers.getlist("Vary") == ["Origin"]


def test_cdn_api_without_origin_gets_first_sorted_origin() -> None:
    """always_send answers a request without Origin with the first listed origin in sorted order."""
    response = recipes_cdn.app.test_client().get("/api/cart")
    assert response.headers["Access-Control-Allow-Origin"] == "https://admin.example.com"


@pytest.mark.parametrize("headers", [{"Origin": "https://other.example"}, {}], ids=str)
def test_cdn_public_is_the_same_for_everyone(headers: dict[str, str]) -> None:
    """/public/* answers * to every request, without Vary."""
    response = recipes_cdn.app.test_client().get("/public/prices", headers=headers)
    assert _cors(response.headers) == [("Access-Control-Allow-Origin", "*")]


def test_cdn_public_preflight_cached_for_a_day() -> None:
    """The public preflight may be cached by browsers for a day."""
    client = recipes_cdn.app.test_client()
    response = client.options("/public/prices", headers=_preflight("GET", "x-a"))
    assert response.headers["Access-Control-Max-Age"] == "86400"
    assert "Vary" not in response.headers


def test_errors_preflight_passes_the_auth_hook() -> None:
    """A preflight without a token gets 204 and the CORS headers, not the hook's 401."""
    client = recipes_errors.app.test_client()
    response = client.options("/api/items/1", headers=_preflight("GET", "authorization"))
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == FRONTEND
    assert response.headers["Access-Control-Allow-Headers"] == "authorization"


@pytest.mark.parametrize(
    ("path", "token", "status"),
    [
        ("/api/items/1", None, 401),
        ("/api/items/2", "Bearer t0k3n", 404),
        ("/api/crash", "Bearer t0k3n", 500),
        ("/api/items/1", "Bearer t0k3n", 200),
    ],
)
def test_errors_carry_cors_headers(path: str, token: str | None, status: int) -> None:
    """401 from the hook, 404 from abort, 500 from an exception: all readable by the page."""
    headers = {"Origin": FRONTEND}
    if token is not None:
        headers["Authorization"] = token
    response = recipes_errors.app.test_client().get(path, headers=headers)
    assert response.status_code == status
    assert _cors(response.headers) == [
        ("Access-Control-Allow-Origin", FRONTEND),
        ("Vary", "Origin"),
    ]
    body = response.get_json()
    assert isinstance(body, dict)
    assert ("error" in body) is (status != 200)


def test_async_view() -> None:
    """The async view answers the frontend and its preflight."""
    client = recipes_async.app.test_client()
    response = client.get("/api/report", headers={"Origin": FRONTEND})
    assert response.json == {"report": "ready"}
    assert response.headers["Access-Control-Allow-Origin"] == FRONTEND
    preflight = client.options("/api/report", headers=_preflight("GET"))
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == FRONTEND


# The core without Flask.


def test_wsgi_middleware_answers_the_admin_preflight() -> None:
    """The admin preflight gets 204 and the merged policy's headers, as the curl example shows."""
    response = Client(wsgi_middleware.app).open(
        "/api/admin/users", method="OPTIONS", headers=_preflight("GET")
    )
    assert response.status_code == 204
    assert _cors(response.headers) == [
        ("Access-Control-Allow-Origin", FRONTEND),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Max-Age", "60"),
        ("Access-Control-Allow-Methods", "GET"),
        ("Vary", "Origin"),
    ]


def test_wsgi_middleware_refuses_a_preflight_with_403() -> None:
    """A preflight for a method the admin policy does not allow gets 403."""
    response = Client(wsgi_middleware.app).open(
        "/api/admin/users", method="OPTIONS", headers=_preflight("DELETE")
    )
    assert response.status_code == 403
    assert "Access-Control-Allow-Methods" not in response.headers


def test_wsgi_middleware_adds_headers_to_the_apps_response() -> None:
    """A GET reaches the wrapped app, and its response gets the site policy's headers."""
    response = Client(wsgi_middleware.app).get("/api/hello", headers={"Origin": FRONTEND})
    assert response.get_data() == b"hello\n"
    assert response.headers["Content-Type"] == "text/plain"
    assert _cors(response.headers) == [
        ("Access-Control-Allow-Origin", FRONTEND),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]


def test_wsgi_middleware_repeats_no_header_the_app_set() -> None:
    """An app's own Vary: Origin and Allow-Credentials are kept, and not sent twice."""

    def own_cors(environ: dict[str, object], start_response: Any) -> list[bytes]:
        start_response(
            "200 OK",
            [("Access-Control-Allow-Credentials", "true"), ("Vary", "Accept-Encoding, Origin")],
        )
        return [b"own\n"]

    app = wsgi_middleware.CORSMiddleware(own_cors, [("/api/", wsgi_middleware.site)])
    response = Client(app).get("/api/x", headers={"Origin": FRONTEND})
    assert _cors(response.headers) == [
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Accept-Encoding, Origin"),
        ("Access-Control-Allow-Origin", FRONTEND),
    ]


def test_wsgi_middleware_leaves_other_paths_alone() -> None:
    """A path under no prefix gets no CORS headers; a refused origin gets Vary only."""
    client = Client(wsgi_middleware.app)
    assert _cors(client.get("/", headers={"Origin": FRONTEND}).headers) == []
    other = client.get("/api/hello", headers={"Origin": "https://other.example"})
    assert _cors(other.headers) == [("Vary", "Origin")]


# Debugging.


def test_log_lines_are_as_shown(restore_logging: None, caplog: pytest.LogCaptureFixture) -> None:
    """With the logging example on, a refusal and a failed preflight log the lines shown."""
    _run(EXAMPLES / "debugging_logging.py")
    client = _fresh_app(EXAMPLES / "debugging_app.py").test_client()
    with caplog.at_level(logging.INFO, logger="flask_cors"):
        client.get("/api/items", headers={"Origin": "http://localhost:3000"})
        client.options("/api/admin/users/1", headers=_preflight("DELETE"))
    logged = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.records]
    assert [line.split()[0] for line in logged] == ["INFO", "WARNING"]
    shown = {
        line
        for block in _blocks(DOCS / "debugging.md")
        if block.language == "text"
        for line in block.body.splitlines()
    }
    for line in logged:
        assert line in shown


def test_security_example_turns_the_warning_into_an_error() -> None:
    """Under the example's filter, an insecure CORS(...) raises instead of warning."""
    with warnings.catch_warnings():
        # Nothing but the example's own filter makes the warning an error.
        warnings.simplefilter("ignore")
        _, printed = _run(EXAMPLES / "security_warnings.py")
        with pytest.raises(InsecureCORSWarning):
            CORS(Flask("insecure"), supports_credentials=True)
    assert "supports_credentials=True" in printed


# Testing what the browser does.


def test_testing_recipe_tests_pass() -> None:
    """The recipe's own tests pass: each asserts what a browser does with the recipe's app."""
    tests = [test for name, test in vars(testing_browser).items() if name.startswith("test_")]
    assert len(tests) == 3
    for test in tests:
        test()
