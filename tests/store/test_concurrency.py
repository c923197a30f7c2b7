"""Several processes writing at once (as gunicorn workers do) lose nothing: every create lands,
and read-modify-write updates of one agreement never overwrite each other."""

from __future__ import annotations

import multiprocessing

from dashboard import store
from dashboard.store.errors import Conflict
from tests.store.entities import agreement_data, duiding_data

PROCESSES = 4
# PostgreSQL answers a stale read with Conflict and the writer retries: fewer rounds keep the
# test short on two shared cores.
WRITES = {"sqlite": 25, "postgresql": 10}


def _writer(url: str, actor_id: int, agreement_id: int, worker: int, writes: int,
            done) -> None:
    """Append a marker to the shared agreement and add a duiding, `writes` times."""
    conflicts = 0
    for i in range(writes):
        marker = f"[{worker}:{i}]"
        while True:
            try:
                with store.session(url) as s:
                    current = store.agreements.get(s, agreement_id)
                    store.agreements.update(s, actor_id=actor_id, agreement_id=agreement_id,
                                            expected_version=current["version"],
                                            data={"text": current["text"] + marker})
                break
            except Conflict:
                conflicts += 1
        with store.session(url) as s:
            store.duiding.create(s, actor_id=actor_id, data=duiding_data(text=marker))
    done.put(conflicts)


def test_concurrent_writers_from_several_processes_lose_nothing(users, db_url, backend):
    """4 processes × 25 read-modify-write updates and 25 creates (10 of each on PostgreSQL,
    retrying on Conflict): every write is kept."""
    writes = WRITES[backend]
    with store.session() as s:
        shared = store.agreements.create(s, actor_id=users["own"],
                                         data=agreement_data(text=""))
    ctx = multiprocessing.get_context("spawn")
    done = ctx.Queue()
    workers = [ctx.Process(target=_writer, args=(db_url, users["own"], shared["id"], w, writes,
                                             done))
               for w in range(PROCESSES)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(300)
    assert [p.exitcode for p in workers] == [0] * PROCESSES
    conflicts = [done.get(timeout=10) for _ in workers]
    if backend == "sqlite":
        # Write sessions queue on SQLite, so a read inside one is never stale.
        assert conflicts == [0] * PROCESSES
    with store.session() as s:
        final = store.agreements.get(s, shared["id"])
        markers = {f"[{w}:{i}]" for w in range(PROCESSES) for i in range(writes)}
        assert final["version"] == 1 + PROCESSES * writes
        assert len(final["text"]) == sum(len(m) for m in markers)
        assert all(m in final["text"] for m in markers)
        texts = [d["text"] for d in store.duiding.list(s)]
        assert sorted(texts) == sorted(markers)
        rows = store.agreements.history(s, shared["id"])
        assert [r["version"] for r in rows] == list(range(1 + PROCESSES * writes, 0, -1))
        # Each history row follows from the one before it: no update was based on a stale read.
        for newer, older in zip(rows, rows[1:], strict=False):
            assert newer["before"] == older["after"]
