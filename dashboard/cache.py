"""A small bounded cache of what the server read from the warehouse, keyed by the warehouse
generation and the arguments, so pages keep keys in their stores and not the data. Only for
results that depend on the warehouse alone: nothing from the app database, nothing per user.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from dashboard import db


def per_warehouse(maxsize: int) -> Callable:
    """Decorator: remember the last `maxsize` results per (warehouse generation, *args). Calls
    with the same key at the same time compute once (the others wait for that result), so the
    callbacks of one page that all need the same read do not run it side by side. A new build
    is a new generation: its first call reads again. Results are shared: do not modify them."""
    def deco(fn: Callable) -> Callable:
        entries: OrderedDict[Hashable, object] = OrderedDict()
        pending: dict[Hashable, threading.Lock] = {}
        lock = threading.Lock()

        @functools.wraps(fn)
        def cached(*args: Hashable):
            key = (db.generation(), *args)
            while True:
                with lock:
                    if key in entries:
                        entries.move_to_end(key)
                        return entries[key]
                    running = pending.get(key)
                    if running is None:
                        running = pending[key] = threading.Lock()
                        running.acquire()
                        break
                with running:  # another thread is computing it: wait, then look again
                    pass
            try:
                value = fn(*args)
                with lock:
                    entries[key] = value
                    while len(entries) > maxsize:
                        entries.popitem(last=False)
                return value
            finally:
                with lock:
                    del pending[key]
                running.release()

        cached.cache_clear = lambda: entries.clear()  # type: ignore[attr-defined]
        return cached
    return deco


class Keyed:
    """An argument that hashes and compares by `key` alone (a text naming `value` in full, such
    as its JSON): so a cached function can take what the app database said, read fresh on
    every call, and draw again only when that changed."""

    __slots__ = ("key", "value")

    def __init__(self, key: str, value):
        self.key, self.value = key, value

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other) -> bool:
        return isinstance(other, Keyed) and other.key == self.key


def keyed(value) -> Keyed:
    """`value` (JSON-like data; a dict may have tuple keys) keyed by its JSON."""
    data = sorted(value.items(), key=str) if isinstance(value, dict) else value
    return Keyed(json.dumps(data, sort_keys=True, default=str), value)
