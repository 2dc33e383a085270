"""Fixtures of the differential tests: the reference flask-cors, loaded once."""

from __future__ import annotations

import pytest

from reference import Reference, ReferenceUnavailableError, load_reference


@pytest.fixture(scope="session")
def reference() -> Reference:
    """Return flask-cors 6.0.5, downloaded once per machine; fail if it cannot be had."""
    try:
        return load_reference()
    except ReferenceUnavailableError as error:
        problem = str(error)
    # Failed outside the except block, so the report is the message alone.
    pytest.fail(
        f"the differential tests need the reference flask-cors wheel: {problem}", pytrace=False
    )
