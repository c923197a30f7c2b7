"""What the region page's modules share: its ids, the region of a key sent back by the
client, and how a member is named."""

from __future__ import annotations

from dashboard import ids, queries
from dashboard.components import profile as pc

PAGE = ids.REGION_PAGE
STATE = ids.page(PAGE, "state")
LEVELS = ("swv_po", "swv_vo", "jeugdregio")


def region_of(key) -> dict | None:
    """The region (SWV or jeugdregio) a store's key {'code', ...} names, or None."""
    code = key.get("code") if isinstance(key, dict) else None
    reg = queries.region(code) if isinstance(code, str) else None
    return reg if reg and reg["region_level"] in LEVELS else None


def member_label(r) -> str:
    """'De Fryske Marren (52%)' for a member in part; the name otherwise."""
    return f"{r['region_name']} ({pc.share(r['weight'])})" if r["weight"] < 1 else r["region_name"]
