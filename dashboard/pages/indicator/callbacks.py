"""Callbacks of the indicator page. Each chart and the table is drawn by its own callback, on
page load (the layout only draws the frame, so no single request does all the work and the
parts are computed side by side) and again when a region is chosen in the search field. Level,
period and table order are links (a new URL renders the page anew); choosing a region keeps the
keyboard focus in the field and writes the new view into the address bar.

The URL is written with `history.replaceState`, not through dcc.Location: a Location change
makes the pages router rebuild the whole page, which would drop the focus. A copied URL is
parsed by the page's layout function, so the same URL always reopens the same view."""

from __future__ import annotations

from dash import Input, Output, State, callback, clientside_callback
from dash.exceptions import PreventUpdate

from dashboard import cache, ids, limits, queries
from dashboard.components import chart, markup
from dashboard.components.plain import plain
from dashboard.pages.indicator import charts, controls, notes, state

PAGE = charts.PAGE
REGION = [Input(ids.INDICATOR_REGION, "value"), State(ids.INDICATOR_STATE, "data")]


def view_of(text: str | None, store: dict | None) -> state.View:
    """The view after the search field's text changed; no update while the text names no
    region of the level (the user is still typing), or names the region already shown."""
    store = limits.mapping(store)
    code = controls.region_from_text(text, store.get("level", ""))
    if text and code is None:
        raise PreventUpdate
    parsed = state.parse(store.get("indicator"), code, store.get("level"), store.get("period"),
                         store.get("sort"))
    if isinstance(parsed, list):
        raise PreventUpdate
    return parsed


def shown(view: state.View, fig, table, caption, *_data) -> tuple:
    """A chart's values on the page: its store gets the view's key, not the export data."""
    return chart.chart_values(fig, table, caption, charts.key(view))


@cache.per_warehouse(maxsize=128)
def drawn(part: str, indicator_id: str, level: str, region: str | None, period: str,
          sort: str, found: cache.Keyed | None = None) -> list:
    """One part of a view as plain data, kept per build and view; `found` (the agreements or
    the duiding the part shows, read fresh for every request) is part of the key, so the
    part is drawn again only when they changed."""
    view = state.View(queries.indicator(indicator_id), level, region, period, sort)
    if part == "kaart":
        return plain(shown(view, *charts.map_parts(view)))
    if part == "verdeling":
        *parts, percentile = charts.distribution_parts(view)
        return plain((*shown(view, *parts), percentile))
    if part == "trend":
        return plain(shown(view, *charts.trend_parts(view, found.value)))
    return plain(charts.table(view, charts.level_frame(view), found.value))


def _args(view: state.View) -> tuple:
    return tuple(charts.key(view).values())


@callback(*chart.chart_outputs(PAGE, "kaart"), *REGION)
def redraw_map(text, store):
    return drawn("kaart", *_args(view_of(text, store)))


@callback(*chart.chart_outputs(PAGE, "verdeling"), Output(ids.INDICATOR_PERCENTILE, "children"),
          *REGION)
def redraw_distribution(text, store):
    return drawn("verdeling", *_args(view_of(text, store)))


@callback(*chart.chart_outputs(PAGE, "trend"), Output(ids.INDICATOR_AGREEMENTS, "children"),
          *REGION)
def redraw_trend(text, store):
    """The trend with the chosen region's targets, and its agreements listed beside it (one
    store read for both)."""
    view = view_of(text, store)
    found = notes.region_agreements(view)
    return (*drawn("trend", *_args(view), cache.keyed(found)),
            plain(notes.agreements_block(view, found)))


@callback(markup.output(ids.page(PAGE, "table-rows")), Output(ids.page(PAGE, "table"), "children"),
          Output(ids.INDICATOR_REGION_NOTES, "children"), *REGION)
def redraw_table(text, store):
    """The table (its rows as HTML, and its downloads) and the chosen region's duiding, from
    one read of the level's duiding."""
    view = view_of(text, store)
    df = charts.level_frame(view)
    duiding = notes.level_duiding(view, df)
    return (*drawn("tabel", *_args(view), cache.keyed(duiding)),
            plain(notes.region_notes(view, df, duiding)))


@callback(Output(ids.page(PAGE, "switches"), "children"),
          Output(ids.page(PAGE, "sort-links"), "children"),
          Output(ids.INDICATOR_URL_SYNC, "data"), *REGION, prevent_initial_call=True)
def redraw_links(text, store):
    view = view_of(text, store)
    return (controls.switches(view), controls.sort_switch(view),
            state.href(view.indicator_id, region=view.region, level=view.level,
                       period=view.period, sort=view.sort))


clientside_callback(
    """
    function(url) {
        if (url && url !== window.location.pathname + window.location.search) {
            window.history.replaceState(window.history.state, '', url);
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output(ids.INDICATOR_URL_SYNC, "id"), Input(ids.INDICATOR_URL_SYNC, "data"),
    prevent_initial_call=True,
)
