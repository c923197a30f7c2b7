"""The export buttons pages place: per chart or table (PNG, SVG, CSV, Excel) and the
'Download OOGO-rapport (PDF)' button of the gemeente and SWV pages. Layout only; the callbacks
are in `dashboard.export.callbacks`, the builders they call in `dashboard.export.registry`."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids

LABELS = {"png": ("PNG", "als afbeelding (PNG)"), "svg": ("SVG", "als vectorafbeelding (SVG)"),
          "csv": ("CSV", "gegevens als CSV"), "xlsx": ("Excel", "gegevens als Excel-bestand")}


def export_buttons(page: str, name: str, title: str, *, images: bool = True) -> list:
    """Download buttons for one chart (images and data) or one table (`images=False`: data
    only; the table's export key must be in a store with id `ids.chart_data(page, name)`)."""
    formats = ("png", "svg", "csv", "xlsx") if images else ("csv", "xlsx")
    buttons = [html.Button(LABELS[f][0], id=ids.export_button(page, name, f), n_clicks=0,
                           className="export-button", type="button",
                           **{"aria-label": f"Download {title} {LABELS[f][1]}"})
               for f in formats]
    downloads = [dcc.Download(id=ids.export_download(page, name, "data"))]
    if images:
        downloads.append(dcc.Download(id=ids.export_download(page, name, "image")))
    return [html.Span("Download:", className="export-label"), *buttons, *downloads,
            html.Span(id=ids.export_message(page, name), className="export-message",
                      role="status")]


def table_exports(page: str, name: str, title: str, key: dict) -> html.Div:
    """CSV/Excel buttons plus the key store for a table that is not part of a chart block: the
    key is what the page's export builder (`export.registry`) needs to build the file again."""
    return html.Div([dcc.Store(id=ids.chart_data(page, name), data=key),
                     *export_buttons(page, name, title, images=False)],
                    className="chart-exports")


def report_button(region_code: str) -> html.Div:
    """'Download OOGO-rapport (PDF)' for a gemeente or SWV; place it near the page title."""
    return html.Div([
        html.Button("Download OOGO-rapport (PDF)", id=ids.report_button(region_code),
                    n_clicks=0, type="button", className="report-button",
                    **{"aria-label": "Download het OOGO-rapport van deze regio als PDF"}),
        dcc.Loading(dcc.Download(id=ids.report_download(region_code)), type="dot"),
        html.P(id=ids.report_message(region_code), className="export-message", role="status"),
    ], className="report-export")
