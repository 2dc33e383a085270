"""The :class:`Policy`: a CORS configuration, parsed and checked once.

A Policy takes flask-cors's option vocabulary in every input shape flask-cors
accepts and turns it, once, into typed and normalised fields plus the header
values they produce. Everything that does not depend on the request is
computed here, so :func:`~flask_cors.core.decide` only does the part that
does. The header values are those of the CORS protocol's responses
(https://fetch.spec.whatwg.org/#http-responses), with the syntax of
https://fetch.spec.whatwg.org/#http-new-header-syntax.

Precedence is :meth:`Policy.merge`: every option the right-hand policy was
explicitly given overrides the left-hand one. flask-cors's precedence chain
(defaults, ``CORS_*`` config, ``CORS(...)``, ``init_app(...)``, per-resource
options) is a left fold of merges.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Hashable, Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Final, TypeAlias

from attrs import field, frozen

from .constants import (
    ACL_CREDENTIALS,
    ACL_EXPOSE_HEADERS,
    ACL_MAX_AGE,
    ACL_METHODS,
    VARY,
)
from .errors import ConfigurationError, Found, Problem
from .patterns import TOKEN, EntriesInput, PatternSet, parse_entries
from .vocabulary import DEFAULTS
from .vocabulary import POLICY_OPTIONS as POLICY_OPTIONS

if TYPE_CHECKING:
    from .decision import Decision

#: What ``methods`` accepts: one string (possibly comma-separated) or several.
MethodsInput: TypeAlias = "str | Iterable[str]"
#: What ``expose_headers`` accepts.
HeaderNamesInput: TypeAlias = "str | Iterable[str] | None"
#: What ``max_age`` accepts: seconds as an int or a string of digits, or a timedelta.
MaxAgeInput: TypeAlias = "timedelta | int | str | None"

Header: TypeAlias = "tuple[str, str]"


class _Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


#: Marks an option that was not given, as distinct from one given as ``None``.
UNSET: Final = _Unset.UNSET

_BOOLEAN_OPTIONS: Final = frozenset(
    {"supports_credentials", "send_wildcard", "vary_header", "always_send", "allow_private_network"}
)

# Control characters other than HTAB: never in a header value
# (https://fetch.spec.whatwg.org/#header-value).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def header_value(text: str) -> str:
    """Return a configured list of names (``methods``, ``expose_headers``) as it is sent.

    A value with no control character is sent as written, as flask-cors did.
    One with a line break around a name (a YAML block scalar, a file or an
    environment variable ending in a newline) is sent as its names, stripped
    and joined with ", ": no header line may carry CR or LF. A control
    character inside a name was refused when the value was parsed.
    """
    if _CONTROL.search(text) is None:
        return text
    return ", ".join(name for name in (item.strip() for item in text.split(",")) if name)


@frozen(init=False)
class Policy:
    """An immutable, validated CORS configuration.

    Every argument is optional and keyword-only; one left out keeps
    flask-cors's default and does not count as given to :meth:`merge`.

    Args:
        origins: Allowed origins: ``"*"`` (the default; not the opaque origin
            ``null``), a literal origin such as ``"https://app.example.com"``,
            a wildcard origin such as ``"https://*.example.com"`` or
            ``"http://localhost:*"``, a regex (compiled, or a string containing
            regex characters), or an iterable of these.
        methods: Methods a preflight may ask for. Default: GET, HEAD, POST,
            OPTIONS, PUT, PATCH, DELETE.
        allow_headers: Request headers a preflight may ask for, as literals
            or regexes. Default ``"*"``: any.
        expose_headers: Response headers the page may read. Default: none.
        supports_credentials: Send ``Access-Control-Allow-Credentials: true``.
        max_age: Seconds a preflight may be cached (int, digit string or
            timedelta). Default: no header.
        send_wildcard: With ``origins="*"``, answer ``*`` rather than echoing
            the request's origin.
        vary_header: Add ``Vary: Origin`` when the answer depends on the origin.
        always_send: Send ``Access-Control-Allow-Origin`` also to requests
            without an ``Origin`` header.
        allow_private_network: Answer a Private Network Access preflight with
            ``Access-Control-Allow-Private-Network: true``.

    Raises:
        ConfigurationError: Listing every problem found in the arguments
            that flask-cors 6.0.5 also refuses, or that would be a hole.

    Attributes:
        explicit: The names of the options this policy was given.
        findings: What in the options flask-cors 6.0.5 ran as written but is
            probably a mistake (an origin without a scheme, a header name
            with spaces...), each with the fix. The policy behaves as 6.0.5
            did; the Flask shell reports these as
            :class:`~flask_cors.core.CORSConfigWarning`, and as errors in
            strict mode.

    """

    origins: PatternSet
    methods: str | None
    allow_headers: PatternSet
    expose_headers: str | None
    supports_credentials: bool
    max_age: str | None
    send_wildcard: bool
    vary_header: bool
    always_send: bool
    allow_private_network: bool
    explicit: frozenset[str] = field(repr=False)
    findings: tuple[Problem, ...] = field(eq=False, repr=False)

    # Precomputed for decide(); derived from the fields above.
    _method_names: frozenset[str] = field(init=False, eq=False, repr=False)
    _send_wildcard: bool = field(init=False, eq=False, repr=False)
    _null_allowed: bool = field(init=False, eq=False, repr=False)
    _vary: tuple[Header, ...] = field(init=False, eq=False, repr=False)
    _without_origin: tuple[str, ...] = field(init=False, eq=False, repr=False)
    _common_headers: tuple[Header, ...] = field(init=False, eq=False, repr=False)
    _preflight_headers: tuple[Header, ...] = field(init=False, eq=False, repr=False)
    # Whether the combination of options was checked (see from_options).
    _complete: bool = field(init=False, eq=False, repr=False, default=True)
    # decide()'s memo (see decide.MEMO_SIZE): request key -> Decision.
    _decisions: dict[Hashable, Decision] = field(init=False, eq=False, repr=False)

    def __init__(
        self,
        *,
        origins: EntriesInput | _Unset = UNSET,
        methods: MethodsInput | _Unset = UNSET,
        allow_headers: EntriesInput | _Unset = UNSET,
        expose_headers: HeaderNamesInput | _Unset = UNSET,
        supports_credentials: bool | _Unset = UNSET,
        max_age: MaxAgeInput | _Unset = UNSET,
        send_wildcard: bool | _Unset = UNSET,
        vary_header: bool | _Unset = UNSET,
        always_send: bool | _Unset = UNSET,
        allow_private_network: bool | _Unset = UNSET,
    ) -> None:
        given = {
            "origins": origins,
            "methods": methods,
            "allow_headers": allow_headers,
            "expose_headers": expose_headers,
            "supports_credentials": supports_credentials,
            "max_age": max_age,
            "send_wildcard": send_wildcard,
            "vary_header": vary_header,
            "always_send": always_send,
            "allow_private_network": allow_private_network,
        }
        values, found = _parse({k: v for k, v in given.items() if v is not UNSET})
        _build(self, values, found)

    @classmethod
    def from_options(
        cls,
        options: Mapping[str, object],
        *,
        layer: bool = False,
        written: Mapping[str, str] | None = None,
    ) -> Policy:
        """Build a Policy from a mapping of option names to values.

        This is the form configuration arrives in from ``app.config`` and
        per-resource dictionaries. Unknown names are problems here; the Flask
        shell filters them out first, with flask-cors's warning.

        Args:
            options: Option names and values.
            layer: Build one layer of a configuration that will be merged
                with others before use. Each option is checked, but the one
                check of a combination of options (``origins="*"`` with
                ``supports_credentials`` and ``send_wildcard``) waits for the
                merge, as another layer may still set the origins.
            written: Where each option was written, when not as a keyword
                of that name (``{"origins": "CORS_ORIGINS"}``): problems
                and findings name that place (:attr:`Problem.written`).

        Raises:
            ConfigurationError: Listing every problem found.
        """
        policy = cls.__new__(cls)
        values, found = _parse(options, written)
        _build(policy, values, found, complete=not layer)
        return policy

    def merge(self, other: Policy) -> Policy:
        """Return this policy overridden by every option ``other`` was given.

        ``Policy()`` is the identity on both sides, and merging is
        associative: layers (``from_options(..., layer=True)``) never raise
        here, so a chain of configuration layers folds in any grouping to
        the same policy, checked once at the end. Complete policies are
        checked as they merge, so a grouping whose partial result is an
        invalid policy raises even when another grouping does not; any two
        groupings that succeed give the same policy.

        Raises:
            ConfigurationError: If the combination is invalid although each
                side is valid alone (``origins="*"`` from one side,
                ``supports_credentials`` and ``send_wildcard`` from the
                other); not when either side is a layer, see :meth:`checked`.

        """
        if not other.explicit:
            return self
        if not self.explicit:
            return other
        values = {
            name: getattr(other if name in other.explicit else self, name)
            for name in POLICY_OPTIONS
        }
        values["explicit"] = self.explicit | other.explicit
        # A finding goes with the value it is about: overridden, it is gone.
        values["findings"] = (
            *(f for f in self.findings if f.option not in other.explicit),
            *other.findings,
        )
        merged = Policy.__new__(Policy)
        # Merging a layer gives a layer: its combination is checked by
        # checked(), once every layer is in.
        _build(merged, values, Found(), complete=self._complete and other._complete)
        return merged

    def checked(self) -> Policy:
        """Return this policy with its combination of options checked.

        A policy built as a layer (``from_options(..., layer=True)``), or
        merged from one, is checked only here; any other policy already was.

        Raises:
            ConfigurationError: If ``origins="*"``, ``supports_credentials``
                and ``send_wildcard`` come together.
        """
        if self._complete:
            return self
        values = {name: getattr(self, name) for name in POLICY_OPTIONS}
        values["explicit"] = self.explicit
        values["findings"] = self.findings
        policy = Policy.__new__(Policy)
        _build(policy, values, Found())
        return policy

    def __attrs_post_init__(self) -> None:
        # Derived values are set once, before the policy is shared; a frozen
        # attrs class allows that through object.__setattr__.
        set_ = object.__setattr__
        origins = self.origins
        methods = self.methods or ""
        set_(self, "_method_names", frozenset(m.strip() for m in methods.split(",")) - {""})
        # Never "*" with credentials (https://fetch.spec.whatwg.org/#cors-check),
        # even in a layer whose combination is not checked yet.
        set_(
            self,
            "_send_wildcard",
            origins.matches_all and self.send_wildcard and not self.supports_credentials,
        )
        # The opaque origin "null" (sandboxed iframes, file: pages, some
        # redirects) is shared by every such document, so "*" does not
        # cover it: only an entry that names it does.
        set_(self, "_null_allowed", origins.matches_listed("null"))
        # https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches: unless
        # every response carries "Access-Control-Allow-Origin: *", the headers
        # depend on the request's Origin, and every response must say so,
        # those to refused and to non-CORS requests included. With
        # send_wildcard, requests without Origin get "*" only with
        # always_send; without it, the answer depends on the Origin's presence.
        varies = self.vary_header and not (self._send_wildcard and self.always_send)
        varies = varies and (origins.matches_all or origins.size > 0)
        set_(self, "_vary", ((VARY, "Origin"),) if varies else ())
        # A request without Origin (always_send): "*" if "*" is allowed and
        # credentials are not ("*" fails the CORS check of a request with
        # credentials, https://fetch.spec.whatwg.org/#cors-check), otherwise
        # the first literal origin in sorted order.
        without: tuple[str, ...] = ()
        if self.always_send:
            if not origins.matches_all:
                # flask-cors set every literal origin but kept only the first
                # when it flattened its headers; one value is also all that
                # Fetch allows (https://fetch.spec.whatwg.org/#http-access-control-allow-origin).
                # decide() leaves out an empty one (origins=[""]), as flask-cors did.
                without = tuple(sorted(origins.literals)[:1])
            elif not self.supports_credentials:
                without = ("*",)
        set_(self, "_without_origin", without)
        common: list[Header] = []
        if self.expose_headers:
            common.append((ACL_EXPOSE_HEADERS, header_value(self.expose_headers)))
        if self.supports_credentials:
            common.append((ACL_CREDENTIALS, "true"))
        set_(self, "_common_headers", tuple(common))
        preflight: list[Header] = []
        if self.max_age:
            preflight.append((ACL_MAX_AGE, self.max_age))
        if self.methods:
            preflight.append((ACL_METHODS, header_value(self.methods)))
        set_(self, "_preflight_headers", tuple(preflight))
        set_(self, "_decisions", {})


def _build(
    policy: Policy, values: dict[str, object], found: Found, *, complete: bool = True
) -> None:
    """Check ``values`` (and, if ``complete``, their combination); initialise ``policy``."""
    origins = values["origins"]
    if (
        complete
        and isinstance(origins, PatternSet)
        and origins.matches_all
        and values["supports_credentials"] is True
        and values["send_wildcard"] is True
    ):
        # A credentialed request fails on "Access-Control-Allow-Origin: *"
        # (https://fetch.spec.whatwg.org/#cors-check); flask-cors refused
        # this combination too.
        found.errors.append(
            Problem(
                "send_wildcard",
                True,
                "cannot be combined with origins='*' and supports_credentials=True: browsers "
                "reject 'Access-Control-Allow-Origin: *' on credentialed requests",
                "list the allowed origins, or set send_wildcard=False",
            )
        )
    if found.errors:
        raise ConfigurationError(found.errors)
    policy.__attrs_init__(**values)  # type: ignore[arg-type]
    object.__setattr__(policy, "_complete", complete)


def _parse(
    options: Mapping[str, object], written: Mapping[str, str] | None = None
) -> tuple[dict[str, object], Found]:
    """Parse given options over the defaults; return the values and what was found."""
    values = dict(_DEFAULTS)
    found = Found()
    for name, raw in options.items():
        parser = _PARSERS.get(name)
        if parser is None:
            found.errors.append(_unknown_option(name, raw))
            continue
        values[name] = parser(name, raw, found)
    if written:
        found.errors = [_written(problem, written) for problem in found.errors]
        found.findings = [_written(problem, written) for problem in found.findings]
    values["explicit"] = frozenset(name for name in options if name in _PARSERS)
    values["findings"] = tuple(found.findings)
    return values, found


def _written(problem: Problem, written: Mapping[str, str]) -> Problem:
    return problem.written_at(written.get(problem.option))


def _unknown_option(name: str, raw: object) -> Problem:
    close = difflib.get_close_matches(name, POLICY_OPTIONS, n=1)
    fix = f"did you mean {close[0]!r}?" if close else f"known options: {', '.join(POLICY_OPTIONS)}"
    return Problem(name, raw, "is not a CORS option", fix)


def _parse_origins(name: str, raw: object, found: Found) -> object:
    return parse_entries(name, raw, found, ignore_case=True, origins=True)


def _parse_allow_headers(name: str, raw: object, found: Found) -> object:
    return parse_entries(name, raw, found, ignore_case=True)


def parse_flag(name: str, raw: object, found: Found) -> bool:
    """Read a flag as flask-cors did (by truthiness), refusing a string that says the opposite."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _FALSE_WORDS:
        # flask-cors read any non-empty string as True: "False" would turn
        # on what it says to turn off.
        found.errors.append(
            Problem(
                name,
                raw,
                "is a string, and flask-cors 6 read every non-empty string as True",
                bool_fix(name, raw),
            )
        )
        return False
    message = f"is not True or False; read as {bool(raw)}, as flask-cors 6 did"
    found.findings.append(Problem(name, raw, message, bool_fix(name, raw)))
    return bool(raw)


_TRUE_WORDS: Final = frozenset({"true", "yes", "on", "1"})
_FALSE_WORDS: Final = frozenset({"false", "no", "off", "0", "n", "f"})


def bool_fix(name: str, raw: object) -> str:
    """Suggest the boolean a non-boolean flag value was probably meant as."""
    word = str(raw).strip().lower()
    if word in _TRUE_WORDS:
        return f"pass {name}=True"
    if word in _FALSE_WORDS or not raw:
        return f"pass {name}=False"
    return f"pass {name}=True or {name}=False"


def _join_names(name: str, raw: object, found: Found, *, upper: bool) -> str | None:
    """Return a list option's header value as flask-cors writes it.

    A string is sent as given; an iterable is sorted and joined with ", ".
    A control character inside a name can never be sent and is refused; a
    line break around a name is left out when the value is sent (see
    :func:`header_value`, reported by :func:`~flask_cors.core.lint.doubtful`).
    """
    if raw is None:
        fix = f"pass an empty list to allow no {name}, or leave the option out for the default"
        found.findings.append(Problem(name, raw, "is None, which allows nothing", fix))
        return None
    if isinstance(raw, str):
        items = raw.split(",")
        text = raw
    else:
        values: list[object] = list(raw) if isinstance(raw, Iterable) else [raw]
        items = []
        for item in values:
            if not isinstance(item, str):
                found.findings.append(
                    Problem(name, item, "is not a string; sent as str() of it, as flask-cors 6 did")
                )
            items.append(str(item))
        text = ", ".join(sorted(items))
    for item in items:
        stripped = item.strip()
        if _CONTROL.search(stripped):
            message = "holds a control character, which no header can carry"
            found.errors.append(Problem(name, raw if isinstance(raw, str) else item, message))
        elif stripped != item and not isinstance(raw, str) and not _CONTROL.search(item):
            # A list item with spaces around it; line breaks are doubtful()'s.
            message = "has surrounding whitespace"
            found.findings.append(Problem(name, item, message, f"did you mean {stripped!r}?"))
        elif stripped and not TOKEN.fullmatch(stripped):
            fix = "remove spaces, quotes and separators"
            found.findings.append(Problem(name, stripped, "is not a valid HTTP token", fix))
    if upper:
        text = text.upper()
    return text or None


def _parse_methods(name: str, raw: object, found: Found) -> object:
    return _join_names(name, raw, found, upper=True)


def _parse_expose_headers(name: str, raw: object, found: Found) -> object:
    if raw is None:
        return None
    return _join_names(name, raw, found, upper=False)


def _parse_max_age(name: str, raw: object, found: Found) -> object:
    """Read ``max_age`` into the header value flask-cors sent for it."""
    # Access-Control-Max-Age is a number of seconds
    # (https://fetch.spec.whatwg.org/#http-access-control-max-age); anything
    # else makes the browser use its default, but flask-cors sent it as given.
    fix = "give whole seconds as an int >= 0, a string of digits, or a timedelta"
    if raw is None or raw == "":
        return None
    if isinstance(raw, timedelta):
        text = str(int(raw.total_seconds()))
    elif isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    else:
        text = str(raw)
        if not (isinstance(raw, str) and raw.isascii() and raw.isdigit()):
            if _CONTROL.search(text) or not text.isascii():
                found.errors.append(Problem(name, raw, "is not a number of seconds", fix))
                return None
            found.findings.append(
                Problem(name, raw, "is not a number of seconds; browsers ignore it", fix)
            )
            return text
    if text.startswith("-"):
        found.findings.append(Problem(name, raw, "is negative; browsers ignore it", fix))
    return text


_PARSERS: Final = {
    "origins": _parse_origins,
    "methods": _parse_methods,
    "allow_headers": _parse_allow_headers,
    "expose_headers": _parse_expose_headers,
    "supports_credentials": parse_flag,
    "max_age": _parse_max_age,
    "send_wildcard": parse_flag,
    "vary_header": parse_flag,
    "always_send": parse_flag,
    "allow_private_network": parse_flag,
}


def _default_values() -> dict[str, object]:
    defaults = {name: DEFAULTS[name] for name in POLICY_OPTIONS}
    found = Found()
    return {name: _PARSERS[name](name, value, found) for name, value in defaults.items()}


_DEFAULTS: Final = _default_values()
