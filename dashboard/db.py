"""The read-only connection to the warehouse: one DuckDB instance per build the process reads,
one cursor per thread on it, and the build each request reads pinned for the whole request.

A rebuilt warehouse is renamed over the old file. DuckDB hands out the open instance again when
the same path is connected twice (its instance cache), so each build is attached to a fresh
in-memory instance instead (`:memory:` is never cached): the first request after the rename opens
the new build, requests in flight finish on the one they started with, and the old instance
(and with it the deleted file) is closed when the last request using it ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import weakref
from pathlib import Path

import duckdb
import flask
import pandas as pd  # noqa: F401  (imported at start-up: the first .df() otherwise costs ~0.5 s)

DEFAULT_WAREHOUSE = Path(__file__).resolve().parent.parent / "data" / "warehouse.duckdb"
# Connection set-up, not a query: the path is bound, the alias is fixed.
_ATTACH = "ATTACH $path AS warehouse (READ_ONLY)"
_USE = "USE warehouse"

_new_build_hooks: list = []  # run in a thread when this process opens a new build
_lock = threading.RLock()  # re-entrant: a thread pin's finalizer may run inside a locked block
_state: dict = {"path": Path(os.environ.get("AOJ_WAREHOUSE", DEFAULT_WAREHOUSE)),
                "current": None}
_local = threading.local()


class _Build:
    """One warehouse file as opened by this process, and how many requests or threads use it."""

    def __init__(self, path: Path, key: tuple):
        self.key = key
        self.users = 0
        self._pid = os.getpid()
        self._con = duckdb.connect(":memory:")
        self._con.execute(_ATTACH, {"path": str(path)})
        self._local = threading.local()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            cur.execute(_USE)  # the default catalog is per connection, so per cursor
            self._local.cursor = cur
        return cur

    def close(self) -> None:
        # A forked child (multiprocessing, a server that forks after start-up) inherits the
        # parent's instance and may drop its pins; closing it there crashes DuckDB. The child
        # opens its own (the pid is part of the key) and leaves the parent's alone.
        if os.getpid() == self._pid:
            self._con.close()  # closes its cursors too, and with them the file


def configure(path: Path) -> None:
    with _lock:
        _state["path"] = Path(path)
        _retire(None)


def on_new_build(hook) -> None:
    """Run `hook()` in a background thread each time this process opens a new build (its
    first request after a swap): the production server reads ahead what pages need."""
    _new_build_hooks.append(hook)


def warehouse_path() -> Path:
    return _state["path"]


def generation() -> tuple:
    """Identifies the build this request (or, outside a request, this thread) reads; changes
    when a new build is swapped in. Per-warehouse caches are keyed by it."""
    return _pinned().key


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this thread on the build this request (or thread) reads."""
    return _pinned().cursor()


def _key() -> tuple:
    path = _state["path"]
    st = os.stat(path)
    return (str(path), st.st_ino, st.st_mtime_ns, os.getpid())


def _acquire() -> _Build:
    """The build now at the path, opened if it is new, with one more user."""
    key = _key()
    with _lock:
        current = _state["current"]
        if current is None:
            remove_leftovers()  # once per start (and per configure), never per request
        if current is None or current.key != key:
            new = _Build(Path(key[0]), key)
            _retire(new)
            current = new
            for hook in _new_build_hooks:
                threading.Thread(target=hook, name="new-build", daemon=True).start()
        current.users += 1
        return current


def _retire(new: _Build | None) -> None:
    old, _state["current"] = _state["current"], new
    if old is not None and old.users == 0:
        old.close()


def _release(build: _Build) -> None:
    with _lock:
        build.users -= 1
        if build.users == 0 and build is not _state["current"]:
            build.close()


def _pinned() -> _Build:
    if flask.has_request_context():
        # Threads a request hands work to (copied context) share its pin: take it under the lock.
        with _lock:
            build = flask.g.get("_warehouse_build")
            if build is None:
                build = flask.g._warehouse_build = _acquire()
        # A thread serving requests no longer needs what it read before (say, at start-up).
        pin = _local.__dict__.pop("pin", None)
        if pin is not None:
            pin.release()
        return build
    # Outside a request (command line, tests, start-up): a thread follows the newest build,
    # keeping the one it reads until its next call or its end.
    pin = getattr(_local, "pin", None)
    if pin is None or pin.build is not _state["current"] or pin.build.key != _key():
        _local.pin = _ThreadPin(_acquire())
        if pin is not None:
            pin.release()
    return _local.pin.build


class _ThreadPin:
    def __init__(self, build: _Build):
        self.build = build
        self.release = weakref.finalize(self, _release, build)


@flask.appcontext_tearing_down.connect
def _end_of_request(_app, **_extra) -> None:
    build = flask.g.pop("_warehouse_build", None)
    if build is not None:
        _release(build)


def remove_leftovers(path: Path | None = None) -> list[Path]:
    """Remove the temporary files of builds that were killed (`.<name>.<pid>.tmp` and its
    `.wal` beside the warehouse) unless a build is running now. Returns them. Staged own files
    are the ETL's to settle: the dashboard does not write own/."""
    path = Path(path or _state["path"])
    pattern = re.compile(rf"\.{re.escape(path.name)}\.\d+\.tmp(\.wal)?")
    removed = []
    with contextlib.suppress(OSError):
        # Every build holds an flock on the warehouse's folder while it runs.
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            for leftover in path.parent.iterdir():
                if pattern.fullmatch(leftover.name):
                    leftover.unlink(missing_ok=True)
                    removed.append(leftover)
        finally:
            os.close(fd)
    return removed
