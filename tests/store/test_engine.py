"""The application database's plumbing: where it is, how SQLite is set up, sessions, and
migrations run by `store.upgrade` (idempotent, concurrent, matching the models)."""

from __future__ import annotations

import gc
import multiprocessing
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from dashboard import store
from dashboard.store.models import Base
from tests.store.conftest import PASSWORD, make_user
from tests.store.entities import KINDS


def test_database_url_is_an_sqlite_file_beside_the_warehouse(monkeypatch, tmp_path):
    """Without $AOJ_DATABASE_URL the database is app.sqlite in the warehouse's folder."""
    monkeypatch.delenv("AOJ_DATABASE_URL", raising=False)
    url = store.database_url(tmp_path / "data" / "warehouse.duckdb")
    assert url == f"sqlite:///{tmp_path / 'data' / 'app.sqlite'}"


def test_database_url_environment_variable_wins(monkeypatch, tmp_path):
    """$AOJ_DATABASE_URL overrides the file beside the warehouse."""
    monkeypatch.setenv("AOJ_DATABASE_URL", "postgresql+psycopg://x@db/aoj")
    assert store.database_url(tmp_path / "warehouse.duckdb") == "postgresql+psycopg://x@db/aoj"


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path):
    """Every SQLite connection is in WAL mode, waits 5 s for a lock and enforces foreign keys."""
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    try:
        with store.engine(url).connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.dispose(url)


def test_upgrade_creates_every_table_and_is_idempotent(db_url):
    """A second upgrade changes nothing and keeps the data."""
    make_user("a@example.nl")
    store.upgrade(db_url)
    assert store.current_revision(db_url) == "0002"
    tables = set(inspect(store.engine(db_url)).get_table_names())
    assert {"users", "user_regions", "login_failures", "ambities", "afspraken",
            "afspraak_doelen", "werkgebieden", "duidingen", "history"} <= tables
    with store.session() as s:
        assert store.accounts.user_by_email(s, "a@example.nl")["regions"] == ["GM0363"]


def test_models_match_the_migrations(db_url):
    """Autogenerate finds no difference between the migrated schema and the models."""
    with store.engine(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_from_0001_with_data_in_it_keeps_the_data(empty_db_url):
    """Work saved at revision 0001 (accounts, every kind of object, history) survives the
    upgrade to 0002 unchanged, and the accounts can log in after it."""
    store.upgrade(empty_db_url, revision="0001")
    assert store.current_revision(empty_db_url) == "0001"
    store.configure(empty_db_url)
    try:
        user_id = make_user("oud@example.nl", regions=("GM0363", "PO2707"))
        saved = {}
        with store.session() as s:
            for name, kind in KINDS.items():
                saved[name] = kind.write("create", s, actor_id=user_id)
            saved["afspraak"] = KINDS["afspraak"].write(
                "update", s, actor_id=user_id, obj_id=saved["afspraak"]["id"], version=1)
            history_before = store.history.recent(s)
        assert "login_failures" not in inspect(store.engine(empty_db_url)).get_table_names()
        store.upgrade(empty_db_url)
        assert store.current_revision(empty_db_url) == "0002"
        with store.session() as s:
            for name, kind in KINDS.items():
                assert kind.get(s, saved[name]["id"]) == saved[name]
            assert store.history.recent(s) == history_before
            user = store.accounts.authenticate(s, "oud@example.nl", PASSWORD)
            assert (user["id"], user["regions"]) == (user_id, ["GM0363", "PO2707"])
    finally:
        store.configure(None)


def _upgrade_in_child(url: str) -> None:
    store.upgrade(url)


def test_concurrent_upgrades_from_several_processes_all_succeed(empty_db_url):
    """Four workers upgrading an empty database at once leave it at head without an error."""
    ctx = multiprocessing.get_context("spawn")
    processes = [ctx.Process(target=_upgrade_in_child, args=(empty_db_url,)) for _ in range(4)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(60)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    assert store.current_revision(empty_db_url) == "0002"


def test_session_rolls_back_when_the_block_raises(db_url):
    """An exception inside `store.session()` leaves nothing behind."""
    with pytest.raises(RuntimeError), store.session() as s:
        make_user_in = store.accounts.create_user
        make_user_in(s, actor_id=store.rights.SYSTEM, email="x@example.nl", name="X",
                     role="beheerder", regions=[], password=PASSWORD)
        raise RuntimeError("boom")
    with store.session() as s:
        assert store.accounts.user_by_email(s, "x@example.nl") is None
        assert store.history.recent(s) == []


def test_history_rows_cannot_be_changed_or_removed(db_url):
    """The database itself refuses UPDATE and DELETE on the history table."""
    make_user("a@example.nl")
    for statement in ("UPDATE history SET actor_label = 'x'", "DELETE FROM history"):
        with pytest.raises(Exception, match="append-only"), store.session() as s:
            s.execute(text(statement))
    with store.session() as s:
        assert len(store.history.recent(s)) == 1


def _query_in_child(url: str) -> None:
    with store.session(url) as s:
        assert s.execute(text("SELECT 1")).scalar() == 1


def test_forked_worker_opens_its_own_connections(db_url):
    """A child process does not reuse the parent's pooled connection, which keeps working."""
    with store.engine(db_url).connect() as conn:
        conn.execute(text("SELECT 1"))
    parent = store.engine(db_url)
    # Collect the parent's cyclic garbage first: a child collecting it would run finalizers
    # (DuckDB's, for one) whose threads exist only in the parent.
    gc.collect()
    ctx = multiprocessing.get_context("fork")
    child = ctx.Process(target=_query_in_child, args=(db_url,))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    assert store.engine(db_url) is parent
    with store.session() as s:
        assert s.execute(text("SELECT 2")).scalar() == 2


def test_sqlite_readers_are_not_blocked_by_a_writer(tmp_path):
    """A read-only session reads while another connection holds the write lock."""
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    store.upgrade(url)
    try:
        make = sqlite3.connect(tmp_path / "app.sqlite", timeout=0.1, isolation_level=None)
        make.execute("BEGIN IMMEDIATE")
        with store.session(url, readonly=True) as s:
            assert store.accounts.list_users(s) == []
        make.execute("ROLLBACK")
        make.close()
    finally:
        store.dispose(url)
