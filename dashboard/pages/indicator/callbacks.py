"""Callbacks of the indicator page: each control redraws only the parts that depend on it, and
a clientside callback writes the view into the address bar.

The URL is written with `history.replaceState`, not through dcc.Location: a Location change
makes the pages router rebuild the whole page, which would drop the keyboard focus from the
control the user is on. Reading works the other way round: a copied URL is parsed by the
page's layout function, so the same URL always reopens the same view."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, callback, clientside_callback
from dash.exceptions import PreventUpdate

from dashboard import ids, queries
from dashboard.components import chart
from dashboard.pages.indicator import charts, state

PAGE = charts.PAGE
CONTROLS = [Input(ids.INDICATOR_LEVEL, "value"), Input(ids.INDICATOR_REGION, "value"),
            Input(ids.INDICATOR_PERIOD, "value")]


def region_options(regions: pd.DataFrame) -> list[dict]:
    """Dropdown options 'Amsterdam (GM0363)'; SWV names already start with their code."""
    return [{"label": name if name.startswith(code) else f"{name} ({code})", "value": code}
            for code, name in zip(regions["region_code"], regions["region_name"], strict=True)]


def view_of(store: dict | None, level: str, region: str | None, period: str,
            sort: str = "naam") -> state.View:
    """The View behind the controls' values (the same checks as a URL gets)."""
    parsed = state.parse((store or {}).get("indicator"), region, level, period, sort)
    if isinstance(parsed, list):
        raise PreventUpdate
    return parsed


@callback(Output(ids.INDICATOR_REGION, "options"), Output(ids.INDICATOR_REGION, "value"),
          Input(ids.INDICATOR_LEVEL, "value"), State(ids.INDICATOR_REGION, "value"),
          prevent_initial_call=True)
def regions_of_level(level: str, region: str | None):
    """Switching the level lists that level's regions and keeps the place: Amsterdam becomes
    the SWV, jeugdregio, ... that holds (most of) it."""
    if level not in queries.MAP_LEVELS:
        raise PreventUpdate
    current = queries.containing_region(region, level) if region else None
    return region_options(queries.regions(level)), current


@callback(*chart.chart_outputs(PAGE, "kaart"), *CONTROLS, State(ids.INDICATOR_STATE, "data"),
          prevent_initial_call=True)
def redraw_map(level, region, period, store):
    return chart.chart_values(*charts.map_parts(view_of(store, level, region, period)))


@callback(*chart.chart_outputs(PAGE, "verdeling"), Output(ids.INDICATOR_PERCENTILE, "children"),
          *CONTROLS, State(ids.INDICATOR_STATE, "data"), prevent_initial_call=True)
def redraw_distribution(level, region, period, store):
    *parts, percentile = charts.distribution_parts(view_of(store, level, region, period))
    return (*chart.chart_values(*parts), percentile)


@callback(*chart.chart_outputs(PAGE, "trend"), Input(ids.INDICATOR_REGION, "value"),
          State(ids.INDICATOR_LEVEL, "value"), State(ids.INDICATOR_PERIOD, "value"),
          State(ids.INDICATOR_STATE, "data"), prevent_initial_call=True)
def redraw_trend(region, level, period, store):
    return chart.chart_values(*charts.trend_parts(view_of(store, level, region, period)))


@callback(Output(ids.page(PAGE, "table"), "children"), *CONTROLS,
          Input(ids.page(PAGE, "sort"), "value"), State(ids.INDICATOR_STATE, "data"),
          prevent_initial_call=True)
def redraw_table(level, region, period, sort, store):
    return charts.table(view_of(store, level, region, period, sort))


clientside_callback(
    """
    function(level, region, period, sort) {
        const query = new URLSearchParams();
        if (region) { query.set('regio', region); }
        if (level) { query.set('niveau', level); }
        if (period) { query.set('periode', period); }
        if (sort && sort !== 'naam') { query.set('sorteer', sort); }
        const url = window.location.pathname + '?' + query.toString();
        if (url !== window.location.pathname + window.location.search) {
            window.history.replaceState(window.history.state, '', url);
        }
        return url;
    }
    """,
    Output(ids.INDICATOR_URL_SYNC, "data"), *CONTROLS, Input(ids.page(PAGE, "sort"), "value"),
)
