"""Callbacks of the export buttons, registered globally (pattern-matching ids, so one callback
serves every chart of every page). Images and data are built on the server from the chart's id
and the key in its store (`export.registry`), never from a figure or rows the client sends.
Imported once by `dashboard.app.create_app`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from dash import MATCH, Input, Output, State, callback, ctx, dcc
from dash.exceptions import PreventUpdate

from dashboard import cache, ids, queries
from dashboard.export import data as export_data
from dashboard.export import images, registry, renders, report

REPORT_LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio")


def _export(key) -> tuple[str, registry.Export]:
    """The clicked format and the export the server builds from the chart's id and key."""
    clicked = ctx.triggered_id
    found = registry.build(clicked["page"], clicked["name"], key)
    if found is None:
        raise PreventUpdate
    return clicked["type"].removeprefix("export-"), found


@callback(Output(ids.export_download(MATCH, MATCH, "image"), "data"),
          Input(ids.export_button(MATCH, MATCH, "png"), "n_clicks"),
          Input(ids.export_button(MATCH, MATCH, "svg"), "n_clicks"),
          State(ids.chart_data(MATCH, MATCH), "data"),
          prevent_initial_call=True)
@renders.limited("image")
def download_image(_png, _svg, key):
    fmt, found = _export(key)
    if found.figure is None:
        raise PreventUpdate
    content = images.chart_image(found.figure, found.data, fmt)
    return dcc.send_bytes(content, export_data.filename(found.data.get("title"), fmt))


@callback(Output(ids.export_download(MATCH, MATCH, "data"), "data"),
          Input(ids.export_button(MATCH, MATCH, "csv"), "n_clicks"),
          Input(ids.export_button(MATCH, MATCH, "xlsx"), "n_clicks"),
          State(ids.chart_data(MATCH, MATCH), "data"),
          prevent_initial_call=True)
def download_data(_csv, _xlsx, key):
    fmt, found = _export(key)
    return dcc.send_bytes(_data_file(fmt, cache.keyed(found.data)),
                          export_data.filename(found.data.get("title"), fmt))


@cache.per_warehouse(maxsize=32)
def _data_file(fmt: str, data: cache.Keyed) -> bytes:
    """The CSV or Excel file of export data, kept per build and content: the same table asked
    again (another click, another user) is not written again."""
    if fmt == "csv":
        return export_data.to_csv(data.value)
    return export_data.to_xlsx(data.value, queries.export_definitions(data.value))


@callback(Output(ids.report_download(MATCH), "data"),
          Input(ids.report_button(MATCH), "n_clicks"),
          prevent_initial_call=True)
@renders.limited("report")
def download_report(_clicks):
    code = str(ctx.triggered_id["region"])
    if (queries.region(code) or {}).get("region_level") not in REPORT_LEVELS:
        raise PreventUpdate
    with tempfile.TemporaryDirectory(prefix="oogo-") as tmp:
        out = report.build_report(code, Path(tmp) / "rapport.pdf")
        content = out.read_bytes()
    return dcc.send_bytes(content, report.filename(code))
