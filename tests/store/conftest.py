"""Fixtures of the store tests: a real PostgreSQL for the session, and a fresh, migrated database
per test on SQLite and on PostgreSQL (every store test runs on both)."""

from __future__ import annotations

import itertools

import pytest
from argon2 import PasswordHasher

from dashboard import store
from dashboard.store import rights
from tests import pg

_names = itertools.count(1)
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def pg_url():
    """A real PostgreSQL server for the session; fails (never skips) when it is not installed."""
    try:
        pg.pg_bin()
    except pg.PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    with pg.postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def pg_template(pg_url) -> str:
    """A database migrated to head by `store.upgrade` once; tests get copies of it."""
    name = "store_template"
    url = pg.create_database(pg_url, name)
    store.upgrade(url)
    store.dispose(url)
    return name


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_db_url(request, backend, tmp_path):
    """A fresh, empty database (no schema yet) on the backend of this test."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite'}"
        yield url
        store.dispose(url)
        return
    server = request.getfixturevalue("pg_url")
    name = f"store_test_{next(_names)}"
    url = pg.create_database(server, name)
    yield url
    store.dispose(url)
    pg.drop_database(server, name)


@pytest.fixture
def db_url(request, backend, tmp_path):
    """A fresh database at head, configured for the process. On SQLite `store.upgrade` migrates
    a new file; on PostgreSQL the test gets a copy of the migrated template (CREATE DATABASE is
    cheap, migrating every time is not) and `store.upgrade` confirms it is at head."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite'}"
        store.upgrade(url)
    else:
        server, template = request.getfixturevalue("pg_url"), request.getfixturevalue(
            "pg_template")
        name = f"store_test_{next(_names)}"
        url = pg.create_database(server, name, template=template)
        store.upgrade(url)
    store.configure(url)
    yield url
    store.configure(None)
    store.dispose(url)
    if backend == "postgresql":
        pg.drop_database(server, name)


@pytest.fixture(autouse=True)
def fast_hasher(monkeypatch):
    """Cheap argon2 parameters: the tests hash hundreds of passwords on two cores."""
    monkeypatch.setattr(store.accounts, "HASHER",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def make_user(email: str, role: str = "redacteur", regions=("GM0363",), *, name=None,
              password: str = PASSWORD, active: bool = True) -> int:
    """Create an account through the store (as the command line would); return its id."""
    with store.session() as s:
        user = store.accounts.create_user(
            s, actor_id=rights.SYSTEM, email=email, name=name or email.split("@")[0].title(),
            organisation="Gemeente Test", role=role, regions=list(regions), password=password)
        if not active:
            store.accounts.disable(s, actor_id=rights.SYSTEM, email=email)
    return user["id"]


@pytest.fixture
def users(db_url) -> dict:
    """The cast of the rights matrix: beheerder, redacteuren of several regions, a disabled one."""
    return {
        "anonymous": None,
        "beheerder": make_user("beheer@example.nl", "beheerder", ()),
        "own": make_user("amsterdam@example.nl", regions=("GM0363",)),
        "other": make_user("utrecht@example.nl", regions=("GM0344",)),
        "party": make_user("swv@example.nl", regions=("PO2707",)),
        "disabled": make_user("weg@example.nl", regions=("GM0363",), active=False),
    }
