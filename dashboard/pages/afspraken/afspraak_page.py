"""Registers `/afspraak/<ref>`: `nieuw` is the new-agreement form, `<id>` the detail page,
`<id>/bewerken` the edit form; anything else the Dutch not-found text (see `routes`)."""

from __future__ import annotations

import dash

from dashboard import store
from dashboard.pages.afspraken import (
    detail_callbacks,  # noqa: F401  (registers the buttons)
    form_callbacks,  # noqa: F401  (registers the form's)
    routes,
)


def _title(ref: str | None = None, **_query) -> str:
    text, agreement_id, tail = routes.parts(ref)
    if text == "nieuw":
        return "Nieuwe afspraak"
    if agreement_id is None:
        return "Afspraak niet gevonden"
    with store.session(readonly=True) as s:
        found = store.agreements.get(s, agreement_id, include_deleted=True)
    if found is None:
        return "Afspraak niet gevonden"
    return f"{found['title'][:80]} — {'bewerken' if tail == 'bewerken' else 'afspraak'}"


dash.register_page(__name__, path_template="/afspraak/<ref>", title=_title, name="Afspraak")


def layout(ref=None, **query):
    return routes.afspraak(ref, query)
