"""The exports of every chart and table, built on the server from the page's state: each page
registers one builder per (page, chart name) (or `"*"` for every chart of a page), and the
download callbacks call it with the small key that the chart's store carries. A client never
sends a figure or rows; what it sends is only the state a builder checks and reads again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A key is a handful of short scalars (codes, an indicator id, a period, an index).
MAX_KEY_ITEMS, MAX_KEY_TEXT = 12, 200


@dataclass(frozen=True)
class Export:
    """What a download needs: the data (`components.chart.export_data`: title, caption, demo,
    columns, rows) and, for a chart, its figure as the page draws it."""
    data: dict
    figure: Any = None


Builder = Callable[[str, dict], "Export | None"]
_BUILDERS: dict[tuple[str, str], Builder] = {}


def register(page: str, name: str = "*") -> Callable[[Builder], Builder]:
    """Decorator: `builder(name, key) -> Export | None` (None when the key names nothing)."""
    def deco(builder: Builder) -> Builder:
        _BUILDERS[(page, name)] = builder
        return builder
    return deco


def valid_key(key) -> bool:
    """A dict of at most a dozen short scalars: anything else is not a key we made."""
    return isinstance(key, dict) and len(key) <= MAX_KEY_ITEMS and all(
        isinstance(k, str) and len(k) <= MAX_KEY_TEXT and (
            v is None or isinstance(v, bool | int | float)
            or (isinstance(v, str) and len(v) <= MAX_KEY_TEXT))
        for k, v in key.items())


def build(page: str, name: str, key) -> Export | None:
    """The export of chart `name` on `page` for `key`; None for an unknown chart or a key that
    names nothing."""
    builder = _BUILDERS.get((page, name)) or _BUILDERS.get((page, "*"))
    if builder is None or not valid_key(key):
        return None
    return builder(name, key)
