"""A real, throw-away PostgreSQL server for tests: Debian's binaries, a temporary data directory,
a free loopback port. Used by pytest fixtures; importable so any conftest can reuse it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

INSTALL_HINT = ("PostgreSQL's server binaries (initdb, pg_ctl) were not found in "
                "/usr/lib/postgresql/*/bin or on PATH; install them (Debian: "
                "`apt-get install -y postgresql`) — the store tests need a real PostgreSQL.")


class PostgresMissing(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def pg_bin() -> Path:
    """The directory holding initdb and pg_ctl (the newest Debian version first)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                        else 0, reverse=True)
    for directory in candidates:
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    raise PostgresMissing(INSTALL_HINT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args: list[str], *, as_postgres: bool) -> None:
    # initdb refuses to run as root: as root, the server runs as the `postgres` user.
    command = ["runuser", "-u", "postgres", "--", *args] if as_postgres else args
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n"
                           f"{result.stdout}\n{result.stderr}")


@contextlib.contextmanager
def postgres_server(user: str = "aoj") -> Iterator[str]:
    """Start a PostgreSQL server; yield its SQLAlchemy URL (database `postgres`); stop it."""
    binaries = pg_bin()
    as_postgres = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="aoj-pg-"))
    data, log = base / "data", base / "log"
    if as_postgres:
        shutil.chown(base, "postgres", "postgres")
    port = free_port()
    started = False
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", user,
              "-E", "UTF8", "--locale=C", "--no-sync"], as_postgres=as_postgres)
        options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
              "-w", "-t", "60", "start"], as_postgres=as_postgres)
        started = True
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
    finally:
        if started:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                 as_postgres=as_postgres)
        shutil.rmtree(base, ignore_errors=True)


def create_database(url: str, name: str, template: str | None = None) -> str:
    """Create database `name` (a copy of `template` if given) on the server of `url`; return
    the URL pointing at it."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    with psycopg.connect(host=base.host, port=base.port, user=base.username,
                         dbname=base.database, autocommit=True) as conn:
        copy = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    return base.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, name: str) -> None:
    """Drop database `name`, closing whatever connections are still open to it."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    with psycopg.connect(host=base.host, port=base.port, user=base.username,
                         dbname=base.database, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
