"""Two people edit the same agreement: both open the form, both save; the second sees both
versions (theirs and the stored one, who saved it when) and nothing is overwritten."""

from __future__ import annotations

import pytest

from dashboard import store
from tests.afspraken.conftest import ACCOUNTS

pytestmark = pytest.mark.browser


def test_second_save_shows_both_versions_and_overwrites_nothing(served, http, new_page):
    """Rik and Bea open version 1; Bea saves first; Rik's save is a conflict, not a write."""
    with store.session() as s:
        agreement = store.agreements.create(s, actor_id=store.rights.SYSTEM, data={
            "title": "Thuiszitters binnen drie maanden terug", "text": "Eerste tekst.",
            "region_code": "GM0363", "parties": ["PO2707"], "partners": [], "targets": [],
            "manual_status": "op koers", "manual_justification": "Aanpak loopt.",
            "oogo_date": None, "review_date": None, "ambitie_id": None})
    path = f"/afspraak/{agreement['id']}/bewerken"
    rik = new_page(http.browser_cookies(ACCOUNTS["redacteur"]["email"]))
    bea = new_page(http.browser_cookies(ACCOUNTS["beheerder"]["email"]))
    rp, bp = rik.open(path), bea.open(path)

    bp.fill("#afspraak-form-text", "Tekst van Bea.")
    bp.click("#afspraak-form-save")
    bp.wait_for_url(f"**/afspraak/{agreement['id']}")
    rp.fill("#afspraak-form-title", "Titel van Rik")
    rp.click("#afspraak-form-save")
    rp.locator(".conflict").wait_for()

    text = rp.locator(".conflict").inner_text()
    assert "Niet opgeslagen" in text and "Er is niets overschreven" in text
    assert "gewijzigd door Bea Beheer <beheer@monitor.test>" in text
    yours = rp.locator("section[aria-label='Uw versie']").inner_text()
    stored = rp.locator("section[aria-label='Opgeslagen versie']").inner_text()
    assert "Titel van Rik" in yours and "Eerste tekst." in yours
    assert "Tekst van Bea." in stored and "Thuiszitters binnen drie maanden terug" in stored
    assert rp.url.endswith(path)
    with store.session(readonly=True) as s:
        now = store.agreements.get(s, agreement["id"])
        entries = store.agreements.history(s, agreement["id"])
    assert now["version"] == 2 and now["text"] == "Tekst van Bea."
    assert now["title"] == "Thuiszitters binnen drie maanden terug"
    assert [e["action"] for e in entries] == ["update", "create"]
    assert rik.axe_violations() == []
    rik.assert_clean()
    bea.assert_clean()
