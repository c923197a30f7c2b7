"""Session fixtures: one warehouse built by the real ETL, the real app served on loopback, and
real headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_JS = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
# Fixtures that start Chromium: Playwright's browser and page (here), the kaleido renderer of
# tests/dashboard/test_export_images.py and the report PDF of tests/dashboard/test_report.py.
CHROMIUM_FIXTURES = {"browser", "page", "renderer", "pdf"}
# Dash has asked for the page's callbacks (HYDRATED comes after the first requests) and none is
# pending or unapplied: the same test as dash.testing's own wait for callbacks. Network-idle
# alone is not enough: it fires once a navigation, and under load before the callbacks start.
DASH_IDLE = """() => {
    if (!document.getElementById('react-entry-point')) return true;  // a server page (login)
    const state = window.store && window.store.getState();
    if (!state || state.appLifecycle !== 'HYDRATED') return false;
    const pending = ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed'];
    return pending.every((k) => !(state.callbacks[k] || []).length)
        && !document.querySelector('[data-dash-is-loading="true"]');
}"""


def pytest_collection_modifyitems(items) -> None:
    """Every test that needs Chromium, directly or through another fixture, is marked
    `browser`, so `pytest -m "not browser"` runs without one."""
    for item in items:
        if CHROMIUM_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module", autouse=True)
def _store_back_after_module():
    """The app database this module started with is configured again after it: a module that
    switches the store to a database of its own (and its agreements) must not leak into the
    next module, whose pages would then show them."""
    import importlib

    from dashboard import store

    engine = importlib.import_module("dashboard.store.engine")  # the module, not store.engine()
    previous = engine._state["url"]  # None: the default beside the warehouse, as it was
    yield
    store.configure(previous)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    """The demonstration warehouse, built by the real ETL once per run: under pytest-xdist the
    first worker to ask builds it in the run's shared folder while the others wait, and each
    worker gets a copy in a folder of its own (its app keeps its database and key beside it)."""
    from etl.build import build

    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        build(path, source="demo", log=lambda _msg: None)
        return path
    shared = tmp_path_factory.getbasetemp().parent / "shared-warehouse"  # this run's, not older
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "warehouse.duckdb").exists():
            build(shared / "warehouse.duckdb", source="demo", log=lambda _msg: None)
    shutil.copyfile(shared / "warehouse.duckdb", path)
    return path


@pytest.fixture(scope="session")
def app(warehouse):
    from dashboard.app import create_app

    return create_app(warehouse)


@pytest.fixture(scope="session")
def base_url(app) -> str:
    """The real app served by werkzeug on a free loopback port, in a background thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A Playwright page that records console errors and uncaught exceptions."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url, self.console = page, base_url, []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def open(self, path: str):
        """Open a path and wait until Dash has finished rendering every callback."""
        self.page.goto(self.base_url + path)
        self.settle()
        return self.page

    def settle(self, timeout: float = 15_000) -> None:
        self.page.wait_for_selector("#main", timeout=timeout)
        self.page.wait_for_function(DASH_IDLE, timeout=timeout)
        self.page.wait_for_load_state("networkidle", timeout=timeout)

    def assert_clean(self) -> None:
        """No console errors or warnings and no Dash error overlay."""
        assert self.console == []
        assert self.page.locator(".dash-fe-error__title, .dash-error-card").count() == 0

    def axe_violations(self, impacts=("serious", "critical")) -> list[dict]:
        # Evaluated, not added as a <script> tag: the app's CSP refuses inline scripts.
        if not self.page.evaluate("() => typeof axe !== 'undefined'"):
            self.page.evaluate(AXE_JS.read_text())
        # Every rule runs as before; only the violations are gathered and sent back (selectors
        # for thousands of passing nodes cost a fifth of the run on the map pages).
        violations = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"][:3]]}
                for v in violations if v["impact"] in impacts]


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    p = Page(context.new_page(), base_url)
    yield p
    context.close()


def dumps(obj) -> str:
    return json.dumps(obj, indent=1, default=str)
