"""The read-only connection to the warehouse: one connection per process, one cursor per thread.

A rebuilt warehouse is swapped in by rename; the connection notices the new file and reopens.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pandas as pd  # noqa: F401  (imported at start-up: the first .df() otherwise costs ~0.5 s)

DEFAULT_WAREHOUSE = Path(__file__).resolve().parent.parent / "data" / "warehouse.duckdb"

_lock = threading.Lock()
_state: dict = {"path": Path(os.environ.get("AOJ_WAREHOUSE", DEFAULT_WAREHOUSE))}
_local = threading.local()


def configure(path: Path) -> None:
    with _lock:
        _state["path"] = Path(path)
        _state.pop("key", None)


def warehouse_path() -> Path:
    return _state["path"]


def generation() -> tuple:
    """Identifies the open warehouse file; changes when a new build is swapped in."""
    st = os.stat(_state["path"])
    return (str(_state["path"]), st.st_ino, st.st_mtime_ns, os.getpid())


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this thread on the current warehouse file."""
    key = generation()
    with _lock:
        if _state.get("key") != key:
            _state["con"] = duckdb.connect(str(_state["path"]), read_only=True)
            _state["key"] = key
        con = _state["con"]
    if getattr(_local, "key", None) != key:
        _local.cursor = con.cursor()
        _local.key = key
    return _local.cursor
