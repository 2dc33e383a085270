"""lint(): what in a valid policy is probably a security mistake.

Each finding is a configuration that works but lets more sites read
responses than its author likely meant. The Flask shell turns findings into
:class:`~flask_cors.core.errors.InsecureCORSWarning` at startup; ``flask
cors check`` prints them. The rules follow the Fetch standard's CORS protocol
(https://fetch.spec.whatwg.org/#http-cors-protocol) and the mistakes CORS
users keep reporting.

Regex origins are judged by what they match, not by how they read: origins
the regex was plausibly written for are generated from the regex itself,
then changed the ways an attacker can (another domain after the host,
another registrable name, a letter for an unescaped ``.``), and a regex is
reported only with an origin a browser can send that it really matches.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from attrs import frozen

from .checks import check_name
from .errors import Problem
from .policy import Policy, header_value

#: Says whether a domain name is a public suffix (``"com"``, ``"github.io"``):
#: one under which anyone can register a name.
PublicSuffixTest = Callable[[str], bool]

# Unrelated sites over one scheme: a regex that matches all of them is a
# catch-all for that scheme.
_STRANGERS: Final = ("attacker.example", "evil.test:8080", "x9-unrelated.invalid")
_SCHEMES: Final = ("https", "http")
_LOOPBACK_HOSTS: Final = re.compile(
    r"http://(localhost|127(\.\d{1,3}){3}|\[::1\])(:(\d+|\*))?\Z", re.IGNORECASE
)
# A serialized origin of a web page as browsers send it (lower case): http
# or https, a DNS name or an IP address, and a port.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_ORIGIN: Final = re.compile(
    rf"(?P<scheme>https?)://(?P<host>{_LABEL}(?:\.{_LABEL})*|\[[0-9a-f:.]+\])"
    r"(?::(?P<port>[1-9][0-9]{0,4}))?\Z"
)
_HOST_IN_TEXT: Final = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")
_IPV4: Final = re.compile(r"\d{1,3}(\.\d{1,3}){3}\Z")
# Special-use names (RFC 6761, RFC 9476 and ICANN's "internal") nobody can
# register under, checked when the Public Suffix List is not at hand.
_SPECIAL_USE: Final = frozenset({"localhost", "test", "invalid", "example", "internal", "alt"})
# The domain attackers own in the examples of findings.
_ATTACKER: Final = "attacker"

# The standard library's regex parser, private but stable for years (see
# redos.py); a regex it cannot read gets no sample and no finding.
_PARSER: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_C: Any = importlib.import_module(
    "re._constants" if sys.version_info >= (3, 11) else "sre_constants"
)
_MAX_SAMPLES: Final = 32
_MAX_SAMPLE_LENGTH: Final = 300
# Characters tried, in order, for a character class: what hosts are made of.
_PREFERRED: Final = "abcdefghijklmnopqrstuvwxyz8901234567-."


def lint(policy: Policy, *, public_suffix: PublicSuffixTest | None = None) -> tuple[Problem, ...]:
    """Return the insecure parts of a policy, each with the option and a safer alternative.

    Args:
        policy: The policy to check.
        public_suffix: Says whether a domain is a public suffix, such as
            one backed by the Public Suffix List (the Flask shell passes one
            when ``flask-cors[psl]`` is installed). Without it, only
            top-level domains (``"com"``) count.
    """
    is_public = public_suffix or _top_level_domain
    findings: list[Problem] = []
    origins = policy.origins
    credentials = policy.supports_credentials
    catch_all = [p for p in origins.patterns if _catch_all(p)]
    if credentials and (origins.matches_all or catch_all):
        shown = "*" if origins.matches_all else catch_all[0].pattern
        findings.append(
            Problem(
                "origins",
                shown,
                "with supports_credentials=True lets every site read responses made with "
                "the user's cookies: any origin is echoed back as allowed",
                "list the origins that may send credentials, such as "
                "origins=['https://app.example.com']",
            )
        )
    seeds_of = {p: _seeds(p) for p in origins.patterns if p not in catch_all}
    for pattern, seeds in seeds_of.items():
        finding = _too_wide(pattern, seeds, is_public)
        if finding is not None:
            findings.append(finding)
    for wildcard in origins.wildcards:
        suffix = wildcard.suffix[1:]
        if suffix and is_public(suffix):
            cookies = " made with the user's cookies" if credentials else ""
            findings.append(
                Problem(
                    "origins",
                    wildcard.text,
                    f"covers every site under the public suffix {suffix!r}, where anyone can "
                    f"register a name, and so lets all of them read responses{cookies}",
                    f"list the origins of your own sites, such as "
                    f"'{wildcard.prefix}yours.{suffix}'",
                )
            )
    null_entries = [text for text in origins.literals if text.lower() == "null"]
    null_entries += [p.pattern for p in origins.patterns if p.match("null") and p not in catch_all]
    findings.extend(
        Problem(
            "origins",
            text,
            "allows the opaque origin 'null', which sandboxed iframes, file: pages and "
            "some redirects send, and which any site can produce",
            "list the real origins of the pages that call this API",
        )
        for text in null_entries
    )
    insecure = [text for text in origins.literals if _plain_http(text)]
    insecure += [w.text for w in origins.wildcards if _plain_http(w.text)]
    insecure += [
        pattern.pattern
        for pattern, seeds in seeds_of.items()
        if any(_plain_http(seed.text) and pattern.match(seed.text) for seed in seeds)
    ]
    if credentials:
        findings.extend(
            Problem(
                "origins",
                text,
                "is plain http with supports_credentials=True: anyone on the network path "
                "can inject a script into that origin and read responses made with the "
                "user's cookies",
                _https_fix(text),
            )
            for text in insecure
        )
    if policy.allow_private_network:
        findings.extend(_private_network(policy, bool(catch_all), insecure))
    return tuple(findings)


def _private_network(policy: Policy, catch_all: bool, insecure: list[str]) -> Iterator[Problem]:
    """Findings of Private Network Access allowed to more pages than meant.

    The Private Network Access draft
    (https://wicg.github.io/private-network-access/) lets a public page reach
    a server on the user's private network only if the server's preflight
    answer says so; allowing it to any page reopens the attack it exists to
    stop (CVE-2024-6221).
    """
    if policy.origins.matches_all or catch_all:
        yield Problem(
            "allow_private_network",
            True,
            "with origins='*' (or a catch-all regex) lets every web site reach this server on "
            "the user's private network: any page's Private Network Access preflight is "
            "answered yes",
            "list the origins of the pages that may reach it, such as "
            "origins=['https://intranet.example.com']",
        )
    for text in insecure:
        yield Problem(
            "origins",
            text,
            "is plain http with allow_private_network=True: anyone on the network path can "
            "inject a script into that origin and reach this server on the user's private "
            "network",
            _https_fix(text),
        )


def _https_fix(text: str) -> str:
    if text.lower().startswith("http://"):
        return f"serve the page over https and allow {'https' + text[4:]!r}"
    return "serve the page over https and allow only https origins"


def _plain_http(origin: str) -> bool:
    return origin.lower().startswith("http://") and not _LOOPBACK_HOSTS.match(origin)


def _top_level_domain(domain: str) -> bool:
    """Whether ``domain`` is a top-level domain anyone can register under (no PSL at hand)."""
    return "." not in domain and domain.lower() not in _SPECIAL_USE


def _catch_all(pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` matches every unrelated origin of some scheme."""
    return any(
        all(pattern.match(f"{scheme}://{host}") for host in _STRANGERS) for scheme in _SCHEMES
    )


@frozen
class _Origin:
    """A serialized origin split into its parts."""

    scheme: str
    host: str
    port: str | None

    @property
    def text(self) -> str:
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{self.host}{port}"

    def with_host(self, host: str) -> _Origin | None:
        return _origin(f"{self.scheme}://{host}" + (f":{self.port}" if self.port else ""))


def _origin(text: str) -> _Origin | None:
    """Parse ``text`` if it is an origin a browser can send (scheme://host[:port])."""
    found = _ORIGIN.match(text)
    if found is None or len(found["host"]) > 253:
        return None
    port = found["port"]
    if port is not None and int(port) > 65535:
        return None
    return _Origin(found["scheme"], found["host"], port)


def _too_wide(
    pattern: re.Pattern[str], seeds: list[_Origin], is_public: PublicSuffixTest
) -> Problem | None:
    """Return the finding for a regex that matches another site's origin, if one is found."""
    intended = {_site(seed.host, is_public) for seed in seeds}
    for kind, candidate in _attacks(seeds):
        if _site(candidate.host, is_public) in intended or not pattern.match(candidate.text):
            continue
        return _finding(pattern, kind, candidate.text, is_public)
    return None


def _finding(
    pattern: re.Pattern[str], kind: str, example: str, is_public: PublicSuffixTest
) -> Problem:
    text = pattern.pattern
    if kind == "longer":
        if text.endswith(("$", r"\Z", r"\z")):
            message = (
                "is a regex whose end anchor binds only its last alternative, so another "
                "alternative also matches every origin that merely starts with a match"
            )
            fix = (
                "group the alternatives before the anchor, as in "
                r"r'^https://(app|admin)\.example\.com$'"
            )
        else:
            message = (
                "is a regex not anchored at the end, so it also matches every origin that "
                "merely starts with a match"
            )
            fix = "end the regex with '$', or use a wildcard origin such as 'https://*.example.com'"
        return Problem("origins", text, f"{message}, such as {example!r}", fix)
    if kind == "suffix":
        suffix = example.partition("://")[2].partition(".")[2].partition(":")[0]
        return Problem(
            "origins",
            text,
            f"covers sites under the public suffix {suffix!r}, where anyone can register a "
            f"name, such as {example!r}",
            "match only the names of your own sites",
        )
    if "://*." in text:
        wildcard = text.rstrip("$").removesuffix("\\Z")
        return Problem(
            "origins",
            text,
            "is a regex, not a wildcard origin (its regex characters make it one): '*' repeats "
            f"the character before it and '.' matches any character, so it matches other "
            f"sites' origins, such as {example!r}, and not the subdomains it names",
            f"write the wildcard origin {wildcard!r} without regex characters",
        )
    return Problem(
        "origins",
        text,
        f"is a regex that also matches other sites' origins, such as {example!r}: an "
        "unescaped '.' matches any character, and a repetition may run into the domain",
        "escape literal dots as '\\.' (re.escape() does it), or use a wildcard origin such as "
        "'https://*.example.com'",
    )


def _attacks(seeds: list[_Origin]) -> Iterator[tuple[str, _Origin]]:
    """Origins an attacker can get, made from the seeds, each with how it was made."""
    for seed in seeds:
        found = seed.with_host(f"{seed.host}.{_ATTACKER}.net")
        if found is not None:
            yield "longer", found
    for seed in seeds:
        if not _is_ip(seed.host) and "." in seed.host:
            found = seed.with_host(f"{_ATTACKER}.{seed.host.partition('.')[2]}")
            if found is not None:
                yield "suffix", found
    for seed in seeds:
        if _is_ip(seed.host):
            continue
        host = seed.host
        last = host.rfind(".")
        for index, char in enumerate(host[:last] if last > 0 else ""):
            if char == ".":
                found = seed.with_host(f"{host[:index]}x{host[index + 1 :]}")
                if found is not None:
                    yield "lookalike", found
        for prefix in ("a", _ATTACKER, f"{_ATTACKER}-"):
            found = seed.with_host(prefix + host)
            if found is not None:
                yield "lookalike", found


def _is_ip(host: str) -> bool:
    return host.startswith("[") or _IPV4.match(host) is not None


def _site(host: str, is_public: PublicSuffixTest) -> str:
    """Return the registrable part of ``host`` (its site), or ``host`` for an IP address."""
    if _is_ip(host):
        return host
    labels = host.split(".")
    # The shortest tail that is not a public suffix is what its owner registered.
    for start in range(len(labels) - 1, -1, -1):
        tail = ".".join(labels[start:])
        if not is_public(tail):
            return tail
    return host


def _seeds(pattern: re.Pattern[str]) -> list[_Origin]:
    """Return origins the regex was plausibly written for, made from the regex itself.

    Samples are generated from the parsed regex (a class gives one of its
    letters, ``.*`` a word); a sample that is an origin is a seed, and so is
    ``scheme://host`` for every host name inside a sample that is not.
    """
    try:
        parsed = _PARSER.parse(pattern.pattern, pattern.flags)
        samples = _samples(list(parsed), bool(pattern.flags & re.IGNORECASE))
    except Exception:
        # A regex the private parser cannot read: no seeds, no finding.
        return []
    seeds: dict[str, _Origin] = {}
    for sample in samples:
        sample = sample.lower()
        found = _origin(sample)
        if found is not None:
            seeds.setdefault(found.text, found)
            continue
        scheme, colon, rest = sample.partition(":")
        if not colon or scheme not in _SCHEMES:
            continue
        for host in _HOST_IN_TEXT.findall(rest):
            found = _origin(f"{scheme}://{host}")
            if found is not None:
                seeds.setdefault(found.text, found)
    return list(seeds.values())


def _samples(items: Iterable[tuple[Any, Any]], ignore_case: bool) -> list[str]:
    """Strings the parsed regex ``items`` plausibly matches (checked by the caller)."""
    results = [""]
    for op, av in items:
        options = _item_samples(op, av, ignore_case)
        results = [
            first + second
            for first in results
            for second in options
            if len(first) + len(second) <= _MAX_SAMPLE_LENGTH
        ][:_MAX_SAMPLES]
    return results


def _item_samples(op: Any, av: Any, ignore_case: bool) -> list[str]:
    if op is _C.LITERAL:
        return [chr(av)]
    if op is _C.NOT_LITERAL:
        return ["a" if chr(av) != "a" else "b"]
    if op is _C.ANY:
        # A single "any character" was most often meant as a dot.
        return ["."]
    if op is _C.IN:
        return [_class_sample(av, ignore_case)]
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
        low, high, body = av
        if list(body) == [(_C.ANY, None)]:
            # ".*" or ".+" stands for some text: a word.
            return ["app" if low <= 3 <= high else "a" * low]
        inner = _samples(list(body), ignore_case)
        counts = [low] + ([low + 1] if high > low else [])
        if (low, high) == (0, 1):
            # An optional part ("https?", "(www\\.)?") is usually written for the
            # origins that have it: those samples come first, before the
            # sample limit cuts the list.
            counts.reverse()
        return [text * count for count in counts for text in inner]
    if op is _C.SUBPATTERN:
        return _samples(list(av[-1]), ignore_case)
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _samples(list(av), ignore_case)
    if op is _C.BRANCH:
        return [text for branch in av[1] for text in _samples(list(branch), ignore_case)]
    if op is _C.GROUPREF_EXISTS:
        _, yes, no = av
        return _samples(list(yes), ignore_case) + (_samples(list(no), ignore_case) if no else [""])
    # Anchors, lookarounds and back references match no text of their own here.
    return [""]


def _class_sample(items: list[tuple[Any, Any]], ignore_case: bool) -> str:
    """One character of a character class, a host character if it has one."""
    negate = any(op is _C.NEGATE for op, _ in items)
    for char in _PREFERRED:
        variants = {char, char.upper()} if ignore_case else {char}
        if any(_in_class(items, c) for c in variants) != negate:
            return char
    for op, av in items:
        if op is _C.LITERAL and not negate:
            return chr(av)
    return "a"


def _in_class(items: list[tuple[Any, Any]], char: str) -> bool:
    code = ord(char)
    for op, av in items:
        if op is _C.LITERAL and av == code:
            return True
        if op is _C.RANGE and av[0] <= code <= av[1]:
            return True
        if op is _C.CATEGORY and _in_category(av, char):
            return True
    return False


def _in_category(category: Any, char: str) -> bool:
    name = str(category)
    negate = "_NOT_" in name
    if "DIGIT" in name:
        inside = char.isdigit()
    elif "WORD" in name:
        inside = char.isalnum() or char == "_"
    elif "SPACE" in name:
        inside = char.isspace()
    else:
        inside = False
    return inside != negate


def doubtful(policy: Policy) -> tuple[Problem, ...]:
    """Return what in a policy works as flask-cors 6 would run it, but probably not as meant.

    Not a security finding: the Flask shell turns these into
    :class:`~flask_cors.core.errors.CORSConfigWarning` at startup.
    """
    found: list[Problem] = []
    for option in ("methods", "expose_headers"):
        value: str | None = getattr(policy.header_text, option)
        if value is None or (sent := header_value(value)) == value:
            continue
        found.append(
            Problem(
                option,
                value,
                "has a line break or another control character around a name, left out of the "
                f"header, which is sent as {sent!r} (flask-cors 6 sent it as written, and every "
                "response failed)",
                "remove it from the configured value: a YAML block scalar, a file or an "
                "environment variable often ends with a newline",
            )
        )
    return tuple(found)


def unseen(policy: Policy) -> tuple[Problem, ...]:
    """Return what in a policy no check can judge: the origin functions, and what to check in them.

    Not a finding: a function of the origin (an
    :class:`~flask_cors.core.checks.OriginCheck`) is the application's own
    code, asked at run time; ``flask cors check`` says it cannot look
    inside, and what to make sure of.
    """
    cookies = (
        " With supports_credentials=True, every origin it allows reads responses made with "
        "the user's cookies."
        if policy.supports_credentials
        else ""
    )
    return tuple(
        Problem(
            "origins",
            check_name(check),
            f"is a function, asked at run time: no check can look inside it.{cookies}",
            "make sure it compares the whole origin (scheme, host and port) for equality, "
            "never a prefix, suffix or substring; answers False for 'null' and for what it "
            "does not know; and is fast, as it runs on every CORS request (remembered() keeps "
            "its answers for a time)",
        )
        for check in policy.origins.checks
    )
