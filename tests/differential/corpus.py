"""Real CORS configurations from public Flask code (the data and its README: tests/corpus/)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, Literal

_HERE: Final = Path(__file__).parents[1] / "corpus"
# What an entry's options text may use besides literals.
_NAMES: Final = {"re": re, "timedelta": timedelta}

Kind = Literal["cors", "cross_origin", "config"]


@dataclass(frozen=True)
class Entry:
    """One configuration: where it was found, how it is passed, and its options.

    Attributes:
        id: A short name.
        source: Where it was found (a search-tool file id, or flask-cors's
            own docs or tests).
        kind: ``cors`` (keywords of ``CORS(app, ...)``), ``cross_origin``
            (keywords of ``@cross_origin(...)``) or ``config`` (``app.config``
            keys; a few from flask-cors's tests use plain option names).
        options: The options, evaluated from their Python text.
        text: The options as written in the data file.
        note: What is odd about it.
    """

    id: str
    source: str
    kind: Kind
    options: dict[str, Any]
    text: str
    note: str

    @property
    def config_keys(self) -> bool:
        """Whether a ``config`` entry holds ``CORS_*`` keys (not plain option names)."""
        return self.kind == "config" and all(key.startswith("CORS_") for key in self.options)


def load() -> list[Entry]:
    """Return every entry of ``configs.json``, options evaluated."""
    rows = json.loads((_HERE / "configs.json").read_text())
    return [
        Entry(
            row["id"],
            row["source"],
            row["kind"],
            eval(row["options"], {"__builtins__": {}}, dict(_NAMES)),
            row["options"],
            row["note"],
        )
        for row in rows
    ]


def regexes(entries: list[Entry]) -> list[tuple[str, str | re.Pattern[str]]]:
    """Return every distinct ``(option, regex)`` the entries use.

    ``option`` is ``origins``, ``allow_headers`` or ``resources`` (a resource
    pattern); a regex is a compiled pattern or a string that looks like one
    to flask-cors.
    """
    found: dict[tuple[str, str, bool], tuple[str, str | re.Pattern[str]]] = {}

    def add(option: str, value: object) -> None:
        values = [value] if isinstance(value, str | re.Pattern) else value
        if not isinstance(values, list | tuple | set):
            return
        for item in values:
            text = item.pattern if isinstance(item, re.Pattern) else item
            regex = isinstance(item, re.Pattern) or (isinstance(text, str) and _REGEX.search(text))
            if isinstance(text, str) and regex and text not in ("*", ".*"):
                found[(option, text, isinstance(item, re.Pattern))] = (option, item)

    def options(layer: dict[str, Any], prefix: str = "") -> None:
        for name in ("origins", "allow_headers"):
            if prefix + name in layer:
                add(name, layer[prefix + name])
        resources = layer.get(prefix + "resources")
        if isinstance(resources, dict):
            add("resources", list(resources))
            for nested in resources.values():
                if isinstance(nested, dict):
                    options(nested)
        elif resources is not None:
            add("resources", resources)

    for entry in entries:
        prefix = "CORS_" if entry.config_keys else ""
        layer = {key.lower() if prefix else key: value for key, value in entry.options.items()}
        options(layer, prefix.lower())
    return list(found.values())


# flask-cors's guess that a string is a regex.
_REGEX: Final = re.compile(r"[*\\\]?$^\[()]")
