"""What the region page's modules share: its ids, the region of a key sent back by the
client, the indicators shown for its level, and how a member is named."""

from __future__ import annotations

import pandas as pd

from dashboard import cache, ids, queries, verdict
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


@cache.per_warehouse(maxsize=8)
def indicators_for(level: str) -> pd.DataFrame:
    """The catalogue entries shown for a region of `level` (`verdict.applies`: no VSV for an
    SWV PO, no sbo for an SWV VO), in catalogue order (shared: do not modify)."""
    inds = queries.indicators()
    return inds[[verdict.applies(i, level) for i in inds.to_dict("records")]]
