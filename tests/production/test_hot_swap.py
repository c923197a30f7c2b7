"""A warehouse renamed over the old one is read by the next request; a request in flight keeps
the build it started with; the old file is closed once nothing reads it (dashboard/db.py)."""

from __future__ import annotations

import contextvars
import fcntl
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import duckdb
import flask
import pytest

from dashboard import db, queries


def build_id() -> str:
    return db.cursor().execute("SELECT build_id FROM build_info").fetchone()[0]


def deleted_files(folder: str) -> list[str]:
    """Files in `folder` this process holds open although they were deleted."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(folder) and target.endswith("(deleted)"):
            found.append(target)
    return found


@pytest.fixture
def published(warehouse, tmp_path):
    """A copy of the session warehouse, and `publish(id)`: rename a copy with that build id
    over it, as `etl build` does."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, path)

    def publish(new_id: str) -> None:
        tmp = tmp_path / f".warehouse.duckdb.{new_id}"
        shutil.copyfile(warehouse, tmp)
        with duckdb.connect(str(tmp)) as con:
            con.execute("UPDATE build_meta SET build_id = ?", [new_id])
        os.replace(tmp, path)

    publish("first")
    old = db.warehouse_path()
    db.configure(path)
    yield publish
    db.configure(old)


def test_a_request_keeps_its_build_and_the_next_reads_the_new_one(published, tmp_path):
    """A rename mid-request changes nothing for that request; a request started after it reads
    the new build; the old file is closed when the first request ends."""
    app = flask.Flask(__name__)

    def other_request():
        with app.test_request_context("/"):
            return build_id(), queries.build_info()["build_id"]

    with ThreadPoolExecutor(1) as pool, app.test_request_context("/"):
        assert build_id() == "first"
        published("second")
        assert build_id() == "first"
        assert queries.build_info()["build_id"] == "first"
        assert pool.submit(other_request).result() == ("second", "second")
        assert deleted_files(str(tmp_path)) != []  # still read by the first request
    assert deleted_files(str(tmp_path)) == []
    assert other_request() == ("second", "second")


def test_work_handed_to_threads_reads_the_requests_build(published):
    """Threads given a copy of the request's context (the gemeente page's query pool) read the
    request's build, not a newer one."""
    app = flask.Flask(__name__)
    with ThreadPoolExecutor(2) as pool, app.test_request_context("/"):
        assert build_id() == "first"
        published("second")
        jobs = [pool.submit(contextvars.copy_context().run, build_id) for _ in range(4)]
        assert [job.result() for job in jobs] == ["first"] * 4


def test_outside_a_request_a_thread_follows_the_newest_build(published, tmp_path):
    """Command-line code (no request) reads the newest build on each call, and a finished
    thread lets go of the build it read."""
    assert build_id() == "first"
    published("second")
    assert build_id() == "second"
    seen = []
    worker = threading.Thread(target=lambda: seen.append(build_id()))
    worker.start()
    worker.join()
    published("third")
    assert build_id() == "third"
    assert seen == ["second"]
    assert deleted_files(str(tmp_path)) == []


def test_dashboard_start_removes_what_killed_builds_left(published, tmp_path):
    """Temporary files of a killed build are removed when the dashboard opens the warehouse,
    but not while a build holds the folder's lock."""
    leftovers = [tmp_path / ".warehouse.duckdb.4242.tmp",
                 tmp_path / ".warehouse.duckdb.4242.tmp.wal"]
    for path in leftovers:
        path.write_bytes(b"partial")
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
    try:
        db.configure(tmp_path / "warehouse.duckdb")
        build_id()
        assert all(path.exists() for path in leftovers)
    finally:
        os.close(fd)
    db.configure(tmp_path / "warehouse.duckdb")
    build_id()
    assert not any(path.exists() for path in leftovers)
