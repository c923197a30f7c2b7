"""The list `/afspraken`: every live agreement grouped under its ambitie (ambitie → afspraken →
figures in one view), filtered by the address (`?regio=&partij=&indicator=&status=`).

Filters are read and checked here (`parse_filters`); a repeated, unknown or overlong value is
ignored with a Dutch note, never an error. The export and import controls are in `transfer`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlencode

from dash import dcc, html

from dashboard import db, ids, queries, store
from dashboard.afspraken import overview
from dashboard.components.agreements import status_badge
from dashboard.pages.afspraken import common, plain, transfer
from dashboard.pages.afspraken import form_fields as ff

PAGE = ids.AFSPRAKEN_PAGE
# query parameter -> (what it filters, Dutch name in notes)
FILTERS = {"regio": "regio", "partij": "partij", "indicator": "indicator", "status": "status"}
CODE = re.compile(r"[A-Z]{2}\d{2,5}")
MAX_VALUE = 40
NO_AMBITIE = "Afspraken zonder ambitie"


def _shown(value: str) -> str:
    text = str(value)
    return text[:MAX_VALUE] + ("…" if len(text) > MAX_VALUE else "")


def _check(key: str, value: str) -> tuple[str | None, str | None]:
    """(clean value, None) or (None, why it is ignored)."""
    if len(value) > MAX_VALUE:
        return None, f"De waarde van ‘{key}’ is te lang"
    if key in ("regio", "partij"):
        code = value.strip().upper()
        if CODE.fullmatch(code) and (queries.region(code) or common.werkgebied(code)):
            return code, None
        return None, f"Onbekende {FILTERS[key]} ‘{_shown(value)}’"
    if key == "indicator":
        if queries.indicator(value.strip()):
            return value.strip(), None
        return None, f"Onbekende indicator ‘{_shown(value)}’"
    status = common.status_from_text(value)
    if status:
        return status, None
    return None, (f"Onbekende status ‘{_shown(value)}’ (kies uit: "
                  + ", ".join(common.STATUSES) + ")")


def parse_filters(query: dict) -> tuple[dict, list[str]]:
    """The valid filters {regio, partij, indicator, status} and a Dutch note per ignored one."""
    filters, notes = {}, []
    for key in FILTERS:
        if key not in query:
            continue
        value = query[key]
        if isinstance(value, list):
            notes.append(f"‘{key}’ staat meer dan eens in het adres; dit filter is genegeerd.")
            continue
        if not str(value).strip():
            continue
        clean, why = _check(key, str(value))
        if why:
            notes.append(f"{why}; dit filter is genegeerd.")
        else:
            filters[key] = clean
    return filters, notes


def load(filters: dict) -> tuple[list[dict], list[dict], dict]:
    """(live ambities, the filtered agreements with their status, werkgebied code -> name)."""
    with store.session(readonly=True) as s:
        ambities = store.agreements.list_ambities(s)
        agreements = store.agreements.list(s, region=filters.get("regio"),
                                           party=filters.get("partij"),
                                           indicator=filters.get("indicator"))
        werkgebieden = store.werkgebieden.list(s)
    members = {w["code"]: list(w["members"]) for w in werkgebieden}
    rows = overview.with_status(agreements, werkgebied_members=members.get)
    if filters.get("status"):
        rows = [a for a in rows if a["status"] == filters["status"]]
    return ([a for a in ambities if not a.get("deleted_at")], rows,
            {w["code"]: w["name"] for w in werkgebieden})


def href(filters: dict, **change) -> str:
    """The list's address with some filters changed (None removes one)."""
    state = {k: v for k, v in {**filters, **change}.items() if v}
    return "/afspraken" + (f"?{urlencode(state)}" if state else "")


def layout(**query) -> html.Div:
    filters, notes = parse_filters(query)
    ambities, rows, names = load(filters)
    account = common.account()
    return html.Div([
        html.H1("Afspraken"),
        html.P("De afspraken die gemeenten en samenwerkingsverbanden in het OOGO maakten, "
               "gegroepeerd per ambitie, met hun indicatoren, het laatste cijfer en de "
               "voortgang.", className="intro"),
        html.Div([html.P(n) for n in notes], className="notice", role="status") if notes
        else None,
        _actions(filters, account),
        _filter_form(filters),
        _status_links(filters),
        html.P(_summary(rows, filters), className="caption", role="status"),
        *_groups(ambities, rows, filters, account, names),
        transfer.controls(filters, account),
    ], className="afspraken-page")


def _actions(filters: dict, account: dict | None) -> html.Div:
    if account is None:
        return html.Div(html.P([dcc.Link("Log in", href="/inloggen?volgende=/afspraken"),
                                " om afspraken of ambities toe te voegen of te wijzigen."]),
                        className="afspraken-actions")
    new = "/afspraak/nieuw" + (f"?{urlencode({'regio': filters['regio']})}"
                               if filters.get("regio") else "")
    return html.Div([dcc.Link("Nieuwe afspraak", href=new, className="action-link primary"),
                     dcc.Link("Nieuwe ambitie", href="/ambitie/nieuw", className="action-link")],
                    className="afspraken-actions")


def _filter_form(filters: dict) -> html.Form:
    """A plain GET form: the filters live in the address, so a copied link reopens the view."""
    def field(key: str, label: str, list_id: str | None = None):
        fid = ids.page(PAGE, f"filter-{key}")
        return html.Div([html.Label(label, htmlFor=fid),
                         dcc.Input(id=fid, name=key, value=filters.get(key, ""), type="search",
                                   list=list_id, autoComplete="off", debounce=True)])
    inds = queries.indicators()
    return html.Form([
        field("regio", "Gemeten in (code)", ids.page(PAGE, "regions")),
        field("partij", "Partij (code)", ids.page(PAGE, "regions")),
        field("indicator", "Indicator (id)", ids.page(PAGE, "indicators")),
        dcc.Input(type="hidden", name="status", value=filters.get("status", "")) if
        filters.get("status") else None,
        html.Button("Filter", type="submit", className="action-button"),
        dcc.Link("Alle afspraken", href="/afspraken") if filters else None,
        html.Datalist(_code_options(db.generation()), id=ids.page(PAGE, "regions")),
        html.Datalist([ff.option(i, lbl) for i, lbl in
                       zip(inds["indicator_id"], inds["label"], strict=True)],
                      id=ids.page(PAGE, "indicators")),
    ], action="/afspraken", method="get", className="filter-form",
        **{"aria-label": "Filter de afspraken"})


@lru_cache(maxsize=4)
def _code_options(_generation: tuple) -> list[dict]:
    """Code suggestions (with the name as label) of the regions agreements are made for."""
    regions = queries.regions()
    regions = regions[regions["region_level"].isin(ff.REGION_LEVELS)]
    return [ff.option(c, n) for c, n in zip(regions["region_code"], regions["region_name"],
                                            strict=True)]


def _status_links(filters: dict) -> html.Nav:
    items = [("alle", None), *[(s, common.slug(s)) for s in common.STATUSES]]
    current = common.slug(filters["status"]) if filters.get("status") else None
    links = [html.Span(label, className="choice current", **{"aria-current": "true"})
             if value == current else
             dcc.Link(label, href=href(filters, status=value), className="choice")
             for label, value in items]
    return html.Nav([html.Span("Status:", className="choices-label"), *links],
                    className="choices", **{"aria-label": "Filter op status"})


def _summary(rows: list[dict], filters: dict) -> str:
    n = len(rows)
    text = f"{n} afspra{'ak' if n == 1 else 'ken'}"
    parts = [f"{FILTERS[k]} {v}" for k, v in filters.items()]
    return text + (" met " + ", ".join(parts) if parts else "") + "."


def _groups(ambities: list[dict], rows: list[dict], filters: dict, account,
            names: dict) -> list:
    by_ambitie: dict = {}
    known = {a["id"] for a in ambities}
    for a in rows:
        by_ambitie.setdefault(a.get("ambitie_id") if a.get("ambitie_id") in known else None,
                              []).append(a)
    out = []
    for amb in ambities:
        items = by_ambitie.get(amb["id"], [])
        if items or not filters:
            out.append(_ambitie_section(amb, items, account, names))
    if by_ambitie.get(None):
        out.append(html.Section([html.H2(NO_AMBITIE),
                                 _table(by_ambitie[None], NO_AMBITIE, names)],
                                className="ambitie-section"))
    if not rows and filters:
        out.append(html.P("Geen afspraken met deze filters.", className="notice"))
    return out


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
                     + common.value_text(t.get("latest"), ind["unit"] if ind else "pct"))
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
