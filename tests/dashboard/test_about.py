"""The /over page: an anchor per indicator, the demonstration section and the build info."""

import dash
import pytest

from dashboard import queries


@pytest.fixture(scope="module")
def about_layout(app):
    page = next(p for p in dash.page_registry.values() if p["path"] == "/over")
    return page["layout"]


def ids_in(node) -> list:
    found = []

    def walk(n):
        if isinstance(n, (list, tuple)):
            for m in n:
                walk(m)
        elif hasattr(n, "to_plotly_json"):
            props = n.to_plotly_json()["props"]
            if props.get("id"):
                found.append(props["id"])
            walk(props.get("children"))
    walk(node)
    return found


def test_every_indicator_has_an_anchor_section(about_layout):
    """/over#<indicator_id> exists for every catalogue entry, plus #voorbeeldcijfers."""
    anchors = set(ids_in(about_layout()))
    assert set(queries.indicators()["indicator_id"]) <= anchors
    assert "voorbeeldcijfers" in anchors


def test_build_info_lists_source_files_with_hashes(about_layout):
    """The build section shows every source file and its sha256 from build_info."""
    text = str(about_layout())
    info = queries.build_info()
    assert info["code_version"] in text
    assert "national_figures.csv" in text
    assert any(len(tok) == 64 for tok in text.replace("'", " ").split())


def test_indicator_sections_say_where_they_apply_and_whether_judged(about_layout):
    """Each indicator says for which levels it is shown and whether it is judged; no internal
    references such as '(DOMAIN: ...)' reach the page."""
    text = str(about_layout())
    assert "DOMAIN" not in text
    indicators = next(c for c in about_layout().children if getattr(c, "id", None) ==
                      "indicatoren")
    sections = {c.id: str(c) for c in indicators.children if getattr(c, "id", None)}
    assert "alle niveaus behalve SWV's primair onderwijs" in sections["vsv"]
    assert "alle niveaus behalve SWV's voortgezet onderwijs" in sections["deelname_sbo"]
    assert "'alle niveaus'" in sections["jeugdhulp"]
    assert "geen: een aantal" in sections["jeugdpopulatie"]
    assert "hele marge" in sections["jeugdhulp"]


@pytest.mark.browser
def test_about_page_renders_clean_and_anchors_work(page):
    """The page loads clean, passes axe, and #jeugdhulp is a real target."""
    p = page.open("/over#jeugdhulp")
    assert p.locator("section#jeugdhulp h3").inner_text() == "Jongeren met jeugdhulp"
    assert "synthetisch" in p.locator("#voorbeeldcijfers").inner_text() or \
        "verzonnen" in p.locator("#voorbeeldcijfers").inner_text()
    p.screenshot(path="/tmp/shots/over.png", full_page=False)
    page.assert_clean()
    assert page.axe_violations() == []
