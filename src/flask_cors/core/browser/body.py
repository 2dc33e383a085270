"""Request bodies as ``fetch()`` sends them: the bytes and the Content-Type they imply.

A page passes ``fetch()`` a string, a ``URLSearchParams``, a ``FormData``,
a ``Blob`` or an ``ArrayBuffer``; fetch extracts from each the bytes it
sends and, for most, a ``Content-Type`` it adds when the page set none
(https://fetch.spec.whatwg.org/#concept-bodyinit-extract). That type
decides whether a POST needs a preflight: ``URLSearchParams`` and
``FormData`` never do, a ``Blob`` typed ``application/json`` does.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Final

from attrs import frozen

__all__ = ["FORM_BOUNDARY", "Body", "BodyKind"]

#: The multipart boundary of :meth:`Body.form_data` unless another is given:
#: Chromium's prefix and 16 characters, fixed here so a test can compare bytes.
FORM_BOUNDARY: Final = "----WebKitFormBoundaryFlaskCorsBrowser"

# https://url.spec.whatwg.org/#application-x-www-form-urlencoded-percent-encode-set:
# what the urlencoded serializer leaves as it is.
_FORM_SAFE: Final = frozenset(b"*-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

Fields = Mapping[str, str] | Iterable[tuple[str, str]]


class BodyKind(enum.Enum):
    """The kind of object a page passed as ``body``."""

    #: A string: ``text/plain;charset=UTF-8``.
    TEXT = "text"
    #: A ``URLSearchParams``: ``application/x-www-form-urlencoded;charset=UTF-8``.
    URL_SEARCH_PARAMS = "URLSearchParams"
    #: A ``FormData``: ``multipart/form-data; boundary=...``.
    FORM_DATA = "FormData"
    #: A ``Blob`` (or ``File``): its own type, if it has one.
    BLOB = "Blob"
    #: An ``ArrayBuffer`` or typed array: no type.
    BUFFER = "ArrayBuffer"


def _pairs(fields: Fields) -> list[tuple[str, str]]:
    return list(fields.items() if isinstance(fields, Mapping) else fields)


def _urlencoded(text: str) -> str:
    # https://url.spec.whatwg.org/#concept-urlencoded-serializer
    out: list[str] = []
    for byte in text.encode():
        if byte == 0x20:
            out.append("+")
        elif byte in _FORM_SAFE:
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _form_name(name: str) -> str:
    # https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart-form-data:
    # a field name escapes LF, CR and '"' in its Content-Disposition.
    return name.replace("\n", "%0A").replace("\r", "%0D").replace('"', "%22")


@frozen
class Body:
    """A request body: the bytes ``fetch()`` sends and the Content-Type it implies.

    Build one with the constructor named for what the page passes:
    :meth:`text`, :meth:`url_search_params`, :meth:`form_data`,
    :meth:`blob` or :meth:`buffer`.

    Attributes:
        kind: What the page passed.
        data: The bytes sent.
        content_type: The ``Content-Type`` fetch adds unless the page set
            one, or None (a buffer, a blob without a type).

    """

    kind: BodyKind
    data: bytes
    content_type: str | None

    @classmethod
    def text(cls, text: str) -> Body:
        """Return a string body: UTF-8, ``text/plain;charset=UTF-8``."""
        return cls(BodyKind.TEXT, text.encode(), "text/plain;charset=UTF-8")

    @classmethod
    def url_search_params(cls, fields: Fields) -> Body:
        """Return ``new URLSearchParams(fields)``: urlencoded, with its charset."""
        data = "&".join(f"{_urlencoded(k)}={_urlencoded(v)}" for k, v in _pairs(fields))
        return cls(
            BodyKind.URL_SEARCH_PARAMS,
            data.encode(),
            "application/x-www-form-urlencoded;charset=UTF-8",
        )

    @classmethod
    def form_data(cls, fields: Fields, *, boundary: str = FORM_BOUNDARY) -> Body:
        """Return a ``FormData`` of text fields: ``multipart/form-data`` with its boundary.

        Chromium draws the boundary at random (``----WebKitFormBoundary``
        and 16 letters or digits); the model takes a fixed one.
        """
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_form_name(name)}"'
            f"\r\n\r\n{value}\r\n"
            for name, value in _pairs(fields)
        ]
        data = "".join(parts) + f"--{boundary}--\r\n"
        return cls(BodyKind.FORM_DATA, data.encode(), f"multipart/form-data; boundary={boundary}")

    @classmethod
    def blob(cls, data: bytes | str, type: str = "") -> Body:
        """Return ``new Blob([data], {type})``: the type lower-cased, or none.

        https://w3c.github.io/FileAPI/#constructorBlob: a type with a
        character outside U+0020 to U+007E becomes ``""``, and an empty
        type adds no Content-Type.
        """
        if not all(" " <= char <= "~" for char in type):
            type = ""
        raw = data.encode() if isinstance(data, str) else data
        return cls(BodyKind.BLOB, raw, type.lower() or None)

    @classmethod
    def buffer(cls, data: bytes) -> Body:
        """Return an ``ArrayBuffer`` (or typed array) body: its bytes, no Content-Type."""
        return cls(BodyKind.BUFFER, bytes(data), None)
