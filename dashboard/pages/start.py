"""Start page `/`: find a gemeente, SWV or jeugdregio by name, common name or code (case,
accents and punctuation aside), reopen a recently viewed one, and read in a few lines what the
monitor is for.

Recently viewed regions live in the visitor's browser (dcc.Store, storage_type='local'); the
profile pages fill it through the clientside callback at the bottom of this module.
"""

from __future__ import annotations

import re

import dash
from dash import Input, Output, State, dcc, html

from dashboard import ids, limits, queries
from dashboard.components import profile as pc

dash.register_page(__name__, path="/", title="Monitor onderwijs–jeugdhulp", name="Start")

LEVEL_LABELS = {"gemeente": "gemeente", "swv_po": "SWV primair onderwijs",
                "swv_vo": "SWV voortgezet onderwijs", "jeugdregio": "jeugdregio"}
CODE_RE = re.compile(r"^(GM\d{4}|PO\d{2,4}|VO\d{2,4}|JZ\d{2})$")
RECENT_MAX = 8
SEARCH_LIMIT = 12  # results shown at once; more are reached by typing on


def layout(**_query) -> html.Div:
    return html.Div([
        html.H1("Waar staan wij? Onderwijs en jeugdhulp in uw gemeente en regio"),
        html.Section([
            html.Label("Zoek een gemeente, samenwerkingsverband (SWV) of jeugdregio",
                       htmlFor=ids.SEARCH, className="search-label"),
            html.P("Typ een deel van de naam of de code, bijvoorbeeld ‘Zaan’, ‘Den Haag’, "
                   "‘GM0479’ of ‘PO2707’; hoofdletters en accenten maken niet uit. Met pijltje "
                   "omlaag of Tab gaat u naar de resultaten; Enter opent het eerste.",
                   id="search-help", className="caption"),
            dcc.Input(id=ids.SEARCH, type="search", autoComplete="off", debounce=0.25,
                      placeholder="Naam of code", className="search-input"),
            html.Div(id=ids.SEARCH_RESULTS, className="search-results", role="region",
                     **{"aria-live": "polite", "aria-label": "Zoekresultaten"}),
        ], className="search-panel"),
        html.Section([
            html.H2("Recent bekeken"),
            html.Div(html.P("Nog niets bekeken op dit apparaat.", className="caption"),
                     id=ids.RECENT_LIST),
            dcc.Store(id=ids.RECENT, storage_type="local"),
        ], className="recent-panel"),
        html.Section([
            html.H2("Wat is deze monitor?"),
            html.P("De monitor zet de cijfers over jeugdhulp, verzuim, thuiszitters, "
                   "vrijstellingen, voortijdig schoolverlaten en deelname aan het speciaal "
                   "onderwijs naast elkaar: voor elke gemeente tegenover haar "
                   "samenwerkingsverbanden passend onderwijs (PO en VO), haar jeugdregio, "
                   "gemeenten van dezelfde grootte en Nederland, en door de jaren heen."),
            html.P("Hij is bedoeld voor beleidsmedewerkers van gemeenten en analisten van "
                   "samenwerkingsverbanden die het op overeenstemming gericht overleg (OOGO) "
                   "voorbereiden. In de lijn van het programma Met Andere Ogen: monitoren op "
                   "het niveau waarop de afspraken worden gemaakt, als lerend systeem — niet "
                   "om af te rekenen, maar om samen het gesprek te voeren."),
            html.P(["Elk cijfer vermeldt bron, periode, gemeentelijke indeling en status "
                    "(voorlopig of definitief). Kleine aantallen zijn geheim (< 8) en tellen "
                    "nooit als 0. ", dcc.Link("Over de cijfers", href="/over"), "."]),
        ], className="about-panel"),
    ], className="start-page")


def _result_items(df) -> list:
    items = []
    for r in df.to_dict("records"):
        href = pc.region_href(r["region_code"], r["region_level"])
        meta = f" {LEVEL_LABELS[r['region_level']]} · {r['region_code']}"
        if isinstance(r.get("alias"), str):
            meta += f" · gevonden via ‘{r['alias']}’"
        items.append(html.Li(dcc.Link([html.Span(pc.short_name(r["region_name"]),
                                                 className="result-name"),
                                       html.Span(meta, className="result-meta")],
                                      href=href)))
    return items


def count_text(n: int, limit: int = SEARCH_LIMIT) -> str:
    """'1 resultaat', '5 resultaten', or for a full list a hint to type on."""
    if n >= limit:
        return f"De eerste {n} resultaten; typ verder om te verfijnen."
    return f"{n} {'resultaat' if n == 1 else 'resultaten'}"


@dash.callback(Output(ids.SEARCH_RESULTS, "children"), Input(ids.SEARCH, "value"))
def show_results(text):
    if not isinstance(text, str) or len(text.strip()) < 2:
        return html.P("Typ minstens twee tekens.", className="caption")
    text = text.strip()
    if len(text) > limits.SEARCH_TEXT_CHARS:
        return html.P(limits.too_long("De zoektekst", limits.SEARCH_TEXT_CHARS))
    df = queries.search_regions(text, limit=SEARCH_LIMIT)
    if df.empty:
        return html.P(f"Geen gemeente, SWV of jeugdregio gevonden voor ‘{text}’.")
    return [html.P(count_text(len(df)), className="caption result-count"),
            html.Ul(_result_items(df), className="result-list")]


@dash.callback(Output(ids.URL, "pathname", allow_duplicate=True),
               Input(ids.SEARCH, "n_submit"), State(ids.SEARCH, "value"),
               prevent_initial_call=True)
def open_first_result(_n, text):
    text = limits.text(text, limits.SEARCH_TEXT_CHARS)
    df = queries.search_regions((text or "").strip(), limit=1) if text else None
    if df is None or df.empty:
        return dash.no_update
    return pc.region_href(df.iloc[0]["region_code"], df.iloc[0]["region_level"])


@dash.callback(Output(ids.RECENT_LIST, "children"), Input(ids.RECENT, "data"))
def show_recent(data):
    entries = [e for e in (data if isinstance(data, list) else []) if isinstance(e, dict)
               and CODE_RE.match(str(e.get("code", ""))) and e.get("level") in LEVEL_LABELS]
    if not entries:
        return html.P("Nog niets bekeken op dit apparaat.", className="caption")
    return html.Ul([html.Li(dcc.Link(
        [str(e.get("name") or e["code"]),
         html.Span(f" {LEVEL_LABELS[e['level']]} · {e['code']}", className="result-meta")],
        href=pc.region_href(e["code"], e["level"]))) for e in entries[:RECENT_MAX]],
        className="result-list")


dash.clientside_callback(
    # Runs in the browser: put the opened region first in the visitor's own list.
    f"""function(current) {{
        if (!current || !current.code) {{ return window.dash_clientside.no_update; }}
        var old = [];
        try {{ old = JSON.parse(window.localStorage.getItem('{ids.RECENT}')) || []; }}
        catch (e) {{ old = []; }}
        if (!Array.isArray(old)) {{ old = []; }}
        var rest = old.filter(function(r) {{ return r && r.code !== current.code; }});
        return [current].concat(rest).slice(0, {RECENT_MAX});
    }}""",
    Output(ids.RECENT, "data"),
    Input(ids.CURRENT_REGION, "data"),
)
