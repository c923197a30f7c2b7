"""The body of `/afspraken`: the agreements in ambitie order, each ambitie a section with its
table (agreements without one last), one page of PAGE_SIZE agreements at a time. Rows are
plain component data (see `plain`) with as few elements as the content allows: Dash draws
every element in the browser, and a list of hundreds of agreements is drawn in one go."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

from dash import dcc, html

from dashboard import queries
from dashboard.afspraken import overview
from dashboard.components.agreements import latest_text, status_badge
from dashboard.pages.afspraken import common, plain

PAGE_SIZE = 100
NO_AMBITIE = "Afspraken zonder ambitie"


def pages(n: int) -> int:
    return max(1, math.ceil(n / PAGE_SIZE))


def groups(ambities: list[dict], rows: list[dict], filters: dict, account, names: dict,
           page: int) -> tuple[list, tuple[int, int]]:
    """(the sections of page `page`, (first, last) agreement number shown)."""
    known = {a["id"]: a for a in ambities}
    order = {a["id"]: i for i, a in enumerate(ambities)}
    ordered = sorted(rows, key=lambda a: order.get(a.get("ambitie_id"), len(order)))
    page = min(max(page, 1), pages(len(ordered)))
    part = ordered[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    if part and "status" not in part[0]:
        # Only the agreements on this page need their status (a status filter rated all).
        part = overview.with_status(part)
    by_ambitie: dict = {}
    for a in part:
        by_ambitie.setdefault(a.get("ambitie_id") if a.get("ambitie_id") in known else None,
                              []).append(a)
    out = []
    for amb in ambities:
        items = by_ambitie.get(amb["id"], [])
        if items or (not filters and page == 1):
            out.append(_ambitie_section(amb, items, account, names))
    if by_ambitie.get(None):
        out.append(html.Section([html.H2(NO_AMBITIE),
                                 _table(by_ambitie[None], NO_AMBITIE, names)],
                                className="ambitie-section"))
    if not rows and filters:
        out.append(html.P("Geen afspraken met deze filters.", className="notice"))
    first = (page - 1) * PAGE_SIZE + 1 if part else 0
    return out, (first, first + len(part) - 1 if part else 0)


def page_links(n: int, page: int, href: Callable[[int], str]) -> html.Nav | None:
    """'Pagina: 1 2 3' when the list has more than one page; the current one is plain text."""
    if pages(n) == 1:
        return None
    links = [html.Span(str(i), className="choice current", **{"aria-current": "page"})
             if i == page else dcc.Link(str(i), href=href(i), className="choice")
             for i in range(1, pages(n) + 1)]
    return html.Nav([html.Span("Pagina:", className="choices-label"), *links],
                    className="choices", **{"aria-label": "Pagina's van de lijst"})


def _ambitie_section(amb: dict, items: list[dict], account, names: dict) -> html.Section:
    regions = amb.get("regions") or []
    hidden = html.Span(f": {amb['title']}", className="visually-hidden")
    edit = html.Div([
        dcc.Link(["Ambitie bewerken", hidden], href=f"/ambitie/{amb['id']}/bewerken",
                 className="action-link"),
        dcc.Link(["Afspraak toevoegen onder deze ambitie", hidden],
                 href=f"/afspraak/nieuw?ambitie={amb['id']}", className="action-link"),
    ], className="afspraken-actions") if account and common.can_write(regions) else None
    return html.Section([
        html.H2(["Ambitie: ", html.Span(amb["title"], dir="auto")], id=f"ambitie-{amb['id']}"),
        html.P(amb.get("text") or "", className="user-text", dir="auto") if amb.get("text")
        else None,
        html.P(["Regio's: ", ", ".join(region_text(c, names) for c in regions)],
               className="ambitie-meta") if regions else None,
        edit,
        _table(items, amb["title"], names) if items else
        html.P("Nog geen afspraken onder deze ambitie.", className="caption"),
    ], className="ambitie-section")


def _table(items: list[dict], title: str, names: dict) -> html.Div:
    heads = ["Afspraak", "Gemeten in", "Partijen", "Indicator en laatste cijfer", "Status"]
    return html.Div(html.Table([
        html.Caption(f"Afspraken onder {title}", className="visually-hidden"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
        html.Tbody([_row(a, names) for a in items]),
    ], className="data afspraken-table"), className="table-scroll", tabIndex="0",
        role="region", **{"aria-label": f"Afspraken onder {title}"[:120]})


@lru_cache(maxsize=8)
def _badge(status: str) -> dict:
    return plain.plain(status_badge(status))


def region_text(code: str, names: dict) -> str:
    """'Amsterdam (GM0363)' from the warehouse, or a werkgebied's name from `names`."""
    name = names.get(code) or common.region_name(code) if code.startswith("WG") else \
        common.region_name(code)
    return name if name.startswith(code) else f"{name} ({code})"


def _row(a: dict, names: dict) -> dict:
    """One agreement as a table row: plain component data (see `plain`) and as few elements as
    the content allows (a list of 500 agreements is drawn in one go); lines are separated by
    newlines shown as line breaks (CSS white-space: pre-line)."""
    el = plain.el
    parties = "; ".join(region_text(c, names) for c in a.get("parties") or [])
    partners = "; ".join(a.get("partners") or [])
    lines = []
    for t in a.get("targets") or []:
        ind = queries.indicator(t.get("indicator_id") or "")
        lines.append(f"{common.indicator_label(t.get('indicator_id'))}: "
                     + latest_text(t.get("latest"), ind))
    code = a["region_code"]
    href = common.region_href(code)
    where = region_text(code, names)
    return el("Tr", [
        el("Th", plain.link(a.get("title") or f"Afspraak {a['id']}", f"/afspraak/{a['id']}"),
           scope="row", dir="auto"),
        el("Td", plain.link(where, href) if href else where),
        el("Td", "\n".join(x for x in (parties, partners) if x), dir="auto",
           className="lines"),
        el("Td", "\n".join(lines) or "zonder indicator (status door de regio vastgesteld)",
           className="lines"),
        el("Td", [_badge(a["status"]), "\n" + (a.get("reason") or "")], className="lines"),
    ])
