"""`kill -9` at every step of `etl build` and `etl import` keeps the last good warehouse and
leaves no own file a later build would read; what the killed runs left is cleared next time."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from dashboard import db
from etl import build as build_module

ROOT = Path(__file__).resolve().parents[2]
RUNS = [("build", 4)] + [("import", step) for step in range(1, 7)]
# Each folder is looked at by one test after the kills: the dashboard's start, the next
# build's clean-up alone, or a whole next build.
DASHBOARD_RUNS = [("build", 4), ("import", 3), ("import", 5)]
SETTLE_RUNS = [("import", 1), ("import", 2), ("import", 6)]
REAL_BUILD_RUN = ("import", 4)
OWN_NAME = "verzuim_gedood.csv"
OWN_CSV = ("region_code;period;indicator_id;numerator;denominator;note\n"
           "GM0363;2023/2024;thuiszitters_4wk;321;95000;afgebroken import\n")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def own_facts(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM facts WHERE starts_with(source, 'eigen:')"
                           ).fetchone()[0]


def run_and_kill(args: list[str], step: int) -> str:
    """Run `python -m etl ARGS` and kill -9 it when it logs step `step`; the line it logged."""
    proc = subprocess.Popen([sys.executable, "-m", "etl", *args], cwd=ROOT, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines = []
    for line in proc.stderr:
        if line.startswith(f"[{step}/6]"):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return line
        lines.append(line)
    proc.wait()
    raise AssertionError(f"etl {args[0]} ended ({proc.returncode}) before step {step}: "
                         + "".join(lines[-5:]))


@pytest.fixture(scope="module")
def killed(warehouse, tmp_path_factory):
    """One folder per run with a copy of the session warehouse: `etl import` killed at every
    step (an import is a build with one more own file) and `etl build` killed while the
    temporary warehouse is written, all runs side by side. {(command, step): folder}."""
    runs = {}
    for command, step in RUNS:
        folder = tmp_path_factory.mktemp(f"killed-{command}-{step}")
        shutil.copyfile(warehouse, folder / "warehouse.duckdb")
        args = [command, "--warehouse", str(folder / "warehouse.duckdb")]
        if command == "import":
            (folder / "upload").mkdir()
            (folder / "upload" / OWN_NAME).write_text(OWN_CSV, encoding="utf-8")
            args.insert(1, str(folder / "upload" / OWN_NAME))
        runs[(command, step)] = (folder, args)
    with ThreadPoolExecutor(len(runs)) as pool:
        jobs = [pool.submit(run_and_kill, args, key[1]) for key, (_, args) in runs.items()]
        for job in jobs:
            job.result()
    return {key: folder for key, (folder, _) in runs.items()}


def test_a_killed_run_keeps_the_last_good_warehouse(killed, warehouse):
    """Killed before the swap, the warehouse is byte-identical; killed at the swap, it is the
    complete new build; no own file is left that a build would read unless it is published."""
    for (command, step), folder in killed.items():
        path = folder / "warehouse.duckdb"
        publishes = build_module.published_own_files(path)
        if step < 6:
            assert digest(path) == digest(warehouse), (command, step)
        elif digest(path) != digest(warehouse):  # the kill came after the swap
            assert own_facts(path) > 0 and OWN_NAME in publishes
        files = build_module.BuildContext(folder, reference=None).own_files()
        assert {p.name for p in files} <= set(publishes), (command, step)


def test_the_dashboard_start_removes_a_killed_builds_temporary_files(killed):
    """Opening the warehouse after a killed run removes its .tmp and .wal; staged own files are
    left to the next build."""
    old = db.warehouse_path()
    try:
        for key in DASHBOARD_RUNS:
            folder = killed[key]
            assert list(folder.glob(".warehouse.duckdb.*.tmp")) != [], key
            staged = sorted((folder / "own").glob(".incoming-*/*"))
            db.configure(folder / "warehouse.duckdb")
            db.cursor()
            assert list(folder.glob(".warehouse.duckdb.*")) == [], key
            assert sorted((folder / "own").glob(".incoming-*/*")) == staged, key
    finally:
        db.configure(old)


def test_the_next_build_settles_every_killed_import(killed):
    """The next build's first act leaves no temporary or staged file and exactly the own files
    the warehouse publishes."""
    for key in SETTLE_RUNS:
        folder = killed[key]
        path = folder / "warehouse.duckdb"
        if key[1] < 6:  # a kill at the swap step may land after the import finished
            assert list((folder / "own").glob(".incoming-*/*")) != [], key
        build_module.remove_leftovers(path)
        assert list(folder.glob(".warehouse.duckdb.*")) == [], key
        assert list((folder / "own").glob(".*")) == [], key
        files = build_module.BuildContext(folder, reference=None).own_files()
        assert [p.name for p in files] == list(build_module.published_own_files(path)), key


def test_the_next_build_clears_a_killed_import_and_does_not_publish_it(killed, reference):
    """A plain build after a killed import removes its staged file and temporary warehouse and
    publishes none of its figures."""
    folder = killed[REAL_BUILD_RUN]
    path = folder / "warehouse.duckdb"
    assert list((folder / "own").glob(".incoming-*/*")) != []
    assert list(folder.glob(".warehouse.duckdb.*.tmp")) != []
    log = []
    build_module.build(path, reference=reference, log=log.append)
    assert any("left by a killed build" in line for line in log)
    assert own_facts(path) == 0
    assert build_module.published_own_files(path) == {}
    assert list((folder / "own").iterdir()) == []
    assert list(folder.glob(".warehouse.duckdb.*")) == []


def test_a_kill_between_the_two_renames_is_completed_by_the_next_build(warehouse, tmp_path):
    """A staged file the warehouse already publishes (killed after the swap, before its own
    rename) is moved into own/; a staged file it does not publish is removed."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, path)
    stage = tmp_path / "own" / f"{build_module.STAGING_PREFIX}99999"
    stage.mkdir(parents=True)
    (stage / "published.csv").write_text(OWN_CSV, encoding="utf-8")
    (stage / "unpublished.csv").write_text(OWN_CSV + "\n", encoding="utf-8")
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE build_meta SET own_files = ?",
                    [json.dumps({"published.csv": digest(stage / "published.csv")})])
    done = build_module.remove_leftovers(path)
    assert len(done) == 2
    assert sorted(p.name for p in (tmp_path / "own").iterdir()) == ["published.csv"]
    assert (tmp_path / "own" / "published.csv").read_text(encoding="utf-8") == OWN_CSV
