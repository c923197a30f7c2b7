"""The one way a chart appears on a page: the graph, its caption (source, period,
classification year, status, demonstration label), a data table as the accessible alternative,
and a store with the chart's export key: the few values (codes, indicator, period) from which
the page's builder in `export.registry` draws the figure and its data again on the server.

Callbacks that redraw a chart return `chart_values(...)` to the outputs `chart_outputs(...)`.
"""

from __future__ import annotations

import pandas as pd
from dash import Output, dcc, html

from dashboard import formatting, ids
from dashboard.components.plain import tag
from dashboard.export.components import export_buttons

# The toolbar speaks Dutch (locale "nl", registered by assets/plotly_locale_nl.js) and offers
# no upload to Plotly Cloud ("Share chart", shown by default), no logo and no download of its
# own: the chart's PNG/SVG buttons below it give the dressed export.
GRAPH_CONFIG = {
    "locale": "nl",
    "displaylogo": False,
    "showSendToCloud": False,
    "responsive": True,
    "topojsonURL": "/assets/topojson/",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage", "sendChartToCloud"],
}


def caption_text(indicator: dict | None, period: str | None, classification_year: int | None,
                 *, status: str | None = None, demo: bool = False, extra: str = "") -> str:
    """'Bron: CBS Beleidsinformatie Jeugd (85098NED) · 2023 · indeling 2024 · voorlopig'."""
    parts = []
    if indicator:
        parts.append(f"Bron: {indicator['source']} ({indicator['source_table']})")
    if period:
        parts.append(formatting.period(period))
    if classification_year:
        parts.append(f"gemeentelijke indeling {classification_year}")
    if status:
        parts.append(status)
    if extra:
        parts.append(extra)
    if demo:
        parts.append(formatting.DEMO_LABEL)
    return " · ".join(parts)


def table_component(table: pd.DataFrame) -> dict:
    """A plain HTML table (already formatted as text) — readable by screen readers. Written as
    plain data (`plain.tag`): Dash components cost ~40 µs a cell, a trend's table 6 ms."""
    if table is None or table.empty:
        return tag("P", "Geen gegevens.", className="caption")
    return tag("Table", [
        tag("Thead", tag("Tr", [tag("Th", str(c), scope="col") for c in table.columns])),
        tag("Tbody", [tag("Tr", [tag("Td", str(v)) for v in row])
                      for row in table.to_numpy(dtype=object).tolist()]),
    ], className="data")


def chart_block(page: str, name: str, title: str, figure=None, table: pd.DataFrame | None = None,
                caption: str = "", key: dict | None = None, height: int | None = None) -> html.Div:
    """Layout of one chart. `key` is what its export builder needs (see export.registry)."""
    # dcc.Graph logs a console error when given style=None: leave the prop out instead.
    style = {"style": {"height": f"{height}px"}} if height else {}
    return html.Div([
        html.H3(title, id=ids.page(page, f"{name}-title"), className="chart-title"),
        dcc.Graph(id=ids.chart(page, name), figure=figure or {}, config=GRAPH_CONFIG,
                  **style),
        html.P(caption, id=ids.page(page, f"{name}-caption"), className="caption"),
        html.Details([
            html.Summary("Tabel bij deze grafiek"),
            html.Div(table_component(table), id=ids.page(page, f"{name}-table")),
        ], className="chart-table"),
        dcc.Store(id=ids.chart_data(page, name), data=key),
        html.Div(export_buttons(page, name, title), id=ids.page(page, f"{name}-exports"),
                 className="chart-exports"),
    ], className="chart-block")


def chart_outputs(page: str, name: str) -> list[Output]:
    return [Output(ids.chart(page, name), "figure"),
            Output(ids.page(page, f"{name}-caption"), "children"),
            Output(ids.page(page, f"{name}-table"), "children"),
            Output(ids.chart_data(page, name), "data")]


def chart_values(figure, table: pd.DataFrame, caption: str, key: dict | None) -> tuple:
    return figure, caption, table_component(table), key


def export_data(title: str, caption: str, df: pd.DataFrame, demo: bool) -> dict:
    """An export's data (`export.registry.Export.data`): raw values with their flags, for
    CSV/XLSX and the caption of PNG/SVG."""
    return {"title": title, "caption": caption, "demo": bool(demo),
            "columns": list(df.columns), "rows": df.astype(object).where(df.notna(), None)
            .values.tolist()}
