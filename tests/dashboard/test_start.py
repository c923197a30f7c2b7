"""The start page: search by name or code, recently viewed regions, the explanation."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(scope="module")
def start(app):
    """The page module as Dash imported it."""
    return sys.modules["pages.start"]


def _links(component) -> list[str]:
    out = []
    if isinstance(component, (list, tuple)):
        for c in component:
            out += _links(c)
    elif hasattr(component, "to_plotly_json"):
        props = component.to_plotly_json()["props"]
        out += [props["href"]] if props.get("href") else []
        out += _links(props.get("children"))
    return out


def test_search_finds_gemeente_by_part_of_its_name(start):
    """'Zaan' finds Zaanstad with a link to its profile."""
    assert "/gemeente/GM0479" in _links(start.show_results("Zaan"))


def test_search_finds_swv_and_jeugdregio_by_code(start):
    """Codes of SWVs and jeugdregio's lead to their region pages."""
    assert "/swv/PO2101" in _links(start.show_results("po2101"))
    assert "/jeugdregio/JZ02" in _links(start.show_results("JZ02"))


def test_search_without_hits_says_so(start):
    """A search without results says in Dutch that nothing was found."""
    assert "Geen gemeente, SWV of jeugdregio gevonden" in str(start.show_results("qqqxyz"))
    assert "minstens twee tekens" in str(start.show_results("a"))


def test_enter_opens_the_first_result(start):
    """Enter in the search box navigates to the first hit."""
    assert start.open_first_result(1, "Zaanstad") == "/gemeente/GM0479"


def test_recent_list_keeps_only_valid_entries(start):
    """Entries from the browser's storage become links only when code and level are valid."""
    data = [{"code": "GM0479", "name": "Zaanstad", "level": "gemeente"},
            {"code": "javascript:alert(1)", "name": "x", "level": "gemeente"},
            {"code": "PO2101", "name": "PO2101", "level": "swv_po"}, "rommel"]
    assert _links(start.show_recent(data)) == ["/gemeente/GM0479", "/swv/PO2101"]
    assert "Nog niets bekeken" in str(start.show_recent(None))


def test_start_page_explains_the_monitor(start):
    """The explanation names the OOGO and Met Andere Ogen."""
    text = str(start.layout())
    assert "OOGO" in text and "Met Andere Ogen" in text


def test_typing_zaan_and_choosing_zaanstad_opens_its_profile(page):
    """Search in the browser, pick Zaanstad from the results, land on its profile; it is then
    listed under 'Recent bekeken'."""
    p = page.open("/")
    p.get_by_label("Zoek een gemeente, samenwerkingsverband (SWV) of jeugdregio").fill("Zaan")
    p.get_by_role("link", name="Zaanstad").first.click()
    p.wait_for_url("**/gemeente/GM0479")
    p.wait_for_selector(".profile-page")
    assert "Zaanstad" in p.locator("h1").inner_text()
    p.locator(".brand").click()
    p.wait_for_selector("#recent-list a")
    assert "Zaanstad" in p.locator("#recent-list").inner_text()
    page.assert_clean()


def test_search_results_are_reachable_by_keyboard(page):
    """Tab from the search box reaches the first result link."""
    p = page.open("/")
    box = p.get_by_label("Zoek een gemeente, samenwerkingsverband (SWV) of jeugdregio")
    box.fill("Zaan")
    p.wait_for_selector(".result-list a")
    box.press("Tab")
    assert "Zaan" in p.evaluate("document.activeElement.textContent")
    box.focus()
    box.press("ArrowDown")
    first = p.evaluate("document.activeElement.textContent")
    assert "Zaan" in first
    p.keyboard.press("ArrowDown")
    assert p.evaluate("document.activeElement.textContent") != first
    p.keyboard.press("Escape")
    assert p.evaluate("document.activeElement.id") == "search"
    assert page.axe_violations() == []
