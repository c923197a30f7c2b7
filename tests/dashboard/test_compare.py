"""The /vergelijk page: URL parsing with the six-region limit, the add-region callback taking
names as typed, and the real page in Chromium."""

import sys

import dash
import plotly.graph_objects as go
import pytest

from tests.dashboard.layout_text import layout_text


@pytest.fixture(scope="module")
def compare(app):
    """The compare page module as Dash loaded it (its callbacks are registered once)."""
    page = next(p for p in dash.page_registry.values() if p["path"] == "/vergelijk")
    return sys.modules[page["module"]]


SEVEN = "GM0363,GM0344,GM0599,GM0518,GM0014,GM0034,GM0080"


def test_a_seventh_region_in_the_url_is_refused_with_a_message(compare):
    """Only the first six regions are kept; the message names the one left out."""
    regions, inds, messages = compare.parse(SEVEN, "jeugdhulp")
    assert [r["region_code"] for r in regions] == SEVEN.split(",")[:6]
    assert inds == ["jeugdhulp"]
    assert any("maximaal 6" in m and "Leeuwarden" in m for m in messages)


def test_unknown_codes_and_indicators_are_named_not_fatal(compare):
    """A bad region code or indicator id is left out with a Dutch note."""
    regions, inds, messages = compare.parse("GM0363,XX99", "jeugdhulp,onzin")
    assert [r["region_code"] for r in regions] == ["GM0363"] and inds == ["jeugdhulp"]
    assert any("XX99" in m for m in messages) and any("onzin" in m for m in messages)


def test_add_region_callback_refuses_a_seventh_and_adds_a_sixth(compare):
    """The callback writes the new query string, or refuses when six are chosen."""
    six = SEVEN.split(",")[:6]
    url, message = compare.add_region(1, None, "Leeuwarden (GM0080)",
                                      {"regions": six, "indicators": ["vsv"]})
    assert url is dash.no_update and "maximaal 6" in layout_text(message)
    url, message = compare.add_region(1, None, "GM0080",
                                      {"regions": six[:5], "indicators": ["vsv"]})
    assert url == "?regios=" + ",".join([*six[:5], "GM0080"]) + "&indicatoren=vsv"
    assert message is None


def test_add_region_takes_names_as_people_type_them(compare):
    """A common name, a name without accents or a Frisian name is added; a name of several
    regions offers each as a link adding it; nothing found says so in Dutch."""
    store = {"regions": ["GM0363"], "indicators": ["vsv"]}
    for text, code in (("Den Haag", "GM0518"), ("sudwest fryslan", "GM1900"),
                       ("Ljouwert", "GM0080")):
        url, _message = compare.add_region(1, None, text, store)
        assert url == f"?regios=GM0363,{code}&indicatoren=vsv"
    url, message = compare.add_region(1, None, "Utrecht", store)
    text = layout_text(message)
    assert url is dash.no_update
    assert "‘Utrecht’ is de naam van 3 regio's. Kies welke u bedoelt:" in text
    for code in ("GM0344", "PV26", "MC19"):
        assert f"[/vergelijk?regios=GM0363,{code}&indicatoren=vsv]" in text
    url, message = compare.add_region(1, None, "qqqxyz", store)
    assert url is dash.no_update and "Geen regio gevonden voor ‘qqqxyz’" in layout_text(message)
    url, message = compare.add_region(1, None, "amsterdam", store)
    assert url is dash.no_update and "staat al in de vergelijking" in layout_text(message)


def test_layout_draws_one_small_chart_per_indicator(compare):
    """Two indicators and three regions: two chart slots, each drawn on load with three
    lines."""
    layout = compare.layout(regios="GM0363,PO2707,NL01", indicatoren="jeugdhulp,vsv")
    grid = [c for c in layout.children if getattr(c, "id", None) == "vergelijk-charts"][0]
    store = [c for c in layout.children if getattr(c, "id", None) == "vergelijk-state"][0].data
    assert [s.id["indicator"] for s in grid.children] == ["jeugdhulp", "vsv"]
    # The callback answers plain data (html.Div(chart block) as JSON): its second child is
    # the graph.
    graphs = [go.Figure(compare.draw_chart(s.id, store)["props"]["children"][1]["props"][
        "figure"]) for s in grid.children]
    assert len(graphs) == 2 and all(len(g.data) == 3 for g in graphs)


@pytest.mark.browser
def test_compare_page_renders_clean(page):
    """Small multiples for three regions load with an empty console and no axe violations."""
    p = page.open("/vergelijk?regios=GM0363,PO2707,VO2708&indicatoren=jeugdhulp,vsv")
    p.wait_for_selector(".compare-grid .js-plotly-plot .scatterlayer", timeout=15_000)
    assert p.locator(".compare-grid .js-plotly-plot").count() == 2
    p.screenshot(path="/tmp/shots/vergelijk.png", full_page=True)
    page.assert_clean()
    assert page.axe_violations() == []


@pytest.mark.browser
def test_adding_typed_names_in_the_browser_updates_url_and_charts(page):
    """Typing 'Den Haag' and pressing Toevoegen adds 's-Gravenhage to the URL; typing
    'utrecht' offers three regions, and clicking the gemeente adds it: three lines."""
    p = page.open("/vergelijk?regios=GM0363&indicatoren=jeugdhulp")
    p.locator("#vergelijk-regions").fill("Den Haag")
    p.get_by_role("button", name="Toevoegen").click()
    p.wait_for_function("() => location.search.includes('GM0518')", timeout=15_000)
    p.get_by_text("'s-Gravenhage (GM0518, gemeente)").wait_for(timeout=15_000)
    page.settle()
    p.locator("#vergelijk-regions").fill("utrecht")
    p.locator("#vergelijk-regions").press("Enter")
    choices = p.locator("#vergelijk-message .suggestions a")
    choices.first.wait_for(timeout=15_000)
    assert "is de naam van 3 regio's" in p.locator("#vergelijk-message").inner_text()
    assert choices.count() == 3
    p.get_by_role("link", name="Utrecht (GM0344, gemeente)").click()
    p.wait_for_function("() => location.search.includes('GM0518,GM0344')", timeout=15_000)
    p.wait_for_function("() => document.querySelectorAll('.compare-grid .legendtext').length"
                        " === 3", timeout=15_000)
    page.settle()
    page.assert_clean()
