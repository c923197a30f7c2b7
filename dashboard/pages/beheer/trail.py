"""The audit trail on /beheer: the latest history entries (who, when, what, and the
before/after difference in words), newest first, filtered by entity type through the address
(`/beheer?soort=werkgebied`)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids, store
from dashboard.pages import editing

PAGE = ids.BEHEER_PAGE
TABLE = ids.page(PAGE, "trail")
LIMIT = 200
KINDS = {"ambitie": "Ambities", "afspraak": "Afspraken", "werkgebied": "Werkgebieden",
         "duiding": "Duiding", "account": "Accounts"}


def kind(soort: str | None) -> str | None:
    """The entity type named in the address, or None (every type) for anything else."""
    return soort if soort in KINDS else None


def entries(s, soort: str | None) -> list[dict]:
    return store.history.recent(s, limit=LIMIT, entity_type=kind(soort))


def filters(soort: str | None) -> html.Nav:
    """Links to the trail of each entity type; the current one is plain text."""
    current = kind(soort)
    items = [("Alles", None), *((label, key) for key, label in KINDS.items())]
    return html.Nav([html.Span("Toon:", className="choices-label"), *[
        html.Span(label, className="choice current", **{"aria-current": "true"})
        if key == current else
        dcc.Link(label, href="/beheer" + (f"?soort={key}" if key else ""), className="choice")
        for label, key in items]], className="choices", **{"aria-label": "Soort wijziging"})


def table(rows: list[dict]) -> html.Div:
    if not rows:
        return html.P("Nog geen wijzigingen.", className="caption")
    body = [html.Tr([
        html.Td(editing.moment(e.get("at")), className="nowrap"),
        html.Td(e.get("actor_label") or "—", dir="auto"),
        html.Td(editing.entry_text(e)),
        html.Td(editing.difference_list(e.get("before"), e.get("after"))),
    ]) for e in rows]
    return html.Div(html.Table([
        html.Caption(f"De laatste {len(rows)} wijzigingen, nieuwste eerst", className="caption"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in
                            ("Wanneer", "Wie", "Wat", "Wijziging")])),
        html.Tbody(body)], className="data trail-table"), className="table-scroll")


def section(rows: list[dict], soort: str | None) -> html.Section:
    return html.Section([html.H2("Wijzigingen"), filters(soort),
                         html.Div(table(rows), id=TABLE)], className="trail")
