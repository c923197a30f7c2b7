"""Registers `/ambitie/<ref>`: `nieuw` and `<id>/bewerken` are the ambitie form; `<id>` goes
to its section of `/afspraken`; anything else the Dutch not-found text."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.pages.afspraken import ambitie, common

dash.register_page(__name__, path_template="/ambitie/<ref>", title="Ambitie", name="Ambitie")


def layout(ref=None, **_query):
    text = ref if isinstance(ref, str) else ""
    head, _, tail = text.strip("/").partition("/")
    ambitie_id = common.parse_id(head)
    if text == "nieuw":
        return ambitie.page(text, None, edit=False)
    if ambitie_id is not None and tail == "bewerken":
        return ambitie.page(text, ambitie_id, edit=True)
    if ambitie_id is not None and not tail:
        return html.Div([html.H1("Ambitie"), html.P(dcc.Link(
            "Bekijk de ambitie met haar afspraken", href=f"/afspraken#ambitie-{ambitie_id}"))])
    return common.not_found("ambitie", text)
