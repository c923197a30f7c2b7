"""The start page: search by name or code, recently viewed regions, the explanation."""

from __future__ import annotations

import sys

import pytest

from tests.dashboard.layout_text import layout_text


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
    """Enter in the search box navigates to the first hit, also for a common name."""
    assert start.open_first_result(1, "Zaanstad") == "/gemeente/GM0479"
    assert start.open_first_result(1, "den haag") == "/gemeente/GM0518"


def test_result_count_is_singular_or_plural(start):
    """'1 resultaat', '3 resultaten', and a full list invites typing on."""
    assert "1 resultaat" in layout_text(start.show_results("GM0479"))
    assert "1 resultaten" not in layout_text(start.show_results("GM0479"))
    assert "3 resultaten" in layout_text(start.show_results("Den Haag"))
    assert start.count_text(start.SEARCH_LIMIT) == (
        f"De eerste {start.SEARCH_LIMIT} resultaten; typ verder om te verfijnen.")


def test_results_found_by_an_alias_say_so(start):
    """'Den Haag' lists 's-Gravenhage with the alias it was found by."""
    text = layout_text(start.show_results("Den Haag"))
    assert text.index("'s-Gravenhage gemeente · GM0518 · gevonden via ‘Den Haag’") < text.index(
        "PO2815")
    assert "te lang" in layout_text(start.show_results("x" * 81))


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
    """Search in the browser: 'den haag' lists 's-Gravenhage first with a plural count and
    'gm0479' one result; pick Zaanstad, land on its profile; it is then listed under 'Recent
    bekeken'."""
    p = page.open("/")
    box = p.get_by_label("Zoek een gemeente, samenwerkingsverband (SWV) of jeugdregio")
    box.fill("den haag")
    p.locator(".result-list a").filter(has_text="'s-Gravenhage").first.wait_for()
    assert p.locator(".result-count").inner_text() == "3 resultaten"
    assert p.locator(".result-list a").first.inner_text().startswith("'s-Gravenhage")
    p.screenshot(path="/tmp/shots/start_den_haag.png", full_page=True)
    box.fill("gm0479")
    p.get_by_text("1 resultaat", exact=True).wait_for()
    box.fill("Zaan")
    # Wait for the new list: clicking a link of the old one would leave with a request open.
    p.get_by_role("link", name="Oostzaan").wait_for()
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
