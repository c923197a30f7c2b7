"""What the region page's modules share: its ids and how a member is named."""

from __future__ import annotations

from dashboard import ids
from dashboard.components import profile as pc

PAGE = ids.REGION_PAGE
STATE = ids.page(PAGE, "state")


def member_label(r) -> str:
    """'De Fryske Marren (52%)' for a member in part; the name otherwise."""
    return f"{r['region_name']} ({pc.share(r['weight'])})" if r["weight"] < 1 else r["region_name"]
