"""Fixtures of the auth tests: a fresh app database per test behind the session's served app,
with three accounts, the login rate limit reset, and HTTP helpers that log in as a browser would.

Dash keeps its callbacks in one registry per process, so the whole test session has one Dash app
(`app` in tests/conftest.py); a test gets its own database by pointing the store at a new file.
"""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
import requests

from dashboard import store
from dashboard.store import rights

PASSWORD = "correct horse battery"
ANNA = {"email": "anna@example.nl", "name": "Anna de Vries", "organisation": "Gemeente Amsterdam",
        "role": "beheerder", "regions": []}
RIK = {"email": "rik@example.nl", "name": "Rik Jansen", "organisation": "SWV Amsterdam-Diemen",
       "role": "redacteur", "regions": ["GM0363", "PO2707"]}
OUD = {"email": "oud@example.nl", "name": "Oud Account", "organisation": "",
       "role": "redacteur", "regions": ["GM0363"]}


def _make_users() -> dict:
    made = {}
    with store.session() as s:
        for key, fields in (("anna", ANNA), ("rik", RIK), ("oud", OUD)):
            made[key] = store.accounts.create_user(s, actor_id=rights.SYSTEM, password=PASSWORD,
                                                   **fields)
        made["oud"] = store.accounts.disable(s, actor_id=rights.SYSTEM, email=OUD["email"])
    return made


@pytest.fixture(scope="session")
def users_template(app, tmp_path_factory):
    """An app database migrated by the real migrations with the three accounts, made once;
    each test gets a copy (argon2 hashing and migrating per test would be slow)."""
    before = store.current_url()
    path = tmp_path_factory.mktemp("auth-template") / "app.sqlite"
    url = f"sqlite:///{path}"
    store.configure(url)
    try:
        store.upgrade(url)
        made = _make_users()
    finally:
        store.dispose(url)  # closes the last connection: the WAL is folded into the file
        store.configure(before)
    return path, made


@pytest.fixture
def app_db(app, users_template, tmp_path):
    """A fresh copy of the template app database that the served app uses during this test."""
    before = store.current_url()
    path = tmp_path / "app.sqlite"
    shutil.copyfile(users_template[0], path)
    url = f"sqlite:///{path}"
    store.configure(url)
    app.server.extensions["aoj_login_limiter"].reset()
    yield url
    store.dispose(url)
    store.configure(before)
    app.server.extensions["aoj_login_limiter"].reset()


@pytest.fixture
def users(app_db, users_template) -> dict:
    """Anna (beheerder), Rik (redacteur for GM0363/PO2707) and a disabled account, by name."""
    return users_template[1]


@pytest.fixture
def auth_settings(app):
    """Change the served app's auth settings for one test: `auth_settings(https=True, ...)`."""
    server = app.server
    original = server.extensions["aoj_auth"]

    def change(**fields):
        server.extensions["aoj_auth"] = dataclasses.replace(original, **fields)

    yield change
    server.extensions["aoj_auth"] = original


@pytest.fixture
def http(base_url):
    """A requests session against the served app (no Origin header: like curl, not a browser)."""
    with requests.Session() as s:
        s.base = base_url
        yield s


def login(http, email: str, password: str = PASSWORD, **form) -> requests.Response:
    """POST the login form as a same-origin browser form would (redirects not followed)."""
    return http.post(http.base + "/inloggen", data={"email": email, "wachtwoord": password, **form},
                     headers={"Origin": http.base}, allow_redirects=False)


def header_account(http) -> str:
    """The account part of the Dash page header, as the served layout has it for this session."""
    layout = http.get(http.base + "/_dash-layout").text
    match = re.search(r"Ingelogd als [^\"]+", layout)
    if match:
        return match.group(0)
    return "Inloggen" if '"Inloggen"' in layout else ""


def alert(html: str) -> str:
    """The text of the page's role=alert paragraph ('' if none)."""
    match = re.search(r'role="alert">([^<]*)<', html)
    return match.group(1) if match else ""
