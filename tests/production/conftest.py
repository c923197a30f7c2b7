"""Fixtures of the production tests: the reference layers, loaded once for the builds these tests
run in-process."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def reference():
    """The shipped reference layers, as `etl build` loads them."""
    from etl.reference import load_reference

    return load_reference()
