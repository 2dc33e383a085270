"""Literal-or-regex entries, flask-cors's way of listing origins and headers.

An entry is a compiled regex, a string that looks like a regex, or a literal;
for origins, also a function of the origin (:mod:`flask_cors.core.checks`).
flask-cors decides "looks like a regex" by the presence of any of the
characters ``*``, backslash, ``] ? $ ^ [ ( )``, and ``"*"`` alone means "anything". That
guess is made here, once, when the configuration is parsed; a request only
ever meets the sorted-out result.

Regexes match from the start of the value (:meth:`re.Pattern.match`), as
in flask-cors, within the request's regex budget
(:mod:`flask_cors.core.bounded`); literals compare case-insensitively where
the option asks for it. Literal matching is one set lookup, so its cost does
not grow with the number of literals. Origin checks come last, so that an
origin an entry allows never costs a call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, TypeAlias, cast

from attrs import evolve, field, frozen

from .bounded import FAST_STEPS, BoundedRegex, RegexBudget, prepare
from .checks import OriginCheck, ask, check_name, is_async_check
from .errors import Found, Problem, ProblemCode
from .limits import VALUE_LIMITS
from .origins import (
    SubdomainPattern,
    check_literal_origin,
    is_bracketed_origin,
    is_subdomain_pattern,
)

# The input type lives with the option vocabulary; still importable here.
from .vocabulary import EntriesInput as EntriesInput

__all__ = [
    "TOKEN",
    "WILDCARD",
    "EntriesInput",
    "Entry",
    "PatternSet",
    "as_entries",
    "check_header_name",
    "looks_like_regex",
    "parse_entries",
    "split_top_level_commas",
]


#: One configured entry: a literal or regex string, or a compiled regex.
Entry: TypeAlias = "str | re.Pattern[str]"


_REGEX_HINTS = frozenset("*\\]?$^[()")
#: An HTTP token (https://www.rfc-editor.org/rfc/rfc9110#section-5.6.2): what method and
#: header names are.
TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
WILDCARD = "*"
# flask-cors turned "*" into ".*" and then treated ".*" as "any origin", so a
# configured ".*" means the same.
_MATCH_ALL = frozenset({WILDCARD, ".*"})


def looks_like_regex(text: str) -> bool:
    """Return whether flask-cors would treat ``text`` as a regex, not a literal."""
    return not _REGEX_HINTS.isdisjoint(text)


def as_entries(raw: object) -> list[object]:
    """Return ``raw`` as a list: a string or regex alone becomes one entry."""
    if isinstance(raw, str | re.Pattern) or callable(raw) or not isinstance(raw, Iterable):
        return [raw]
    return list(raw)


@frozen
class PatternSet:
    """Parsed entries of one option, ready to match request values.

    Attributes:
        literals: The literal entries, as written, in configuration order.
        patterns: The regex entries, compiled.
        matches_all: Whether ``"*"`` (or ``".*"``) is among the entries.
        size: How many entries were configured (flask-cors's ``Vary`` rule
            counts them, duplicates included).
        ignore_case: Whether literals compare case-insensitively.
        wildcards: Wildcard origin patterns such as ``https://*.example.com``.
        limit: The longest value the regexes can meet (the option's limit,
            :data:`~flask_cors.core.limits.VALUE_LIMITS`).
        bounded: The regexes as they run, each within the request's budget.
        checks: The origin checks (functions of the origin), asked last,
            in configuration order.
    """

    literals: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    matches_all: bool
    size: int
    ignore_case: bool
    wildcards: tuple[SubdomainPattern, ...] = ()
    limit: int = field(default=VALUE_LIMITS["allow_headers"], eq=False, repr=False)
    bounded: tuple[BoundedRegex, ...] = field(eq=False, repr=False)
    checks: tuple[OriginCheck, ...] = ()
    _lookup: frozenset[str] = field(init=False, eq=False, repr=False)
    # The regexes, when all of them together are proven cheap: they then run
    # in re with no clock read (see matches_listed).
    _cheap: tuple[re.Pattern[str], ...] | None = field(init=False, eq=False, repr=False)

    @bounded.default
    def _bounded(self) -> tuple[BoundedRegex, ...]:
        return tuple(BoundedRegex(pattern, self.limit) for pattern in self.patterns)

    @_cheap.default
    def _cheap_regexes(self) -> tuple[re.Pattern[str], ...] | None:
        if all(regex.fast for regex in self.bounded) and (
            sum(regex.steps for regex in self.bounded) <= FAST_STEPS
        ):
            return tuple(regex.compiled for regex in self.bounded)
        return None

    @property
    def clocked(self) -> bool:
        """Whether matching a value may read the request's regex budget.

        Not when every regex is proven cheap and all of them together are:
        then one value costs at most :data:`~flask_cors.core.bounded.FAST_STEPS`
        steps whatever it is, and no clock is read.
        """
        return self._cheap is None

    @_lookup.default
    def _literal_lookup(self) -> frozenset[str]:
        fold = str.casefold if self.ignore_case else str
        return frozenset(fold(text) for text in self.literals)

    @property
    def needs_budget(self) -> bool:
        """Whether matching may read a budget: a regex not proven cheap, or an origin check.

        An origin check that fails is recorded in the budget.
        """
        return (bool(self.bounded) and self.clocked) or bool(self.checks)

    def matches(self, value: str, budget: RegexBudget | None = None) -> bool:
        """Return whether ``value`` matches any entry.

        Regexes run within ``budget`` (a new one when ``None``); one that
        does not finish in it does not match. An origin check that fails
        does not match either, and is recorded in ``budget.failed``.
        """
        return self.matches_all or self.matches_listed(value, budget)

    def matches_listed(self, value: str, budget: RegexBudget | None = None) -> bool:
        """Return whether ``value`` matches an entry other than ``"*"``, as :meth:`matches`."""
        if self.matches_fixed(value, budget):
            return True
        if self.checks:
            if budget is None:
                budget = RegexBudget()
            for check in self.checks:
                if ask(check, value, budget):
                    return True
        return False

    def matches_fixed(self, value: str, budget: RegexBudget | None = None) -> bool:
        """Return whether ``value`` matches a literal, wildcard or regex entry: no origin check.

        What the configuration alone says, the same on every request.
        """
        if (value.casefold() if self.ignore_case else value) in self._lookup:
            return True
        # Loops rather than any(): no generator to set up on every call.
        for wildcard in self.wildcards:
            if wildcard.matches(value):
                return True
        cheap = self._cheap
        if cheap is not None:
            for pattern in cheap:  # noqa: SIM110 (any() sets up a generator)
                if pattern.match(value):
                    return True
            return False
        if self.bounded:
            if budget is None:
                budget = RegexBudget()
            for regex in self.bounded:
                if regex.match(value, budget):
                    return True
        return False


def parse_entries(
    option: str, raw: object, found: Found, *, ignore_case: bool, origins: bool = False
) -> PatternSet:
    """Parse an option's entries into a :class:`PatternSet`, recording what is wrong.

    An entry that flask-cors 6.0.5 accepted keeps 6.0.5's meaning, and what
    is probably a mistake in it is a finding (a literal origin no browser
    sends never matches, as in 6.0.5). Only what 6.0.5 also refuses (an
    invalid regex), what can never run (a bytes regex) and a regex that can
    backtrack for too long are errors.

    Args:
        option: The option's name, used in problem reports.
        raw: The configured value: an entry or an iterable of entries.
        found: Receives the errors and findings.
        ignore_case: Whether matching ignores case (origins and headers do).
        origins: Whether the entries are origins: literals should then be
            origins a browser can send, and ``https://*.example.com`` is a
            wildcard pattern; otherwise literals should be header names.
    """
    if raw is None:
        fix = f"pass an empty list to allow no {option}, or leave the option out for the default"
        found.findings.append(
            Problem(option, raw, "is None, which allows nothing", fix, code=ProblemCode.NONE_VALUE)
        )
        return PatternSet((), (), matches_all=False, size=0, ignore_case=ignore_case)
    limit = VALUE_LIMITS.get(option, VALUE_LIMITS["allow_headers"])
    literals: list[str] = []
    patterns: list[BoundedRegex] = []
    wildcards: list[SubdomainPattern] = []
    checks: list[OriginCheck] = []
    matches_all = False
    entries = as_entries(raw)
    flags = re.IGNORECASE if ignore_case else 0
    for entry in entries:
        if isinstance(entry, re.Pattern):
            if not isinstance(entry.pattern, str):
                fix = "compile a str pattern"
                found.errors.append(
                    Problem(option, entry, "is a bytes regex", fix, code=ProblemCode.BYTES_REGEX)
                )
            else:
                _add_regex(option, entry, found, patterns)
        elif origins and callable(entry):
            _add_check(option, entry, found, checks)
        elif not isinstance(entry, str):
            fix = "give a string, a compiled regex, or a list of them"
            found.findings.append(
                Problem(
                    option,
                    entry,
                    "is not a string or regex, so it never matches",
                    fix,
                    code=ProblemCode.NOT_A_STRING,
                )
            )
        elif entry in _MATCH_ALL:
            matches_all = True
        elif origins and is_subdomain_pattern(entry):
            wildcards.append(SubdomainPattern.parse(entry))
        elif looks_like_regex(entry) and not (origins and is_bracketed_origin(entry)):
            _regex_entry(option, entry, flags, found, patterns, origins=origins)
        else:
            problem = check_literal_origin(entry) if origins else check_header_name(entry)
            if problem is not None:
                found.findings.append(evolve(problem, option=option))
            literals.append(entry)
    if matches_all and checks:
        found.findings.extend(
            Problem(
                option,
                check_name(check),
                "is never asked: '*' among the origins already allows every origin",
                "remove '*' to let the function decide",
                code=ProblemCode.UNASKED_FUNCTION,
            )
            for check in checks
        )
    return PatternSet(
        literals=tuple(literals),
        patterns=tuple(regex.compiled for regex in patterns),
        matches_all=matches_all,
        size=len(entries),
        ignore_case=ignore_case,
        wildcards=tuple(wildcards),
        limit=limit,
        bounded=tuple(patterns),
        checks=tuple(checks),
    )


def _add_check(option: str, entry: object, found: Found, checks: list[OriginCheck]) -> None:
    """Take an origin check, refusing an ``async def`` one, whose answer would be a coroutine."""
    if is_async_check(entry):
        found.errors.append(
            Problem(
                option,
                check_name(entry),
                "is an async function: origins are decided while the response is made, "
                "without awaiting, and a coroutine is not an answer",
                "define it with def; run async code elsewhere and keep its result for it",
                code=ProblemCode.ORIGIN_FUNCTION,
            )
        )
        return
    checks.append(cast(OriginCheck, entry))


def _regex_entry(
    option: str,
    entry: str,
    flags: int,
    found: Found,
    patterns: list[BoundedRegex],
    *,
    origins: bool,
) -> None:
    """Compile a regex-looking entry as flask-cors did, recording what is wrong with it."""
    try:
        compiled = re.compile(entry, flags)
    except re.error as error:
        fix = "escape regex characters with re.escape() if it is meant literally"
        if origins and entry.startswith("*."):
            # "*.example.com": a subdomain wildcard without its scheme.
            fix = f"did you mean 'https://{entry}'?"
        found.errors.append(
            Problem(
                option, entry, f"is not a valid regex: {error}", fix, code=ProblemCode.INVALID_REGEX
            )
        )
        return
    pieces = split_top_level_commas(entry)
    if len(pieces) > 1:
        parts = [part.strip() for part in pieces if part.strip()]
        what = "origins" if origins else "header names"
        found.findings.append(
            Problem(
                option,
                entry,
                f"holds several {what} in one string",
                f"give a list: {parts!r}",
                code=ProblemCode.SEVERAL_IN_ONE,
            )
        )
    _add_regex(option, compiled, found, patterns)


# A repetition count such as "{2,5}", "{,63}" or "{3,}" (where "{" starts one, Python's
# parser reads a quantifier, not a literal brace).
_QUANTIFIER: Final = re.compile(r"\{\d*,?\d*\}")


def split_top_level_commas(regex: str) -> list[str]:
    r"""Split a regex at the commas that are literal text, outside classes and quantifiers.

    A comma in ``{1,63}``, in ``[a-z,]`` or escaped (``\,``) is part of the
    regex; one anywhere else is a literal comma, which no origin and no header
    name contains: the string is then most likely several entries joined.
    """
    parts: list[str] = []
    start = index = 0
    in_class = False
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            # A "]" first in a class ("[]a]", "[^]a]") is a member, not its end.
            index += 1
            index += regex.startswith("^", index)
            index += regex.startswith("]", index)
            in_class = True
            continue
        elif char == "{" and (quantifier := _QUANTIFIER.match(regex, index)) is not None:
            index = quantifier.end()
            continue
        elif char == ",":
            parts.append(regex[start:index])
            start = index + 1
        index += 1
    return [*parts, regex[start:]]


def _add_regex(
    option: str, pattern: re.Pattern[str], found: Found, patterns: list[BoundedRegex]
) -> None:
    """Prepare a regex to run within the budget, recording what is wrong with it."""
    bounded = prepare(option if option in VALUE_LIMITS else "allow_headers", pattern, found)
    if bounded is not None:
        patterns.append(bounded)


def check_header_name(text: str) -> Problem | None:
    """Return the problem with a literal header name no request can carry, or ``None``."""
    if TOKEN.fullmatch(text):
        return None
    stripped = text.strip()
    if "," in text:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        return Problem(
            "allow_headers",
            text,
            "holds several header names in one string",
            f"give a list: {parts!r}",
            code=ProblemCode.SEVERAL_IN_ONE,
        )
    if stripped != text and TOKEN.fullmatch(stripped):
        return Problem(
            "allow_headers",
            text,
            "has surrounding whitespace",
            f"did you mean {stripped!r}?",
            code=ProblemCode.SURROUNDING_WHITESPACE,
        )
    return Problem(
        "allow_headers",
        text,
        "is not a valid HTTP header name, so no request header matches it",
        "remove spaces, quotes and separators",
        code=ProblemCode.NOT_A_TOKEN,
    )
