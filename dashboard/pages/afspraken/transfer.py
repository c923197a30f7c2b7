"""Download and upload of the agreements on `/afspraken`: the list as Excel or CSV in the
import template (`afspraken.spreadsheet`), and for logged-in users an upload that imports a
filled-in template all-or-nothing, listing every refusal (file, row, column, reason)."""

from __future__ import annotations

import base64
import binascii

from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import auth, ids, queries, store
from dashboard.afspraken import spreadsheet
from dashboard.pages.afspraken import common

PAGE = ids.AFSPRAKEN_PAGE
FILTERS = ids.page(PAGE, "filters")          # the list's valid filters, from the address
XLSX = ids.page(PAGE, "download-xlsx")
CSV = ids.page(PAGE, "download-csv")
DOWNLOAD = ids.page(PAGE, "download")
UPLOAD = ids.page(PAGE, "upload")
UPLOAD_RESULT = ids.page(PAGE, "upload-result")
MAX_BYTES = spreadsheet.MAX_BYTES


def controls(filters: dict, account: dict | None) -> html.Section:
    """The download buttons, and the upload for a logged-in user."""
    upload = None
    if account is not None:
        upload = html.Div([
            html.H3("Afspraken inlezen"),
            html.P(["Lees een ingevuld sjabloon in (Excel of CSV, hoogstens 2 MB; het sjabloon "
                    "is de download hierboven). Het bestand wordt helemaal of helemaal niet "
                    "ingelezen: bij één fout wordt niets opgeslagen en ziet u elke fout met "
                    "rij en kolom."]),
            # The label holds the drop zone, so its (visually hidden) file input has a name
            # and a click on the text opens the file chooser natively; the zone itself takes
            # drops and Enter/Space from the keyboard.
            html.Label(dcc.Upload(html.Div([
                html.Span("Kies een bestand", className="action-link"),
                html.Span(" (Excel of CSV, hoogstens 2 MB) of sleep het hierheen.")]),
                id=UPLOAD, max_size=MAX_BYTES, multiple=False, accept=".xlsx,.csv",
                disable_click=True, className="upload-zone"), className="upload-label"),
            dcc.Loading(html.Div(id=UPLOAD_RESULT, role="status"), type="dot"),
        ])
    return html.Section([
        html.H2("Downloaden en inlezen"),
        html.P("De afspraken in deze lijst (met de filters hierboven) in het sjabloon voor "
               "inlezen, met de berekende status.", className="caption"),
        html.Div([
            html.Button("Download als Excel", id=XLSX, n_clicks=0, type="button",
                        className="action-button"),
            html.Button("Download als CSV", id=CSV, n_clicks=0, type="button",
                        className="action-button"),
        ], className="afspraken-actions"),
        dcc.Download(id=DOWNLOAD),
        dcc.Store(id=FILTERS, data=filters),
        upload,
    ], className="afspraken-transfer")


def export_file(filters: dict, fmt: str) -> dict:
    """The dcc.Download payload of the filtered list in the template ('xlsx' or 'csv')."""
    from dashboard.pages.afspraken import listing

    clean, _notes = listing.parse_filters(filters or {})
    _ambities, rows, _names = listing.load(clean)
    frame = spreadsheet.export_rows(rows)
    if fmt == "csv":
        return dcc.send_bytes(spreadsheet.to_csv(frame), spreadsheet.filename("csv"))
    data = spreadsheet.to_xlsx(frame, contains_demo=bool(queries.build_info()["contains_demo"]))
    return dcc.send_bytes(data, spreadsheet.filename("xlsx"))


@callback(Output(DOWNLOAD, "data"), Input(XLSX, "n_clicks"), Input(CSV, "n_clicks"),
          State(FILTERS, "data"), prevent_initial_call=True)
def download(_xlsx, _csv, filters):
    from dash import ctx

    return export_file(filters if isinstance(filters, dict) else {},
                       "csv" if ctx.triggered_id == CSV else "xlsx")


def decode(contents: str) -> bytes | None:
    """The bytes of a dcc.Upload data URL, or None when it is not one (or larger than 2 MB)."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    encoded = contents.split(",", 1)[1]
    if len(encoded) > MAX_BYTES * 4 // 3 + 8:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None


def import_upload(contents: str, filename: str | None) -> html.Div:
    """Import the uploaded file through the store; the Dutch result or every refusal."""
    name = str(filename or "bestand")[:200]
    data = decode(contents)
    if data is None:
        return html.Div(html.P(f"{name}: geen leesbaar bestand (of groter dan 2 MB); er is "
                               "niets opgeslagen."), className="form-message")
    try:
        with store.session() as s:
            result = spreadsheet.import_file(data, name, session=s,
                                             actor_id=auth.current_actor_id(),
                                             werkgebied_members=common.werkgebied_members)
    except spreadsheet.ImportRefused as refused:
        return refusal(refused.problems)
    except store.errors.StoreError as exc:
        return html.Div(html.P(f"{name}: {exc.message} Er is niets opgeslagen."),
                        className="form-message")
    return html.Div([html.P(f"{result.file} is ingelezen: {result.created} nieuw, "
                            f"{result.updated} bijgewerkt, {result.unchanged} ongewijzigd."),
                     dcc.Link("Toon de bijgewerkte lijst", href="/afspraken")],
                    className="form-message")


def refusal(problems) -> html.Div:
    """Every problem of a refused file as a table (file, row, column, reason)."""
    return html.Div([
        html.P(f"Het bestand is niet ingelezen; er is niets opgeslagen. {len(problems)} "
               f"probleem{'' if len(problems) == 1 else 'en'}:"),
        html.Div(html.Table([
            html.Thead(html.Tr([html.Th(h, scope="col")
                                for h in ("Bestand", "Rij", "Kolom", "Reden")])),
            html.Tbody([html.Tr([html.Td(p.file), html.Td("" if p.row is None else p.row),
                                 html.Td(p.column or ""), html.Td(p.reason)])
                        for p in problems]),
        ], className="data"), className="table-scroll", tabIndex="0", role="region",
            **{"aria-label": "Problemen in het bestand"}),
    ], className="form-message import-refused")


@callback(Output(UPLOAD_RESULT, "children"), Input(UPLOAD, "contents"),
          State(UPLOAD, "filename"), prevent_initial_call=True)
def upload(contents, filename):
    if not contents:
        raise PreventUpdate
    return import_upload(contents, filename)
