"""Fixtures of the agreements tests: per test module a fresh SQLite app database (migrated by
the real Alembic path) with three accounts created through the store, the real app serving it
on loopback in its own process, a `login` through the real /inloggen form, and `http` for
replaying crafted /_dash-update-component requests with a session cookie.

The server runs in a subprocess, so every module gets a clean process (Flask-Limiter's memory,
Dash's callback registry, the store's engine cache) and the test talks to it only over HTTP,
as a browser would; the test process opens the same database to set up data and to check it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.conftest import Page

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-staple-42"
ACCOUNTS = {
    "beheerder": dict(email="beheer@monitor.test", name="Bea Beheer", organisation="Monitor",
                      role="beheerder", regions=[]),
    "redacteur": dict(email="redactie@amsterdam.test", name="Rik Redacteur",
                      organisation="Gemeente Amsterdam", role="redacteur", regions=["GM0363"]),
    "ander": dict(email="redactie@zaanstad.test", name="Zoë Zaanstad",
                  organisation="Gemeente Zaanstad", role="redacteur", regions=["GM0479"]),
}
LAUNCHER = """
import sys
from pathlib import Path
from werkzeug.serving import make_server
from dashboard.app import create_app
app = create_app(Path(sys.argv[1]), database_url=sys.argv[2])
server = make_server("127.0.0.1", 0, app.server, threaded=True)
Path(sys.argv[3]).write_text(str(server.server_port))
server.serve_forever()
"""


@dataclass
class Served:
    url: str
    database_url: str
    accounts: dict[str, dict]   # role key -> the account as the store returned it
    log: Path


def _start(warehouse: Path, database_url: str, folder: Path) -> tuple[subprocess.Popen, str]:
    port_file, log = folder / "port", folder / "server.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AOJ_DATABASE_URL", None)
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(warehouse), database_url,
                                 str(port_file)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()[-3000:]}")
        if port_file.exists() and port_file.read_text().strip():
            url = f"http://127.0.0.1:{port_file.read_text().strip()}"
            try:
                if requests.get(url + "/afspraken", timeout=10).status_code == 200:
                    return proc, url
            except requests.ConnectionError:
                pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def served(warehouse, tmp_path_factory) -> Served:
    """The app on a fresh app database with the three accounts; stopped after the module."""
    from dashboard import db, store

    folder = tmp_path_factory.mktemp("afspraken-app")
    database_url = f"sqlite:///{folder / 'app.sqlite'}"
    db.configure(warehouse)
    store.configure(database_url)
    store.upgrade(database_url)
    with store.session() as s:
        accounts = {key: store.accounts.create_user(s, actor_id=store.rights.SYSTEM,
                                                    password=PASSWORD, **spec)
                    for key, spec in ACCOUNTS.items()}
    proc, url = _start(warehouse, database_url, folder)
    yield Served(url, database_url, accounts, folder / "server.log")
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    store.dispose()


@pytest.fixture(scope="module")
def base_url(served) -> str:
    """The served app of this module (tests/conftest.py's `page` fixture opens it)."""
    return served.url


@pytest.fixture
def new_page(browser, base_url):
    """Opens further pages, each in its own context (`cookies`: start logged in)."""
    contexts = []

    def open_page(cookies: list[dict] | None = None, width: int = 1280) -> Page:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
        if cookies:
            context.add_cookies(cookies)
        contexts.append(context)
        return Page(context.new_page(), base_url)

    yield open_page
    for context in contexts:
        context.close()


def login(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real /inloggen form of the page's app (a conftest `Page`)."""
    p = page.page
    p.goto(page.base_url + "/inloggen?volgende=/afspraken")
    p.fill("#email", email)
    p.fill("#wachtwoord", password)
    p.click("button[type=submit]")
    p.wait_for_url("**/afspraken")
    page.settle()


class Http:
    """Requests to the served app as a browser sends them: same-origin Origin header, the
    session cookie of a login (or none), and Dash callback bodies as JSON."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self._cookies: dict[str, dict] = {}

    def session_cookie(self, email: str, password: str = PASSWORD) -> dict:
        """The session cookie after a real POST to /inloggen (one login per account)."""
        if email not in self._cookies:
            s = requests.Session()
            r = s.post(self.base_url + "/inloggen",
                       data={"email": email, "wachtwoord": password, "volgende": "/afspraken"},
                       headers={"Origin": self.base_url}, allow_redirects=False, timeout=30)
            assert r.status_code == 303, r.text[:500]
            self._cookies[email] = s.cookies.get_dict()
        return dict(self._cookies[email])

    def update(self, body: dict, cookies: dict | None = None) -> requests.Response:
        return requests.post(self.base_url + "/_dash-update-component", data=json.dumps(body),
                             headers={"Origin": self.base_url,
                                      "Content-Type": "application/json"},
                             cookies=cookies or {}, timeout=60)

    def browser_cookies(self, email: str) -> list[dict]:
        """The session cookie in Playwright's form, for a context that starts logged in."""
        return [{"name": k, "value": v, "url": self.base_url}
                for k, v in self.session_cookie(email).items()]


@pytest.fixture(scope="module")
def http(served) -> Http:
    return Http(served.url)


def record_update(page, action, output_part: str) -> dict:
    """The JSON body the browser posts to /_dash-update-component for the callback whose
    output names `output_part`, while `action()` runs (e.g. a click on Opslaan); returns once
    the server has answered it."""
    with page.page.expect_response(
            lambda r: "/_dash-update-component" in r.url and r.request.method == "POST"
            and output_part in (r.request.post_data or "")) as info:
        action()
    return json.loads(info.value.request.post_data)
