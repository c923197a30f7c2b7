"""`/vergelijk?regios=GM0363,PO2707&indicatoren=jeugdhulp,vsv`: up to six regions of any level
on chosen indicators, one small chart per indicator with a line per region.

The whole view is rendered from the URL: the layout draws the pickers and one empty slot per
indicator, and each slot's chart is drawn by its own request (`draw_chart`) as soon as the page
is on screen. Removing a region or choosing an indicator is a link; adding a region is a
search field taking any name, alias or code as typed: its callback writes the new URL, offers
the matches as links when the text names several regions, or refuses a seventh."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import pandas as pd
from dash import MATCH, Input, Output, State, callback, dcc, html, no_update

from dashboard import figures, formatting, ids, limits, queries
from dashboard.components import chart
from dashboard.components.plain import plain
from dashboard.export import registry

dash.register_page(__name__, path="/vergelijk", title="Vergelijken", name="Vergelijken")

PAGE = ids.COMPARE_PAGE
MAX_REGIONS = limits.COMPARE_REGIONS
DEFAULT_INDICATORS = ("jeugdhulp", "vsv")
LEVELS = tuple(queries.LEVELS)  # any level can be compared


def href(regions: list[str], indicators: list[str]) -> str:
    query = {k: ",".join(v) for k, v in (("regios", regions), ("indicatoren", indicators)) if v}
    return "/vergelijk" + (f"?{urlencode(query, safe=',')}" if query else "")


def _split(text: str | None) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in (text or "").split(",") if t.strip()))


def _codes(values, limit: int) -> list[str]:
    """The strings among `values` (a store the client sent back), at most `limit` of them."""
    return [v for v in values if isinstance(v, str)][:limit] if isinstance(values, list) else []


def parse(regios: str | None, indicatoren: str | None) -> tuple[list, list, list[str]]:
    """(regions as dicts, indicator ids, Dutch messages about what was left out)."""
    messages, regions = [], []
    for code in _split(regios):
        region = queries.region(code.upper()) if len(code) <= limits.REGION_CODE_CHARS else None
        if region is None:
            messages.append(f"Regio ‘{code}’ bestaat niet in de indeling "
                            f"{queries.latest_classification_year()} en is weggelaten.")
        elif len(regions) >= MAX_REGIONS:
            messages.append(f"U kunt maximaal {MAX_REGIONS} regio's vergelijken; "
                            f"{region['region_name']} is niet toegevoegd.")
        else:
            regions.append(region)
    known = set(queries.indicators()["indicator_id"])
    wanted = _split(indicatoren) if indicatoren is not None else list(DEFAULT_INDICATORS)
    for ind in wanted:
        if ind not in known:
            messages.append(f"Indicator ‘{ind}’ bestaat niet en is weggelaten.")
    return regions, [i for i in wanted if i in known][:limits.COMPARE_INDICATORS], messages


def _label(region: dict) -> str:
    """'Utrecht (GM0344, gemeente)', 'Utrecht (MC19, RMC-regio)', 'PO2707 — … (SWV primair
    onderwijs)', 'Nederland'."""
    name, code, level = region["region_name"], region["region_code"], region["region_level"]
    if level == "nederland":
        return name
    word = queries.LEVELS.get(level, level)
    word = word if word[:2].isupper() else word[0].lower() + word[1:]
    return f"{name} ({word})" if name.startswith(code) else f"{name} ({code}, {word})"


def _region_picker(regions: list[dict], codes: list[str], inds: list[str]) -> html.Div:
    options = queries.regions()
    chips = [html.Li([html.Span(_label(r)), dcc.Link(
        "× verwijderen", className="remove choice",
        href=href([c for c in codes if c != r["region_code"]], inds),
        title=f"{r['region_name']} verwijderen")]) for r in regions]
    full = len(regions) >= MAX_REGIONS
    return html.Div([
        html.H2("Regio's"),
        html.Ul(chips, className="selected-regions") if chips else html.P(
            "Nog geen regio's gekozen. Voeg hieronder een gemeente, SWV, jeugdregio, "
            "RMC-regio, provincie of Nederland toe."),
        html.Label(f"Regio toevoegen (typ een naam of code, maximaal {MAX_REGIONS})",
                   htmlFor=ids.COMPARE_REGIONS, className="control-label"),
        html.Div([
            dcc.Input(id=ids.COMPARE_REGIONS, type="search", list="vergelijk-region-options",
                      autoComplete="off", className="region-input", debounce=False),
            html.Button("Toevoegen", id=ids.page(PAGE, "add"), n_clicks=0, type="button",
                        className="export-button"),
        ], className="choices"),
        html.Datalist([html.Option(value=f"{n} ({c})" if not n.startswith(c) else n)
                       for c, n in zip(options["region_code"], options["region_name"],
                                       strict=True)], id="vergelijk-region-options"),
        html.Div(_message(f"Er zijn al {MAX_REGIONS} regio's gekozen; verwijder er eerst een.")
                 if full else None, id=ids.COMPARE_MESSAGE, role="status"),
    ])


def _indicator_picker(codes: list[str], inds: list[str]) -> html.Div:
    cat = queries.indicators()
    labels = dict(zip(cat["indicator_id"], cat["label"], strict=True))
    chosen = [html.Li(dcc.Link(f"× {labels[i]}", href=href(codes, [j for j in inds if j != i]),
                               className="choice current", title=f"{labels[i]} weglaten"))
              for i in inds]
    others = [html.Li(dcc.Link(f"+ {labels[i]}", href=href(codes, [*inds, i]),
                               className="choice")) for i in labels if i not in inds]
    return html.Div([
        html.H2("Indicatoren"),
        html.P("Gekozen (klik om weg te laten):", id="vergelijk-chosen-label"),
        html.Ul(chosen, className="choices", **{"aria-labelledby": "vergelijk-chosen-label"}),
        html.P("Toevoegen:", id="vergelijk-add-label"),
        html.Ul(others, className="choices", **{"aria-labelledby": "vergelijk-add-label"}),
    ], id=ids.COMPARE_INDICATORS)


def small_multiple(indicator: dict, df: pd.DataFrame, codes: list[str]) -> html.Div:
    """One chart: a line per region (in the order chosen) for one indicator; its store holds
    the key its export is built from (`export`)."""
    fig, table, caption, _data = chart_parts(indicator, df, codes)
    return chart.chart_block(PAGE, indicator["indicator_id"], indicator["label"], fig, table,
                             caption, {"regios": ",".join(codes)}, height=360)


def chart_parts(indicator: dict, df: pd.DataFrame, codes: list[str]) -> tuple:
    """(figure, table, caption, export data) of one indicator's chart."""
    # Short names keep two legend entries per row readable in a small chart.
    df = df.assign(role=[f"r{codes.index(c)}" for c in df["region_code"]],
                   region_name=[n if len(n) <= 30 else n[:29].rstrip(" ,—") + "…"
                                for n in df["region_name"]])
    fig = figures.trend_spec(df, indicator=indicator, height=360)
    demo = bool(df["demo"].fillna(False).any()) if not df.empty else False
    periods = sorted(df["period"].unique()) if not df.empty else []
    span = (f"{formatting.period(periods[0])} t/m {formatting.period(periods[-1])}"
            if periods else "")
    caption = chart.caption_text(indicator, None, queries.latest_classification_year(),
                                 status="laatste periode voorlopig" if (df["status"] ==
                                                                        "voorlopig").any()
                                 else "definitief", demo=demo, extra=span)
    # One row per period, one column per region (plain Python: a pivot costs 20 ms).
    cells: dict[tuple, str] = {}
    for row in figures.records(df, list(df.columns)):
        cells.setdefault((row["period"], row["region_name"]), formatting.figure(row, indicator))
    names = list(dict.fromkeys(df["region_name"]))
    table = pd.DataFrame([[p, *(cells.get((p, n), "") for n in names)]
                          for p in dict.fromkeys(df["period"])], columns=["periode", *names])
    cols = [c for c in ("region_code", "region_name", "region_level", "period", "value",
                        "value_low", "value_high", "numerator", "denominator", "status",
                        "suppressed", "lower_bound", "demo") if c in df.columns]
    return fig, table, caption, chart.export_data(indicator["label"], caption, df[cols], demo)


def layout(regios: str | None = None, indicatoren: str | None = None, **_other) -> html.Div:
    regions, inds, messages = parse(regios, indicatoren)
    codes = [r["region_code"] for r in regions]
    charts = [html.Div(html.H3(queries.indicator(i)["label"], className="chart-title"),
                       id=slot(i), className="chart-slot") for i in inds] if codes else []
    return html.Div([
        dcc.Store(id=ids.page(PAGE, "state"), data={"regions": codes, "indicators": inds}),
        html.H1("Regio's vergelijken"),
        html.P("Zet tot zes regio's van elk niveau naast elkaar: per indicator één grafiek met "
               "een lijn per regio, alle jaren in de nieuwste gemeentelijke indeling."),
        html.Div([html.P(m) for m in messages], className="message", role="status")
        if messages else None,
        _region_picker(regions, codes, inds),
        _indicator_picker(codes, inds),
        html.H2("Ontwikkeling per indicator"),
        html.Div(charts, className="compare-grid", id=ids.COMPARE_CHARTS) if charts else html.P(
            "Kies minstens één regio en één indicator om grafieken te zien."),
    ], className="compare-page")


def slot(indicator_id: str) -> dict:
    """The place of one indicator's chart; `draw_chart` fills it."""
    return {"type": "vergelijk-slot", "indicator": indicator_id}


@callback(Output(slot(MATCH), "children"), Input(slot(MATCH), "id"),
          State(ids.page(PAGE, "state"), "data"))
def draw_chart(slot_id, store):
    """One indicator's chart, in its own request when the page opens."""
    indicator = queries.indicator(str(slot_id["indicator"]))
    codes = [c for c in _codes(limits.mapping(store).get("regions"), MAX_REGIONS)
             if queries.region(c)]
    if indicator is None or not codes:
        return html.P("Deze grafiek kan niet worden getekend: onbekende indicator of regio's.")
    ind = indicator["indicator_id"]
    return plain(small_multiple(indicator, queries.indicator_series([ind], codes), codes))


def _message(*children) -> html.Div:
    return html.Div(list(children), className="message")


def _choices(text: str, matches: pd.DataFrame, codes: list[str], inds: list[str]) -> html.Div:
    """What to say when `text` names no region or several: the matches as links that add one."""
    n = len(matches)
    if n == 0:
        return _message(f"Geen regio gevonden voor ‘{text}’. Typ een deel van de naam, "
                        "bijvoorbeeld ‘Den Haag’ of ‘Súdwest’, of een code zoals GM0518.")
    exact = bool(matches["exact"].all())
    intro = (f"‘{text}’ is de naam van {n} regio's." if exact else
             f"‘{text}’ past bij {n} regio{'' if n == 1 else 's'}.")
    links = [html.Li(dcc.Link(_label(r), href=href([*codes, r["region_code"]], inds)))
             for r in matches.to_dict("records") if r["region_code"] not in codes]
    return _message(html.P(f"{intro} Kies welke u bedoelt:" if links else
                           f"{intro} Die staan al in de vergelijking."),
                    html.Ul(links, className="suggestions") if links else None)


@callback(Output(ids.URL, "search"), Output(ids.COMPARE_MESSAGE, "children"),
          Input(ids.page(PAGE, "add"), "n_clicks"), Input(ids.COMPARE_REGIONS, "n_submit"),
          State(ids.COMPARE_REGIONS, "value"), State(ids.page(PAGE, "state"), "data"),
          prevent_initial_call=True)
def add_region(_clicks, _submit, text, store):
    """Add the region the typed text names to the URL, or say why not."""
    store = limits.mapping(store)
    codes = _codes(store.get("regions"), MAX_REGIONS)
    inds = _codes(store.get("indicators"), limits.COMPARE_INDICATORS)
    if not isinstance(text, str) or not text.strip():
        return no_update, no_update
    if len(text) > limits.SEARCH_TEXT_CHARS:
        return no_update, _message(limits.too_long("De naam of code", limits.SEARCH_TEXT_CHARS))
    if len(codes) >= MAX_REGIONS:
        return no_update, _message(f"U kunt maximaal {MAX_REGIONS} regio's vergelijken. "
                                   "Verwijder eerst een regio.")
    code, matches = queries.find_region(text, LEVELS)
    if code is None:
        return no_update, _choices(text.strip(), matches, codes, inds)
    if code in codes:
        return no_update, _message(f"{_label(queries.region(code))} staat al in de "
                                   "vergelijking.")
    return href([*codes, code], inds).removeprefix("/vergelijk"), None


@registry.register(PAGE)
def export(name: str, key: dict) -> registry.Export | None:
    """The chart of indicator `name` for the key {'regios': 'GM0363,PO2707'}."""
    regions, inds, _messages = parse(str(key.get("regios") or ""), name)
    codes = [r["region_code"] for r in regions]
    if not codes or inds != [name]:
        return None
    fig, _table, _caption, data = chart_parts(queries.indicator(name),
                                              queries.indicator_series([name], codes), codes)
    return registry.Export(data, fig)
