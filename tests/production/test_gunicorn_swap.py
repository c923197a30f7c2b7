"""Under gunicorn with two workers, two rebuilds and an import reach every worker within
seconds while requests keep being answered, and no worker keeps a replaced file open."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
OWN_CSV = ("region_code;period;indicator_id;numerator;denominator;note\n"
           "GM0363;2023/2024;thuiszitters_4wk;120;95000;leerplichtregistratie\n")
PAGE_CALLBACK = json.dumps({
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [{"id": "_pages_content", "property": "children"},
                {"id": "_pages_store", "property": "data"}],
    "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/gemeente/GM0363"},
               {"id": "_pages_location", "property": "search", "value": ""}],
    "changedPropIds": ["_pages_location.pathname"], "state": []})
SWITCH_SECONDS = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workers_of(master: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.add(int(entry))
    return found


def deleted_open_files(pid: int, folder: Path) -> list[str]:
    found = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def request(port: int, method: str, path: str, body: str | None = None):
    # A new connection each time, so the kernel spreads requests over the workers.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def published_build_id(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT build_id FROM build_info").fetchone()[0]


class Load:
    """Threads sending /health and the gemeente page's content callback until stopped; every
    answer is recorded as (started, kind, status, pid, build_id)."""

    def __init__(self, port: int, threads: int = 3):
        self.port, self.log, self.stop = port, [], threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            started = time.monotonic()
            kind = "page" if n % 5 == 0 else "health"
            try:
                if kind == "page":
                    status, _ = request(self.port, "POST", "/_dash-update-component",
                                        PAGE_CALLBACK)
                    self.log.append((started, kind, status, None, None))
                else:
                    status, body = request(self.port, "GET", "/health")
                    health = json.loads(body)
                    self.log.append((started, kind, status, health.get("pid"),
                                     health.get("build_id")))
            except (OSError, http.client.HTTPException, ValueError) as exc:
                self.log.append((started, kind, repr(exc), None, None))
            time.sleep(0.02)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(60)


def start_gunicorn(warehouse, tmp_path, workers: int, threads: int):
    """The production gunicorn command on a copy of `warehouse` in `tmp_path` (its log in
    gunicorn.log there): (process, port, warehouse path)."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, path)
    port = free_port()
    env = {**os.environ, "AOJ_WAREHOUSE": str(path), "PORT": str(port),
           "AOJ_DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite'}",
           "AOJ_WORKERS": str(workers), "AOJ_THREADS": str(threads)}
    with open(tmp_path / "gunicorn.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:dashboard.gunicorn_conf",
             "dashboard.app:server"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, port, path


@pytest.fixture
def served(warehouse, tmp_path):
    """The production gunicorn command, two workers of two threads, on a copy of the session
    warehouse in a folder of its own."""
    proc, port, path = start_gunicorn(warehouse, tmp_path, workers=2, threads=2)
    yield proc, port, path
    proc.terminate()
    proc.wait(30)


def wait_until_answering(port: int, proc, workers: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, "gunicorn exited; see gunicorn.log"
        try:
            if request(port, "GET", "/health")[0] == 200 and len(workers_of(proc.pid)) == workers:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("gunicorn did not answer /health")


def switch_seconds(log: list, since: float, new_id: str, old_ids: set[str],
                   workers: set[int]) -> float:
    """Seconds after `since` until every worker answered with `new_id` and none with one of
    `old_ids` any more; infinity if that did not happen."""
    last_old, first_new = {}, {}
    for started, kind, _status, pid, bid in log:
        if kind != "health" or started < since:
            continue
        if bid == new_id:
            first_new.setdefault(pid, started)
        elif bid in old_ids:
            last_old[pid] = started
    if set(first_new) != workers:
        return float("inf")
    return max(max(first_new.values()), max(last_old.values(), default=since)) - since


def test_rebuilds_and_an_import_reach_every_worker_without_a_failed_request(served, reference,
                                                                            tmp_path):
    """Two rebuilds and an import under load: no failed request, every worker on the new build
    id within 5 s of each swap, no deleted warehouse held open, nothing left in the folder."""
    from etl.build import build
    from etl.own_import import import_file

    proc, port, path = served  # started before `reference` is loaded: the workers boot meanwhile
    wait_until_answering(port, proc, workers=2)
    workers = workers_of(proc.pid)
    own = tmp_path / "upload" / "verzuim_amsterdam.csv"
    own.parent.mkdir()
    own.write_text(OWN_CSV, encoding="utf-8")
    swaps, first_id = [], published_build_id(path)
    with Load(port) as load:
        time.sleep(1)
        for publish in (lambda: build(path, reference=reference, log=lambda _m: None),
                        lambda: build(path, reference=reference, log=lambda _m: None),
                        lambda: import_file(own, path, reference=reference)):
            publish()
            swaps.append((time.monotonic(), published_build_id(path)))
            time.sleep(2)
    failed = [entry for entry in load.log if entry[2] != 200]
    assert failed == []
    assert {entry[1] for entry in load.log} == {"health", "page"}
    old_ids = {first_id}
    for since, new_id in swaps:
        after = [e for e in load.log if e[1] == "health" and e[0] >= since]
        seconds = switch_seconds(load.log, since, new_id, old_ids, workers)
        print(f"swap to {new_id}: {sum(e[4] in old_ids for e in after)} of {len(after)} later "
              f"/health answers on an older build; every worker on it after {seconds:.3f} s")
        assert seconds <= SWITCH_SECONDS
        old_ids.add(new_id)
    assert len({new_id for _, new_id in swaps}) == 3
    assert (tmp_path / "own" / own.name).read_text(encoding="utf-8") == OWN_CSV

    deadline = time.monotonic() + 5
    while any(deleted_open_files(pid, tmp_path) for pid in workers):
        assert time.monotonic() < deadline, {p: deleted_open_files(p, tmp_path) for p in workers}
        request(port, "GET", "/health")
        time.sleep(0.2)
    assert sorted(p.name for p in tmp_path.glob(".warehouse.duckdb*")) == []
    assert sorted(p.name for p in (tmp_path / "own").iterdir()) == [own.name]
