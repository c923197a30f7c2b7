"""Where the application database is and how to talk to it: URL, engines, sessions, migrations.

Engines are cached per (url, pid) so a forked gunicorn worker opens its own connections; the
schema is only ever changed by the Alembic migrations in `migrations/`, never by `create_all`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ENV_URL = "AOJ_DATABASE_URL"

_lock = threading.Lock()
_local = threading.local()
_state: dict = {"url": None}
_engines: dict[tuple[str, int], Engine] = {}


def database_url(warehouse_path: str | os.PathLike | None = None) -> str:
    """`$AOJ_DATABASE_URL` if set, else an SQLite file `app.sqlite` beside the warehouse."""
    env = os.environ.get(ENV_URL)
    if env:
        return env
    if warehouse_path is None:
        from dashboard.db import warehouse_path as current_warehouse

        warehouse_path = current_warehouse()
    return f"sqlite:///{Path(warehouse_path).resolve().parent / 'app.sqlite'}"


def configure(url: str | None) -> None:
    """Set the database URL for this process (the app and the CLIs call it at start-up);
    None goes back to the default."""
    with _lock:
        _state["url"] = str(url) if url else None


def current_url() -> str:
    """The configured URL, or the default derived from the environment and the warehouse."""
    return _state["url"] or database_url()


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    # The driver's own transaction handling starts transactions late and cannot take the write
    # lock up front; it is switched off and BEGIN is emitted in `_sqlite_on_begin` instead.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout = 5000")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_on_begin(conn) -> None:
    # A write transaction takes the write lock at BEGIN: a transaction that read first and wrote
    # later would fail at once with SQLITE_BUSY when another process wrote in between.
    mode = conn.get_execution_options().get("aoj_sqlite_begin", "IMMEDIATE")
    conn.exec_driver_sql("BEGIN DEFERRED" if mode == "DEFERRED" else "BEGIN IMMEDIATE")


def engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: the configured one), created once per process."""
    url = str(url or current_url())
    key = (url, os.getpid())
    with _lock:
        eng = _engines.get(key)
        if eng is None:
            # Engines of a parent process are left alone after fork: closing their
            # connections here would close the parent's.
            if _is_sqlite(url):
                eng = create_engine(url)
                event.listen(eng, "connect", _sqlite_on_connect)
                event.listen(eng, "begin", _sqlite_on_begin)
            else:
                eng = create_engine(url, pool_pre_ping=True)
            _engines[key] = eng
    return eng


def dispose(url: str | None = None) -> None:
    """Close this process's pooled connections to `url` (tests, before dropping a database)."""
    url = str(url or current_url())
    with _lock:
        eng = _engines.pop((url, os.getpid()), None)
    if eng is not None:
        eng.dispose()


@contextlib.contextmanager
def session(url: str | None = None, *, readonly: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back when it raises.

    `readonly=True` commits nothing and, on SQLite, takes no write lock (readers never wait).
    """
    url = str(url or current_url())
    eng = engine(url)
    sqlite = eng.dialect.name == "sqlite"
    if readonly and sqlite:
        eng = eng.execution_options(aoj_sqlite_begin="DEFERRED")
    with _write_queue(url) if sqlite and not readonly else contextlib.nullcontext():
        s = Session(bind=eng, expire_on_commit=False)
        try:
            yield s
            if readonly:
                s.rollback()
            else:
                s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()


@contextlib.contextmanager
def _write_queue(url: str) -> Iterator[None]:
    """Queue SQLite write transactions of all processes on a file lock beside the database.

    SQLite's own busy handler polls with growing sleeps and is not fair: with a few busy
    workers one of them can wait past busy_timeout and fail. Waiters on a file lock are woken
    by the kernel the moment it is released. A nested write session in the same thread does
    not queue again (SQLite's busy timeout then applies, as without the queue).
    """
    database = make_url(url).database
    held = getattr(_local, "queued", 0)
    if held or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.write-lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _local.queued = 1
        try:
            yield
        finally:
            _local.queued = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _file_lock(url: str) -> Iterator[None]:
    """An exclusive lock on a file beside an SQLite database (nothing for other databases)."""
    database = make_url(url).database
    if not _is_sqlite(url) or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.upgrade-lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def alembic_config():
    """Alembic's configuration, built in code: there is no alembic.ini."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision`; idempotent, safe from several processes."""
    from alembic import command

    url = str(url or current_url())
    database = make_url(url).database
    if _is_sqlite(url) and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    cfg = alembic_config()
    # Every gunicorn worker upgrades at start-up: SQLite upgrades queue on a file lock, PostgreSQL
    # ones on an advisory lock held until the upgrade's transaction ends.
    with _file_lock(url), engine(url).connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                         {"key": zlib.crc32(b"aoj-monitor store upgrade")})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(url: str | None = None) -> str | None:
    """The revision the database at `url` is at (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
