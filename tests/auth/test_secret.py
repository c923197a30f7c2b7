"""The session secret key: from $AOJ_SECRET_KEY, else a private file made once and reused."""

from __future__ import annotations

import multiprocessing
import stat
import subprocess
from pathlib import Path

from flask import Flask

from dashboard import auth
from dashboard.auth.settings import SECRET_FILE, secret_dir, secret_key


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_key_file_is_created_private_and_reused(tmp_path):
    """The first call writes secret_key with mode 0600; the next call reads the same key."""
    first = secret_key(tmp_path, env={})
    path = tmp_path / SECRET_FILE
    assert _mode(path) == 0o600 and len(first) >= 32
    assert secret_key(tmp_path, env={}) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == [SECRET_FILE]


def test_key_from_the_environment_wins_and_writes_nothing(tmp_path):
    """$AOJ_SECRET_KEY is used as it is; no file appears."""
    key = "k" * 40
    assert secret_key(tmp_path, env={"AOJ_SECRET_KEY": key}) == key
    assert list(tmp_path.iterdir()) == []


def _race(folder: str, barrier, results) -> None:
    barrier.wait()
    results.put(secret_key(Path(folder), env={}))


def test_workers_starting_at_once_agree_on_one_key(tmp_path):
    """Six processes creating the key at the same moment all end up with the same one."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(6), ctx.Queue()
    workers = [ctx.Process(target=_race, args=(str(tmp_path), barrier, results))
               for _ in range(6)]
    for w in workers:
        w.start()
    keys = [results.get(timeout=30) for _ in workers]
    for w in workers:
        w.join(timeout=30)
    assert len(set(keys)) == 1
    assert (tmp_path / SECRET_FILE).read_text().strip() == keys[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [SECRET_FILE]


def test_key_sits_beside_the_sqlite_database_else_beside_the_warehouse(tmp_path):
    """SQLite: the database's folder; PostgreSQL: the warehouse's folder."""
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    assert secret_dir(warehouse, f"sqlite:///{tmp_path / 'db' / 'app.sqlite'}") == tmp_path / "db"
    assert secret_dir(warehouse, "postgresql+psycopg://aoj@127.0.0.1/aoj") == tmp_path / "wh"
    assert secret_dir(warehouse, None) == tmp_path / "wh"


def test_init_app_signs_with_the_key_file(tmp_path, monkeypatch):
    """init_app puts the file's key on the Flask app; a second app in the same place agrees."""
    monkeypatch.delenv("AOJ_SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    one, two = Flask("one"), Flask("two")
    auth.init_app(one, warehouse_path=tmp_path / "warehouse.duckdb", database_url=url)
    auth.init_app(two, warehouse_path=tmp_path / "warehouse.duckdb", database_url=url)
    assert one.secret_key == two.secret_key == (tmp_path / SECRET_FILE).read_text().strip()


def test_served_app_has_its_key_file_beside_its_database(app, warehouse):
    """The session's app made secret_key beside its app database, private, and uses it."""
    path = warehouse.parent / SECRET_FILE
    assert _mode(path) == 0o600
    assert app.server.secret_key == path.read_text().strip()


def test_key_file_is_ignored_by_git():
    """A secret_key file anywhere in the repository is never committed."""
    repo = Path(__file__).resolve().parents[2]
    for candidate in ("secret_key", "data/secret_key"):
        result = subprocess.run(["git", "check-ignore", "-q", candidate], cwd=repo)
        assert result.returncode == 0, candidate
