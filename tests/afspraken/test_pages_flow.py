"""The agreements pages in the browser: a redacteur of GM0363 adds an agreement through the form
(baseline from the warehouse, preview drawn), edits, deletes and restores it, and the list, the
detail page and the history follow every step; axe and the console stay clean."""

from __future__ import annotations

import re

import pytest

from dashboard import db, formatting, queries, store
from tests.afspraken.conftest import ACCOUNTS, login

pytestmark = pytest.mark.browser
TITLE = "Minder jongeren met jeugdhulp in Amsterdam"


def _agreements(title_part: str, *, include_deleted: bool = True) -> list[dict]:
    with store.session(readonly=True) as s:
        return [a for a in store.agreements.list(s, include_deleted=include_deleted)
                if title_part in a["title"]]


def _warehouse_value(indicator: str, region: str, period: str) -> float:
    return db.cursor().execute(
        "SELECT value FROM facts WHERE indicator_id = ? AND region_code = ? AND period = ? "
        "AND classification_year = 2024 AND source = 'demo'",
        [indicator, region, period]).fetchone()[0]


def _blur(p, selector: str, text: str) -> None:
    p.fill(selector, text)
    p.press(selector, "Tab")


def _target(field: str, index: int = 0) -> str:
    return f'[id=\'{{"field":"{field}","index":{index},"type":"afspraak-target"}}\']'


def _part(part: str, index: int = 0) -> str:
    return f'[id=\'{{"index":{index},"type":"afspraak-target-{part}"}}\']'


def test_add_edit_delete_restore_through_the_pages(page, served):
    """Every step of an agreement's life shows on the list, the detail page and its history."""
    login(page, ACCOUNTS["redacteur"]["email"])
    p = page.open("/afspraak/nieuw?regio=GM0363&indicator=jeugdhulp")
    assert p.input_value("#afspraak-form-region-code") == "Amsterdam (GM0363)"
    assert "(jeugdhulp)" in p.input_value(_target("indicator_id"))
    assert page.axe_violations() == []

    p.fill("#afspraak-form-title", TITLE)
    p.fill("#afspraak-form-text", "Samen met het SWV minder jeugdhulp door steun in de klas.")
    p.fill("#afspraak-form-partners", "GGD Amsterdam\nJeugdzorgaanbieder Noord")
    _blur(p, _target("baseline_period"), "2022")
    expected = formatting.figure({"value": _warehouse_value("jeugdhulp", "GM0363", "2022")},
                                 queries.indicator("jeugdhulp"))
    baseline = p.locator(_part("baseline"))
    baseline.filter(has_text=expected).wait_for()
    assert "ontleend aan de cijfers van" in baseline.inner_text()
    _blur(p, _target("target_value"), "11,0")
    _blur(p, _target("target_period"), "2027")
    p.fill(_target("milestones"), "2025: 12,0")
    p.press(_target("milestones"), "Tab")
    p.locator(_part("preview") + " .js-plotly-plot").wait_for()
    page.settle()
    p.click("#afspraak-form-save")
    p.wait_for_url(re.compile(r".*/afspraak/\d+$"))
    page.settle()

    [stored] = _agreements(TITLE)
    assert stored["targets"][0]["baseline_value"] == pytest.approx(
        _warehouse_value("jeugdhulp", "GM0363", "2022"))
    assert stored["targets"][0]["milestones"] == [{"period": "2025", "value": 12.0}]
    assert stored["partners"] == ["GGD Amsterdam", "Jeugdzorgaanbieder Noord"]
    assert p.locator("h1").inner_text() == TITLE
    assert "Versie 1: aangemaakt door Rik Redacteur" in p.locator(".afspraak-history").inner_text()
    assert p.locator(".target-block .js-plotly-plot").count() == 1
    assert page.axe_violations() == []

    page.open("/afspraken")
    assert p.get_by_role("link", name=TITLE).count() == 1

    page.open(f"/afspraak/{stored['id']}")
    p.click("text=Bewerken")
    p.wait_for_url(f"**/afspraak/{stored['id']}/bewerken")
    page.settle()
    assert p.input_value("#afspraak-form-title") == TITLE
    assert page.axe_violations() == []
    p.fill("#afspraak-form-title", TITLE + " en Diemen")
    p.click("#afspraak-form-save")
    p.wait_for_url(f"**/afspraak/{stored['id']}")
    page.settle()
    assert p.locator("h1").inner_text() == TITLE + " en Diemen"
    history = p.locator(".afspraak-history").inner_text()
    assert "Versie 2: gewijzigd door Rik Redacteur" in history
    assert f"titel: ‘{TITLE}’ → ‘{TITLE} en Diemen’" in history
    [edited] = _agreements(TITLE)
    assert edited["version"] == 2 and edited["targets"] == stored["targets"]

    p.click("button:has-text('Verwijderen')")
    p.locator(".deleted-note").wait_for()
    assert "De afspraak is verwijderd." in p.locator("#afspraak-message").inner_text()
    assert "verwijderd op" in p.locator(".deleted-note").inner_text()
    assert "Rik Redacteur" in p.locator(".deleted-note").inner_text()
    assert _agreements(TITLE)[0]["deleted_at"] and not _agreements(TITLE, include_deleted=False)
    page.open("/afspraken")
    assert p.get_by_role("link", name=TITLE + " en Diemen").count() == 0

    page.open(f"/afspraak/{stored['id']}")
    p.click("button:has-text('Herstellen')")
    p.locator("text=De afspraak is hersteld.").wait_for()
    assert p.locator(".deleted-note").count() == 0
    assert "Versie 4: hersteld door Rik Redacteur" in p.locator(".afspraak-history").inner_text()
    assert "Versie 3: verwijderd door" in p.locator(".afspraak-history").inner_text()
    page.open("/afspraken")
    assert p.get_by_role("link", name=TITLE + " en Diemen").count() == 1
    assert page.axe_violations() == []
    page.assert_clean()


def _error(p, field: str) -> str:
    return p.locator(
        f'[id=\'{{"field":"{field}","form":"afspraak-form","type":"form-error"}}\']').inner_text()


def test_form_shows_every_error_beside_its_field_and_saves_nothing(http, new_page):
    """Wrong input gets a Dutch message beside each field it concerns; nothing is stored."""
    page = new_page(http.browser_cookies(ACCOUNTS["redacteur"]["email"]))
    p = page.open("/afspraak/nieuw?indicator=jeugdhulp")
    before = len(_agreements(""))
    p.fill("#afspraak-form-region-code", "GM9999")
    p.fill(_target("baseline_period"), "2022")
    p.fill(_target("target_value"), "150")
    p.fill(_target("target_period"), "2020")
    p.fill(_target("milestones"), "2025 12")
    p.fill("#afspraak-form-oogo-date", "31-02-2026")
    page.settle()
    p.click("#afspraak-form-save")
    p.locator("#afspraak-form-message").filter(has_text="Niet opgeslagen").wait_for()
    assert "Titel is verplicht." in _error(p, "title")
    assert "Onbekende regiocode 'GM9999'" in _error(p, "region_code")
    assert "150 ligt buiten het bereik van een percentage" in _error(p, "targets[0].target_value")
    assert "ligt niet na de basisperiode 2022" in _error(p, "targets[0].target_period")
    assert "schrijf periode: waarde" in _error(p, "targets[0].milestones")
    assert "bestaat niet als datum" in _error(p, "oogo_date")
    assert _error(p, "text") == ""
    assert len(_agreements("")) == before
    assert page.axe_violations() == []
    page.assert_clean()


def test_missing_right_is_explained_and_nothing_saved(http, new_page):
    """A redacteur of Zaanstad saving an Amsterdam agreement is told why it is refused."""
    page = new_page(http.browser_cookies(ACCOUNTS["ander"]["email"]))
    p = page.open("/afspraak/nieuw?regio=GM0363")
    p.fill("#afspraak-form-title", "Niet mijn regio")
    p.fill("#afspraak-form-manual-status", "op koers")
    p.fill("#afspraak-form-manual-justification", "Probeersel.")
    page.settle()
    p.click("#afspraak-form-save")
    message = p.locator("#afspraak-form-message").filter(has_text="Niet opgeslagen")
    message.wait_for()
    assert "U mag alleen wijzigen voor uw eigen regio's (GM0479)" in message.inner_text()
    assert _agreements("Niet mijn regio") == []
    page.assert_clean()


def test_ambitie_form_creates_and_edits_an_ambitie(http, new_page):
    """An ambitie made through its form heads a section of /afspraken and can be edited."""
    page = new_page(http.browser_cookies(ACCOUNTS["redacteur"]["email"]))
    p = page.open("/ambitie/nieuw")
    assert page.axe_violations() == []
    p.fill("#ambitie-form-title", "Elk kind naar school")
    p.fill("#ambitie-form-text", "Geen thuiszitters meer in 2028.")
    p.fill("#ambitie-form-regions-pick", "Amsterdam (GM0363)")
    p.click("#ambitie-form-regions-add")
    p.locator("#ambitie-form-region-codes").filter(has_text="GM0363").wait_for()
    p.click("#ambitie-form-save")
    p.wait_for_url("**/afspraken#ambitie-*")
    page.settle()
    with store.session(readonly=True) as s:
        [ambitie] = [a for a in store.agreements.list_ambities(s)
                     if a["title"] == "Elk kind naar school"]
    assert ambitie["regions"] == ["GM0363"]
    section = p.locator(f"#ambitie-{ambitie['id']}")
    assert "Elk kind naar school" in section.inner_text()

    page.open(f"/afspraak/nieuw?ambitie={ambitie['id']}")
    assert p.input_value("#afspraak-form-ambitie-id") == f"{ambitie['id']}: Elk kind naar school"

    page.open(f"/ambitie/{ambitie['id']}/bewerken")
    p.fill("#ambitie-form-title", "Elk kind naar school, elke dag")
    p.click("#ambitie-form-save")
    p.wait_for_url("**/afspraken#ambitie-*")
    page.settle()
    assert "Elk kind naar school, elke dag" in p.locator(f"#ambitie-{ambitie['id']}").inner_text()
    page.open(f"/ambitie/{ambitie['id']}/bewerken")
    assert "Versie 2: gewijzigd door Rik Redacteur" in p.locator(".afspraak-history").inner_text()
    page.assert_clean()
