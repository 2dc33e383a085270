"""Bytes in, choices out: how a fuzz target turns the engine's input into values.

A coverage-guided engine (atheris, libFuzzer inside) mutates byte strings
and keeps those that reach new code. A target reads its choices from the
front of the byte string through :class:`Data`, so a small change to the
bytes is a small change to the request or configuration, which is what
lets the engine climb towards new branches. Once the bytes run out, every
choice is its smallest value, so every byte string, the empty one
included, decodes to a valid case.

The same decoding runs without atheris (a seeded stream of random bytes,
see :mod:`fuzz.engine`), so a target behaves the same under both drivers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TypeVar

T = TypeVar("T")

#: Characters a request header value is drawn from most of the time: what
#: browsers send, and the separators and oddities hostile clients add.
HEADER_CHARS: Final = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "-_.:/,; \t*()[]\"'=+!#$%&|~^`?@\\{}<>"
)
#: Characters that must never reach a response header, and other troublemakers:
#: CR, LF, NUL, DEL, other controls, latin-1 and wider code points.
HOSTILE_CHARS: Final = "\r\n\x00\x7f\x01\x0b\x0c\x1b\x85\xa0\xe4\xff\u2028\u0130\u0131\ufb00€😀"


class Data:
    """A byte string read from the front, one choice at a time.

    Args:
        raw: The engine's input.
    """

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        self._at = 0

    def byte(self) -> int:
        """Return the next byte, or 0 once the input is used up."""
        if self._at >= len(self._raw):
            return 0
        value = self._raw[self._at]
        self._at += 1
        return value

    def integer(self, low: int, high: int) -> int:
        """Return an integer in ``[low, high]``, from as few bytes as the range needs."""
        span = high - low
        if span <= 0:
            return low
        value = 0
        reach = 1
        while reach <= span:
            value = (value << 8) | self.byte()
            reach <<= 8
        return low + value % (span + 1)

    def boolean(self) -> bool:
        """Return a boolean from one bit of the next byte."""
        return self.byte() & 1 == 1

    def pick(self, options: Sequence[T]) -> T:
        """Return one of ``options`` (which must not be empty)."""
        return options[self.integer(0, len(options) - 1)]

    def subset(self, options: Sequence[T], most: int) -> list[T]:
        """Return up to ``most`` of ``options``, in an order the input chooses, repeats allowed."""
        return [self.pick(options) for _ in range(self.integer(0, most))]

    def char(self) -> str:
        """Return one character: mostly header characters, sometimes hostile ones, rarely any."""
        kind = self.byte()
        if kind < 200:
            return self.pick(HEADER_CHARS)
        if kind < 245:
            return self.pick(HOSTILE_CHARS)
        code = self.integer(0, 0x10FFFF)
        # Surrogates cannot be encoded; WSGI servers never produce them.
        return chr(code) if not 0xD800 <= code <= 0xDFFF else "?"

    def text(self, most: int) -> str:
        """Return a string of up to ``most`` characters."""
        return "".join(self.char() for _ in range(self.integer(0, most)))

    def repeated(self, unit: str, most: int) -> str:
        """Return ``unit`` repeated up to ``most`` times: how large values are made cheaply."""
        return unit * self.integer(1, most)

    def exhausted(self) -> bool:
        """Return whether every byte has been read."""
        return self._at >= len(self._raw)
