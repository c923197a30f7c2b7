"""Registers `/ambitie/<ref>`: `nieuw` and `<id>/bewerken` are the ambitie form; `<id>` points
to its section of `/afspraken`; anything else the Dutch not-found text (see `routes`)."""

from __future__ import annotations

import dash

from dashboard.pages.afspraken import routes

dash.register_page(__name__, path_template="/ambitie/<ref>", title="Ambitie", name="Ambitie")


def layout(ref=None, **_query):
    return routes.ambitie_view(ref)
