"""Literal-or-regex entries, flask-cors's way of listing origins and headers.

An entry is a compiled regex, a string that looks like a regex, or a literal.
flask-cors decides "looks like a regex" by the presence of any of the
characters ``*``, backslash, ``] ? $ ^ [ ( )``, and ``"*"`` alone means "anything". That
guess is made here, once, when the configuration is parsed; a request only
ever meets the sorted-out result.

Regexes match from the start of the value (:meth:`re.Pattern.match`), as
in flask-cors; literals compare case-insensitively where the option asks for
it. Literal matching is one set lookup, so its cost does not grow with the
number of literals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

from attrs import evolve, field, frozen

from .errors import Problem
from .origins import (
    SubdomainPattern,
    check_literal_origin,
    is_bracketed_origin,
    is_subdomain_pattern,
)
from .redos import exponential_problem

#: One configured entry: a literal or regex string, or a compiled regex.
Entry: TypeAlias = "str | re.Pattern[str]"

#: What an option listing entries accepts: one entry or an iterable of them.
EntriesInput: TypeAlias = "str | re.Pattern[str] | Iterable[str | re.Pattern[str]]"

_REGEX_HINTS = frozenset("*\\]?$^[()")
#: An HTTP token (RFC 9110, section 5.6.2): what method and header names are.
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
    if isinstance(raw, str | re.Pattern) or not isinstance(raw, Iterable):
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
    """

    literals: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    matches_all: bool
    size: int
    ignore_case: bool
    wildcards: tuple[SubdomainPattern, ...] = ()
    _lookup: frozenset[str] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        fold = str.casefold if self.ignore_case else str
        # A frozen attrs class is set up once here, before anyone can see it.
        object.__setattr__(self, "_lookup", frozenset(fold(text) for text in self.literals))

    def matches(self, value: str) -> bool:
        """Return whether ``value`` matches any entry."""
        return self.matches_all or self.matches_listed(value)

    def matches_listed(self, value: str) -> bool:
        """Return whether ``value`` matches an entry other than ``"*"``."""
        if (value.casefold() if self.ignore_case else value) in self._lookup:
            return True
        # Loops rather than any(): no generator to set up on every call.
        for wildcard in self.wildcards:
            if wildcard.matches(value):
                return True
        for pattern in self.patterns:  # noqa: SIM110 (any() sets up a generator)
            if pattern.match(value):
                return True
        return False


def parse_entries(
    option: str, raw: object, *, ignore_case: bool, origins: bool = False
) -> tuple[PatternSet | None, list[Problem]]:
    """Parse an option's entries into a :class:`PatternSet`, collecting problems.

    Args:
        option: The option's name, used in problem reports.
        raw: The configured value: an entry or an iterable of entries.
        ignore_case: Whether matching ignores case (origins and headers do).
        origins: Whether the entries are origins: literals must then be
            origins a browser can send, and ``https://*.example.com`` is a
            wildcard pattern; otherwise literals must be header names.

    Returns:
        The parsed set (``None`` if there were problems) and the problems.
    """
    if raw is None:
        fix = f"pass an empty list to allow no {option}, or leave the option out for the default"
        return None, [Problem(option, raw, "must not be None", fix)]
    literals: list[str] = []
    patterns: list[re.Pattern[str]] = []
    wildcards: list[SubdomainPattern] = []
    problems: list[Problem] = []
    matches_all = False
    entries = as_entries(raw)
    flags = re.IGNORECASE if ignore_case else 0
    for entry in entries:
        if isinstance(entry, re.Pattern):
            if not isinstance(entry.pattern, str):
                problems.append(Problem(option, entry, "is a bytes regex", "compile a str pattern"))
            else:
                patterns.append(entry)
                _check_backtracking(option, entry, problems)
        elif not isinstance(entry, str):
            fix = "give a string, a compiled regex, or a list of them"
            problems.append(Problem(option, entry, "is not a string or regex", fix))
        elif entry in _MATCH_ALL:
            matches_all = True
        elif origins and is_subdomain_pattern(entry):
            wildcards.append(SubdomainPattern.parse(entry))
        elif looks_like_regex(entry) and not (origins and is_bracketed_origin(entry)):
            try:
                patterns.append(re.compile(entry, flags))
            except re.error as error:
                fix = "escape regex characters with re.escape() if it is meant literally"
                problems.append(Problem(option, entry, f"is not a valid regex: {error}", fix))
            else:
                _check_backtracking(option, patterns[-1], problems)
        else:
            problem = check_literal_origin(entry) if origins else check_header_name(entry)
            if problem is not None:
                problems.append(evolve(problem, option=option))
            literals.append(entry)
    if problems:
        return None, problems
    parsed = PatternSet(
        literals=tuple(literals),
        patterns=tuple(patterns),
        matches_all=matches_all,
        size=len(entries),
        ignore_case=ignore_case,
        wildcards=tuple(wildcards),
    )
    return parsed, []


def _check_backtracking(option: str, pattern: re.Pattern[str], problems: list[Problem]) -> None:
    problem = exponential_problem(option, pattern)
    if problem is not None:
        problems.append(problem)


def check_header_name(text: str) -> Problem | None:
    """Return the problem with a header name that is not an HTTP token, or ``None``."""
    if TOKEN.fullmatch(text):
        return None
    return Problem(
        "allow_headers", text, "is not a valid HTTP token", "remove spaces and separators"
    )
