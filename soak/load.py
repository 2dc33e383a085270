"""The load generator: threads of keep-alive http.client connections sending a mix of requests.

Every request comes from :func:`request_for` with what its response must
carry (:class:`Expectation`), and every response is checked against it:
the status, ``Access-Control-Allow-Origin``, ``-Credentials``, ``-Headers``,
``-Methods``, ``Max-Age``, ``Vary: Origin``, and no CORS header twice. The
mix, by request index modulo 16: simple requests (4), preflights (3), a
partner origin matched by regex, new every time (1), refused origins, new
every time (2), a public path (1), and hostile requests (5): 7 KB origins,
new every time; duplicated ``Origin`` lines; 4,000 commas of requested
headers; requested headers over many lines; a latin-1 byte in the origin;
a 7 KB requested method; a thousand distinct requested header names.

Only loopback addresses are accepted, and a run is bounded both in time
and in number of requests.
"""

from __future__ import annotations

import http.client
import ipaddress
import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Final

from attrs import define, field, frozen

from .app import APP_ORIGIN, MAX_AGE

ACAO: Final = "access-control-allow-origin"
ACAC: Final = "access-control-allow-credentials"
ACAH: Final = "access-control-allow-headers"
ACAM: Final = "access-control-allow-methods"
ACMA: Final = "access-control-max-age"
CORS_NAMES: Final = (ACAO, ACAC, ACAH, ACAM, ACMA, "access-control-expose-headers")
#: The API's methods as Access-Control-Allow-Methods lists them.
API_METHODS: Final = "DELETE, GET, POST, PUT"
#: Kept well under gunicorn's 8,190-byte limit on one header line.
HUGE: Final = 7_000


@frozen
class Expectation:
    """What a response must carry.

    Attributes:
        allow_origin: The ``Access-Control-Allow-Origin`` value, or ``None`` for none.
        credentials: Whether ``Access-Control-Allow-Credentials: true`` is there.
        allow_headers: The ``Access-Control-Allow-Headers`` value, or ``None`` for none.
        preflight: Whether ``Access-Control-Allow-Methods`` and ``Max-Age`` are there.
    """

    allow_origin: str | None
    credentials: bool = False
    allow_headers: str | None = None
    preflight: bool = False


@frozen
class Planned:
    """One request to send and what its response must carry."""

    kind: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    expect: Expectation


def _api(
    kind: str, method: str, headers: Sequence[tuple[str, str]], expect: Expectation
) -> Planned:
    return Planned(kind, method, "/api/items", tuple(headers), expect)


ALLOWED: Final = Expectation(APP_ORIGIN, credentials=True)
REFUSED: Final = Expectation(None)


def _preflight(*extra: tuple[str, str], method: str = "POST") -> list[tuple[str, str]]:
    return [("Origin", APP_ORIGIN), ("Access-Control-Request-Method", method), *extra]


def _distinct_names(index: int, length: int) -> str:
    names: list[str] = []
    total = 0
    for n in itertools.count():
        name = f"q{index % 997}-{n}"
        total += len(name) + 1
        if total > length:
            break
        names.append(name)
    return ",".join(names)


def _hostile(index: int) -> Planned:
    """Return the hostile request of this index (seven shapes in turn)."""
    shape = (index // 16) % 7
    if shape == 0:
        origin = f"https://{index}" + "a" * HUGE
        return _api("hostile: 7 KB origin", "GET", [("Origin", origin)], REFUSED)
    if shape == 1:
        headers = [("Origin", APP_ORIGIN), ("Origin", f"https://evil{index}.example")]
        return _api("hostile: two Origin lines", "GET", headers, REFUSED)
    if shape == 2:
        headers = _preflight(("Access-Control-Request-Headers", "," * 4000))
        expect = Expectation(APP_ORIGIN, credentials=True, preflight=True)
        return _api("hostile: 4,000 commas", "OPTIONS", headers, expect)
    if shape == 3:
        line = ("Access-Control-Request-Headers", ",".join(["x-custom-a"] * 14))
        expect = Expectation(APP_ORIGIN, credentials=True, preflight=True)
        return _api("hostile: headers over 50 lines", "OPTIONS", _preflight(*[line] * 50), expect)
    if shape == 4:
        origin = f"https://b\xfccher{index}.example"
        return _api("hostile: latin-1 origin", "GET", [("Origin", origin)], REFUSED)
    if shape == 5:
        method = f"M{index}" + "X" * HUGE
        expect = Expectation(APP_ORIGIN, credentials=True)
        return _api("hostile: 7 KB method", "OPTIONS", _preflight(method=method), expect)
    requested = _distinct_names(index, 4000)
    expect = Expectation(APP_ORIGIN, credentials=True, preflight=True)
    headers = _preflight(("Access-Control-Request-Headers", requested))
    return _api("hostile: 1,000 header names", "OPTIONS", headers, expect)


def request_for(index: int) -> Planned:
    """Return the request of this index in the mix, and its expectation."""
    slot = index % 16
    if slot < 4:
        return _api("simple", "GET", [("Origin", APP_ORIGIN)], ALLOWED)
    if slot < 7:
        requested = ("Access-Control-Request-Headers", "content-type, x-custom-trace")
        expect = Expectation(
            APP_ORIGIN, credentials=True, allow_headers=requested[1], preflight=True
        )
        return _api("preflight", "OPTIONS", _preflight(requested), expect)
    if slot == 7:
        origin = f"https://tenant{index}.partner.example"
        return _api("partner (regex)", "GET", [("Origin", origin)], Expectation(origin, True))
    if slot < 10:
        origin = f"https://evil{index}.example.net"
        return _api("refused origin", "GET", [("Origin", origin)], REFUSED)
    if slot == 10:
        origin = f"https://site{index}.example"
        headers = (("Origin", origin),)
        return Planned("public", "GET", "/public/info", headers, Expectation(origin))
    return _hostile(index)


def problems(planned: Planned, status: int, headers: Sequence[tuple[str, str]]) -> list[str]:
    """Return what is wrong with a response to ``planned`` (empty when it is right)."""
    found: list[str] = []
    if status != 200:
        found.append(f"status {status}")
    values: dict[str, list[str]] = {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(value)
        if any(c in name + value for c in "\r\n\x00"):
            found.append(f"forbidden character in {name}")
    for name in CORS_NAMES:
        if len(values.get(name, [])) > 1:
            found.append(f"{name} twice")
    expect = planned.expect

    def same(name: str, wanted: str | None) -> None:
        got = values.get(name, [])
        if got != ([] if wanted is None else [wanted]):
            found.append(f"{name}: {got!r}, expected {wanted!r}")

    same(ACAO, expect.allow_origin)
    same(ACAC, "true" if expect.credentials else None)
    same(ACAH, expect.allow_headers)
    same(ACAM, API_METHODS if expect.preflight else None)
    same(ACMA, str(MAX_AGE) if expect.preflight else None)
    varies = [
        token.strip().lower() for value in values.get("vary", []) for token in value.split(",")
    ]
    if varies.count("origin") != 1:
        found.append(f"vary: {values.get('vary')!r}, expected Origin once")
    return found


@define
class Results:
    """What a load run saw.

    Attributes:
        sent: Requests sent, per kind.
        statuses: Responses, per status code.
        checked: Responses checked against their expectation.
        failures: Responses that failed their check.
        errors: Connections that failed (refused, reset, timed out).
        examples: The first few failures and errors, described.
        latencies: Seconds per request, in the order sent (per thread, merged).
        seconds: How long the run lasted.
    """

    sent: Counter[str] = field(factory=Counter)
    statuses: Counter[int] = field(factory=Counter)
    checked: int = 0
    failures: int = 0
    errors: int = 0
    examples: list[str] = field(factory=list)
    latencies: list[float] = field(factory=list)
    seconds: float = 0.0

    @property
    def served(self) -> int:
        """Responses received."""
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        """Responses with a 5xx status."""
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def merge(self, other: Results) -> None:
        """Add another thread's results to these."""
        self.sent.update(other.sent)
        self.statuses.update(other.statuses)
        self.checked += other.checked
        self.failures += other.failures
        self.errors += other.errors
        self.examples.extend(other.examples[: max(0, 10 - len(self.examples))])
        self.latencies.extend(other.latencies)

    def percentile(self, share: float) -> float:
        """Return a latency percentile, in milliseconds."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def check_loopback(host: str) -> None:
    """Refuse any target but a loopback address: the soak sends traffic only there."""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"the soak only sends to loopback addresses, not {host!r}")


def _worker(
    host: str,
    port: int,
    deadline: float,
    counter: Callable[[], int],
    limit: int,
) -> Results:
    results = Results()
    connection = http.client.HTTPConnection(host, port, timeout=30)
    while time.monotonic() < deadline:
        index = counter()
        if index >= limit:
            break
        planned = request_for(index)
        results.sent[planned.kind] += 1
        started = time.perf_counter()
        try:
            connection.putrequest(planned.method, planned.path)
            for name, value in planned.headers:
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            results.errors += 1
            if len(results.examples) < 10:
                results.examples.append(f"{planned.kind}: {type(error).__name__}: {error}")
            connection.close()
            continue
        results.latencies.append(time.perf_counter() - started)
        results.statuses[response.status] += 1
        results.checked += 1
        found = problems(planned, response.status, response.getheaders())
        if found:
            results.failures += 1
            if len(results.examples) < 10:
                results.examples.append(f"{planned.kind} #{index}: {'; '.join(found)}")
        if response.will_close:
            connection.close()
    connection.close()
    return results


def run_load(
    host: str,
    port: int,
    *,
    seconds: float,
    threads: int,
    max_requests: int,
    start: int = 0,
) -> Results:
    """Send the mix from ``threads`` threads for ``seconds`` or ``max_requests``; check each answer.

    ``start`` is the first request index, so that a second run sends new
    distinct origins rather than the first run's again.
    """
    check_loopback(host)
    indexes = itertools.count(start)
    lock = threading.Lock()

    def counter() -> int:
        with lock:
            return next(indexes)

    deadline = time.monotonic() + seconds
    per_thread: list[Results] = []
    started = time.perf_counter()

    def run() -> None:
        outcome = _worker(host, port, deadline, counter, start + max_requests)
        with lock:
            per_thread.append(outcome)

    pool = [threading.Thread(target=run, name=f"soak-{n}") for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    total = Results()
    for outcome in per_thread:
        total.merge(outcome)
    total.seconds = time.perf_counter() - started
    return total
