"""Gemeenteprofiel `/gemeente/<GMcode>`: every indicator of one gemeente beside its SWVs,
jeugdregio, size class and the country, with its position, trend and a verdict in words.

Query string: `oordeel=<role>` (the reference of the verdict), `sorteer=oordeel`, `van=<code>`
(the dissolved gemeente a visitor was sent on from). The layout draws the frame (title,
comparison regions, choices) and the key store; `callbacks` fills the summary and the domain
tables in one request. Table cells come from components.profile.
"""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, dcc, html  # noqa: F401

from dashboard import cache, ids, queries
from dashboard.components import agreements
from dashboard.components import profile as pc
from dashboard.components.plain import plain
from dashboard.export.components import report_button
from dashboard.pages.gemeente import callbacks, table


def _title(code: str | None = None, **_query) -> str:
    gem = queries.region((code or "").strip().upper())
    return f"{gem['region_name']} — Gemeenteprofiel" if gem else "Gemeenteprofiel"


dash.register_page(__name__, path_template="/gemeente/<code>", title=_title,
                   name="Gemeenteprofiel")

REFERENCE_ROLES = ("nederland", "swv_po", "swv_vo", "jeugdregio", "grootteklasse")
SORTS = {"domein": "per domein", "oordeel": "ongunstig eerst"}


def layout(code: str | None = None, oordeel: str | None = None, sorteer: str | None = None,
           van: str | None = None, **_query) -> html.Div:
    code = (code or "").strip().upper()
    gem = queries.region(code)
    if gem and gem["region_level"] == "gemeente":
        reference = oordeel if oordeel in REFERENCE_ROLES else "nederland"
        return _profile(gem, reference, sorteer if sorteer in SORTS else "domein", van)
    successors = queries.latest_successors(code) if code else None
    if successors is not None and not successors.empty:
        return _dissolved(code, successors)
    return pc.not_found(code)


def _profile(gem: dict, reference: str, sort: str, van: str | None) -> html.Div:
    code = gem["region_code"]
    current = {"code": code, "name": gem["region_name"], "level": "gemeente",
               "href": f"/gemeente/{code}"}
    return html.Div([
        html.H1(["Gemeenteprofiel ", html.Span(gem["region_name"], className="region-name")]),
        report_button(code),
        _moved_note(code, van),
        _drawn_context(code),
        _controls(code, reference, sort),
        html.Div(html.P("De cijfers worden geladen…", className="caption"),
                 id=callbacks.SUMMARY),
        agreements.section(code),
        *[html.Div(id=callbacks.domain_id(domain)) for domain in table.DOMAINS],
        html.P(id=callbacks.CAPTION, className="caption"),
        dcc.Store(id=callbacks.STATE, data={"code": code, "reference": reference,
                                            "sort": sort}),
        dcc.Store(id=ids.CURRENT_REGION, data=current),
        dcc.Store(id=ids.RECENT, storage_type="local"),
    ], className="profile-page")


@cache.per_warehouse(maxsize=256)
def _drawn_context(code: str) -> dict:
    """`_context` as plain data, drawn once per build and gemeente."""
    return plain(_context(queries.region(code), queries.comparison_regions(code)))


def _context(gem: dict, cmp) -> html.Div:
    """The comparison regions as links; a split gemeente's SWV shares in words."""
    items = []
    for role in ("swv_po", "swv_vo", "jeugdregio", "grootteklasse"):
        part = cmp[cmp["role"] == role]
        if part.empty:
            continue
        if len(part) > 1:
            links = [html.Span([pc.share(r.weight), " in ",
                                pc.region_link(r.region_code, r.region_name, r.region_level)])
                     for r in part.itertuples()]
            body = [f"{gem['region_name']} ligt in {len(part)} samenwerkingsverbanden: ",
                    *_join(links), " (aandeel van de jongeren 0-17 jaar)."]
            items.append(html.Li([html.Strong(pc.ROLE_LABELS[role] + ": "), *body],
                                 className="split-note"))
        else:
            r = part.iloc[0]
            name = r.region_name if role in ("jeugdregio", "grootteklasse") else None
            items.append(html.Li([html.Strong(pc.ROLE_LABELS[role] + ": "),
                                  pc.region_link(r.region_code, r.region_name, r.region_level,
                                                 name)]))
    return html.Div([
        html.P(f"{gem['region_code']} · gemeentelijke indeling {gem['classification_year']}",
               className="caption"),
        html.Ul(items, className="context-list", **{"aria-label": "Vergelijkingsregio's"}),
    ])


def _join(parts: list) -> list:
    out = []
    for i, part in enumerate(parts):
        if i:
            out.append(" en " if i == len(parts) - 1 else ", ")
        out.append(part)
    return out


def _controls(code: str, reference: str, sort: str) -> html.Div:
    """Choices as links (the state lives in the address); the current one is plain text."""
    def choices(options: dict, key: str, current: str) -> list:
        out = []
        for value, label in options.items():
            state = {"oordeel": reference, "sorteer": sort, key: value}
            href = f"/gemeente/{code}?oordeel={state['oordeel']}&sorteer={state['sorteer']}"
            out.append(html.Span(label, className="choice current", **{"aria-current": "true"})
                       if value == current else dcc.Link(label, href=href, className="choice"))
        return out

    refs = {r: pc.ROLE_LABELS[r] for r in REFERENCE_ROLES}
    return html.Div([
        html.Nav([html.Span("Oordeel ten opzichte van:", className="choices-label"),
                  *choices(refs, "oordeel", reference)],
                 className="choices", **{"aria-label": "Oordeel ten opzichte van"}),
        html.Nav([html.Span("Volgorde:", className="choices-label"),
                  *choices(SORTS, "sorteer", sort)],
                 className="choices", **{"aria-label": "Volgorde van de indicatoren"}),
    ], className="profile-controls")


def _moved_note(code: str, van: str | None):
    if not van:
        return None
    succ = queries.latest_successors(str(van).strip().upper())
    if succ.empty or code not in set(succ["new_code"]):
        return None
    r = succ.iloc[0]
    return html.P(f"{r.old_name} ({str(van).upper()}) is per {str(r.change_date)[:4]} opgegaan in "
                  f"{succ.loc[succ.new_code == code, 'new_name'].iloc[0]}. U ziet het profiel van "
                  "de huidige gemeente; eerdere jaren zijn teruggerekend naar de huidige indeling.",
                  className="notice", role="status")


def _dissolved(code: str, succ) -> html.Div:
    first = succ.iloc[0]
    links = [dcc.Link(r.new_name, href=f"/gemeente/{r.new_code}?van={code}")
             for r in succ.itertuples()]
    if len(succ) == 1:
        target = f"/gemeente/{first.new_code}?van={code}"
        text = [f"{first.old_name} ({code}) is per {str(first.change_date)[:4]} opgegaan in ",
                links[0], ". U wordt doorgestuurd naar het profiel van die gemeente."]
        extra = [dcc.Store(id=ids.PROFILE_REDIRECT, data=target),
                 dcc.Store(id=ids.PROFILE_REDIRECT_DONE)]
    else:
        text = [f"{first.old_name} ({code}) is per {str(first.change_date)[:4]} opgeheven en "
                "verdeeld over ", *_join(links), ". Kies de gemeente die u zoekt."]
        extra = []
    return html.Div([html.H1(f"{first.old_name} bestaat niet meer als gemeente"),
                     html.P(text, className="notice", role="status"), *extra])


dash.clientside_callback(
    # Replace (not push) the address so the back button does not land on the old code again.
    """function(target) {
        if (!target) { return window.dash_clientside.no_update; }
        window.history.replaceState({}, '', target);
        window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
        return target;
    }""",
    Output(ids.PROFILE_REDIRECT_DONE, "data"),
    Input(ids.PROFILE_REDIRECT, "data"),
)
