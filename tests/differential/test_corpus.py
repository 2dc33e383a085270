"""The corpus of real configurations: what flask-cors 6.0.5 starts and serves, ours does too.

Every configuration in ``tests/corpus/configs.json`` (public Flask code,
flask-cors's own docs and tests) is started under both packages, the same
way its project passes it (``CORS(app, ...)``, ``@cross_origin(...)`` or
``app.config``). Where 6.0.5 starts it, ours must start it (with warnings at
most), except for the few refusals the migration page names; then browser-like
requests go through both test clients and the ``Access-Control-*`` headers
must be equal, apart from the named deliberate differences.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import pytest
from flask import Flask

import flask_cors
from flask_cors import ConfigurationError
from flask_cors.core.origins import is_bracketed_origin, is_subdomain_pattern
from reference import Reference

from .corpus import Entry, load

ENTRIES: Final = load()
PATHS: Final = ("/", "/api/items", "/api/v1/users/1", "/public/page")
ORIGINS: Final = (
    "https://example.com",
    "http://localhost:3000",
    "www.example.com",
    "https://app.example.com",
    "http://127.0.0.1:5000",
    None,
)
#: What ours may refuse although 6.0.5 starts it (docs/migration.md says why):
#: a flag written as a string that 6.0.5 read as its opposite, a regex whose
#: backtracking grows too fast, a header value no response can carry.
ALLOWED_REFUSALS: Final = (
    "read every non-empty string as True",
    "(ReDoS)",
    "holds a control character",
)

Request = tuple[str, str, dict[str, str]]


@dataclass
class Outcome:
    """The comparison's tally, with an example of each kind of difference."""

    started_by_both: int = 0
    refused_by_both: int = 0
    refused_as_named: list[str] = field(default_factory=list)
    compared: int = 0
    named: dict[str, int] = field(default_factory=dict)
    differences: dict[str, str] = field(default_factory=dict)

    def differ(self, kind: str, example: str) -> None:
        """Record a difference of ``kind``; keep its first example."""
        self.differences.setdefault(kind, example)


def build(cors: Any, cross_origin: Any, entry: Entry, *, strict: bool = False) -> Flask:
    """Build the entry's app with one package's ``CORS`` and ``cross_origin``."""
    app = Flask(f"corpus_{entry.id.replace('-', '_')}")
    options = dict(entry.options)
    if entry.config_keys:
        app.config.update(options)
        if strict:
            app.config["CORS_STRICT"] = True
        options = {}
    elif strict:
        options["strict"] = True

    def view() -> str:
        return "ok"

    if entry.kind == "cross_origin":
        app.route("/api/items", methods=["GET", "POST", "PUT"])(cross_origin(**options)(view))
    else:
        cors(app, **options)
        app.route("/api/items", methods=["GET", "POST", "PUT"])(view)
    for path in ("/", "/api/v1/users/1", "/public/page"):
        app.add_url_rule(path, path, view)
    return app


def requests_for(entry: Entry) -> Iterator[Request]:
    """Yield browser-like requests: simple and preflight, from several origins."""
    for path in PATHS:
        for origin in (*ORIGINS, *_literal_origins(entry.options)):
            headers = {} if origin is None else {"Origin": origin}
            yield path, "GET", headers
            if origin is not None:
                preflight = {
                    **headers,
                    "Access-Control-Request-Method": "PUT",
                    "Access-Control-Request-Headers": "content-type,x-custom",
                }
                yield path, "OPTIONS", preflight


def _literal_origins(options: dict[str, Any]) -> list[str]:
    """The configured origins that are plain strings (so a request can name them)."""
    found: list[str] = []
    for key, value in options.items():
        if key.lower() in ("origins", "cors_origins"):
            values = [value] if isinstance(value, str) else value
            if isinstance(values, list | tuple):
                found += [v for v in values if isinstance(v, str) and "," not in v]
        elif key.lower() in ("resources", "cors_resources") and isinstance(value, dict):
            for nested in value.values():
                if isinstance(nested, dict):
                    found += _literal_origins(nested)
    # "*" is the wildcard, not an origin a browser sends.
    return [
        origin
        for origin in dict.fromkeys(found)
        if origin.isascii() and origin.strip() and origin != "*"
    ]


def _named_difference(options: dict[str, Any]) -> str | None:
    """Name the deliberate difference a configuration's origins fall under, if any."""
    for origin in _literal_origins(options):
        if origin not in ("*", ".*") and is_subdomain_pattern(origin):
            return "(i) wildcard origins such as 'https://*.example.com' mean the subdomains"
        if is_bracketed_origin(origin):
            return "(l) an IPv6 origin such as 'http://[::1]:8000' is literal"
    return None


def _cors_headers(response: Any) -> list[tuple[str, str]]:
    # Vary is left out: ours sends Vary: Origin on every origin-dependent
    # response, a named difference (f) with its own tests.
    return [(name, value) for name, value in response.headers if name.startswith("Access-Control")]


def _start(make: Callable[[], Flask]) -> tuple[Flask | None, Exception | None, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            app = make()
        except (ValueError, TypeError) as error:
            return None, error, []
    return app, None, [str(w.message) for w in caught if "flask_cors" in w.category.__module__]


def compare(reference: Reference, entry: Entry, outcome: Outcome) -> None:
    """Start one entry under both packages and compare their answers."""
    theirs, their_error, _ = _start(lambda: build(reference.CORS, reference.cross_origin, entry))
    ours, our_error, _ = _start(lambda: build(flask_cors.CORS, flask_cors.cross_origin, entry))
    if their_error is not None:
        if our_error is None:
            outcome.differ("only the reference refuses", f"{entry.id}: {their_error}")
        else:
            outcome.refused_by_both += 1
        return
    if our_error is not None:
        problems = getattr(our_error, "problems", ())
        if problems and all(any(a in str(p) for a in ALLOWED_REFUSALS) for p in problems):
            outcome.refused_as_named.append(entry.id)
        else:
            outcome.differ("only ours refuses", f"{entry.id}: {our_error}")
        return
    assert theirs is not None
    assert ours is not None
    outcome.started_by_both += 1
    named = _named_difference(entry.options)
    if named is not None:
        outcome.named[named] = outcome.named.get(named, 0) + 1
        return
    their_client, our_client = theirs.test_client(), ours.test_client()
    for path, method, headers in requests_for(entry):
        expected = their_client.open(path, method=method, headers=headers)
        got = our_client.open(path, method=method, headers=headers)
        outcome.compared += 1
        if (got.status_code, _cors_headers(got)) != (
            expected.status_code,
            _cors_headers(expected),
        ):
            outcome.differ(
                f"{entry.id} {method} {path}",
                f"{entry.text} {headers}\n    reference: {expected.status_code} "
                f"{_cors_headers(expected)}\n    ours:      {got.status_code} {_cors_headers(got)}",
            )


@pytest.mark.filterwarnings("ignore")
def test_corpus_starts_and_answers_as_the_reference(reference: Reference) -> None:
    """Every corpus configuration 6.0.5 starts starts, and gets 6.0.5's CORS headers."""
    outcome = Outcome()
    for entry in ENTRIES:
        compare(reference, entry, outcome)
    report = "\n".join(f"- {kind}: {example}" for kind, example in outcome.differences.items())
    assert not outcome.differences, f"{len(outcome.differences)} differences:\n{report}"
    # The corpus is what it says, and the comparison really compared.
    assert len(ENTRIES) >= 300
    assert outcome.started_by_both >= 290
    assert outcome.compared >= 15_000


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.id for entry in ENTRIES])
def test_strict_mode_refuses_what_it_warns_about(entry: Entry) -> None:
    """Strict mode refuses exactly the configurations that warn, naming each finding."""
    _, lenient_error, warned = _start(
        lambda: build(flask_cors.CORS, flask_cors.cross_origin, entry)
    )
    _, error, _ = _start(
        lambda: build(flask_cors.CORS, flask_cors.cross_origin, entry, strict=True)
    )
    if lenient_error is not None:
        # Refused anyway (as by 6.0.5, or as named): strict mode refuses it alike.
        assert str(error) == str(lenient_error)
        return
    if not warned:
        assert error is None, f"strict mode refused {entry.text} that warns of nothing"
        return
    assert isinstance(error, ConfigurationError), f"strict mode started {entry.text}"
    for text in warned:
        # The warning names where the finding applies ("rule '/*': ..."); the
        # error lists the finding itself.
        finding = re.sub(r"^(?:rule '[^']*'|@cross_origin on '[^']*')(?:, [^:]*)?: ", "", text)
        assert finding in str(error)
