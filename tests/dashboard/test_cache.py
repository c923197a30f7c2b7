"""The server's per-warehouse cache: one read for callbacks that need it at once, bounded, and a
new build read again."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard import cache, db


def test_callbacks_asking_at_once_share_one_read(app):
    """Eight threads asking for the same key at the same time run the function once."""
    calls = []

    @cache.per_warehouse(maxsize=4)
    def slow(code):
        calls.append(code)
        time.sleep(0.2)
        return {"code": code}

    results = []
    threads = [threading.Thread(target=lambda: results.append(slow("GM0363"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["GM0363"] and len(results) == 8
    assert all(r is results[0] for r in results)


def test_cache_is_bounded_and_keyed_by_the_build(app, monkeypatch):
    """Past `maxsize` the oldest key is read again, and so is every key of a new build."""
    calls = []

    @cache.per_warehouse(maxsize=2)
    def read(code):
        calls.append(code)
        return code

    for code in ("A", "B", "A", "C", "A", "B"):
        read(code)
    assert calls == ["A", "B", "C", "B"]
    generation = db.generation()
    monkeypatch.setattr(db, "generation", lambda: (*generation, "next build"))
    read("A")
    assert calls[-1] == "A" and len(calls) == 5


def test_a_failed_read_is_not_kept(app):
    """An exception is raised to every caller and the next call reads again."""
    calls = []

    @cache.per_warehouse(maxsize=2)
    def flaky(code):
        calls.append(code)
        if len(calls) == 1:
            raise OSError("warehouse gone")
        return code

    with pytest.raises(OSError):
        flaky("A")
    assert flaky("A") == "A" and calls == ["A", "A"]
