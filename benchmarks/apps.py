"""The benchmark scenarios, and the four Flask apps built for each.

Every scenario is one CORS configuration and the requests sent to it. For
each scenario four apps are built that differ only in their CORS layer:

- ``bare``: no CORS at all, the baseline every overhead is measured from;
- ``floor``: a hand-written ``after_request`` hook that sets one header,
  ``Access-Control-Allow-Origin: *``: the least any CORS layer can cost;
- ``reference``: flask-cors 6.0.5 (``CORS(app, **options)`` or
  ``@cross_origin(**options)``);
- ``ours``: this package, configured with the very same options.

Requests are WSGI environs built once; the benchmark cycles through a
scenario's requests, so that scenarios with many origins send many distinct
``Origin`` values, as real traffic from many sites would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

from attrs import frozen
from flask import Flask, Response
from werkzeug.test import EnvironBuilder

from flask_cors import CORS, cross_origin
from reference import Reference, load_reference

Variant = Literal["bare", "floor", "reference", "ours"]
#: The apps compared in every scenario, in report order.
VARIANTS: Final[tuple[Variant, ...]] = ("bare", "floor", "reference", "ours")

#: The origin a browser page would send in the single-origin scenarios.
ORIGIN: Final = "https://app.example.com"
#: The headers a preflight asks for.
REQUESTED_HEADERS: Final = "Content-Type, Authorization, X-Requested-With"

Environ = dict[str, Any]


@frozen
class Request:
    """One request of a scenario.

    Attributes:
        method: The HTTP method.
        path: The request path.
        headers: Request headers, as name-value pairs.

    """

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]

    def environ(self) -> Environ:
        """Return a WSGI environ for this request (copy it before each use)."""
        builder = EnvironBuilder(self.path, method=self.method, headers=list(self.headers))
        try:
            return builder.get_environ()
        finally:
            builder.close()


@frozen
class Scenario:
    """One CORS configuration and the requests sent to it.

    Attributes:
        name: A short identifier, such as ``origins-1000``.
        title: What it measures, for tables.
        options: Keyword arguments of ``CORS(...)`` (or ``@cross_origin(...)``
            when ``decorator``), the same for both libraries.
        requests: The requests, cycled through in order.
        decorator: Configure with ``@cross_origin`` on the view instead of
            ``CORS(app)``.
        family: The series this scenario belongs to in the plot
            (``origins``, ``origins-single``, ``rules``), if any.
        size: The number of origins or rules, for the plot.

    """

    name: str
    title: str
    options: Mapping[str, Any]
    requests: tuple[Request, ...]
    decorator: bool = False
    family: str | None = None
    size: int | None = None

    @property
    def varied(self) -> bool:
        """Whether the requests carry more than one distinct ``Origin``."""
        return len({dict(r.headers).get("Origin") for r in self.requests}) > 1


@frozen
class Sizes:
    """How big the scaled scenarios are; the smoke test makes them tiny.

    Attributes:
        origins: The numbers of exact origins configured.
        rules: The numbers of resource rules configured.
        distinct: How many distinct allowed origins the varied scenarios cycle
            through (at most as many as are configured). Above
            ``flask_cors.core.decide.MEMO_SIZE`` (256), so that this package's
            per-policy memo cannot answer most requests from memory.

    """

    origins: tuple[int, ...] = (10, 100, 1_000, 10_000)
    rules: tuple[int, ...] = (10, 100, 500)
    distinct: int = 500


def _get(origin: str, path: str = "/api/items") -> Request:
    return Request("GET", path, (("Origin", origin),))


def _origin(index: int) -> str:
    return f"https://app{index:05d}.example.com"


def _spread(count: int, distinct: int) -> list[int]:
    """Return up to ``distinct`` indexes spread evenly over ``range(count)``, ends included."""
    if count <= distinct:
        return list(range(count))
    step = (count - 1) / (distinct - 1)
    return sorted({round(i * step) for i in range(distinct)})


def scenarios(sizes: Sizes | None = None) -> list[Scenario]:
    """Return every scenario, in report order."""
    sizes = sizes or Sizes()
    found = [
        Scenario("get", "default options, simple GET", {}, (_get(ORIGIN),)),
        Scenario(
            "preflight",
            "default options, preflight asking for 3 headers",
            {},
            (
                Request(
                    "OPTIONS",
                    "/api/items",
                    (
                        ("Origin", ORIGIN),
                        ("Access-Control-Request-Method", "PUT"),
                        ("Access-Control-Request-Headers", REQUESTED_HEADERS),
                    ),
                ),
            ),
        ),
        Scenario(
            "credentials",
            "one origin, credentials, 2 exposed headers",
            {
                "origins": ORIGIN,
                "supports_credentials": True,
                "expose_headers": ["X-Total-Count", "X-Request-Id"],
            },
            (_get(ORIGIN),),
        ),
    ]
    for count in sizes.origins:
        options = {"origins": [_origin(i) for i in range(count)]}
        spread = _spread(count, sizes.distinct)
        found.append(
            Scenario(
                f"origins-{count}",
                f"{count:,} exact origins, {len(spread)} distinct Origins cycled",
                options,
                tuple(_get(_origin(i)) for i in spread),
                family="origins",
                size=count,
            )
        )
        found.append(
            Scenario(
                f"origins-{count}-single",
                f"{count:,} exact origins, one Origin (the last listed)",
                options,
                (_get(_origin(count - 1)),),
                family="origins-single",
                size=count,
            )
        )
    regex_options = {
        "origins": [
            r"^https://[a-z0-9-]+\.example\.org$",
            r"^https://[a-z0-9-]+\.example\.net$",
            r"^https://[a-z0-9-]+\.example\.com$",
        ]
    }
    found.append(
        Scenario(
            "regex",
            f"3 regex origins, match last, {sizes.distinct} distinct Origins cycled",
            regex_options,
            tuple(_get(f"https://tenant{i:04d}.example.com") for i in range(sizes.distinct)),
        )
    )
    found.append(
        Scenario(
            "regex-single",
            "3 regex origins, match last, one Origin",
            regex_options,
            (_get(ORIGIN),),
        )
    )
    for count in sizes.rules:
        # Same shape for every pattern, so both libraries keep them in the
        # order given (their specificity sort is stable) and the match is last.
        resources = {f"/svc{i:04d}/*": {"origins": "*"} for i in range(count)}
        found.append(
            Scenario(
                f"rules-{count}",
                f"{count:,} resource rules, match last",
                {"resources": resources},
                (_get(ORIGIN, f"/svc{count - 1:04d}/items"),),
                family="rules",
                size=count,
            )
        )
    found.append(
        Scenario(
            "disallowed",
            "one allowed origin, request from another",
            {"origins": ORIGIN},
            (_get("https://evil.example.net"),),
        )
    )
    found.append(
        Scenario(
            "decorator",
            "@cross_origin() route, simple GET",
            {},
            (_get(ORIGIN),),
            decorator=True,
        )
    )
    return found


def build_app(scenario: Scenario, variant: Variant, reference: Reference | None = None) -> Flask:
    """Return the ``variant`` app of ``scenario``.

    Raises:
        ValueError: For the reference variant without ``reference``.

    """
    app = Flask(f"bench-{scenario.name}-{variant}")

    def items() -> str:
        return "ok"

    def service_items(service: str) -> str:
        return service

    view: Any = items
    if scenario.decorator and variant in ("reference", "ours"):
        if variant == "ours":
            view = cross_origin(**scenario.options)(items)
        else:
            view = _reference(reference).cross_origin(**scenario.options)(items)
    app.add_url_rule("/api/items", "items", view)
    app.add_url_rule("/<service>/items", "service_items", service_items)

    if variant == "floor":
        app.after_request(_floor)
    elif variant == "ours" and not scenario.decorator:
        CORS(app, **scenario.options)
    elif variant == "reference" and not scenario.decorator:
        _reference(reference).CORS(app, **scenario.options)
    return app


def _floor(response: Response) -> Response:
    """The practical floor: a hand-written hook setting one CORS header."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _reference(reference: Reference | None) -> Reference:
    if reference is None:
        raise ValueError("the reference variant needs the reference flask-cors")
    return reference


def find(name: str, sizes: Sizes | None = None) -> Scenario:
    """Return the scenario called ``name``.

    Raises:
        KeyError: If there is none.

    """
    for scenario in scenarios(sizes):
        if scenario.name == name:
            return scenario
    raise KeyError(name)


def server_app(variant: str, scenario: str = "get") -> Flask:
    """Build one app for a WSGI server: ``benchmarks.apps:server_app('ours')``."""
    for chosen in VARIANTS:
        if chosen == variant:
            reference = load_reference() if chosen == "reference" else None
            return build_app(find(scenario), chosen, reference)
    raise ValueError(f"unknown variant {variant!r}; one of {', '.join(VARIANTS)}")


def header_names(headers: Sequence[tuple[str, str]]) -> list[str]:
    """Return the CORS-related header lines of a response, sorted, for checks."""
    return sorted(
        f"{name}: {value}"
        for name, value in headers
        if name.lower().startswith("access-control-") or name.lower() == "vary"
    )
