"""Generated configurations and requests, and an independent model of what decide() may answer.

The model restates the documented behaviour (docs/configuration.md,
docs/security.md, docs/migration.md) from the configured entries, without
calling this package: which origins and headers a configuration allows,
which ``Origin`` values are malformed, which headers a response may carry.
:func:`check` holds a decision against it. Every entry is generated with
its kind (literal, wildcard, regex...), so the model never has to guess
what a string means the way the package does.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Final, TypeAlias

from attrs import frozen

from flask_cors.core import Decision, Reason, RequestInfo

from .data import Data


class Kind(enum.Enum):
    """What a configured origin or header entry is."""

    ANY = "any"  # "*" or ".*"
    LITERAL = "literal"
    WILDCARD = "wildcard"  # "https://*.example.com", "http://localhost:*"
    REGEX = "regex"  # a regex string, compiled case-insensitively
    COMPILED = "compiled"  # a compiled regex, used as given


#: A configured entry and its kind.
Entry: TypeAlias = "tuple[Kind, str | re.Pattern[str]]"

ACAO: Final = "Access-Control-Allow-Origin"
ACAC: Final = "Access-Control-Allow-Credentials"
ACAM: Final = "Access-Control-Allow-Methods"
ACAH: Final = "Access-Control-Allow-Headers"
ACMA: Final = "Access-Control-Max-Age"
ACEH: Final = "Access-Control-Expose-Headers"
ACPN: Final = "Access-Control-Allow-Private-Network"
VARY_ORIGIN: Final = ("Vary", "Origin")

#: The documented limits (docs/configuration.md, "Limits on request headers").
MAX_ORIGIN: Final = 300
MAX_REQUEST_HEADERS: Final = 4096
MAX_REQUEST_HEADER_ITEMS: Final = 100
DEFAULT_METHODS: Final = ("GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE")
_DEFAULT_PORTS: Final = {"http": "80", "https": "443"}

# --- What gets configured ----------------------------------------------------------

HOSTS: Final = (
    "example.com",
    "app.example.com",
    "api.example.com",
    "localhost",
    "127.0.0.1",
    "example.org",
    "a_b.example",
    "xn--bcher-kva.example",
)
SCHEMES: Final = ("https", "http", "HTTPS", "chrome-extension")
PORTS: Final = ("", "", "8080", "3000", "443", "80", "65535")
#: Regexes as people write them; none can backtrack badly (that is a known
#: finding with its own test, and would only stall the fuzzer here).
REGEX_ORIGINS: Final = (
    r"https://.*\.example\.com",
    r"^https?://localhost(:\d+)?$",
    r"https://(app|api)\.example\.com$",
    r".*\.example\.com",
    r"http://127\.0\.0\.1:\d+",
    r"^https://[a-z]+\.example\.org$",
    r"^n.ll$",
    r"[a-z]+://\[::1\]",
)
COMPILED_ORIGINS: Final = (
    re.compile(r"https://.*\.example\.com"),
    re.compile(r"HTTP://LOCALHOST:\d+", re.IGNORECASE),
    re.compile(r"https://APP\.EXAMPLE\.COM"),
    re.compile(r".*"),
)
#: Literal origins that are findings (no scheme, a path...), matched as written.
BAD_ORIGINS: Final = (
    "localhost:3000",
    "https://a.example/",
    "https://a.example/x",
    " https://a.example",
    "https://a.example,https://b.example",
    "https://a.example:443",
    "NULL",
    "",
)
HEADER_NAMES: Final = (
    "Content-Type",
    "X-Requested-With",
    "Authorization",
    "x-api-key",
    "X-Custom-Trace",
    "Accept-Language",
    "X-A",
)
REGEX_HEADERS: Final = (r"X-Custom-.*", r"x-api-.*", r"^Content-(Type|Language)$")
COMPILED_HEADERS: Final = (re.compile(r"X-Custom-\w+"), re.compile(r"authorization", re.I))
BAD_HEADER_NAMES: Final = ("X A", "Content-Type, X-B", "")
METHODS: Final = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PURGE")
_CASES: Final[tuple[Callable[[str], str], ...]] = (
    str,
    str.upper,
    str.lower,
    str.swapcase,
    str.title,
)


@frozen
class Configured:
    """A generated configuration: the options as given, and its entries with their kinds.

    Attributes:
        options: The option mapping, as given to both implementations.
        origins: The ``origins`` entries, tagged.
        allow_headers: The ``allow_headers`` entries, tagged.
    """

    options: Mapping[str, object]
    origins: tuple[Entry, ...]
    allow_headers: tuple[Entry, ...]

    def flag(self, name: str, default: bool) -> bool:
        """Return a flag's value, read by truthiness as flask-cors read it.

        A string that spells false is a configuration error, so never met here.
        """
        return bool(self.options.get(name, default))

    def methods(self) -> frozenset[str]:
        """Return the configured method names, upper-cased."""
        raw = self.options.get("methods", DEFAULT_METHODS)
        items = [raw] if isinstance(raw, str) else list(raw)  # type: ignore[call-overload]
        # The names are those of the header flask-cors sends, a list joined
        # with ", ": a comma inside a list item ("GET,") separates names too,
        # as flask-cors 6.0.5's substring test of the method found.
        return frozenset(
            name.strip().upper() for item in items for name in str(item).split(",")
        ) - {""}

    @property
    def any_origin(self) -> bool:
        """Whether ``"*"`` (or ``".*"``) is among the origins."""
        return any(kind is Kind.ANY for kind, _ in self.origins)


def _cased(data: Data, text: str) -> str:
    return data.pick(_CASES)(text)


def literal_origin(data: Data) -> str:
    """Return a literal origin a browser could send (in some letter case)."""
    scheme = data.pick(SCHEMES)
    port = data.pick(PORTS)
    if port and _DEFAULT_PORTS.get(scheme.lower()) == port:
        port = ""
    origin = f"{scheme}://{data.pick(HOSTS)}" + (f":{port}" if port else "")
    return _cased(data, origin) if data.byte() < 40 else origin


def wildcard_origin(data: Data) -> str:
    """Return a wildcard origin pattern: a subdomain wildcard, a port wildcard, or both."""
    scheme = data.pick(("https", "http"))
    host = data.pick(("example.com", "example.org", "app.example.com", "localhost"))
    shape = data.integer(0, 3)
    if shape == 0:
        return f"{scheme}://{host}:*"
    port = data.pick(("", ":8080", ":*"))
    return f"{scheme}://*.{host}{port}"


def origin_entry(data: Data) -> Entry:
    """Return one configured origin entry of any kind."""
    choice = data.integer(0, 9)
    if choice == 0:
        return (Kind.ANY, data.pick(("*", ".*")))
    if choice <= 4:
        text = literal_origin(data) if data.byte() < 250 else data.pick(BAD_ORIGINS)
        # flask-cors's vocabulary: a string with a regex character is a
        # regex, even an IPv6 origin such as "http://[::1]".
        return (Kind.REGEX if looks_like_regex(text) else Kind.LITERAL, text)
    if choice == 5:
        return (Kind.LITERAL, "null")
    if choice == 6:
        return (Kind.WILDCARD, wildcard_origin(data))
    if choice <= 8:
        return (Kind.REGEX, data.pick(REGEX_ORIGINS))
    return (Kind.COMPILED, data.pick(COMPILED_ORIGINS))


_REGEX_HINTS: Final = frozenset("*\\]?$^[()")


def looks_like_regex(text: str) -> bool:
    """Whether flask-cors reads a configured string as a regex (docs/configuration.md)."""
    return not _REGEX_HINTS.isdisjoint(text)


def header_entry(data: Data) -> Entry:
    """Return one configured allow_headers entry of any kind."""
    choice = data.integer(0, 7)
    if choice == 0:
        return (Kind.ANY, "*")
    if choice <= 4:
        name = data.pick(HEADER_NAMES) if data.byte() < 250 else data.pick(BAD_HEADER_NAMES)
        return (Kind.LITERAL, _cased(data, name))
    if choice <= 6:
        return (Kind.REGEX, data.pick(REGEX_HEADERS))
    return (Kind.COMPILED, data.pick(COMPILED_HEADERS))


def _shaped(data: Data, entries: list[Entry]) -> object:
    """Return entries as one of the shapes flask-cors accepts: one entry, a list, a tuple."""
    values = [value for _, value in entries]
    if len(values) == 1 and data.boolean():
        return values[0]
    return tuple(values) if data.boolean() else values


def configuration(data: Data) -> Configured:
    """Return a generated configuration: any subset of the options, in any accepted shape."""
    options: dict[str, object] = {}
    origins: tuple[Entry, ...] = ((Kind.ANY, "*"),)
    allow: tuple[Entry, ...] = ((Kind.ANY, "*"),)
    if data.boolean():
        chosen = [origin_entry(data) for _ in range(data.integer(1, 5))]
        if data.byte() < 8:
            chosen = []
        origins = tuple(chosen)
        options["origins"] = _shaped(data, chosen)
    if data.boolean():
        chosen = [header_entry(data) for _ in range(data.integer(0, 4))]
        allow = tuple(chosen)
        options["allow_headers"] = _shaped(data, chosen)
    if data.boolean():
        names = [_cased(data, name) for name in data.subset(METHODS, 5)]
        if data.byte() < 10:
            names.append(data.pick(("PO ST", "", "GET,")))
        options["methods"] = data.pick((", ", ",")).join(names) if data.boolean() else names
    if data.boolean():
        expose = data.subset(("X-Total", "ETag", "x-page", "Content-Range"), 3)
        options["expose_headers"] = data.pick((None, ", ".join(expose), expose, "", "X A"))
    if data.boolean():
        options["max_age"] = data.pick(
            (None, 0, 600, -5, "0", "86400", "", "10 minutes", timedelta(minutes=5), True)
        )
    for name in (
        "supports_credentials",
        "send_wildcard",
        "vary_header",
        "always_send",
        "allow_private_network",
    ):
        if data.boolean():
            options[name] = data.pick((True, False, True, False, "yes", None))
    return Configured(options, origins, allow)


# --- What gets requested ------------------------------------------------------------

OTHER_ORIGINS: Final = (
    "https://evil.example.net",
    "https://example.com.evil.net",
    "https://app.example.com.evil.net",
    "http://localhost:5000",
    "https://sub.app.example.com",
    "https://evilexample.com",
    "https://a.example.com:443",
    "https://a.example.com:",
    "https://.example.com",
    "https://a..example.com",
    "https://-a.example.com",
    "https://a.example.com.",
    "https://user@a.example.com",
    "https://a.example.com/x",
    "null",
    "NULL",
    "file://",
)
LABELS: Final = ("a", "app", "a.b", "x-y", "_", "xn--p1ai", "A", "a..b", "-x", "x-", ".", "")


def origin_value(data: Data, configured: Configured) -> str | None:
    """Return an ``Origin`` header: absent, a configured one, a near miss or hostile text."""
    choice = data.integer(0, 11)
    literals = [str(v) for k, v in configured.origins if k is Kind.LITERAL]
    wildcards = [str(v) for k, v in configured.origins if k is Kind.WILDCARD]
    if choice == 0:
        return None
    if choice == 1:
        return ""
    if choice <= 3 and literals:
        return _cased(data, data.pick(literals)) if data.byte() < 60 else data.pick(literals)
    if choice <= 5 and wildcards:
        return near_wildcard(data, data.pick(wildcards))
    if choice <= 7:
        base = data.pick([*literals, *OTHER_ORIGINS]) if literals else data.pick(OTHER_ORIGINS)
        return mutated(data, base)
    if choice == 8:
        return data.pick(OTHER_ORIGINS)
    if choice == 9:
        return literal_origin(data)
    return hostile(data)


def near_wildcard(data: Data, pattern: str) -> str:
    """Return an origin made from a wildcard pattern: a label for ``*``, a port for ``:*``."""
    label = data.pick(LABELS) if data.byte() < 200 else data.text(6)
    origin = pattern.replace("*.", f"{label}.", 1)
    if origin.endswith(":*"):
        origin = origin[:-2] + data.pick(("", ":8080", ":1", ":x", ":"))
    return _cased(data, origin) if data.byte() < 30 else origin


def mutated(data: Data, origin: str) -> str:
    """Return ``origin`` changed the way attackers and proxies change origins."""
    choice = data.integer(0, 9)
    if choice == 0:
        return origin + data.pick((".evil.net", "evil.net", ".", "/", ":8080", "%00"))
    if choice == 1:
        return origin.replace("://", "://evil.", 1)
    if choice == 2:
        return origin + data.pick((", ", ",")) + data.pick(OTHER_ORIGINS)
    if choice == 3:
        at = data.integer(0, len(origin))
        return origin[:at] + data.pick(HOSTILE_INSERTS) + origin[at:]
    if choice == 4:
        return origin.replace("https", "http", 1) if "https" in origin else "https" + origin[4:]
    if choice == 5:
        return data.pick((" ", "\t", "")) + origin + data.pick((" ", "\t", "\r\n", ""))
    if choice == 6:
        return origin[: data.integer(0, len(origin))]
    return origin


#: Inserted into otherwise valid values.
HOSTILE_INSERTS: Final = ("\r\n", "\r", "\n", "\x00", " ", "\t", ",", "\x7f", "é", "\u2028", "*")


def hostile(data: Data) -> str:
    """Return a hostile header value: random text, a huge repetition, only separators."""
    choice = data.integer(0, 5)
    if choice == 0:
        return data.text(40)
    if choice == 1:
        unit = data.pick(("a", "https://a", ",", " ", "x-a,", ", ", "\x00", "é", "%"))
        return data.repeated(unit, 70_000)
    if choice == 2:
        return "https://" + data.repeated(data.pick(("a", "a.", "-")), 1100) + ".example.com"
    if choice == 3:
        return ", ".join(data.pick(OTHER_ORIGINS) for _ in range(data.integer(2, 5)))
    if choice == 4:
        return data.pick(HOSTILE_INSERTS) * data.integer(1, 8)
    return data.text(8) + data.pick(OTHER_ORIGINS) + data.text(8)


def request_method_value(data: Data) -> str | None:
    """Return an ``Access-Control-Request-Method`` header."""
    choice = data.integer(0, 7)
    if choice == 0:
        return None
    if choice == 1:
        return data.pick(("", "ET", "T, P", " GET", "GET ", "get", "patch", "Patch"))
    if choice <= 5:
        return data.pick(METHODS) if data.byte() < 200 else _cased(data, data.pick(METHODS))
    return hostile(data)


def request_headers_value(data: Data) -> str | None:
    """Return an ``Access-Control-Request-Headers`` header."""
    choice = data.integer(0, 8)
    if choice == 0:
        return None
    if choice <= 4:
        names = [
            _cased(data, data.pick(HEADER_NAMES)) if data.byte() < 230 else data.text(6)
            for _ in range(data.integer(1, 6))
        ]
        return data.pick((",", ", ", " , ", ",,", "\t,", ",\t")).join(names)
    if choice == 5:
        return data.repeated(data.pick(("x-a,", ",", ", ", " ", "X-Custom-Trace,")), 10_000)
    if choice == 6:
        return data.pick((" ", "", ",", " , ")) + data.pick(HEADER_NAMES) + data.text(4)
    return hostile(data)


def request(data: Data, configured: Configured) -> RequestInfo:
    """Return a generated request snapshot for ``configured``."""
    method = data.pick(("GET", "OPTIONS", "OPTIONS", "HEAD", "POST", "options", "PUT"))
    return RequestInfo(
        method,
        origin_value(data, configured),
        "/",
        request_method_value(data),
        request_headers_value(data),
        data.byte() < 64,
    )


# --- The model -----------------------------------------------------------------------


def valid_origin(origin: str) -> bool:
    """Whether an ``Origin`` value is one the documented limits let through to matching.

    Visible ASCII without a comma and at most MAX_ORIGIN characters, with a
    scheme or without (flask-cors matched ``www.example.com`` too), and not ``*``.
    """
    visible = all("!" <= c <= "~" for c in origin)
    # "*" is no origin: echoed, it would read as the wildcard.
    return len(origin) <= MAX_ORIGIN and visible and "," not in origin and origin != "*"


def wildcard_allows(pattern: str, origin: str, *, strict: bool) -> bool:
    """Whether a wildcard origin pattern allows ``origin``.

    ``strict=False`` is the most any correct reading allows (a safety
    bound); ``strict=True`` the least (every host label is a plain DNS
    label), so an implementation must allow the strict set and may allow no
    more than the loose one.
    """
    scheme, _, rest = pattern.partition("://")
    origin = origin.lower()
    prefix = scheme.lower() + "://"
    if not origin.startswith(prefix):
        return False
    host_port = origin[len(prefix) :]
    if any(c in host_port for c in "/?#@\\"):
        return False
    pattern_host, colon, pattern_port = rest.lower().rpartition(":")
    if not colon:
        pattern_host, pattern_port = rest.lower(), ""
    if host_port.startswith("[") or ":" in host_port:
        host, colon, port = host_port.rpartition(":")
        if not colon or not port.isdigit():
            return False
    else:
        host, port = host_port, ""
    if pattern_port not in ("*", port):
        return False
    if not pattern_host.startswith("*."):
        return host == pattern_host
    suffix = pattern_host[1:]
    if not host.endswith(suffix):
        return False
    labels = host[: -len(suffix)].split(".")
    if strict:
        return all(re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?", label) for label in labels)
    return all(label and re.fullmatch(r"[a-z0-9_-]+", label) for label in labels)


def entry_allows(entry: Entry, value: str, *, strict: bool, origin: bool) -> bool:
    """Whether one configured entry allows an origin or a header name."""
    kind, configured = entry
    if kind is Kind.ANY:
        return True
    if kind is Kind.COMPILED:
        return isinstance(configured, re.Pattern) and configured.match(value) is not None
    text = str(configured)
    if kind is Kind.REGEX:
        return re.match(text, value, re.IGNORECASE) is not None
    if kind is Kind.WILDCARD:
        return origin and wildcard_allows(text, value, strict=strict)
    return text.casefold() == value.casefold()


def origin_allowed(configured: Configured, origin: str, *, strict: bool) -> bool:
    """Whether a well-formed ``Origin`` is allowed: ``"null"`` (any case) only when named."""
    if origin.lower() == "null":
        entries = [e for e in configured.origins if e[0] is not Kind.ANY]
    else:
        entries = list(configured.origins)
    return any(entry_allows(e, origin, strict=strict, origin=True) for e in entries)


def header_allowed(configured: Configured, name: str) -> bool:
    """Whether a requested header name is allowed."""
    return any(entry_allows(e, name, strict=True, origin=False) for e in configured.allow_headers)


_TOKEN: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def requested_names(value: str | None) -> list[str] | None:
    """Return the names of a well-formed ``Access-Control-Request-Headers``, else ``None``."""
    if value is None:
        return []
    if len(value) > MAX_REQUEST_HEADERS or value.count(",") >= MAX_REQUEST_HEADER_ITEMS:
        return None
    names = [item.strip(" \t") for item in value.split(",")]
    names = [name for name in names if name]
    return names if all(_TOKEN.fullmatch(name) for name in names) else None


class Violation(AssertionError):
    """A decision broke the model; the message names the rule and the case."""


def _fail(rule: str, configured: Configured, info: RequestInfo, found: object) -> Violation:
    return Violation(
        f"{rule}\n  options={dict(configured.options)!r}\n  request={info!r}\n  got={found!r}"
    )


def forbidden_characters(headers: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return the headers whose name or value holds CR, LF or NUL, or whose value is empty."""
    return [
        (name, value)
        for name, value in headers
        if not value or any(c in name or c in value for c in "\r\n\x00")
    ]


def check(configured: Configured, info: RequestInfo, decision: Decision) -> None:
    """Hold one decision against the model; raise :class:`Violation` on any difference."""
    headers = list(decision.headers)

    def expect(condition: bool, rule: str) -> None:
        if not condition:
            raise _fail(rule, configured, info, (headers, decision.reason))

    expect(not forbidden_characters(headers), "no CR, LF, NUL or empty value in any header")
    names = [name for name, _ in headers]
    for name in {ACAO, ACAC, ACAM, ACAH, ACMA, ACEH, ACPN}:
        expect(names.count(name) <= 1, f"{name} at most once")
    values = dict(headers)
    credentials = configured.flag("supports_credentials", False)
    expect(not (values.get(ACAO) == "*" and values.get(ACAC) == "true"), "never * with credentials")
    expect(decision.allowed == (decision.reason is Reason.ALLOWED), "allowed iff reason ALLOWED")
    expect(not decision.allowed or ACAO in values, "an allowed request gets an allow-origin")
    expect(names.count("Vary") <= 1, "Vary at most once")
    send_wildcard = configured.flag("send_wildcard", False)
    # send_wildcard answers every Origin, null and malformed ones included,
    # with "*"; requests without Origin get it only with always_send.
    star_to_all = configured.any_origin and send_wildcard and not credentials
    varies = (
        configured.flag("vary_header", True)
        and bool(configured.origins)
        and not (star_to_all and configured.flag("always_send", True))
    )
    expect((VARY_ORIGIN in headers) == varies, "Vary: Origin exactly when the answer varies")
    origin = info.origin
    blank = False
    if origin:
        expect(decision.is_cors, "a request with Origin is a CORS request")
        if star_to_all:
            expect(values.get(ACAO) == "*", "send_wildcard answers every Origin with *")
        elif not valid_origin(origin):
            expect(decision.reason is Reason.INVALID_ORIGIN, "a malformed Origin is refused")
            expect(set(headers) <= {VARY_ORIGIN}, "a malformed Origin gets no CORS headers")
            return
        if star_to_all:
            loose = strict = True
        elif origin.lower() == "null":
            loose = strict = origin_allowed(configured, origin, strict=False)
        elif configured.any_origin:
            loose = strict = True
        else:
            loose = origin_allowed(configured, origin, strict=False)
            strict = origin_allowed(configured, origin, strict=True)
        allowed = ACAO in values
        expect(not allowed or loose, "never allows an origin outside the policy")
        expect(allowed or not strict, "allows every origin the policy lists")
        if allowed:
            wildcard = configured.any_origin and send_wildcard
            expect(values[ACAO] == ("*" if wildcard else origin), "echoes the origin, or *")
    else:
        expect(not decision.is_cors, "a request without Origin is no CORS request")
        literals = sorted(str(v) for k, v in configured.origins if k is Kind.LITERAL)
        expected: str | None = None
        if configured.flag("always_send", True):
            if configured.any_origin:
                expected = None if credentials else "*"
            elif literals:
                # An empty first literal (origins=[""]) is not sent, but the
                # other headers are, as in flask-cors.
                blank = not literals[0]
                expected = literals[0] or None
        expect(values.get(ACAO) == expected, "without Origin: *, the first literal, or nothing")
    if ACAO not in values and not blank:
        expect(set(headers) <= {VARY_ORIGIN}, "a refusal carries no other CORS header")
        return
    expect((ACAC in values) == credentials, "credentials header exactly when configured")
    expect(
        (ACPN in values) == info.private_network,
        "private network answered exactly when asked",
    )
    if ACPN in values:
        allow_pna = configured.flag("allow_private_network", False)
        expect(values[ACPN] == ("true" if allow_pna else "false"), "private network answer")
    method = info.request_method
    method_ok = (
        info.method == "OPTIONS"
        and bool(method)
        and method is not None
        and method.isascii()
        and method.upper() in configured.methods()
    )
    expect((ACAM in values) == method_ok, "methods exactly to a preflight for an allowed method")
    if ACAM in values:
        listed = {item.strip() for item in values[ACAM].split(",")} - {""}
        expect(listed - configured.methods() <= {method}, "methods answered are those configured")
    if ACAH in values:
        expect(method_ok, "headers are answered only to a preflight for an allowed method")
    if method_ok:
        requested = requested_names(info.request_headers)
        wanted = (
            ", ".join(sorted(n for n in requested if header_allowed(configured, n)))
            if requested is not None
            else ""
        )
        expect(values.get(ACAH, "") == wanted, "exactly the allowed requested headers")
