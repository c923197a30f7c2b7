"""The indicator page: server-side layout for every indicator and level, URL parsing, the
callbacks called directly, and the real page in Chromium."""

import re

import dash
import plotly.graph_objects as go
import pytest

from dashboard import queries, verdict
from dashboard.export import registry

LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie")


@pytest.fixture(scope="module")
def indicator_layout(app):
    """The page's layout function as Dash registered it."""
    page = next(p for p in dash.page_registry.values()
                if p["path_template"] == "/indicator/<indicator_id>")
    return page["layout"]


def text_of(component) -> str:
    """All text in a layout tree (strings, Markdown, props like href)."""
    parts = []

    def walk(node):
        if isinstance(node, (list, tuple)):
            for n in node:
                walk(n)
        elif isinstance(node, str):
            parts.append(node)
        elif hasattr(node, "to_plotly_json"):
            props = node.to_plotly_json()["props"]
            for key in ("href", "value"):
                if isinstance(props.get(key), str):
                    parts.append(props[key])
            walk(props.get("children"))
    walk(component)
    return "\n".join(parts)


def test_layout_renders_for_every_indicator_and_every_level(indicator_layout):
    """Each catalogue indicator renders server-side, the levels taken in turn so that every
    level is rendered too; each shows its label, and the callbacks that fill the page on load
    draw the three charts and the table."""
    from dashboard.pages.indicator import callbacks, state

    ids = list(queries.indicators()["indicator_id"])
    assert len(ids) >= len(LEVELS)
    for i, ind in enumerate(ids):
        shown = [lv for lv in LEVELS if verdict.applies(queries.indicator(ind), lv)]
        level = shown[i % len(shown)]
        text = text_of(indicator_layout(indicator_id=ind, niveau=level))
        label = queries.indicator(ind)["label"]
        assert label in text, (ind, level)
        assert "Deze indicatorpagina bestaat niet" not in text, (ind, level)
        assert "Ontwikkeling in de tijd" in text and "Kaart" in text
        view = state.parse(ind, None, level)
        store = {"indicator": ind, "level": level, "period": view.period, "sort": "naam"}
        for redraw in (callbacks.redraw_map, callbacks.redraw_distribution,
                       callbacks.redraw_trend):
            figure, caption, _table, data = redraw("", store)[:4]
            assert figure["data"] and "gemeentelijke indeling" in caption, (ind, level)
            assert data == {**store, "region": None}, (ind, level)  # the view's key
        assert label in str(callbacks.redraw_table("", store)), (ind, level)


@pytest.mark.parametrize("query, expected, link", [
    (dict(indicator_id="bestaat_niet"), "geen indicator van deze monitor",
     "/indicator/jeugdhulp"),
    (dict(indicator_id="jeugdhulp", regio="GM9999"), "geen regio met code ‘GM9999’",
     "/indicator/jeugdhulp"),
    (dict(indicator_id="jeugdhulp", niveau="wijk"), "‘wijk’ is geen niveau",
     "/indicator/jeugdhulp?niveau=swv_po"),
    (dict(indicator_id="jeugdhulp", periode="2024x"), "Periode ‘2024x’ bestaat niet",
     "/indicator/jeugdhulp?periode=2023"),
    (dict(indicator_id="vsv", periode="2024"), "Periode ‘2024’ bestaat niet",
     "/indicator/vsv?periode=2023%2F2024"),
    (dict(indicator_id="vsv", niveau="swv_po"), "geldt niet voor SWV's PO",
     "/indicator/vsv?niveau=swv_vo"),
    (dict(indicator_id="deelname_sbo", regio="VO2708"), "geldt niet voor SWV's VO",
     "/indicator/deelname_sbo?regio=VO2708&niveau=swv_po"),
])
def test_bad_url_values_give_dutch_help_with_links(indicator_layout, query, expected, link):
    """A bad indicator, region, level or period explains itself and links to valid values."""
    text = text_of(indicator_layout(**query))
    assert "Deze indicatorpagina bestaat niet zo" in text
    assert expected in text and link in text


def test_dissolved_gemeente_code_points_to_its_successor(indicator_layout):
    """Haaren (GM0788, split in 2021) is explained with links to the gemeenten it went to."""
    text = text_of(indicator_layout(indicator_id="jeugdhulp", regio="GM0788"))
    assert "herindeling" in text and "regio=GM" in text


def test_region_of_another_level_becomes_the_region_that_holds_it():
    """Amsterdam at SWV VO level is shown as the VO SWV holding most of its youth."""
    from dashboard.pages.indicator import state

    view = state.parse("jeugdhulp", "GM0363", "swv_vo")
    assert view.region == "VO2708" and view.level == "swv_vo"
    assert view.period == queries.indicator_periods("jeugdhulp")[-1]


def test_region_search_text_is_read_only_when_it_names_a_region(app):
    """'Utrecht (GM0344)', a bare code, a whole name or alias (any case, no accents needed)
    resolve; half-typed text does not."""
    from dashboard.pages.indicator import controls

    assert controls.region_from_text("Utrecht (GM0344)", "gemeente") == "GM0344"
    assert controls.region_from_text("gm0344", "gemeente") == "GM0344"
    assert controls.region_from_text("utrecht", "gemeente") == "GM0344"
    assert controls.region_from_text("Utre", "gemeente") is None
    # A common name or one typed without its accents, whole: the region it names.
    assert controls.region_from_text("den haag", "gemeente") == "GM0518"
    assert controls.region_from_text("Sudwest-Fryslan", "gemeente") == "GM1900"
    assert controls.region_from_text("Den Hel", "gemeente") is None
    assert controls.region_from_text("PO2707 — Amsterdam, Diemen", "swv_po") == "PO2707"


def test_choosing_a_region_redraws_charts_and_returns_the_new_url(app):
    """The callbacks, called directly, highlight the new region and give its URL."""
    from dash.exceptions import PreventUpdate

    from dashboard.pages.indicator import callbacks

    store = {"indicator": "jeugdhulp", "level": "gemeente", "period": "2023", "sort": "naam"}
    figure, caption, _table, data = callbacks.redraw_map("Utrecht (GM0344)", store)
    figure = go.Figure(figure)  # validates the figure dict
    outline = [t for t in figure.data if t.type == "choropleth" and t.hoverinfo == "skip"]
    assert list(outline[-1].locations) == ["GM0344"]
    assert "2023" in caption and data["region"] == "GM0344"
    built = registry.build("indicator", "kaart", data)
    assert built.data["rows"] and go.Figure(built.figure).data[-1].locations == ("GM0344",)
    *_, percentile = callbacks.redraw_distribution("Utrecht (GM0344)", store)
    assert re.match(r"Utrecht ligt hoger dan \d+% van de gemeenten", percentile)
    *_, url = callbacks.redraw_links("GM0344", store)
    assert url == "/indicator/jeugdhulp?regio=GM0344&niveau=gemeente&periode=2023"
    with pytest.raises(PreventUpdate):
        callbacks.redraw_trend("Utre", store)


def test_after_reading_ahead_no_map_reads_boundaries(app, monkeypatch):
    """`warm.read_ahead` reads every map level's boundaries and centres, so the first map of
    a level drawn after a worker starts (or opens a new build) reads only its figures."""
    from dashboard import warm
    from dashboard.pages.indicator import charts, state
    from dashboard.queries import levels

    levels._region_shapes.cache_clear()
    charts.region_centres.cache_clear()
    warm.read_ahead()
    calls = []
    real = levels._df
    monkeypatch.setattr(levels, "_df", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    ind = queries.indicator("jeugdhulp")
    for level in queries.MAP_LEVELS:
        fig, *_ = charts.map_parts(state.View(ind, level, None, "2023", "naam"))
        assert fig["data"][0]["geojson"]["features"], level
    assert calls and not [q for q in calls if "region_shapes" in q], calls


def test_trend_caption_names_classification_year_and_demo(app):
    """The trend's caption states source, classification year, status and the demo label."""
    from dashboard import formatting
    from dashboard.pages.indicator import charts, state

    _fig, _table, caption = charts.trend_parts(state.parse("jeugdhulp", "GM0363"))
    assert "85098NED" in caption and "indeling 2024" in caption
    assert "voorlopig" in caption and formatting.DEMO_LABEL in caption


# --- in the browser ---------------------------------------------------------------------

def chart_selector(name: str) -> str:
    return f'[id^="{{"][id*="\\"name\\":\\"{name}\\""][id*="\\"page\\":\\"indicator\\""]'


@pytest.mark.browser
@pytest.mark.parametrize("path, shot", [
    ("/indicator/jeugdhulp?regio=GM0363&niveau=gemeente", "indicator_jeugdhulp_gm0363"),
    ("/indicator/vsv?regio=VO2708&niveau=swv_vo", "indicator_vsv_vo2708"),
])
def test_indicator_page_loads_clean_with_a_drawn_map(page, path, shot):
    """Empty console, no axe serious/critical violations, the map really drew shapes, and the
    table and the search field's suggestions hold every region of the level, written as
    markup: the page fetches neither the Markdown parser nor plotly's world base map."""
    fetched = []
    page.page.on("request", lambda r: fetched.append(r.url))
    p = page.open(path)
    p.wait_for_selector(".choroplethlayer path", timeout=15_000)
    assert p.locator(".choroplethlayer path").count() > 10
    assert p.locator(".js-plotly-plot").count() == 3
    level = "gemeente" if "gemeente" in path else "swv_vo"
    n = len(queries.regions(level))
    assert p.locator("#indicator-table-rows table.data tbody tr").count() == n
    assert p.locator("#indicator-region-options option").count() == n
    assert not [u for u in fetched if "world_110m" in u or "async-markdown" in u], fetched
    p.screenshot(path=f"/tmp/shots/{shot}.png", full_page=True)
    page.assert_clean()
    assert page.axe_violations() == []


@pytest.mark.browser
def test_switching_the_level_updates_charts_and_url(page):
    """Clicking 'SWV PO' shows the SWV holding Amsterdam, in the URL and on the page."""
    p = page.open("/indicator/jeugdhulp?regio=GM0363")
    p.get_by_role("link", name="SWV PO").click()
    p.wait_for_function("() => document.querySelector('#indicator-percentile')"
                        ".innerText.includes(\"SWV's PO\")", timeout=15_000)
    page.settle()
    assert "regio=PO2707" in p.url and "niveau=swv_po" in p.url
    assert p.locator("#indicator-region").input_value().startswith("PO2707")
    page.assert_clean()


@pytest.mark.browser
def test_typing_a_region_updates_charts_url_and_keeps_focus(page):
    """Choosing Utrecht in the search field redraws in place and rewrites the URL."""
    p = page.open("/indicator/jeugdhulp?regio=GM0363")
    p.locator("#indicator-region").fill("Utrecht (GM0344)")
    p.wait_for_function("() => location.search.includes('regio=GM0344')", timeout=15_000)
    page.settle()
    assert p.locator("#indicator-percentile").inner_text().startswith("Utrecht ligt hoger")
    assert p.evaluate("document.activeElement.id") == "indicator-region"
    page.assert_clean()


@pytest.mark.browser
def test_deep_link_reopens_the_same_view(page):
    """A URL with regio, niveau and periode reopens that view, and the URL stays as it was."""
    path = "/indicator/jeugdhulp?regio=JZ13&niveau=jeugdregio&periode=2019"
    p = page.open(path)
    assert p.url.endswith(path)
    assert p.locator("#indicator-region").input_value().endswith("(JZ13)")
    assert p.locator("#indicator-period [aria-current]").inner_text() == "2019"
    assert p.locator("#indicator-level [aria-current]").inner_text() == "Jeugdregio"
    assert "2019 · " in p.locator("#indicator-kaart-caption").inner_text()
    page.assert_clean()


@pytest.mark.browser
def test_unknown_indicator_shows_helpful_message(page):
    """An unknown indicator id answers in Dutch with links to real indicators."""
    p = page.open("/indicator/bestaat_niet?regio=GM0363")
    assert "bestaat niet" in p.locator("h1").inner_text()
    assert p.locator('a[href="/indicator/jeugdhulp"]').count() == 1
    page.assert_clean()


def test_level_switch_offers_only_the_levels_an_indicator_is_shown_for():
    """VSV (a VO figure) offers no SWV PO level, special primary education no SWV VO."""
    from dashboard.pages.indicator import controls, state

    for ind, absent in (("vsv", "swv_po"), ("deelname_sbo", "swv_vo")):
        text = text_of(controls.switches(state.parse(ind)))
        assert f"niveau={absent}" not in text and "niveau=gemeente" in text, ind
