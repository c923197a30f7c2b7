"""Fixtures of the fuzz tests: a Flask test client on the session's real app, its callbacks
(from the app's own callback map, so a new callback is fuzzed without listing it), and the
errors callbacks raised (logged by dashboard.guard's on_error, never sent to the client)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from tests.fuzz import dash_client as dc

# Hypothesis caches what it learns from the source (already while collecting): keep it out of
# the working tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "aoj-fuzz-hypothesis")

WARM_UP = ("/", "/indicator/jeugdhulp?regio=GM0363", "/gemeente/GM0363", "/swv/PO2707",
           "/jeugdregio/JZ13", "/vergelijk?regios=GM0363,PO2707", "/afspraken", "/over",
           "/werkgebieden")


@pytest.fixture(scope="session")
def fuzz_client(app):
    """A test client whose first page loads are done (the 1 s bound is for warm caches). It
    connects from a documentation address, so the per-client render limits it uses up are not
    those of the other tests' browser (127.0.0.1)."""
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.1"
    for url in WARM_UP:
        response, _ = dc.post(client, dc.router_body(url))
        for body in dc.load_bodies(dc.layout_of(response), dc.callbacks(app)):
            dc.post(client, body)
    return client


@pytest.fixture(scope="session")
def callback_map(app) -> dict:
    return dc.callbacks(app)


class Errors(logging.Handler):
    """Collects the callback failures dashboard.guard logs."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        self.seen.append(f"{record.getMessage()}: {type(exc).__name__}: {exc}"[:300])


@pytest.fixture
def callback_errors():
    handler = Errors()
    logger = logging.getLogger("dashboard.guard")
    logger.addHandler(handler)
    yield handler.seen
    logger.removeHandler(handler)
