"""The PostgreSQL test helper: it finds the server binaries or fails loudly (never skips)."""

from __future__ import annotations

import pytest

from tests import pg


def test_missing_postgresql_binaries_raise_a_clear_error(monkeypatch):
    """Without initdb/pg_ctl anywhere the helper raises an error that says what to install."""
    monkeypatch.setattr(pg.glob, "glob", lambda _pattern: [])
    monkeypatch.setattr(pg.shutil, "which", lambda _name: None)
    with pytest.raises(pg.PostgresMissing, match="apt-get install -y postgresql"):
        pg.pg_bin()


def test_the_server_speaks_utf8(pg_url):
    """The test server's databases are UTF-8, so any text round-trips."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username,
                         dbname=url.database) as conn:
        assert conn.execute("SHOW server_encoding").fetchone()[0] == "UTF8"
