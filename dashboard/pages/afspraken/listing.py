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
from dashboard.pages.afspraken import common, list_groups, transfer
from dashboard.pages.afspraken import form_fields as ff

PAGE = ids.AFSPRAKEN_PAGE
# query parameter -> (what it filters, Dutch name in notes)
FILTERS = {"regio": "regio", "partij": "partij", "indicator": "indicator", "status": "status"}
CODE = re.compile(r"[A-Z]{2}\d{2,5}")
MAX_VALUE = 40


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


def load(filters: dict, *, rated: bool = True) -> tuple[list[dict], list[dict], dict]:
    """(live ambities, the filtered agreements, werkgebied code -> name). With `rated` (or a
    status filter) every agreement has its status; otherwise the caller rates what it shows."""
    with store.session(readonly=True) as s:
        ambities = store.agreements.list_ambities(s)
        agreements = store.agreements.list(s, region=filters.get("regio"),
                                           party=filters.get("partij"),
                                           indicator=filters.get("indicator"))
        werkgebieden = store.werkgebieden.list(s)
    members = {w["code"]: list(w["members"]) for w in werkgebieden}
    if rated or filters.get("status"):
        agreements = overview.with_status(agreements, werkgebied_members=members.get)
    if filters.get("status"):
        agreements = [a for a in agreements if a["status"] == filters["status"]]
    return ([a for a in ambities if not a.get("deleted_at")], agreements,
            {w["code"]: w["name"] for w in werkgebieden})


def parse_page(query: dict) -> tuple[int, list[str]]:
    """The page number of `?pagina=` (1 when absent) and a note when it was not readable."""
    value = query.get("pagina")
    if value is None or value == "":
        return 1, []
    number = common.parse_id(value) if isinstance(value, str) else None
    if number is None:
        return 1, ["‘pagina’ is geen paginanummer; de eerste pagina wordt getoond."]
    return number, []


def href(filters: dict, **change) -> str:
    """The list's address with some filters changed (None removes one)."""
    state = {k: v for k, v in {**filters, **change}.items() if v}
    return "/afspraken" + (f"?{urlencode(state)}" if state else "")


def layout(**query) -> html.Div:
    filters, notes = parse_filters(query)
    page, page_notes = parse_page(query)
    ambities, rows, names = load(filters, rated=False)
    account = common.account()
    sections, shown = list_groups.groups(ambities, rows, filters, account, names, page)
    return html.Div([
        html.H1("Afspraken"),
        html.P("De afspraken die gemeenten en samenwerkingsverbanden in het OOGO maakten, "
               "gegroepeerd per ambitie, met hun indicatoren, het laatste cijfer en de "
               "voortgang.", className="intro"),
        html.Div([html.P(n) for n in notes + page_notes], className="notice", role="status")
        if notes or page_notes else None,
        _actions(filters, account),
        _filter_form(filters),
        _status_links(filters),
        html.P(_summary(rows, filters, shown), className="caption", role="status"),
        *sections,
        list_groups.page_links(len(rows), min(page, list_groups.pages(len(rows))),
                               lambda n: href(filters, pagina=n if n > 1 else None)),
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


def _summary(rows: list[dict], filters: dict, shown: tuple[int, int]) -> str:
    n = len(rows)
    text = f"{n} afspra{'ak' if n == 1 else 'ken'}"
    parts = [f"{FILTERS[k]} {v}" for k, v in filters.items()]
    text += (" met " + ", ".join(parts) if parts else "")
    if shown != (1, n) and n:
        text += f"; hier nummer {shown[0]} tot en met {shown[1]}"
    return text + "."
