"""The indicator page's registration and layout. The layout renders the whole view server-side
from the URL; `callbacks` redraws the parts when a control changes."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import formatting, ids, queries
from dashboard.components import chart
from dashboard.pages.indicator import callbacks  # noqa: F401  (registers the callbacks)
from dashboard.pages.indicator import charts, state

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


def _controls(view: state.View) -> html.Div:
    regions = queries.regions(view.level)
    periods = queries.indicator_periods(view.indicator_id)
    return html.Div([
        html.Fieldset([
            html.Legend("Niveau"),
            dcc.RadioItems(
                id=ids.INDICATOR_LEVEL, value=view.level, inline=True,
                options=[{"label": state.LEVEL_SHORT[lv], "value": lv}
                         for lv in queries.MAP_LEVELS], className="level-switch"),
        ], className="control"),
        html.Div([
            html.Label("Regio (typ om te zoeken)", htmlFor=ids.INDICATOR_REGION),
            dcc.Dropdown(id=ids.INDICATOR_REGION, value=view.region, searchable=True,
                         clearable=True, placeholder="Kies een regio",
                         options=callbacks.region_options(regions)),
        ], className="control control-region"),
        html.Div([
            html.Label("Periode", htmlFor=ids.INDICATOR_PERIOD),
            dcc.Dropdown(id=ids.INDICATOR_PERIOD, value=view.period, clearable=False,
                         searchable=False,
                         options=[{"label": formatting.period(p), "value": p}
                                  for p in reversed(periods)]),
        ], className="control control-period"),
    ], className="controls")


def _intro(view: state.View) -> html.Div:
    ind = view.indicator
    parts = [html.P(ind["definition"])]
    if ind.get("comparability"):
        parts.append(html.P(ind["comparability"], className="caption"))
    parts.append(html.P(dcc.Link("Meer over deze indicator",
                                 href=f"/over#{view.indicator_id}")))
    return html.Div(parts, className="intro")


def view_layout(view: state.View) -> html.Div:
    df = charts.level_frame(view)
    *dist, percentile = charts.distribution_parts(view, df)
    return html.Div([
        dcc.Store(id=ids.INDICATOR_STATE, data={"indicator": view.indicator_id}),
        dcc.Store(id=ids.INDICATOR_URL_SYNC),
        html.H1(view.indicator["label"]),
        _intro(view),
        _controls(view),
        html.Div([
            html.Div(chart.chart_block(PAGE, "kaart", "Kaart", *charts.map_parts(view, df)),
                     className="panel panel-map"),
            html.Div([
                html.P(percentile, id=ids.INDICATOR_PERCENTILE, className="percentile",
                       **{"aria-live": "polite"}),
                chart.chart_block(PAGE, "verdeling", "Verdeling over de regio's", *dist),
            ], className="panel panel-distribution"),
        ], className="indicator-grid"),
        chart.chart_block(PAGE, "trend", "Ontwikkeling in de tijd", *charts.trend_parts(view)),
        html.H2("Alle regio's in een tabel"),
        html.Fieldset([
            html.Legend("Sorteer de tabel op"),
            dcc.RadioItems(id=ids.page(PAGE, "sort"), value=view.sort, inline=True,
                           options=[{"label": v, "value": k} for k, v in state.SORTS.items()]),
        ], className="control"),
        html.Div(charts.table(view, df), id=ids.page(PAGE, "table")),
    ], className="indicator-page")


def layout(indicator_id: str | None = None, regio: str | None = None,
           niveau: str | None = None, periode: str | None = None,
           sorteer: str | None = None, **_other) -> html.Div:
    parsed = state.parse(indicator_id, regio, niveau, periode, sorteer)
    if isinstance(parsed, list):
        return problems_layout(parsed)
    return view_layout(parsed)
