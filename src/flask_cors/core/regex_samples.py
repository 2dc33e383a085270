r"""Strings made from a regex: what it was written for, and what else it lets in.

The lint judges a regex origin by what it matches. To know what that is,
it needs strings the regex was written for: a *sample* is made by walking
the parsed regex and taking, for each part, a text it matches: its letter
for a literal, one member for a character class, a word for ``.*``, one
branch of an alternation. A sample remembers which part made which text
(its :class:`Piece` s), and what else a part that can vary accepts, so that
the lint can change exactly the parts the regex leaves open (``myapp-.*``
in ``myapp-.*\.vercel\.app``) and see which other sites that reaches.

Samples are guesses: the lint checks every string it reports against the
compiled regex itself, so a wrong guess costs a finding, never a false one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

from attrs import frozen

from .regex_syntax import GROUPS, REPEATS, C, body, parse

__all__ = ["Piece", "Sample", "fixed_mask", "sample_text", "samples", "variants"]

# What matches one character here (a bare category only ever sits in a class).
_SINGLE: Final = frozenset({C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN})

_MAX_SAMPLES: Final = 32
_MAX_LENGTH: Final = 300
# Characters tried, in order, for a character class: what hosts are made of.
_PREFERRED: Final = "abcdefghijklmnopqrstuvwxyz8901234567-."
# What a part that can vary is changed to first: a name an attacker picks.
_ATTACKER: Final = "attacker"
_ATTACKER_DOMAIN: Final = "attacker.net"


@frozen
class Piece:
    """The text one part of a regex matched in a sample.

    Attributes:
        text: What the part matched here.
        others: Other texts the same part accepts; empty for a part that
            matches one text only (a literal, a chosen branch).
        any_char: Whether the part is a lone "any character" (``.``),
            sampled as a dot: most often an unescaped dot.
    """

    text: str
    others: tuple[str, ...] = ()
    any_char: bool = False


#: One sample: the pieces its parts matched, in order.
Sample = tuple[Piece, ...]


def samples(pattern: re.Pattern[str]) -> list[Sample]:
    """Return samples the regex was plausibly written for (at most 32).

    Not every sample matches the regex (a lookahead or a back reference is
    taken to match nothing); callers check what they use.
    """
    parsed = parse(pattern)
    if parsed is None:
        # A regex the private parser cannot read (its form changed in a
        # future Python): no samples, so no finding rather than a crash.
        return []
    return _sequence(parsed, bool(pattern.flags & re.IGNORECASE))


def sample_text(sample: Sample) -> str:
    """Return the text of a sample, lower case as browsers serialize origins."""
    return "".join(piece.text for piece in sample).lower()


def fixed_mask(sample: Sample) -> list[bool]:
    """Return, for each character of :func:`sample_text`, whether the regex fixes it."""
    return [not piece.others for piece in sample for _ in piece.text]


def variants(sample: Sample, *, any_char: bool = False) -> Iterator[str]:
    """Yield the sample's text with the parts that can vary changed.

    First each varying part alone, to each of its other texts; then every
    varying part at once, to its first other text. With ``any_char``, only
    the lone "any character" parts change (a dot becomes a letter), one at
    a time; without it, only the others.
    """
    texts = [piece.text for piece in sample]
    varying = [i for i, piece in enumerate(sample) if piece.others and piece.any_char == any_char]
    for index in varying:
        for other in sample[index].others:
            yield "".join([*texts[:index], other, *texts[index + 1 :]]).lower()
    if len(varying) > 1 and not any_char:
        changed = list(texts)
        for index in varying:
            changed[index] = sample[index].others[0]
        yield "".join(changed).lower()


def _sequence(items: Iterable[tuple[Any, Any]], ignore_case: bool) -> list[Sample]:
    """Samples of a sequence of parsed regex items: every combination, up to the limits."""
    results: list[Sample] = [()]
    for op, av in items:
        options = _item(op, av, ignore_case)
        results = [
            first + second
            for first in results
            for second in options
            if _length(first) + _length(second) <= _MAX_LENGTH
        ][:_MAX_SAMPLES]
    return results


def _length(sample: Sample) -> int:
    return sum(len(piece.text) for piece in sample)


def _item(op: Any, av: Any, ignore_case: bool) -> list[Sample]:
    """Samples of one parsed regex item."""
    if op in _SINGLE:
        return [(piece,) for piece in _single(op, av, ignore_case)]
    if op in REPEATS:
        return _repeat(av, ignore_case)
    if op in GROUPS:
        return _sequence(body(op, av), ignore_case)
    if op is C.BRANCH:
        return [sample for branch in av[1] for sample in _sequence(branch, ignore_case)]
    if op is C.GROUPREF_EXISTS:
        _, yes, no = av
        return _sequence(yes, ignore_case) + (_sequence(no, ignore_case) if no else [()])
    # Anchors, lookarounds and back references match no text of their own here.
    return [()]


def _single(op: Any, av: Any, ignore_case: bool) -> list[Piece]:
    """The pieces of one character: one per choice the regex names, or one that varies."""
    if op is C.LITERAL:
        return [Piece(chr(av))]
    if op is C.ANY:
        # A lone "any character" was most often meant as a dot; it lets in
        # a letter there too.
        return [Piece(".", ("x",), any_char=True)]
    if op is C.IN and all(item_op is C.LITERAL for item_op, _ in av):
        # A class of listed characters, often what the parser made of an
        # alternation of single characters ("(a|b)" is "[ab]"): each is a
        # choice the regex names.
        return [Piece(chr(code)) for _, code in av]
    members = _members(op, av, ignore_case)
    if not members:
        return [Piece("a")]
    return [Piece(members[0], tuple(members[1:2]))]


def _members(op: Any, av: Any, ignore_case: bool) -> str:
    """The preferred characters a single-character item accepts, in order."""
    found = []
    for char in _PREFERRED:
        if _accepts_any_case(op, av, char, ignore_case):
            found.append(char)
    return "".join(found)


def _accepts(op: Any, av: Any, char: str) -> bool:
    """Whether the single-character item ``(op, av)`` matches ``char``."""
    code = ord(char)
    if op is C.LITERAL:
        return bool(av == code)
    if op is C.NOT_LITERAL:
        return bool(av != code)
    if op is C.ANY:
        return char != "\n"
    negate = any(item_op is C.NEGATE for item_op, _ in av)
    return _in_class(av, char) != negate


def _in_class(items: Sequence[tuple[Any, Any]], char: str) -> bool:
    code = ord(char)
    for op, av in items:
        if op is C.LITERAL and av == code:
            return True
        if op is C.RANGE and av[0] <= code <= av[1]:
            return True
        if op is C.CATEGORY and _in_category(av, char):
            return True
    return False


def _in_category(category: Any, char: str) -> bool:
    name = str(category)
    if "DIGIT" in name:
        inside = char.isdigit()
    elif "WORD" in name:
        inside = char.isalnum() or char == "_"
    elif "SPACE" in name:
        inside = char.isspace()
    else:
        inside = False
    return inside != ("_NOT_" in name)


def _repeat(av: Any, ignore_case: bool) -> list[Sample]:
    """Samples of a repetition: the fewest rounds and one more (the optional one first)."""
    low, high, body = av
    body = list(body)
    counts = [low] + ([low + 1] if high > low else [])
    if (low, high) == (0, 1):
        # An optional part ("https?", "(www\\.)?") is usually written for the
        # origins that have it: those samples come first, before the limit.
        counts.reverse()
    if len(body) == 1 and body[0][0] in _SINGLE:
        op, item = body[0]
        return [(piece,) for piece in _run(op, item, low, high, counts, ignore_case)]
    rounds = _sequence(body, ignore_case)
    repeated = (
        tuple(piece for _ in range(count) for piece in round_)
        for count in counts
        for round_ in rounds
    )
    # No rounds is the same sample whatever the round: keep it once.
    return list(dict.fromkeys(repeated))[:_MAX_SAMPLES]


def _run(
    op: Any, av: Any, low: int, high: int, counts: list[int], ignore_case: bool
) -> list[Piece]:
    r"""The pieces of a repeated character (``.*``, ``[a-z0-9-]+``, ``\d{2,5}``)."""
    if op is C.LITERAL:
        return [Piece(chr(av) * count) for count in counts]
    members = _members(op, av, ignore_case) or _listed(op, av)
    if not members:
        return [Piece("")]
    others = [
        word
        for word in (_ATTACKER, _ATTACKER_DOMAIN)
        if low <= len(word) <= high and all(_accepts_any_case(op, av, c, ignore_case) for c in word)
    ]
    if op is C.ANY and low <= 3 <= high:
        # ".*" or ".+" stands for some text: a word, or nothing at all.
        texts = ["app", *([""] if low == 0 else [])]
    else:
        texts = [members[0] * count for count in counts]
    pieces = []
    for text in texts:
        alternatives = [*others, *([members[1] * len(text)] if len(members) > 1 and text else [])]
        pieces.append(Piece(text, tuple(word for word in alternatives if word != text)))
    return pieces


def _listed(op: Any, av: Any) -> str:
    """The characters of a class that lists them (``[_~]``), in order; else nothing."""
    if op is not C.IN or not all(item_op is C.LITERAL for item_op, _ in av):
        return ""
    return "".join(dict.fromkeys(chr(code) for _, code in av))


def _accepts_any_case(op: Any, av: Any, char: str, ignore_case: bool) -> bool:
    cases = {char, char.upper()} if ignore_case else {char}
    return any(_accepts(op, av, c) for c in cases)
