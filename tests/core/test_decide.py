"""decide(): a table of RequestInfo -> Decision cases, one per rule.

Expected header names are written out as the strings that go on the wire
(not imported from the package), so a renamed constant cannot hide a change.
Each case says in one line which rule of compat.md ("Matching", "Headers
produced") or which deliberate difference from flask-cors 6 it pins.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest

from flask_cors.core import (
    MAX_ORIGIN_LENGTH,
    MAX_REQUEST_HEADERS_ITEMS,
    MAX_REQUEST_HEADERS_LENGTH,
    Decider,
    Decision,
    Policy,
    Reason,
    RequestInfo,
    decide,
)
from flask_cors.core.decide import _MEMO_MAX_VALUE

ACAO = "Access-Control-Allow-Origin"
ACEH = "Access-Control-Expose-Headers"
ACAC = "Access-Control-Allow-Credentials"
ACAPN = "Access-Control-Allow-Private-Network"
ACAH = "Access-Control-Allow-Headers"
ACMA = "Access-Control-Max-Age"
ACAM = "Access-Control-Allow-Methods"
VARY = ("Vary", "Origin")

#: The default methods as Access-Control-Allow-Methods sends them: sorted.
ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"

APP = "https://app.example.com"
SHOP = "https://shop.example.com"
EVIL = "https://evil.example.net"
SUBDOMAINS = r"https://.*\.example\.com"

Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Case:
    """One row of the table: a policy and a request in, a decision out."""

    id: str
    description: str
    policy: Policy
    info: RequestInfo
    headers: Headers
    reason: Reason = Reason.ALLOWED
    is_cors: bool = True
    is_preflight: bool = False

    @property
    def expected(self) -> Decision:
        allowed = self.reason is Reason.ALLOWED
        return Decision(self.headers, self.is_cors, self.is_preflight, allowed, self.reason)


def get(origin: str | None) -> RequestInfo:
    return RequestInfo("GET", origin=origin)


def preflight(
    origin: str | None,
    method: str = "PUT",
    headers: str | None = None,
    *,
    private_network: bool = False,
) -> RequestInfo:
    return RequestInfo(
        "OPTIONS",
        origin=origin,
        request_method=method,
        request_headers=headers,
        private_network=private_network,
    )


ORIGIN_CASES = [
    Case(
        "default-echoes-origin",
        "The default policy ('*' without send_wildcard) echoes the origin and varies on it.",
        Policy(),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "default-no-origin",
        "Without Origin, always_send answers '*' for the default origins, and varies on Origin.",
        Policy(),
        get(None),
        ((ACAO, "*"), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "empty-origin-is-absent",
        "An empty Origin header counts as no Origin.",
        Policy(),
        get(""),
        ((ACAO, "*"), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "always-send-off-no-origin",
        "always_send=False sends only Vary to a request without Origin (the answer varies).",
        Policy(always_send=False),
        get(None),
        (VARY,),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "always-send-off-with-origin",
        "always_send=False does not change the answer to a request with Origin.",
        Policy(always_send=False),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "send-wildcard",
        "send_wildcard with origins '*' answers '*' and does not vary.",
        Policy(send_wildcard=True),
        get(APP),
        ((ACAO, "*"),),
    ),
    Case(
        "send-wildcard-dot-star",
        "origins '.*' is flask-cors's spelling of '*' too, so send_wildcard answers '*'.",
        Policy(origins=".*", send_wildcard=True),
        get(APP),
        ((ACAO, "*"),),
    ),
    Case(
        "send-wildcard-without-star",
        "send_wildcard has no effect when '*' is not among the origins.",
        Policy(origins=[APP, SHOP], send_wildcard=True),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "single-literal",
        "A single literal origin is echoed and varies (flask-cors sent no Vary for one origin).",
        Policy(origins=APP),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "literal-case-insensitive",
        "A literal matches case-insensitively and is echoed exactly as the request sent it.",
        Policy(origins=APP),
        get("HTTPS://App.Example.COM"),
        ((ACAO, "HTTPS://App.Example.COM"), VARY),
    ),
    Case(
        "literal-configured-upper-case",
        "An upper-case configured literal matches a lower-case request origin.",
        Policy(origins="HTTPS://APP.EXAMPLE.COM"),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "two-literals-vary",
        "With two configured origins the answer varies on Origin.",
        Policy(origins=[APP, SHOP]),
        get(SHOP),
        ((ACAO, SHOP), VARY),
    ),
    Case(
        "duplicated-literal-varies",
        "A literal listed twice counts as two configured origins for Vary.",
        Policy(origins=[APP, APP]),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "literal-not-allowed",
        "An origin that matches no entry gets no CORS headers, only Vary: Origin.",
        Policy(origins=[APP]),
        get(EVIL),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "literal-is-not-a-prefix",
        "A literal must equal the whole origin, not a prefix of it.",
        Policy(origins=APP),
        get(APP + ".evil.net"),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "regex-string",
        "A string with regex characters is a regex; a match is echoed and varies.",
        Policy(origins=SUBDOMAINS),
        get(SHOP),
        ((ACAO, SHOP), VARY),
    ),
    Case(
        "regex-string-ignores-case",
        "A regex string matches origins case-insensitively.",
        Policy(origins=SUBDOMAINS),
        get("HTTPS://SHOP.EXAMPLE.COM"),
        ((ACAO, "HTTPS://SHOP.EXAMPLE.COM"), VARY),
    ),
    Case(
        "regex-matches-from-start",
        "A regex is matched from the start of the origin (re.match), not searched.",
        Policy(origins=r"example\.com"),
        get(APP),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "regex-prefix-is-enough",
        "A regex need not match the whole origin (flask-cors's unanchored semantics).",
        Policy(origins=SUBDOMAINS),
        get("https://shop.example.com.evil.net"),
        ((ACAO, "https://shop.example.com.evil.net"), VARY),
    ),
    Case(
        "regex-not-allowed",
        "An origin the regex does not match gets no CORS headers, only Vary: Origin.",
        Policy(origins=SUBDOMAINS),
        get(EVIL),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "compiled-regex",
        "A compiled regex origin is matched and echoed, and varies.",
        Policy(origins=re.compile(r"https://[a-z]+\.example\.com")),
        get(SHOP),
        ((ACAO, SHOP), VARY),
    ),
    Case(
        "compiled-regex-keeps-its-flags",
        "A compiled regex is used with its own flags, so it stays case-sensitive.",
        Policy(origins=re.compile(r"https://[a-z]+\.example\.com")),
        get("https://SHOP.example.com"),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "literal-beside-regex",
        "A literal listed beside a regex is matched, and the answer varies.",
        Policy(origins=[APP, r"https://.*\.example\.org"]),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "empty-origins",
        "An empty origins list allows no origin.",
        Policy(origins=[]),
        get(APP),
        (),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "empty-origins-no-origin",
        "An empty origins list sends nothing to a request without Origin.",
        Policy(origins=[]),
        get(None),
        (),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "null-origin-not-listed",
        "The opaque origin 'null' is refused when only real origins are listed.",
        Policy(origins=[APP]),
        get("null"),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "null-origin-under-star",
        "'*' does not cover the opaque origin 'null' (flask-cors echoed it).",
        Policy(),
        get("null"),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "vary-missing-with-send-wildcard-null",
        "send_wildcard answers 'null' with '*' too: the answer never depends on Origin.",
        Policy(send_wildcard=True),
        get("null"),
        (("Access-Control-Allow-Origin", "*"),),
        Reason.ALLOWED,
    ),
    Case(
        "null-origin-in-upper-case-under-star",
        "'*' does not cover 'NULL' or 'Null' either: null compares case-insensitively.",
        Policy(),
        get("NULL"),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "vary-with-send-wildcard-without-always-send",
        "With send_wildcard but not always_send, the answer depends on Origin: Vary says so.",
        Policy(send_wildcard=True, always_send=False),
        get(None),
        (VARY,),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "null-origin-listed",
        "A listed 'null' is allowed and echoed.",
        Policy(origins=["null", APP]),
        get("null"),
        ((ACAO, "null"), VARY),
    ),
    Case(
        "wildcard-subdomain",
        "A wildcard origin pattern allows a subdomain, echoed as sent.",
        Policy(origins="https://*.example.com"),
        get("https://Shop.Example.com"),
        ((ACAO, "https://Shop.Example.com"), VARY),
    ),
    Case(
        "wildcard-subdomain-refuses-lookalike",
        "A wildcard origin pattern refuses a domain that only ends with the same letters.",
        Policy(origins="https://*.example.com"),
        get("https://evilexample.com"),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
]

NO_ORIGIN_CASES = [
    Case(
        "no-origin-first-literal",
        "Without Origin only the first literal origin in sorted order is sent, as in flask-cors.",
        Policy(origins=[SHOP, APP]),
        get(None),
        ((ACAO, APP), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-first-literal-by-code-point",
        "Literal origins are sorted by code point, so an upper-case one comes first.",
        Policy(origins=[APP, "https://Zed.example.com"]),
        get(None),
        ((ACAO, "https://Zed.example.com"), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-single-literal",
        "Without Origin a single literal origin is sent, with Vary (flask-cors sent none).",
        Policy(origins=[APP]),
        get(None),
        ((ACAO, APP), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-skips-regexes",
        "Without Origin regex origins are skipped, though this one sorts before the literals.",
        Policy(origins=[SHOP, SUBDOMAINS, APP]),
        get(None),
        ((ACAO, APP), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-only-regex",
        "Without Origin and with only regex origins nothing but Vary is sent.",
        Policy(origins=SUBDOMAINS),
        get(None),
        (VARY,),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-star-among-literals",
        "Without Origin, '*' among the origins wins over the literals.",
        Policy(origins=["*", APP]),
        get(None),
        ((ACAO, "*"), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-dot-star",
        "Without Origin, origins '.*' (flask-cors's internal form of '*') answers '*'.",
        Policy(origins=[".*"]),
        get(None),
        ((ACAO, "*"), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-star-with-credentials",
        "Without Origin, '*' with supports_credentials sends no CORS headers, only Vary.",
        Policy(supports_credentials=True, expose_headers=["X-Total"]),
        get(None),
        (VARY,),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-literals-with-credentials",
        "Without Origin, literal origins are sent with the expose and credentials headers.",
        Policy(origins=[APP], supports_credentials=True, expose_headers="X-Total"),
        get(None),
        ((ACAO, APP), (ACEH, "X-Total"), (ACAC, "true"), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-always-send-off-literals",
        "always_send=False sends only Vary without Origin, even with literal origins.",
        Policy(origins=[APP, SHOP], always_send=False),
        get(None),
        (VARY,),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-preflight-headers",
        "An OPTIONS request with a request method but no Origin still gets preflight headers.",
        Policy(max_age=5),
        RequestInfo("OPTIONS", request_method="GET", request_headers="X-A"),
        ((ACAO, "*"), (ACAH, "X-A"), (ACMA, "5"), (ACAM, ALL_METHODS), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-preflight-method-not-allowed",
        "Without Origin a refused method drops the preflight headers; the reason stays NO_ORIGIN.",
        Policy(methods=["GET"]),
        RequestInfo("OPTIONS", request_method="PUT"),
        ((ACAO, "*"), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
    Case(
        "no-origin-private-network",
        "Without Origin the private network request flag is still answered.",
        Policy(),
        RequestInfo("GET", private_network=True),
        ((ACAO, "*"), (ACAPN, "false"), VARY),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
]

SIMPLE_HEADER_CASES = [
    Case(
        "expose-string-as-is",
        "A string expose_headers is sent exactly as configured.",
        Policy(expose_headers="X-B,X-A"),
        get(APP),
        ((ACAO, APP), (ACEH, "X-B,X-A"), VARY),
    ),
    Case(
        "expose-list-sorted",
        "A list expose_headers is sorted and joined with ', '.",
        Policy(expose_headers=["X-B", "X-A", "Content-Length"]),
        get(APP),
        ((ACAO, APP), (ACEH, "Content-Length, X-A, X-B"), VARY),
    ),
    Case(
        "expose-empty-list",
        "An empty expose_headers list sends no Access-Control-Expose-Headers.",
        Policy(expose_headers=[]),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "credentials",
        "supports_credentials adds Access-Control-Allow-Credentials: true after the origin.",
        Policy(supports_credentials=True),
        get(APP),
        ((ACAO, APP), (ACAC, "true"), VARY),
    ),
    Case(
        "credentials-disallowed-origin",
        "A disallowed origin gets no credentials header either, only Vary.",
        Policy(origins=[APP], supports_credentials=True),
        get(EVIL),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
    Case(
        "max-age-not-on-simple-request",
        "max_age is only sent on preflights.",
        Policy(max_age=600),
        get(APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "vary-header-off",
        "vary_header=False drops Vary even with several origins.",
        Policy(origins=[APP, SHOP], vary_header=False),
        get(APP),
        ((ACAO, APP),),
    ),
    Case(
        "vary-header-off-regex",
        "vary_header=False drops Vary for a regex origin.",
        Policy(origins=SUBDOMAINS, vary_header=False),
        get(SHOP),
        ((ACAO, SHOP),),
    ),
]

PRIVATE_NETWORK_CASES = [
    Case(
        "private-network-allowed",
        "A private network preflight gets 'true' when allow_private_network is on.",
        Policy(allow_private_network=True),
        preflight(APP, "GET", private_network=True),
        ((ACAO, APP), (ACAPN, "true"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "private-network-refused",
        "A private network preflight gets 'false' and is refused when the option is off.",
        Policy(),
        preflight(APP, "GET", private_network=True),
        ((ACAO, APP), (ACAPN, "false"), (ACAM, ALL_METHODS), VARY),
        Reason.PRIVATE_NETWORK_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "private-network-absent",
        "Without the request flag no private network header is sent.",
        Policy(allow_private_network=True),
        preflight(APP, "GET"),
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "private-network-simple-request",
        "The private network flag is answered on a non-preflight request too.",
        Policy(allow_private_network=True),
        RequestInfo("GET", origin=APP, private_network=True),
        ((ACAO, APP), (ACAPN, "true"), VARY),
    ),
    Case(
        "private-network-disallowed-origin",
        "A disallowed origin gets no private network header, only Vary.",
        Policy(origins=[APP], allow_private_network=True),
        RequestInfo("GET", origin=EVIL, private_network=True),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
    ),
]

PREFLIGHT_CASES = [
    Case(
        "preflight-default",
        "A default preflight gets the requested headers sorted, then the methods.",
        Policy(),
        preflight(APP, "PUT", "X-B, content-type"),
        ((ACAO, APP), (ACAH, "X-B, content-type"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "preflight-method-lower-case",
        "A lower-case requested method is allowed, and its own spelling is appended.",
        Policy(),
        preflight(APP, "put"),
        ((ACAO, APP), (ACAM, ALL_METHODS + ", put"), VARY),
        is_preflight=True,
    ),
    Case(
        "preflight-method-patch-lower-case",
        "A browser's lower-case 'patch' is allowed by PATCH and listed as sent, after the rest.",
        Policy(methods=["GET", "PATCH"]),
        preflight(APP, "patch"),
        ((ACAO, APP), (ACAM, "GET, PATCH, patch"), VARY),
        is_preflight=True,
    ),
    Case(
        "preflight-options-lower-case",
        "A lower-case 'options' request method is a preflight too.",
        Policy(),
        RequestInfo("options", origin=APP, request_method="GET"),
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "preflight-method-not-allowed",
        "A method not configured drops Allow-Headers, Max-Age and Allow-Methods.",
        Policy(methods=["GET", "POST"], max_age=60),
        preflight(APP, "PUT", "X-A"),
        ((ACAO, APP), VARY),
        Reason.METHOD_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "preflight-method-substring",
        "Methods match exactly: 'ET' is not allowed by 'GET' (flask-cors used a substring test).",
        Policy(methods=["GET"]),
        preflight(APP, "ET"),
        ((ACAO, APP), VARY),
        Reason.METHOD_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "preflight-method-joined-list",
        "The joined method list itself is not a method.",
        Policy(methods=["GET", "POST"]),
        preflight(APP, "GET, POST"),
        ((ACAO, APP), VARY),
        Reason.METHOD_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "methods-string-kept",
        "A string methods value is sent as written (upper-cased), not re-sorted.",
        Policy(methods="post,get"),
        preflight(APP, "GET"),
        ((ACAO, APP), (ACAM, "POST,GET"), VARY),
        is_preflight=True,
    ),
    Case(
        "methods-string-upper-cased",
        "A lower-case methods string is upper-cased and its items are matched.",
        Policy(methods="get, post"),
        preflight(APP, "POST"),
        ((ACAO, APP), (ACAM, "GET, POST"), VARY),
        is_preflight=True,
    ),
    Case(
        "methods-list-sorted-upper-cased",
        "A methods list is upper-cased, sorted and joined with ', '.",
        Policy(methods=["put", "get"]),
        preflight(APP, "PUT"),
        ((ACAO, APP), (ACAM, "GET, PUT"), VARY),
        is_preflight=True,
    ),
    Case(
        "methods-empty",
        "An empty methods list allows no preflight method.",
        Policy(methods=[]),
        preflight(APP, "GET"),
        ((ACAO, APP), VARY),
        Reason.METHOD_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "options-without-request-method",
        "OPTIONS without Access-Control-Request-Method is not a preflight.",
        Policy(max_age=60),
        RequestInfo("OPTIONS", origin=APP),
        ((ACAO, APP), VARY),
    ),
    Case(
        "options-empty-request-method",
        "An empty Access-Control-Request-Method does not make a preflight.",
        Policy(max_age=60),
        RequestInfo("OPTIONS", origin=APP, request_method=""),
        ((ACAO, APP), VARY),
    ),
    Case(
        "get-with-request-method",
        "Access-Control-Request-Method on a non-OPTIONS request adds nothing.",
        Policy(max_age=60),
        RequestInfo("GET", origin=APP, request_method="PUT", request_headers="X-A"),
        ((ACAO, APP), VARY),
    ),
    Case(
        "allow-headers-filtered",
        "Only the requested headers matching allow_headers are sent, sorted.",
        Policy(allow_headers=["Content-Type", r"X-Custom-.*"]),
        preflight(APP, "POST", "x-custom-b, X-Other, content-type"),
        ((ACAO, APP), (ACAH, "content-type, x-custom-b"), (ACAM, ALL_METHODS), VARY),
        Reason.HEADERS_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "allow-headers-all-match",
        "Requested headers matching literals and regexes case-insensitively are all allowed.",
        Policy(allow_headers=["Content-Type", r"X-Custom-.*"]),
        preflight(APP, "POST", "X-CUSTOM-A, CONTENT-TYPE"),
        ((ACAO, APP), (ACAH, "CONTENT-TYPE, X-CUSTOM-A"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "allow-headers-none-match",
        "When no requested header is allowed, Allow-Headers is left out.",
        Policy(allow_headers=["Content-Type"]),
        preflight(APP, "POST", "X-Other"),
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY),
        Reason.HEADERS_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "allow-headers-regex-from-start",
        "An allow_headers regex matches from the start of the header name.",
        Policy(allow_headers=[r"X-.*"]),
        preflight(APP, "POST", "A-X-B"),
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY),
        Reason.HEADERS_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "allow-headers-empty",
        "An empty allow_headers list allows no requested header.",
        Policy(allow_headers=[]),
        preflight(APP, "POST", "X-A"),
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY),
        Reason.HEADERS_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "request-headers-sorted",
        "Requested headers are sorted by code point.",
        Policy(),
        preflight(APP, "GET", "b, A, c"),
        ((ACAO, APP), (ACAH, "A, b, c"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "request-headers-empty-items",
        "Empty list items ('a,,b') are ignored (flask-cors echoed an empty item).",
        Policy(),
        preflight(APP, "GET", "a,,b"),
        ((ACAO, APP), (ACAH, "a, b"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "request-headers-only-separators",
        "A header list of only commas and spaces asks for nothing.",
        Policy(),
        preflight(APP, "GET", " , ,"),
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "request-headers-whitespace-trimmed",
        "Spaces and tabs around list items are trimmed.",
        Policy(),
        preflight(APP, "GET", "\tX-B\t,  X-A "),
        ((ACAO, APP), (ACAH, "X-A, X-B"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "max-age-int",
        "An int max_age is sent between Allow-Headers and Allow-Methods.",
        Policy(max_age=600),
        preflight(APP, "GET", "X-A"),
        ((ACAO, APP), (ACAH, "X-A"), (ACMA, "600"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "max-age-str",
        "A digit-string max_age is sent as is.",
        Policy(max_age="600"),
        preflight(APP, "GET"),
        ((ACAO, APP), (ACMA, "600"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "max-age-timedelta",
        "A timedelta max_age is sent as whole seconds.",
        Policy(max_age=timedelta(minutes=10, milliseconds=900)),
        preflight(APP, "GET"),
        ((ACAO, APP), (ACMA, "600"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "max-age-zero",
        "max_age=0 sends '0' (flask-cors dropped it, leaving the browser's default).",
        Policy(max_age=0),
        preflight(APP, "GET"),
        ((ACAO, APP), (ACMA, "0"), (ACAM, ALL_METHODS), VARY),
        is_preflight=True,
    ),
    Case(
        "preflight-disallowed-origin",
        "A preflight from a disallowed origin gets only Vary and is still a preflight.",
        Policy(origins=[APP]),
        preflight(EVIL, "GET"),
        (VARY,),
        Reason.ORIGIN_NOT_ALLOWED,
        is_preflight=True,
    ),
    Case(
        "preflight-send-wildcard",
        "A send_wildcard preflight answers '*' and does not vary.",
        Policy(send_wildcard=True),
        preflight(APP, "GET", "X-A"),
        ((ACAO, "*"), (ACAH, "X-A"), (ACAM, ALL_METHODS)),
        is_preflight=True,
    ),
    Case(
        "private-network-reason-first",
        "A refused private network request is reported before a refused method.",
        Policy(methods=["GET"]),
        preflight(APP, "PUT", private_network=True),
        ((ACAO, APP), (ACAPN, "false"), VARY),
        Reason.PRIVATE_NETWORK_NOT_ALLOWED,
        is_preflight=True,
    ),
]

ORDER_CASES = [
    Case(
        "full-header-order",
        "Every header at once comes in flask-cors's order, Vary last.",
        Policy(
            origins=[APP, SHOP],
            methods=["GET", "PUT"],
            expose_headers=["X-Two", "X-One"],
            supports_credentials=True,
            max_age=60,
            allow_private_network=True,
        ),
        preflight(APP, "PUT", "X-Req", private_network=True),
        (
            (ACAO, APP),
            (ACEH, "X-One, X-Two"),
            (ACAC, "true"),
            (ACAPN, "true"),
            (ACAH, "X-Req"),
            (ACMA, "60"),
            (ACAM, "GET, PUT"),
            VARY,
        ),
        is_preflight=True,
    ),
    Case(
        "full-header-order-no-origin",
        "Without Origin the same order holds, with the first literal as allow-origin.",
        Policy(
            origins=[SHOP, APP],
            methods=["GET", "PUT"],
            expose_headers=["X-Two", "X-One"],
            supports_credentials=True,
            max_age=60,
            allow_private_network=True,
        ),
        RequestInfo(
            "OPTIONS",
            request_method="PUT",
            request_headers="X-Req",
            private_network=True,
        ),
        (
            (ACAO, APP),
            (ACEH, "X-One, X-Two"),
            (ACAC, "true"),
            (ACAPN, "true"),
            (ACAH, "X-Req"),
            (ACMA, "60"),
            (ACAM, "GET, PUT"),
            VARY,
        ),
        Reason.NO_ORIGIN,
        is_cors=False,
    ),
]

# Deliberate differences from flask-cors 6: malformed request values are
# refused, never matched and never echoed.
LONGEST_ORIGIN = "https://" + "a" * (MAX_ORIGIN_LENGTH - len("https://"))

INVALID_ORIGIN_CASES = [
    Case(
        f"invalid-origin-{name}",
        f"An Origin with {name} is refused with only Vary, even under the default '*'.",
        Policy(),
        get(origin),
        (VARY,),
        Reason.INVALID_ORIGIN,
    )
    for name, origin in [
        ("crlf", "https://app.example.com\r\nSet-Cookie: a=b"),
        ("lf", "https://app.example.com\nX: y"),
        ("nul", "https://app.example.com\x00"),
        ("tab", "https://app.example.com\t"),
        ("del", "https://app.example.com\x7f"),
        ("non-ascii", "https://bücher.example"),
        ("space", "https://app.example.com https://shop.example.com"),
        ("comma", "https://app.example.com,https://shop.example.com"),
        ("too-long", LONGEST_ORIGIN + "a"),
    ]
] + [
    Case(
        "vary-missing-with-send-wildcard-malformed-origin",
        "send_wildcard answers a malformed Origin with the same '*', never echoing it.",
        Policy(send_wildcard=True),
        get("https://app.example.com, https://shop.example.com"),
        (("Access-Control-Allow-Origin", "*"),),
        Reason.ALLOWED,
    ),
    Case(
        "invalid-origin-preflight",
        "A preflight with a malformed Origin gets only Vary and still counts as a preflight.",
        Policy(),
        preflight("https://app.example.com\r\n", "GET"),
        (VARY,),
        Reason.INVALID_ORIGIN,
        is_preflight=True,
    ),
    Case(
        "origin-at-max-length",
        "An Origin of exactly MAX_ORIGIN_LENGTH characters is still considered.",
        Policy(),
        get(LONGEST_ORIGIN),
        ((ACAO, LONGEST_ORIGIN), VARY),
    ),
]

#: The most names a preflight may list, as long as the length limit allows.
LONGEST_NAMES = ["x" * 40] * (MAX_REQUEST_HEADERS_ITEMS - 1)
LONGEST_NAMES.append("y" * (MAX_REQUEST_HEADERS_LENGTH - len(",".join(LONGEST_NAMES)) - 1))
LONGEST_HEADERS = ",".join(LONGEST_NAMES)

INVALID_HEADERS_CASES = [
    Case(
        f"invalid-request-headers-{name}",
        f"Access-Control-Request-Headers with {name} gets no Allow-Headers and is refused.",
        Policy(),
        preflight(APP, "GET", requested),
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY),
        Reason.INVALID_REQUEST_HEADERS,
        is_preflight=True,
    )
    for name, requested in [
        ("crlf", "X-A\r\nSet-Cookie: a=b"),
        ("lf", "X-A\nX-B"),
        ("nul", "X-A\x00"),
        ("non-ascii", "X-Ä"),
        ("semicolon", "X-A; X-B"),
        ("parenthesis", "X-(A)"),
        ("quote", '"X-A"'),
        ("colon", "X-A:1"),
        ("too-long", "x," * (MAX_REQUEST_HEADERS_LENGTH // 2) + "x"),
        ("inner-space", "X A"),
    ]
] + [
    Case(
        "request-headers-at-max-length",
        "A list of MAX_REQUEST_HEADERS_ITEMS names in MAX_REQUEST_HEADERS_LENGTH characters is "
        "still answered.",
        Policy(),
        preflight(APP, "GET", LONGEST_HEADERS),
        (
            (ACAO, APP),
            (ACAH, ", ".join(sorted(LONGEST_NAMES))),
            (ACAM, ALL_METHODS),
            VARY,
        ),
        is_preflight=True,
    ),
    Case(
        "request-headers-too-many-items",
        "One name more than MAX_REQUEST_HEADERS_ITEMS is refused, however short the list.",
        Policy(),
        preflight(APP, "GET", ",".join(["x"] * (MAX_REQUEST_HEADERS_ITEMS + 1))),
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY),
        Reason.INVALID_REQUEST_HEADERS,
        is_preflight=True,
    ),
    Case(
        "invalid-request-headers-keep-max-age",
        "A malformed header list drops only Allow-Headers; Max-Age and Allow-Methods stay.",
        Policy(max_age=30, allow_headers=["X-A"]),
        preflight(APP, "GET", "X-A\r\n"),
        ((ACAO, APP), (ACMA, "30"), (ACAM, ALL_METHODS), VARY),
        Reason.INVALID_REQUEST_HEADERS,
        is_preflight=True,
    ),
]

CASES = (
    ORIGIN_CASES
    + NO_ORIGIN_CASES
    + SIMPLE_HEADER_CASES
    + PRIVATE_NETWORK_CASES
    + PREFLIGHT_CASES
    + ORDER_CASES
    + INVALID_ORIGIN_CASES
    + INVALID_HEADERS_CASES
)


def test_case_ids_are_unique() -> None:
    """Every table case has its own id, so a failure names one case."""
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_decide(case: Case) -> None:
    """Each table case yields exactly its expected headers, flags and reason."""
    assert decide(case.policy, case.info) == case.expected, case.description


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_decide_is_repeatable(case: Case) -> None:
    """Deciding the same request twice (the second time from the memo) gives the same answer."""
    first = decide(case.policy, case.info)
    assert decide(case.policy, case.info) == first, case.description


def test_limits() -> None:
    """The documented size limits are 300 characters for Origin and 4,096 for the header list."""
    assert (MAX_ORIGIN_LENGTH, MAX_REQUEST_HEADERS_LENGTH) == (300, 4096)


def test_memo_overflow_keeps_answers() -> None:
    """After more distinct origins than the memo holds, earlier origins are still answered."""
    policy = Policy(origins=[r"https://[0-9]+\.example\.com"])
    origins = [f"https://{n}.example.com" for n in range(700)]
    for origin in origins:
        assert decide(policy, get(origin)).headers == ((ACAO, origin), VARY)
    for origin in origins[:3]:
        assert decide(policy, get(origin)).headers == ((ACAO, origin), VARY)
    assert decide(policy, get(EVIL)).reason is Reason.ORIGIN_NOT_ALLOWED


def test_memo_ignores_path() -> None:
    """Two requests differing only in path get the same decision."""
    policy = Policy(origins=[APP])
    first = decide(policy, RequestInfo("GET", origin=APP, path="/a"))
    second = decide(policy, RequestInfo("GET", origin=APP, path="/b"))
    assert first == second == Decision(((ACAO, APP), VARY), True, False, True, Reason.ALLOWED)


def test_memo_distinguishes_options() -> None:
    """A GET and an OPTIONS carrying the same request method get different decisions."""
    policy = Policy(origins=[APP])
    simple = RequestInfo("GET", origin=APP, request_method="PUT")
    options = RequestInfo("OPTIONS", origin=APP, request_method="PUT")
    assert decide(policy, simple) == Decision(
        ((ACAO, APP), VARY), True, False, True, Reason.ALLOWED
    )
    assert decide(policy, options) == Decision(
        ((ACAO, APP), (ACAM, ALL_METHODS), VARY), True, True, True, Reason.ALLOWED
    )
    assert decide(policy, simple).is_preflight is False


ENVIRON_CASES = [
    pytest.param({"REQUEST_METHOD": "GET", "HTTP_ORIGIN": APP}, id="simple"),
    pytest.param({"REQUEST_METHOD": "get", "HTTP_ORIGIN": APP}, id="lower-case-method"),
    pytest.param(
        {
            "REQUEST_METHOD": "OPTIONS",
            "HTTP_ORIGIN": APP,
            "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "PUT",
            "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "content-type",
        },
        id="preflight",
    ),
    pytest.param(
        {
            "REQUEST_METHOD": "options",
            "HTTP_ORIGIN": APP,
            "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "PUT",
        },
        id="lower-case-preflight",
    ),
    pytest.param({"REQUEST_METHOD": "GET", "HTTP_ORIGIN": EVIL}, id="refused"),
    pytest.param({"REQUEST_METHOD": "GET"}, id="no-origin"),
    pytest.param({}, id="empty-environ"),
    pytest.param({"REQUEST_METHOD": "GET", "HTTP_ORIGIN": b"https://app.example.com"}, id="bytes"),
    pytest.param({"REQUEST_METHOD": ["GET"], "HTTP_ORIGIN": APP}, id="unhashable-method"),
    pytest.param({"REQUEST_METHOD": "GET", "HTTP_ORIGIN": 42}, id="int-origin"),
    pytest.param(
        {
            "REQUEST_METHOD": "GET",
            "HTTP_ORIGIN": APP,
            "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK": "true",
        },
        id="private-network",
    ),
]


@pytest.mark.parametrize("environ", ENVIRON_CASES)
def test_decide_environ_is_decide_of_the_snapshot(environ: dict[str, object]) -> None:
    """decide_environ gives decide's answer for the environ's snapshot, fresh and from memory."""
    decider = Decider(Policy(origins=[APP]))
    expected = decide(Policy(origins=[APP]), RequestInfo.from_environ(environ))
    assert decider.decide_environ(environ) == expected
    assert decider.decide_environ(environ) == expected


PREFLIGHT_ENVIRON = {
    "REQUEST_METHOD": "OPTIONS",
    "HTTP_ORIGIN": APP,
    "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "PUT",
    "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "x-a",
}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REQUEST_METHOD", "GET"),
        ("HTTP_ORIGIN", EVIL),
        ("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "PROPFIND"),
        ("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "x-b"),
        ("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK", "true"),
    ],
)
def test_decide_environ_tells_apart_requests_differing_in_one_header(name: str, value: str) -> None:
    """After one request is remembered, one differing in any one input is not taken for it."""
    other = {**PREFLIGHT_ENVIRON, name: value}
    for first, second in [(PREFLIGHT_ENVIRON, other), (other, PREFLIGHT_ENVIRON)]:
        policy = Policy(origins=[APP], allow_headers=["x-a"], methods=["PUT"])
        decider = Decider(policy)
        expected = decide(policy, RequestInfo.from_environ(second))
        assert decider.decide_environ(first) != expected
        assert decider.decide_environ(second) == expected


@pytest.mark.parametrize(
    "environ",
    [
        PREFLIGHT_ENVIRON,
        {**PREFLIGHT_ENVIRON, "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK": "true"},
        {"REQUEST_METHOD": "GET", "HTTP_ORIGIN": EVIL},
        {"REQUEST_METHOD": "POST"},
    ],
    ids=["preflight", "private-network", "refused", "no-origin"],
)
def test_decide_environ_answers_a_repeat_straight_from_memory(
    environ: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second time, the environ's own values find the decision: nothing else runs."""
    decider = Decider(Policy(origins=[APP], allow_headers=["x-a"], methods=["PUT"]))
    first = decider.decide_environ(environ)

    def fail(*args: object) -> object:
        raise AssertionError("a remembered request was not found from the environ")

    monkeypatch.setattr(RequestInfo, "from_environ", fail)
    # The module, not the function of the same name that flask_cors.core exports.
    monkeypatch.setattr(importlib.import_module("flask_cors.core.decide"), "_decide", fail)
    monkeypatch.setattr(Decider, "_remembered", fail)
    assert decider.decide_environ(environ) is first


def test_decide_environ_finds_what_decide_remembered() -> None:
    """A decision Decider.decide made is found from an environ with the same headers, any path."""
    decider = Decider(Policy(origins=[APP]))
    remembered = decider.decide(RequestInfo("GET", origin=APP, path="/a"))
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/b", "HTTP_ORIGIN": APP}
    assert decider.decide_environ(environ) is remembered


def test_decide_environ_remembers_no_long_value() -> None:
    """An environ with a long Origin is decided afresh each time, and never stored."""
    decider = Decider(Policy(origins=[r"https://a+\.example\.com"]))
    origin = "https://" + "a" * 270 + ".example.com"
    assert _MEMO_MAX_VALUE < len(origin) <= MAX_ORIGIN_LENGTH
    environ = {"REQUEST_METHOD": "GET", "HTTP_ORIGIN": origin}
    for _ in range(2):
        assert decider.decide_environ(environ).headers == ((ACAO, origin), VARY)
    assert decider._memo == {}


def test_long_values_are_decided_every_time() -> None:
    """Origins longer than the memo's value limit are still answered correctly, repeatedly."""
    policy = Policy(origins=[r"https://a+\.example\.com"])
    origin = "https://" + "a" * 270 + ".example.com"
    assert _MEMO_MAX_VALUE < len(origin) <= MAX_ORIGIN_LENGTH
    for _ in range(3):
        assert decide(policy, get(origin)).headers == ((ACAO, origin), VARY)


def test_equal_policies_decide_alike() -> None:
    """Two equal policies give equal decisions: the memo of one does not leak into the other."""
    first = Policy(origins=[APP])
    second = Policy(origins=[APP])
    assert decide(first, get(APP)) == decide(second, get(APP))
    assert decide(first, get(SHOP)) == decide(second, get(SHOP))
    assert decide(second, get(SHOP)).reason is Reason.ORIGIN_NOT_ALLOWED


@pytest.mark.parametrize(
    "method",
    [
        "M" * 65,  # a token one character over the bound
        "M0001" + "X" * 59_995,  # what a development server's 64 KiB request line allows
        "GET X",  # not a token
        "G\u00e9T",  # not ASCII
    ],
    ids=["65-characters", "60000-characters", "space", "non-ascii"],
)
def test_memo_retains_long_request_methods(method: str) -> None:
    """Review 2, finding 11: a method that is no token of at most 64 characters is never stored."""
    policy = Policy(origins=[APP])
    decider = Decider(policy)
    environ = {"REQUEST_METHOD": method, "HTTP_ORIGIN": APP}
    expected = decide(policy, RequestInfo.from_environ(environ))
    for _ in range(2):
        assert decider.decide_environ(environ) == expected
        assert decider.decide(RequestInfo(method, origin=APP)) == decide(
            policy, RequestInfo(method, origin=APP)
        )
    assert decider._memo == {}


@pytest.mark.parametrize("method", ["GET", "PROPFIND", "M" * 64, "patch"])
def test_memo_keeps_token_methods_up_to_64_characters(method: str) -> None:
    """A method that is a token of at most 64 characters is remembered, under its upper case."""
    decider = Decider(Policy(origins=[APP]))
    first = decider.decide_environ({"REQUEST_METHOD": method, "HTTP_ORIGIN": APP})
    assert list(decider._memo) == [(method.upper(), APP, None, None, False)]
    assert decider.decide(RequestInfo(method.upper(), origin=APP)) is first
