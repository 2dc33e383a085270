"""The configuration half of the core: a :class:`Layer` of options, and a :class:`Policy`.

Options are written in several places (``app.config``, ``CORS(...)``,
``init_app(...)``, per-resource dictionaries, ``@cross_origin(...)``). Each
place is one :class:`Layer`: the options it was given, each parsed into a
typed value once. Layers merge, the later one's options winning; merging
never raises, has the empty layer as identity and is associative, so
flask-cors's precedence chain (defaults, ``CORS_*`` config, ``CORS(...)``,
``init_app(...)``, per-resource options) is a fold of merges in any
grouping. A :class:`Policy` is a layer checked over the defaults: complete,
valid, with every option's value. What :func:`~flask_cors.core.decide` reads
of it is compiled in :mod:`flask_cors.core.decide`.

The header values are those of the CORS protocol's responses
(https://fetch.spec.whatwg.org/#http-responses), with the syntax of
https://fetch.spec.whatwg.org/#http-new-header-syntax.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, Generic, TypeAlias, TypeVar

from attrs import evolve, field, frozen

from .checks import check_name
from .errors import ConfigurationError, Found, Problem, ProblemCode
from .patterns import TOKEN, PatternSet, parse_entries
from .vocabulary import DEFAULTS, NEW_OPTIONS, WIDENING_FLAGS
from .vocabulary import POLICY_OPTIONS as POLICY_OPTIONS

# The input types live with the option vocabulary; still importable here.
from .vocabulary import HeaderNamesInput as HeaderNamesInput
from .vocabulary import MaxAgeInput as MaxAgeInput
from .vocabulary import MethodsInput as MethodsInput

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .vocabulary import ResourceOptions

__all__ = [
    "UNSET",
    "Header",
    "HeaderText",
    "Layer",
    "Policy",
    "Sent",
    "Unset",
    "parse_flag",
]


_T = TypeVar("_T")


Header: TypeAlias = "tuple[str, str]"


class _Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


#: Marks an option that was not given, as distinct from one given as ``None``.
UNSET: Final = _Unset.UNSET
#: The type of :data:`UNSET`, for annotations of values that may not be given.
Unset = _Unset

# Control characters other than HTAB: never in a header value
# (https://fetch.spec.whatwg.org/#header-value).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _header_value(text: str) -> str:
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


@frozen
class Sent(Generic[_T]):
    """An option's value, with the header text flask-cors 6 sends for it.

    For ``methods``, ``expose_headers`` and ``max_age``: flask-cors 6 sends a
    string as written (``methods="GET,POST"`` goes out as ``GET,POST``) and
    a list sorted and joined with ", "; the value is what that text says.
    Header values a browser reads the same way can differ in their bytes,
    so both are kept: the value to reason about, the text to send.

    Attributes:
        value: The configured value: names, or seconds.
        text: The header value as flask-cors 6 sends it, or ``None`` for no
            header.
    """

    value: _T
    text: str | None


@frozen
class HeaderText:
    """The header values a policy's list options are sent as (see :class:`Sent`).

    Each is the text on the wire, worked out once when the option is parsed.

    Attributes:
        methods: ``Access-Control-Allow-Methods``, upper-cased.
        expose_headers: ``Access-Control-Expose-Headers``.
        max_age: ``Access-Control-Max-Age``.
    """

    methods: str | None
    expose_headers: str | None
    max_age: str | None


@frozen(kw_only=True)
class Layer:
    """The options written in one place, parsed: a layer of configuration.

    Each option holds its parsed value, or :data:`UNSET` when this layer was
    not given it. Layers merge with :meth:`merge`; a :class:`Policy` comes
    from checking one with :meth:`policy`.

    Attributes:
        findings: What in the given options flask-cors 6.0.5 ran as written
            but is probably a mistake, each with the fix.
    """

    origins: PatternSet | _Unset = UNSET
    methods: Sent[tuple[str, ...]] | _Unset = UNSET
    allow_headers: PatternSet | _Unset = UNSET
    expose_headers: Sent[tuple[str, ...]] | _Unset = UNSET
    supports_credentials: bool | _Unset = UNSET
    max_age: Sent[int | None] | _Unset = UNSET
    send_wildcard: bool | _Unset = UNSET
    vary_header: bool | _Unset = UNSET
    always_send: bool | _Unset = UNSET
    allow_private_network: bool | _Unset = UNSET
    # A finding's value may be a list: findings take no part in hashing.
    findings: tuple[Problem, ...] = field(default=(), hash=False)

    @classmethod
    def from_options(
        cls, options: Mapping[str, object], *, written: Mapping[str, str] | None = None
    ) -> Layer:
        """Parse a mapping of option names to values, in any shape flask-cors accepts.

        Args:
            options: Option names and values. Unknown names are problems
                here; the Flask shell filters them out first, with a finding.
            written: Where each option was written, when not as a keyword of
                that name (``{"origins": "CORS_ORIGINS"}``): problems and
                findings name that place (:attr:`Problem.written`).

        Raises:
            ConfigurationError: Listing every problem found.
        """
        layer, errors = cls.collect(options, written=written)
        if errors:
            raise ConfigurationError(errors)
        return layer

    @classmethod
    def collect(
        cls, options: Mapping[str, object], *, written: Mapping[str, str] | None = None
    ) -> tuple[Layer, list[Problem]]:
        """Like :meth:`from_options`, but return the errors beside the layer.

        For a caller that checks more configuration at once and reports
        every problem together: the layer holds each option as parsed (an
        option in error as its parser's fallback), so that its combinations
        can still be judged. With errors, it is for judging only, never for
        serving requests.
        """
        values, found = _parse(options, written)
        return evolve(_EMPTY, **values, findings=tuple(found.findings)), found.errors

    @property
    def given(self) -> frozenset[str]:
        """The names of the options this layer was given."""
        return frozenset(name for name in POLICY_OPTIONS if getattr(self, name) is not UNSET)

    def merge(self, other: Layer) -> Layer:
        """Return this layer overridden by every option ``other`` was given.

        Never raises; ``Layer()`` is the identity on both sides, and merging
        is associative. A finding goes with the value it is about: an
        overridden option's findings are gone.
        """
        given = other.given
        if not given:
            return self
        return evolve(
            self,
            **{name: getattr(other, name) for name in given},
            findings=(*(f for f in self.findings if f.option not in given), *other.findings),
        )

    def settled_problems(self) -> list[Problem]:
        """Return the problems of this layer's own combination of options.

        No layer merged under this one can change the options involved, so
        a caller may report these at once, before the layers beneath it
        are known (``@cross_origin`` before the app's config).
        """
        return _combination_problems(self)

    def policy(self) -> Policy:
        """Return the policy this layer gives over flask-cors's defaults.

        Raises:
            ConfigurationError: If the combination of options is invalid
                (``origins="*"`` with ``supports_credentials`` and
                ``send_wildcard``).
        """
        return Policy._of(_checked(self))


@frozen(init=False)
class Policy:
    """An immutable, complete and valid CORS configuration.

    Every argument is optional and keyword-only (their names and types are
    :class:`~flask_cors.core.vocabulary.ResourceOptions`); one left out keeps
    flask-cors's default and does not count as given to :meth:`merge`.

    Keyword Args:
        origins (OriginEntriesInput): Allowed origins: ``"*"`` (the default; not the opaque
            origin ``null``), a literal origin such as ``"https://app.example.com"``,
            a wildcard origin such as ``"https://*.example.com"`` or
            ``"http://localhost:*"``, a regex (compiled, or a string containing
            regex characters), a function of the origin asked at run time
            (:class:`~flask_cors.core.checks.OriginCheck`), or an iterable of these.
        methods (MethodsInput): Methods a preflight may ask for. Default: GET, HEAD, POST,
            OPTIONS, PUT, PATCH, DELETE.
        allow_headers (EntriesInput): Request headers a preflight may ask for, as literals
            or regexes. Default ``"*"``: any.
        expose_headers (HeaderNamesInput): Response headers the page may read. Default: none.
        supports_credentials (bool): Send ``Access-Control-Allow-Credentials: true``.
        max_age (MaxAgeInput): Seconds a preflight may be cached (int, digit string or
            timedelta). Default: no header.
        send_wildcard (bool): With ``origins="*"``, answer ``*`` rather than echoing
            the request's origin.
        vary_header (bool): Add ``Vary: Origin`` when the answer depends on the origin.
        always_send (bool): Send ``Access-Control-Allow-Origin`` also to requests
            without an ``Origin`` header.
        allow_private_network (bool): Answer a Private Network Access preflight with
            ``Access-Control-Allow-Private-Network: true``. Chromium no longer
            sends such preflights and ignores the header: Local Network Access
            asks the user instead (https://developer.chrome.com/blog/local-network-access).

    Raises:
        ConfigurationError: Listing every problem found in the arguments
            that flask-cors 6.0.5 also refuses, or that would be a hole.

    Attributes:
        methods: The method names, upper-cased.
        expose_headers: The header names a page may read.
        max_age: The seconds a preflight may be cached, or ``None`` (also
            when the configured value is not a number of seconds).
        header_text: The header values the list options are sent as.
        explicit: The names of the options this policy was given.
        layer: The layer this policy was checked from: the options given.

    """

    origins: PatternSet
    methods: tuple[str, ...]
    allow_headers: PatternSet
    expose_headers: tuple[str, ...]
    supports_credentials: bool
    max_age: int | None
    send_wildcard: bool
    vary_header: bool
    always_send: bool
    allow_private_network: bool
    header_text: HeaderText = field(repr=False)
    explicit: frozenset[str] = field(repr=False)
    layer: Layer = field(eq=False, repr=False)

    def __init__(self, **options: Unpack[ResourceOptions]) -> None:
        # The keywords are the option vocabulary's (ResourceOptions), so a
        # type checker knows every one, and its type, from that one place.
        self.__attrs_init__(**_policy_values(options))

    @classmethod
    def from_options(
        cls, options: Mapping[str, object], *, written: Mapping[str, str] | None = None
    ) -> Policy:
        """Build a Policy from a mapping of option names to values.

        This is the form configuration arrives in from ``app.config`` and
        per-resource dictionaries: ``Layer.from_options(...).policy()``.

        Raises:
            ConfigurationError: Listing every problem found.
        """
        return cls._of(_policy_values(options, written))

    @classmethod
    def _of(cls, values: dict[str, Any]) -> Policy:
        """Return a policy with checked attribute values, bypassing the keyword ``__init__``."""
        policy = cls.__new__(cls)
        policy.__attrs_init__(**values)
        return policy

    @property
    def findings(self) -> tuple[Problem, ...]:
        """What in the options flask-cors 6.0.5 ran as written but is probably a mistake.

        An origin without a scheme, a header name with spaces..., each with
        the fix. The policy behaves as 6.0.5 did; the Flask shell reports
        these as :class:`~flask_cors.core.CORSConfigWarning`, and as errors
        in strict mode.
        """
        return self.layer.findings

    def merge(self, other: Policy) -> Policy:
        """Return ``self.layer.merge(other.layer).policy()``: ``other``'s given options win.

        Raises:
            ConfigurationError: If the merged combination is invalid although
                each side is valid alone. Merge :class:`Layer` objects to
                combine options that are valid only together.
        """
        if not other.explicit:
            return self
        return self.layer.merge(other.layer).policy()


_EMPTY: Final = Layer()


def _combination_problems(layer: Layer) -> list[Problem]:
    """Return the problems of a combination of options (options not given take no part)."""
    if (
        isinstance(layer.origins, PatternSet)
        and layer.origins.checks
        and layer.send_wildcard is True
    ):
        # send_wildcard answers "*" to every origin without asking anyone: a
        # function deciding origins would be asked nothing, or its "no"
        # overruled. Never accepted by flask-cors 6, so refusing breaks no
        # configuration that ran.
        names = ", ".join(check_name(check) for check in layer.origins.checks)
        return [
            Problem(
                "send_wildcard",
                True,
                f"cannot be combined with an origin function ({names}): "
                "'Access-Control-Allow-Origin: *' would answer every origin the function refuses",
                "set send_wildcard=False: allowed origins are then echoed back",
                code=ProblemCode.WILDCARD_WITH_FUNCTION,
            )
        ]
    if (
        isinstance(layer.origins, PatternSet)
        and layer.origins.matches_all
        and layer.supports_credentials is True
        and layer.send_wildcard is True
    ):
        # A credentialed request fails on "Access-Control-Allow-Origin: *"
        # (https://fetch.spec.whatwg.org/#cors-check); flask-cors refused
        # this combination too.
        return [
            Problem(
                "send_wildcard",
                True,
                "cannot be combined with origins='*' and supports_credentials=True: browsers "
                "reject 'Access-Control-Allow-Origin: *' on credentialed requests",
                "list the allowed origins, or set send_wildcard=False",
                code=ProblemCode.WILDCARD_WITH_CREDENTIALS,
            )
        ]
    return []


def _policy_values(
    options: Mapping[str, object], written: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return a policy's attribute values for ``options``, every problem raised at once."""
    values, found = _parse(options, written)
    layer = evolve(_EMPTY, **values, findings=tuple(found.findings))
    if found.errors:
        raise ConfigurationError([*found.errors, *_combination_problems(_DEFAULTS.merge(layer))])
    return _checked(layer)


def _checked(layer: Layer) -> dict[str, Any]:
    """Return a policy's attribute values for ``layer`` over the defaults, once checked."""
    full = _DEFAULTS.merge(layer)
    problems = _combination_problems(full)
    if problems:
        raise ConfigurationError(problems)
    values: dict[str, Any] = {name: getattr(full, name) for name in POLICY_OPTIONS}
    methods, expose, max_age = values["methods"], values["expose_headers"], values["max_age"]
    values.update(
        methods=methods.value,
        expose_headers=expose.value,
        max_age=max_age.value,
        header_text=HeaderText(methods.text, expose.text, max_age.text),
        explicit=layer.given,
        layer=layer,
    )
    return values


def _parse(
    options: Mapping[str, object], written: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], Found]:
    """Parse the given options; return their values and what was found."""
    values: dict[str, Any] = {}
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
    return values, found


def _written(problem: Problem, written: Mapping[str, str]) -> Problem:
    return problem.written_at(written.get(problem.option))


def _unknown_option(name: str, raw: object) -> Problem:
    close = difflib.get_close_matches(name, POLICY_OPTIONS, n=1)
    fix = f"did you mean {close[0]!r}?" if close else f"known options: {', '.join(POLICY_OPTIONS)}"
    return Problem(name, raw, "is not a CORS option", fix, code=ProblemCode.UNKNOWN_OPTION)


def _parse_origins(name: str, raw: object, found: Found) -> object:
    return parse_entries(name, raw, found, ignore_case=True, origins=True)


def _parse_allow_headers(name: str, raw: object, found: Found) -> object:
    return parse_entries(name, raw, found, ignore_case=True)


def parse_flag(name: str, raw: object, found: Found) -> bool:
    """Read a flag as flask-cors did (by truthiness); what is not a bool is a finding.

    flask-cors 6 read any non-empty string as True, ``"False"`` too, and so
    does this package, with a finding that says so: a configuration 6.0.5
    started still starts. A word for false is an error only where reading
    it as True would open what it says to keep shut (credentials, the
    private network: :data:`~flask_cors.core.vocabulary.WIDENING_FLAGS`),
    or for an option 6.0.5 did not have, which no configuration written for
    it holds.
    """
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _FALSE_WORDS:
        if name in WIDENING_FLAGS or name in NEW_OPTIONS:
            found.errors.append(
                Problem(
                    name,
                    raw,
                    "is a string, and flask-cors 6 read every non-empty string as True",
                    _bool_fix(name, raw),
                    code=ProblemCode.NOT_A_BOOL,
                )
            )
            return False
        found.findings.append(
            Problem(
                name,
                raw,
                f"is a string, read as True as flask-cors 6 read every non-empty string: {name} "
                "is on",
                f"pass {name}=False to turn it off, or {name}=True to keep it on",
                code=ProblemCode.NOT_A_BOOL,
            )
        )
        return True
    message = f"is not True or False; read as {bool(raw)}, as flask-cors 6 did"
    found.findings.append(
        Problem(name, raw, message, _bool_fix(name, raw), code=ProblemCode.NOT_A_BOOL)
    )
    return bool(raw)


_TRUE_WORDS: Final = frozenset({"true", "yes", "on", "1"})
_FALSE_WORDS: Final = frozenset({"false", "no", "off", "0", "n", "f"})


def _bool_fix(name: str, raw: object) -> str:
    """Suggest the boolean a non-boolean flag value was probably meant as."""
    word = str(raw).strip().lower()
    if word in _TRUE_WORDS:
        return f"pass {name}=True"
    if word in _FALSE_WORDS or not raw:
        return f"pass {name}=False"
    return f"pass {name}=True or {name}=False"


def _join_names(name: str, raw: object, found: Found, *, upper: bool) -> Sent[tuple[str, ...]]:
    """Return a list option's names, and its header value as flask-cors writes it.

    A string is sent as given; an iterable is sorted and joined with ", ".
    A control character inside a name can never be sent and is refused; a
    line break around a name is left out when the value is sent (see
    :func:`_header_value`), with a finding that says what is sent.
    """
    if raw is None:
        fix = f"pass an empty list to allow no {name}, or leave the option out for the default"
        found.findings.append(
            Problem(name, raw, "is None, which allows nothing", fix, code=ProblemCode.NONE_VALUE)
        )
        return _NO_NAMES
    if isinstance(raw, str):
        items = raw.split(",")
        text = raw
    else:
        values: list[object] = list(raw) if isinstance(raw, Iterable) else [raw]
        items = []
        for item in values:
            if not isinstance(item, str):
                found.findings.append(
                    Problem(
                        name,
                        item,
                        "is not a string; sent as str() of it, as flask-cors 6 did",
                        code=ProblemCode.NOT_A_STRING,
                    )
                )
            items.append(str(item))
        text = ", ".join(sorted(items))
    for item in items:
        stripped = item.strip()
        if _CONTROL.search(stripped):
            message = "holds a control character, which no header can carry"
            found.errors.append(
                Problem(
                    name,
                    raw if isinstance(raw, str) else item,
                    message,
                    code=ProblemCode.CONTROL_CHARACTER,
                )
            )
        elif stripped != item and not isinstance(raw, str) and not _CONTROL.search(item):
            # A list item with spaces around it; line breaks are reported below.
            message = "has surrounding whitespace"
            found.findings.append(
                Problem(
                    name,
                    item,
                    message,
                    f"did you mean {stripped!r}?",
                    code=ProblemCode.SURROUNDING_WHITESPACE,
                )
            )
        elif stripped and not TOKEN.fullmatch(stripped):
            fix = "remove spaces, quotes and separators"
            found.findings.append(
                Problem(
                    name, stripped, "is not a valid HTTP token", fix, code=ProblemCode.NOT_A_TOKEN
                )
            )
    if upper:
        text = text.upper()
    sent = _header_value(text)
    if sent != text:
        found.findings.append(
            Problem(
                name,
                text,
                "has a line break or another control character around a name, left out of the "
                f"header, which is sent as {sent!r} (flask-cors 6 sent it as written, and every "
                "response failed)",
                "remove it from the configured value: a YAML block scalar, a file or an "
                "environment variable often ends with a newline",
                code=ProblemCode.LINE_BREAK,
            )
        )
    names = tuple(name for name in (item.strip() for item in sent.split(",")) if name)
    return Sent(names, sent or None)


def _parse_methods(name: str, raw: object, found: Found) -> object:
    return _join_names(name, raw, found, upper=True)


def _parse_expose_headers(name: str, raw: object, found: Found) -> object:
    if raw is None:
        return _NO_NAMES
    return _join_names(name, raw, found, upper=False)


def _parse_max_age(name: str, raw: object, found: Found) -> Sent[int | None]:
    """Read ``max_age`` into seconds and the header value flask-cors sent for it."""
    # Access-Control-Max-Age is a number of seconds
    # (https://fetch.spec.whatwg.org/#http-access-control-max-age); anything
    # else makes the browser use its default, but flask-cors sent it as given.
    fix = "give whole seconds as an int >= 0, a string of digits, or a timedelta"
    if raw is None or raw == "":
        return Sent(None, None)
    if isinstance(raw, timedelta):
        text = str(int(raw.total_seconds()))
    elif isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    else:
        text = str(raw)
        if not (isinstance(raw, str) and raw.isascii() and raw.isdigit()):
            if _CONTROL.search(text) or not text.isascii():
                found.errors.append(
                    Problem(
                        name, raw, "is not a number of seconds", fix, code=ProblemCode.NOT_SECONDS
                    )
                )
                return Sent(None, None)
            found.findings.append(
                Problem(
                    name,
                    raw,
                    "is not a number of seconds; browsers ignore it",
                    fix,
                    code=ProblemCode.NOT_SECONDS,
                )
            )
            return Sent(_seconds(text), text)
    if text.startswith("-"):
        found.findings.append(
            Problem(
                name, raw, "is negative; browsers ignore it", fix, code=ProblemCode.NEGATIVE_SECONDS
            )
        )
    return Sent(_seconds(text), text)


def _seconds(text: str) -> int | None:
    """Return the whole number of seconds ``text`` writes, or ``None``."""
    return int(text) if _INTEGER.fullmatch(text) else None


_INTEGER: Final = re.compile(r"-?[0-9]+")
_NO_NAMES: Final[Sent[tuple[str, ...]]] = Sent((), None)

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


def _default_layer() -> Layer:
    return Layer.from_options({name: DEFAULTS[name] for name in POLICY_OPTIONS})


#: flask-cors's defaults, every option given.
_DEFAULTS: Final = _default_layer()
