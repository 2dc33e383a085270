"""lint(): what in a valid policy is probably a security mistake.

Each finding is a configuration that works but lets more sites read
responses than its author likely meant. The Flask shell turns findings into
:class:`~flask_cors.core.errors.InsecureCORSWarning` at startup; ``flask
cors check`` prints them. The rules follow the Fetch standard's CORS protocol
(https://fetch.spec.whatwg.org/#http-cors-protocol) and the mistakes CORS
users keep reporting.

The lint is a table of small rules (:data:`RULES`), each a function from
what it knows of the policy to its findings. Regex origins are judged by
what they match, not by how they read: origins the regex was written for
are generated from the regex itself (:mod:`~flask_cors.core.regex_samples`),
then changed the ways an attacker can (:data:`REGEX_RULES`: another domain
after the host, another registrable name where the regex lets one vary, a
name that merely ends like the domain), and a regex is reported with an
origin a browser can send (:class:`~flask_cors.core.sites.BrowserOrigin`)
that it really matches and that belongs to another site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Literal

from attrs import field, frozen

from .checks import check_name
from .errors import Problem, ProblemCode
from .policy import Policy
from .regex_samples import fixed_mask, sample_text, samples, variants
from .regex_syntax import GROUPS, C, body, parse
from .sites import (
    BrowserOrigin,
    PublicSuffixTest,
    public_suffix,
    registrable_domain,
    top_level_domain,
)

__all__ = [
    "ALTERNATION",
    "CREDENTIALS_ANY",
    "REGEX_RULES",
    "RULES",
    "UNANCHORED",
    "Facts",
    "PublicSuffixTest",
    "RegexFacts",
    "RegexRule",
    "Rule",
    "any_origin_with_credentials",
    "ends_like_the_domain",
    "extends_past_the_end",
    "lint",
    "null_origin",
    "plain_http_with_credentials",
    "private_network_for_any_origin",
    "regexes_matching_other_sites",
    "unanchored_end",
    "unseen",
    "varies_the_registrable_name",
    "wildcards_over_public_suffixes",
]

# Unrelated sites over one scheme: a regex that matches all of them is a
# catch-all for that scheme.
_STRANGERS: Final = ("attacker.example", "evil.test:8080", "x9-unrelated.invalid")
_SCHEMES: Final = ("https", "http")
_LOOPBACK_HOSTS: Final = re.compile(
    r"http://(localhost|127(\.\d{1,3}){3}|\[::1\])(:(\d+|\*))?\Z", re.IGNORECASE
)
# A host name inside a sample that is not an origin ("https:/.example.com").
_HOST_IN_TEXT: Final = re.compile(
    r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+"
)
# The origin a sample starts with, with and without its port.
_ORIGIN_START: Final = re.compile(
    r"(?P<bare>https?://(?P<host>[a-z0-9.-]+|\[[0-9a-f:.]+\]))(?::[0-9]+)?"
)
# The domain an attacker owns in the examples of findings, and what they
# put before a domain to get a name of their own that ends like it.
_ATTACKER_DOMAIN: Final = "attacker.net"
_ATTACKER_LABEL: Final = "attacker"
_PREFIXES: Final = (_ATTACKER_LABEL, f"{_ATTACKER_LABEL}-", "a")
# The anchors that hold only at the end of the value.
_END_ANCHORS: Final = frozenset({C.AT_END, C.AT_END_STRING})

CREDENTIALS_ANY: Final = (
    "with supports_credentials=True lets every site read responses made with the user's "
    "cookies: any origin is echoed back as allowed"
)
UNANCHORED: Final = (
    "is a regex not anchored at the end, so it also matches every origin that merely starts "
    "with a match"
)
ALTERNATION: Final = (
    "is a regex whose end anchor binds only its last alternative, so another alternative also "
    "matches every origin that merely starts with a match"
)


def lint(policy: Policy, *, public_suffix: PublicSuffixTest | None = None) -> tuple[Problem, ...]:
    """Return the insecure parts of a policy, each with the option and a safer alternative.

    Args:
        policy: The policy to check.
        public_suffix: Says whether a domain is a public suffix, such as
            ``PublicSuffixList().is_public`` from ``publicsuffixlist``
            (:func:`flask_cors.lint` and the Flask shell pass the Public
            Suffix List). Without it, only top-level domains (``"com"``)
            count. It is called only for wildcard and regex origins.
    """
    facts = Facts.of(policy, public_suffix or top_level_domain)
    return tuple(problem for rule in RULES for problem in rule(facts))


@frozen
class RegexFacts:
    r"""What the lint knows of one regex origin.

    Attributes:
        pattern: The compiled regex.
        origins: Origins it was plausibly written for, made from the regex
            (not all of them match it).
        named: The sites whose registrable name the regex spells out
            literally: those it was written for.
        changed: Texts made from those origins by changing the parts of the
            regex that can vary (classes, repetitions).
        dotted: Texts made from them by changing a lone ``.`` (any
            character) to a letter.
        end: Whether every alternative of the regex ends with ``$`` or
            ``\Z`` (``"all"``), some do (``"some"``) or none does (``"none"``).
    """

    pattern: re.Pattern[str]
    origins: tuple[BrowserOrigin, ...]
    named: frozenset[str]
    changed: tuple[str, ...]
    dotted: tuple[str, ...]
    end: Literal["all", "some", "none"]

    @classmethod
    def of(cls, pattern: re.Pattern[str], is_public: PublicSuffixTest) -> RegexFacts:
        """Make the origins, named sites and changed texts of a regex."""
        origins: dict[str, BrowserOrigin] = {}
        named: set[str] = set()
        changed: dict[str, None] = {}
        dotted: dict[str, None] = {}
        for sample in samples(pattern):
            for prefix in _schemes_to_add(pattern, sample_text(sample)):
                text = prefix + sample_text(sample)
                mask = [True] * len(prefix) + fixed_mask(sample)
                changed.update(dict.fromkeys(prefix + other for other in variants(sample)))
                dotted.update(dict.fromkeys(prefix + o for o in variants(sample, any_char=True)))
                for origin, start in _origins_in(text):
                    origins.setdefault(origin.text, origin)
                    host_mask = mask[start : start + len(origin.host)]
                    site = _named_site(origin.host, host_mask, is_public)
                    if site is not None:
                        named.add(site)
        return cls(
            pattern,
            tuple(sorted(origins.values(), key=_simplest_first)),
            frozenset(named),
            tuple(changed),
            tuple(dotted),
            _end(pattern),
        )

    def matches(self, origin: BrowserOrigin | None) -> bool:
        """Whether ``origin`` is one a browser can send and the regex matches."""
        return origin is not None and self.pattern.match(origin.text) is not None


@frozen
class Facts:
    """What every rule of the lint may look at, computed once per policy.

    Attributes:
        policy: The policy.
        is_public: The test of public suffixes.
        catch_all: The regex origins that match every origin of a scheme.
        regexes: What is known of the other regex origins.
    """

    policy: Policy
    is_public: PublicSuffixTest
    catch_all: tuple[re.Pattern[str], ...]
    regexes: tuple[RegexFacts, ...] = field(repr=False)

    @classmethod
    def of(cls, policy: Policy, is_public: PublicSuffixTest) -> Facts:
        """Sort out a policy's regex origins, once."""
        patterns = policy.origins.patterns
        catch_all = tuple(p for p in patterns if _catch_all(p))
        regexes = tuple(RegexFacts.of(p, is_public) for p in patterns if p not in catch_all)
        return cls(policy, is_public, catch_all, regexes)

    def site(self, origin: BrowserOrigin) -> str | None:
        """The site an origin belongs to, or ``None`` if nobody can register it."""
        return registrable_domain(origin.host, self.is_public)

    def plain_http(self) -> list[tuple[str, str | None]]:
        """The plain http origins allowed beyond loopback: (entry, an example for a regex)."""
        origins = self.policy.origins
        found: list[tuple[str, str | None]] = [
            (text, None) for text in origins.literals if _plain_http(text)
        ]
        found += [(w.text, None) for w in origins.wildcards if _plain_http(w.text)]
        for regex in self.regexes:
            example = next(
                (
                    origin.text
                    for origin in regex.origins
                    if _plain_http(origin.text) and regex.matches(origin)
                ),
                None,
            )
            if example is not None:
                found.append((regex.pattern.pattern, example))
        return found


def _simplest_first(origin: BrowserOrigin) -> tuple[bool, int, bool]:
    """Sort key of origins: the default port, a short host and https first, for examples."""
    return origin.port is not None, len(origin.host), origin.scheme != "https"


def _schemes_to_add(pattern: re.Pattern[str], text: str) -> list[str]:
    r"""The schemes a sample lacks when the regex leaves them open (``r".*\.example\.com"``)."""
    if "://" in text:
        return [""]
    added = [f"{scheme}://" for scheme in _SCHEMES if pattern.match(f"{scheme}://{text}")]
    return added or [""]


def _origins_in(text: str) -> Iterator[tuple[BrowserOrigin, int]]:
    """The origins a sample stands for, each with where its host starts in the text."""
    origin = BrowserOrigin.parse(text)
    if origin is not None:
        yield origin, text.index("://") + 3
        return
    # Not an origin: what it starts with ("http://localhost" of
    # "http://localhost:app"), and the host names in it ("example.com" of
    # "https:/.example.com"), are what the regex was written for.
    start = _ORIGIN_START.match(text)
    if start is not None:
        for prefix in (start[0], start["bare"]):
            origin = BrowserOrigin.parse(prefix)
            if origin is not None:
                yield origin, start.start("host")
                return
    scheme = text.partition(":")[0]
    if scheme not in _SCHEMES:
        return
    for found in _HOST_IN_TEXT.finditer(text):
        origin = BrowserOrigin.parse(f"{scheme}://{found[0]}")
        if origin is not None:
            yield origin, found.start()


def _named_site(host: str, fixed: list[bool], is_public: PublicSuffixTest) -> str | None:
    r"""The site ``host`` names if the regex spells out its registrable label, else ``None``.

    ``fixed`` says which characters of ``host`` the regex fixes. A label
    whose start varies but whose end is a literal name (``.*example`` in
    ``r"^https://.*example\.com$"``) names the site of that end:
    ``example.com`` is what the author meant.
    """
    site = registrable_domain(host, is_public)
    if site is None:
        return None
    label_length = site.index(".")
    label_fixed = fixed[len(host) - len(site) :][:label_length]
    if all(label_fixed):
        return site
    tail = label_length
    while tail > 0 and label_fixed[tail - 1]:
        tail -= 1
    literal_end = site[tail:]
    if tail < label_length and literal_end[0].isalnum():
        return literal_end
    return None


def _end(pattern: re.Pattern[str]) -> Literal["all", "some", "none"]:
    """Say whether the regex's alternatives end with an end anchor: all, some or none."""
    parsed = parse(pattern)
    if parsed is None:
        # Unreadable: no finding rather than a guess.
        return "all"
    ends = _ends_anchored(parsed)
    if ends == {True}:
        return "all"
    return "some" if True in ends else "none"


def _ends_anchored(items: list[tuple[Any, Any]]) -> set[bool]:
    """For each way through ``items``, whether it ends with an end anchor."""
    if not items:
        return {False}
    op, av = items[-1]
    if op is C.AT:
        return {av in _END_ANCHORS}
    if op in GROUPS:
        return _ends_anchored(list(body(op, av)))
    if op is C.BRANCH:
        return set().union(*(_ends_anchored(list(branch)) for branch in av[1]))
    return {False}


def _catch_all(pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` matches every unrelated origin of some scheme."""
    return any(
        all(pattern.match(f"{scheme}://{host}") for host in _STRANGERS) for scheme in _SCHEMES
    )


def _plain_http(origin: str) -> bool:
    return origin.lower().startswith("http://") and not _LOOPBACK_HOSTS.match(origin)


def _https_fix(text: str) -> str:
    if text.lower().startswith("http://"):
        return f"serve the page over https and allow {'https' + text[4:]!r}"
    return "serve the page over https and allow only https origins"


# --- The rules of the policy ----------------------------------------------------------------

#: A rule of the lint: from what is known of a policy to its findings.
Rule = Callable[[Facts], Iterable[Problem]]


def any_origin_with_credentials(facts: Facts) -> Iterator[Problem]:
    """``"*"`` or a catch-all regex with credentials: every site reads the user's data."""
    origins = facts.policy.origins
    if facts.policy.supports_credentials and (origins.matches_all or facts.catch_all):
        shown = "*" if origins.matches_all else facts.catch_all[0].pattern
        yield Problem(
            "origins",
            shown,
            CREDENTIALS_ANY,
            "list the origins that may send credentials, such as "
            "origins=['https://app.example.com']",
            code=ProblemCode.CREDENTIALS_ANY_ORIGIN,
        )


def regexes_matching_other_sites(facts: Facts) -> Iterator[Problem]:
    """A regex origin that matches another site's origin: the first regex rule that finds one."""
    for regex in facts.regexes:
        for regex_rule in REGEX_RULES:
            problem = regex_rule(regex, facts)
            if problem is not None:
                yield problem
                break


def wildcards_over_public_suffixes(facts: Facts) -> Iterator[Problem]:
    """A wildcard origin such as ``https://*.github.io``: every registrant there reads responses."""
    cookies = " made with the user's cookies" if facts.policy.supports_credentials else ""
    for wildcard in facts.policy.origins.wildcards:
        suffix = wildcard.suffix[1:]
        if suffix and facts.is_public(suffix.lower()):
            yield Problem(
                "origins",
                wildcard.text,
                f"covers every site under the public suffix {suffix!r}, where anyone can "
                f"register a name, and so lets all of them read responses{cookies}",
                f"list the origins of your own sites, such as '{wildcard.prefix}yours.{suffix}'",
                code=ProblemCode.PUBLIC_SUFFIX,
            )


def null_origin(facts: Facts) -> Iterator[Problem]:
    """The opaque origin ``null`` allowed: any site can send it from a sandboxed iframe."""
    origins = facts.policy.origins
    entries = [text for text in origins.literals if text.lower() == "null"]
    entries += [regex.pattern.pattern for regex in facts.regexes if regex.pattern.match("null")]
    for text in entries:
        yield Problem(
            "origins",
            text,
            "allows the opaque origin 'null', which sandboxed iframes, file: pages and "
            "some redirects send, and which any site can produce",
            "list the real origins of the pages that call this API",
            code=ProblemCode.NULL_ORIGIN,
        )


def plain_http_with_credentials(facts: Facts) -> Iterator[Problem]:
    """Plain http origins with credentials: whoever is on the network path reads the data."""
    if facts.policy.supports_credentials:
        for text, example in facts.plain_http():
            yield _plain_http_problem(text, example, "read responses made with the user's cookies")


def private_network_for_any_origin(facts: Facts) -> Iterator[Problem]:
    """Private Network Access for any origin, or for plain http origins.

    The Private Network Access draft
    (https://wicg.github.io/private-network-access/) lets a public page reach
    a server on the user's private network only if the server's preflight
    answer says so; allowing it to any page reopens the attack it exists to
    stop (CVE-2024-6221).
    """
    if not facts.policy.allow_private_network:
        return
    if facts.policy.origins.matches_all or facts.catch_all:
        yield Problem(
            "allow_private_network",
            True,
            "with origins='*' (or a catch-all regex) lets every web site reach this server on "
            "the user's private network: any page's Private Network Access preflight is "
            "answered yes",
            "list the origins of the pages that may reach it, such as "
            "origins=['https://intranet.example.com']",
            code=ProblemCode.PRIVATE_NETWORK_ANY_ORIGIN,
        )
    for text, example in facts.plain_http():
        yield _plain_http_problem(
            text,
            example,
            "reach this server on the user's private network",
            "allow_private_network",
        )


def _plain_http_problem(
    text: str, example: str | None, harm: str, option: str = "supports_credentials"
) -> Problem:
    if example is None:
        message = (
            f"is plain http with {option}=True: anyone on the network path can inject a "
            f"script into that origin and {harm}"
        )
        return Problem("origins", text, message, _https_fix(text), code=ProblemCode.PLAIN_HTTP)
    message = (
        f"matches plain http origins, such as {example!r}, with {option}=True: anyone on "
        f"the network path can inject a script into such a page and {harm}"
    )
    return Problem(
        "origins", text, message, "match only https origins", code=ProblemCode.PLAIN_HTTP
    )


#: The lint's rules, in the order their findings are reported.
RULES: Final[tuple[Rule, ...]] = (
    any_origin_with_credentials,
    regexes_matching_other_sites,
    wildcards_over_public_suffixes,
    null_origin,
    plain_http_with_credentials,
    private_network_for_any_origin,
)


# --- The rules of one regex origin ----------------------------------------------------------

#: A rule for one regex origin: its finding, if it lets another site in.
RegexRule = Callable[[RegexFacts, Facts], "Problem | None"]


def extends_past_the_end(regex: RegexFacts, facts: Facts) -> Problem | None:
    r"""An origin it was written for, with another domain after the host, still matches.

    ``r"https://app\.example\.com"`` (no ``$``) and
    ``r"^https://a\.com|https://b\.com$"`` (``$`` binds the last branch
    only) both match ``https://app.example.com.attacker.net``.
    """
    for origin in regex.origins:
        if regex.end == "all" and facts.site(origin) not in regex.named:
            # Anchored: only a host it names running on is this rule's case
            # ("[a-z.]+$" lets any host in, which the next rules say).
            continue
        longer = origin.with_host(f"{origin.host}.{_ATTACKER_DOMAIN}")
        if regex.matches(longer) and longer is not None and _is_other_site(longer, regex, facts):
            return _unanchored_problem(regex, longer.text)
    return None


def varies_the_registrable_name(regex: RegexFacts, facts: Facts) -> Problem | None:
    r"""A part the regex lets vary reaches other names under a public suffix.

    ``r"^https://[a-z0-9-]+\.s3\.amazonaws\.com$"`` matches every bucket,
    ``r"^https://myapp-.*\.vercel\.app$"`` the Vercel project
    ``myapp-attacker``: names anyone can register.
    """
    for origin in _other_names(regex):
        if _is_other_site(origin, regex, facts) and not _ends_like_a_named_site(origin, regex):
            suffix = public_suffix(origin.host, facts.is_public)
            return Problem(
                "origins",
                regex.pattern.pattern,
                f"covers sites under the public suffix {suffix!r}, where anyone can register a "
                f"name, such as {origin.text!r}",
                "match only the names of your own sites",
                code=ProblemCode.PUBLIC_SUFFIX,
            )
    return None


def ends_like_the_domain(regex: RegexFacts, facts: Facts) -> Problem | None:
    r"""A name that merely ends like the domain matches: a missing or unescaped dot.

    ``r"^https://.*example\.com$"`` matches ``https://attackerexample.com``,
    ``r"https://app.example\.com$"`` matches ``https://appxexample.com``.
    """
    for origin in _lookalikes(regex):
        if _is_other_site(origin, regex, facts) and _ends_like_a_named_site(origin, regex):
            return _lookalike_problem(regex.pattern.pattern, origin.text)
    for dotted in _browser_origins(regex.dotted):
        if _is_other_site(dotted, regex, facts):
            return _lookalike_problem(regex.pattern.pattern, dotted.text)
    return None


def unanchored_end(regex: RegexFacts, facts: Facts) -> Problem | None:
    r"""Not anchored at the end, though no origin a browser sends gets past it today.

    ``r"http://localhost:\d+"`` matches every value that starts with
    ``http://localhost:3000``; browsers send nothing longer that is an
    origin, so there is no example, but the regex is one edit from
    matching other sites.
    """
    if regex.end == "all" or not regex.origins:
        return None
    return _unanchored_problem(regex, None)


#: The rules for one regex origin, in order: the first finding is reported.
REGEX_RULES: Final[tuple[RegexRule, ...]] = (
    extends_past_the_end,
    varies_the_registrable_name,
    ends_like_the_domain,
    unanchored_end,
)


def _is_other_site(origin: BrowserOrigin, regex: RegexFacts, facts: Facts) -> bool:
    """Whether the regex matches ``origin``, a site someone else can register."""
    if not regex.matches(origin):
        return False
    site = facts.site(origin)
    return site is not None and site not in regex.named


def _ends_like_a_named_site(origin: BrowserOrigin, regex: RegexFacts) -> bool:
    return any(origin.host.endswith(site) for site in regex.named)


def _browser_origins(texts: Iterable[str]) -> Iterator[BrowserOrigin]:
    """The texts that are origins a browser can send, parsed."""
    for text in texts:
        origin = BrowserOrigin.parse(text)
        if origin is not None:
            yield origin


def _other_names(regex: RegexFacts) -> Iterator[BrowserOrigin]:
    """Origins with the regex's varying parts changed, then with another first label."""
    yield from _browser_origins(regex.changed)
    for origin in regex.origins:
        rest = origin.host.partition(".")[2]
        other = origin.with_host(f"{_ATTACKER_LABEL}.{rest}") if rest else None
        if other is not None:
            yield other


def _lookalikes(regex: RegexFacts) -> Iterator[BrowserOrigin]:
    """Names that end like a site the regex names, or like an origin it was written for."""
    for origin in regex.origins:
        for host in (*sorted(regex.named), origin.host):
            for prefix in _PREFIXES:
                other = origin.with_host(prefix + host)
                if other is not None:
                    yield other
    yield from _other_names(regex)


def _unanchored_problem(regex: RegexFacts, example: str | None) -> Problem:
    text = regex.pattern.pattern
    such_as = f", such as {example!r}" if example else ""
    if regex.end == "all":
        return Problem(
            "origins",
            text,
            "is a regex whose last part runs on past the host, so it also matches origins that "
            f"merely start with one it was written for{such_as}",
            r"end the host with its literal domain before '$', as in "
            r"r'^https://[a-z0-9-]+\.example\.com$'",
            code=ProblemCode.UNANCHORED_REGEX,
        )
    if regex.end == "some" and text.endswith(("$", r"\Z")):
        return Problem(
            "origins",
            text,
            f"{ALTERNATION}{such_as}",
            r"group the alternatives before the anchor, as in "
            r"r'^https://(app|admin)\.example\.com$'",
            code=ProblemCode.UNANCHORED_REGEX,
        )
    if example is None:
        fix = "end the regex with '$'"
    elif text.lstrip("^").startswith((".*", ".+")):
        fix = (
            "start the regex with '^https://' rather than '.*', which lets any scheme and any "
            "text before the domain in, and end it with '$'; or use a wildcard origin such as "
            "'https://*.example.com'"
        )
    else:
        fix = "end the regex with '$', or use a wildcard origin such as 'https://*.example.com'"
    return Problem(
        "origins", text, f"{UNANCHORED}{such_as}", fix, code=ProblemCode.UNANCHORED_REGEX
    )


def _lookalike_problem(text: str, example: str) -> Problem:
    if "://*." in text:
        wildcard = text.rstrip("$").removesuffix("\\Z")
        return Problem(
            "origins",
            text,
            "is a regex, not a wildcard origin (its regex characters make it one): '*' repeats "
            f"the character before it and '.' matches any character, so it matches other "
            f"sites' origins, such as {example!r}, and not the subdomains it names",
            f"write the wildcard origin {wildcard!r} without regex characters",
            code=ProblemCode.OTHER_SITES,
        )
    return Problem(
        "origins",
        text,
        f"is a regex that also matches other sites' origins, such as {example!r}: an "
        "unescaped '.' matches any character, and a repetition may run into the domain",
        "escape literal dots as '\\.' (re.escape() does it), or use a wildcard origin such as "
        "'https://*.example.com'",
        code=ProblemCode.OTHER_SITES,
    )


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
            code=ProblemCode.UNSEEN_FUNCTION,
        )
        for check in policy.origins.checks
    )
