"""Callbacks of the export buttons, registered globally (pattern-matching ids, so one callback
serves every chart of every page). Imported once by `dashboard.app.create_app`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from dash import MATCH, Input, Output, State, callback, ctx, dcc

from dashboard import ids, queries
from dashboard.export import data as export_data
from dashboard.export import images, report


@callback(Output(ids.export_download(MATCH, MATCH, "image"), "data"),
          Input(ids.export_button(MATCH, MATCH, "png"), "n_clicks"),
          Input(ids.export_button(MATCH, MATCH, "svg"), "n_clicks"),
          State(ids.chart(MATCH, MATCH), "figure"),
          State(ids.chart_data(MATCH, MATCH), "data"),
          prevent_initial_call=True)
def download_image(_png, _svg, figure, data):
    fmt = ctx.triggered_id["type"].removeprefix("export-")
    content = images.chart_image(figure or {}, data, fmt)
    return dcc.send_bytes(content, export_data.filename((data or {}).get("title"), fmt))


@callback(Output(ids.export_download(MATCH, MATCH, "data"), "data"),
          Input(ids.export_button(MATCH, MATCH, "csv"), "n_clicks"),
          Input(ids.export_button(MATCH, MATCH, "xlsx"), "n_clicks"),
          State(ids.chart_data(MATCH, MATCH), "data"),
          prevent_initial_call=True)
def download_data(_csv, _xlsx, data):
    fmt = ctx.triggered_id["type"].removeprefix("export-")
    data = data or {}
    if fmt == "csv":
        content = export_data.to_csv(data)
    else:
        content = export_data.to_xlsx(data, queries.export_definitions(data))
    return dcc.send_bytes(content, export_data.filename(data.get("title"), fmt))


@callback(Output(ids.report_download(MATCH), "data"),
          Input(ids.report_button(MATCH), "n_clicks"),
          prevent_initial_call=True)
def download_report(_clicks):
    code = ctx.triggered_id["region"]
    with tempfile.TemporaryDirectory(prefix="oogo-") as tmp:
        out = report.build_report(code, Path(tmp) / "rapport.pdf")
        content = out.read_bytes()
    return dcc.send_bytes(content, report.filename(code))
