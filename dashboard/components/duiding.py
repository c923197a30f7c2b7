"""Duiding beside the figures: a region's own explanation of an indicator, read once per page
request for every region and indicator shown (`read`), then placed as a small note under a
table row or beside a chart (`note`) and as one text cell in exports (`export_text`). All
user text is rendered as Dash components, so it is inert; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from dash import dcc, html
from flask import has_request_context

from dashboard import formatting

LOG = logging.getLogger(__name__)
LOCAL = ZoneInfo("Europe/Amsterdam")
# A long duiding scrolls inside its note instead of stretching the table.
LONG_TEXT = 400
ADD_LABEL = "Duiding toevoegen"


def read(region_codes: Iterable[str], indicator_ids: Iterable[str] | None = None) -> list[dict]:
    """Every live duiding of these regions (and indicators), in one store query. An app
    database that cannot be read gives no duiding (the figures still show), and a warning."""
    from sqlalchemy.exc import SQLAlchemyError

    from dashboard import store

    codes = sorted({c for c in region_codes if c})
    if not codes:
        return []
    try:
        with store.session(readonly=True) as s:
            return store.duiding.for_figures(
                s, region_codes=codes,
                indicator_ids=None if indicator_ids is None else sorted(set(indicator_ids)))
    except SQLAlchemyError as exc:
        LOG.warning("duiding not read from the app database: %s", exc)
        return []


def index(duidingen: Iterable[dict]) -> dict[tuple[str, str], list[dict]]:
    """(indicator_id, region_code) -> its duidingen, newest first."""
    out: dict[tuple[str, str], list[dict]] = {}
    for d in sorted(duidingen, key=lambda d: str(d.get("updated_at") or d.get("created_at")),
                    reverse=True):
        out.setdefault((d["indicator_id"], d["region_code"]), []).append(d)
    return out


def applies(d: dict, period: str | None) -> bool:
    """A duiding belongs beside a figure of `period` when it is about that period or about no
    period in particular."""
    return not d.get("period") or period is None or d["period"] == period


def for_figure(idx: dict, indicator_id: str, region_code: str,
               period: str | None = None) -> list[dict]:
    return [d for d in idx.get((indicator_id, region_code), []) if applies(d, period)]


def date_text(value) -> str:
    """A stored timestamp (datetime or ISO text, UTC) as a Dutch date '01-12-2026'."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value[:10]
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(LOCAL)
    return value.strftime("%d-%m-%Y")


def byline(d: dict) -> str:
    """'Naam (Organisatie), 01-12-2026, over 2023'."""
    who = str(d.get("author_name") or "onbekend")
    if d.get("organisation"):
        who += f" ({d['organisation']})"
    parts = [who, date_text(d.get("updated_at") or d.get("created_at"))]
    if d.get("period"):
        parts.append(f"over {formatting.period(str(d['period']))}")
    return ", ".join(p for p in parts if p)


def export_text(duidingen: list[dict]) -> str | None:
    """One cell: 'tekst — Naam (Org), 01-12-2026' per duiding, separated by ' | '. The export
    writers neutralise it like every other text cell."""
    if not duidingen:
        return None
    return " | ".join(f"{d['text']} — {byline(d)}" for d in duidingen)


def add_href(region_code: str, indicator_id: str, period: str | None = None) -> str:
    query = {"regio": region_code, "indicator": indicator_id}
    if period:
        query["periode"] = period
    return "/duiding/nieuw?" + urlencode(query)


def may_add(region_code: str | None) -> bool:
    """Whether to offer 'Duiding toevoegen': a logged-in user who may write for the region
    (a hint only; the store checks the right again when the form is sent)."""
    if not region_code or not has_request_context():
        return False
    try:
        from dashboard import auth
    except ImportError:
        return False
    account = auth.current_account()
    if not account:
        return False
    from dashboard import store

    with store.session(readonly=True) as s:
        return store.rights.can_write(s, account["id"], [region_code])


def _entry(d: dict, label: str | None) -> html.Div:
    text = str(d.get("text") or "")
    long = len(text) > LONG_TEXT
    # dir="auto": a right-to-left text is laid out as such without turning the page around.
    body = html.Div(text, className="duiding-text" + (" duiding-long" if long else ""),
                    dir="auto", **({"tabIndex": "0"} if long else {}))
    head = html.Div(label, className="duiding-region") if label else None
    return html.Div([head, body, html.Div(byline(d), className="duiding-byline")],
                    className="duiding-entry")


def note(groups: list[tuple[str | None, list[dict]]], *, add: str | None = None,
         summary: str = "Duiding") -> html.Details | html.Div | None:
    """A closed details element 'Duiding (n)' with each duiding (text, author, organisation,
    date, period), grouped per region (`groups`: [(region label or None, duidingen)]); with
    `add` (an href) a 'Duiding toevoegen' link. None when there is nothing to show."""
    groups = [(label, ds) for label, ds in groups if ds]
    n = sum(len(ds) for _, ds in groups)
    link = dcc.Link(ADD_LABEL, href=add, className="duiding-add") if add else None
    if not n:
        return html.Div(link, className="duiding-note duiding-empty") if link else None
    entries = [_entry(d, label if i == 0 else None) for label, ds in groups
               for i, d in enumerate(ds)]
    return html.Details([html.Summary(f"{summary} ({n})"), *entries, link],
                        className="duiding-note")


def panel(title: str, duidingen: list[dict], *, add: str | None = None,
          empty: str = "Er is nog geen duiding bij dit cijfer.") -> html.Section:
    """Duiding beside a chart (open, not folded): every entry, or the empty text."""
    entries = [_entry(d, None) for d in duidingen] or [html.P(empty, className="caption")]
    link = html.P(dcc.Link(ADD_LABEL, href=add, className="duiding-add")) if add else None
    return html.Section([html.H3(title), *entries, link], className="duiding-panel",
                        **{"aria-label": title})


def plain(d: dict) -> dict:
    """The fields a note shows, as JSON-safe values (for a page's store)."""
    return {"id": d.get("id"), "indicator_id": d.get("indicator_id"),
            "region_code": d.get("region_code"), "period": d.get("period"),
            "text": str(d.get("text") or ""), "author_name": d.get("author_name") or "",
            "organisation": d.get("organisation") or "",
            "updated_at": None if d.get("updated_at") is None else str(d["updated_at"]),
            "created_at": None if d.get("created_at") is None else str(d["created_at"])}
