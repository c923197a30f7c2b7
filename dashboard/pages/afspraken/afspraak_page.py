"""Registers `/afspraak/<ref>`: `nieuw` is the new-agreement form, `<id>` the detail page,
`<id>/bewerken` the edit form; anything else the Dutch not-found text (answered with 200)."""

from __future__ import annotations

import dash

from dashboard import store
from dashboard.pages.afspraken import (
    common,
    detail,
    detail_callbacks,  # noqa: F401  (registers the buttons)
    form,
    form_callbacks,  # noqa: F401  (registers the form's)
)


def _parts(ref) -> tuple[str, int | None, str]:
    """(the ref as text, its id, what follows the id: '' or 'bewerken')."""
    text = ref if isinstance(ref, str) else ""
    head, _, tail = text.strip("/").partition("/")
    return text, common.parse_id(head), tail


def _title(ref: str | None = None, **_query) -> str:
    text, agreement_id, tail = _parts(ref)
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
    text, agreement_id, tail = _parts(ref)
    if text == "nieuw":
        return form.new_page(query)
    if agreement_id is not None and tail == "bewerken":
        return form.edit_page(agreement_id, text)
    if agreement_id is not None and not tail:
        return detail.page(agreement_id, text)
    return common.not_found("afspraak", text)
