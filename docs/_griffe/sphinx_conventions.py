"""A Griffe extension for the Sphinx habits of flask_cors's docstrings.

The docstrings are Google style, but two Sphinx conventions remain, which
mkdocstrings would otherwise miss:

- Roles such as ``:class:`~flask_cors.Policy``` name other objects; they
  become inline code, as Sphinx shows them (only the last component when the
  target starts with ``~``).
- ``#:`` comments document the constant below them; such a comment becomes
  the docstring of a constant that has none.

Loaded by ``mkdocs.yml``. Sources without either are left untouched.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import griffe

#: A role and its target: ``:class:`~flask_cors.Policy```.
ROLE: Final = re.compile(
    r":(?:attr|class|data|exc|func|meth|mod|obj):`(?P<tilde>~?)(?P<target>[^`]+)`"
)
#: A ``#:`` documentation comment, indented like its attribute.
DOC_COMMENT: Final = re.compile(r"^\s*#:( |$)")


def render_roles(text: str) -> str:
    """Return ``text`` with every Sphinx role replaced by inline code."""

    def code(found: re.Match[str]) -> str:
        target = found["target"]
        if found["tilde"]:
            target = target.rpartition(".")[2]
        return f"`{target}`"

    return ROLE.sub(code, text)


def doc_comment(lines: list[str], lineno: int) -> str | None:
    """Return the ``#:`` comment right above line ``lineno`` (1-based), without its markers."""
    index = lineno - 2
    found: list[str] = []
    while index >= 0 and DOC_COMMENT.match(lines[index]):
        found.insert(0, DOC_COMMENT.sub("", lines[index]))
        index -= 1
    return "\n".join(found) if found else None


class SphinxConventions(griffe.Extension):
    """Render Sphinx roles as inline code, and ``#:`` comments as docstrings."""

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Fix the docstring of ``obj`` once the tree is complete."""
        filepath = obj.filepath
        if (
            obj.docstring is None
            and obj.is_attribute
            and obj.lineno
            and isinstance(filepath, Path)
            and filepath in obj.lines_collection
        ):
            text = doc_comment(obj.lines_collection[filepath], obj.lineno)
            if text is not None:
                obj.docstring = griffe.Docstring(text, lineno=obj.lineno, parent=obj)
        if obj.docstring is not None:
            obj.docstring.value = render_roles(obj.docstring.value)
