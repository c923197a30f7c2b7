"""The indicator page's registration and layout. The layout renders the page's frame from the
URL (title, controls, empty chart blocks); `callbacks` fills each chart and the table in its own
request as soon as the frame is on screen, and redraws them when the region changes."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids, queries
from dashboard.components import chart, markup
from dashboard.pages.indicator import (
    callbacks,  # noqa: F401  (registers the callbacks)
    charts,
    controls,
    state,
)

PAGE = charts.PAGE


def _title(indicator_id: str | None = None, **_query) -> str:
    indicator = queries.indicator(indicator_id or "")
    return f"{indicator['label']} — indicator" if indicator else "Indicator niet gevonden"


dash.register_page(__name__, path_template="/indicator/<indicator_id>", title=_title,
                   name="Indicator")


def problems_layout(problems: list[state.Problem]) -> html.Div:
    """Dutch explanation of a bad URL with links to valid values."""
    return html.Div([
        html.H1("Deze indicatorpagina bestaat niet zo"),
        *[html.Section([
            html.P(p.message),
            html.Ul([html.Li(dcc.Link(label, href=href)) for label, href in p.suggestions],
                    className="suggestions"),
        ]) for p in problems],
        html.P(dcc.Link("Alle indicatoren met hun definities", href="/over")),
    ], className="problem")


def _intro(view: state.View) -> html.Div:
    ind = view.indicator
    parts = [html.P(ind["definition"])]
    if ind.get("comparability"):
        parts.append(html.P(ind["comparability"], className="caption"))
    parts.append(html.P(dcc.Link("Meer over deze indicator",
                                 href=f"/over#{view.indicator_id}")))
    return html.Div(parts, className="intro")


def view_layout(view: state.View) -> html.Div:
    return html.Div([
        dcc.Store(id=ids.INDICATOR_STATE, data={
            "indicator": view.indicator_id, "level": view.level, "period": view.period,
            "sort": view.sort}),
        dcc.Store(id=ids.INDICATOR_URL_SYNC),
        html.H1(view.indicator["label"]),
        _intro(view),
        html.Div([
            html.Div(controls.switches(view), id=ids.page(PAGE, "switches")),
            controls.region_search(view),
        ], className="controls"),
        html.Div([
            html.Div(chart.chart_block(PAGE, "kaart", "Kaart", height=charts.MAP_HEIGHT),
                     className="panel panel-map"),
            html.Div([
                html.P(id=ids.INDICATOR_PERCENTILE, className="percentile",
                       **{"aria-live": "polite"}),
                chart.chart_block(PAGE, "verdeling", "Verdeling over de regio's",
                                  height=charts.DISTRIBUTION_HEIGHT),
            ], className="panel panel-distribution"),
        ], className="indicator-grid"),
        chart.chart_block(PAGE, "trend", "Ontwikkeling in de tijd", height=charts.TREND_HEIGHT),
        # Filled with the trend (agreements) and with the table (duiding), for the region chosen.
        html.Div([html.Div(id=ids.INDICATOR_AGREEMENTS),
                  html.Div(id=ids.INDICATOR_REGION_NOTES)], id=ids.INDICATOR_NOTES,
                 className="region-notes"),
        html.H2("Alle regio's in een tabel"),
        html.Div(controls.sort_switch(view), id=ids.page(PAGE, "sort-links")),
        markup.holder(ids.page(PAGE, "table-rows")),  # the table's rows, as HTML
        html.Div(id=ids.page(PAGE, "table-rows"), className="indicator-table-scroll",
                 tabIndex="0", role="region",
                 **{"aria-label": f"Tabel {view.indicator['label']} per regio"}),
        html.Div(id=ids.page(PAGE, "table")),
    ], className="indicator-page")


def layout(indicator_id: str | None = None, regio: str | None = None,
           niveau: str | None = None, periode: str | None = None,
           sorteer: str | None = None, **_other) -> html.Div:
    parsed = state.parse(indicator_id, regio, niveau, periode, sorteer)
    if isinstance(parsed, list):
        return problems_layout(parsed)
    return view_layout(parsed)
