"""Registers `/afspraken`, the list of every agreement under its ambitie (see `listing`)."""

from __future__ import annotations

import dash

from dashboard.pages.afspraken import (
    listing,
    transfer,  # noqa: F401  (registers download and upload)
)

dash.register_page(__name__, path="/afspraken", title="Afspraken", name="Afspraken")


def layout(**query):
    return listing.layout(**query)
