"""The page for an unknown address: a helpful Dutch message with ways on."""

from __future__ import annotations

import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", title="Pagina niet gevonden")


def layout(**_query) -> html.Div:
    return html.Div([
        html.H1("Deze pagina bestaat niet"),
        html.P("Het adres is niet (meer) geldig. Misschien is de link onvolledig gekopieerd."),
        html.Ul([
            html.Li(dcc.Link("Zoek een gemeente, SWV of jeugdregio", href="/")),
            html.Li(dcc.Link("Bekijk alle indicatoren", href="/over")),
        ]),
    ])
