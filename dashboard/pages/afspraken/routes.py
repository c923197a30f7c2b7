"""Which view an address of the agreements pages asks for: `/afspraak/<ref>` (nieuw, <id>,
<id>/bewerken) and `/ambitie/<ref>`; anything else is the Dutch not-found text. The page
modules call these, so tests can render every address without a Dash app."""

from __future__ import annotations

from dash import dcc, html

from dashboard import store
from dashboard.pages.afspraken import ambitie, common, detail, form


def parts(ref) -> tuple[str, int | None, str]:
    """(the ref as text, its id, what follows the id: '' or e.g. 'bewerken'). A ref that is
    not text (a repeated ?ref= overrides the path variable as a list) reads as empty."""
    text = ref if isinstance(ref, str) else ""
    head, _, tail = text.strip("/").partition("/")
    return text, common.parse_id(head), tail


def afspraak(ref, query: dict) -> html.Div:
    text, agreement_id, tail = parts(ref)
    if text == "nieuw":
        return form.new_page(query)
    if agreement_id is not None and tail == "bewerken":
        return form.edit_page(agreement_id, text)
    if agreement_id is not None and not tail:
        return detail.page(agreement_id, text)
    return common.not_found("afspraak", text)


def ambitie_view(ref) -> html.Div:
    text, ambitie_id, tail = parts(ref)
    if text == "nieuw":
        return ambitie.page(text, None, edit=False)
    if ambitie_id is not None and tail == "bewerken":
        return ambitie.page(text, ambitie_id, edit=True)
    if ambitie_id is not None and not tail and _ambitie(ambitie_id):
        found = _ambitie(ambitie_id)
        return html.Div([html.H1(["Ambitie: ", html.Span(found["title"], dir="auto")]),
                         html.P(dcc.Link("Bekijk de ambitie met haar afspraken",
                                         href=f"/afspraken#ambitie-{ambitie_id}"))])
    return common.not_found("ambitie", text)


def _ambitie(ambitie_id: int) -> dict | None:
    with store.session(readonly=True) as s:
        return store.agreements.get_ambitie(s, ambitie_id)
