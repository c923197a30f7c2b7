"""The SWV and jeugdregio pages: the region beside the country and its members, the member
chart, unknown codes; in the browser for a PO and a VO SWV."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from dashboard import formatting, ids, queries, verdict
from dashboard.export import registry
from tests.dashboard.layout_text import layout_text


@pytest.fixture(scope="module")
def region(app):
    """The page's functions: its layout from the module as Dash imported it, and its parts."""
    from dashboard.pages.region import members, overview

    page = sys.modules["pages.region.page"]
    return SimpleNamespace(region_layout=page.region_layout,
                           fill_overview=overview.fill_overview,
                           member_chart=members.member_chart,
                           member_data=members.member_data,
                           redraw_members=members.redraw_members)


def test_region_table_has_region_country_and_every_member(app):
    """VO2102's table has the region, Nederland and each member gemeente for every indicator."""
    df = queries.region_table("VO2102")
    members = queries.regions("gemeente")
    assert set(df["indicator_id"]) == set(queries.indicators()["indicator_id"])
    roles = df.groupby("role")["region_code"].nunique()
    assert roles["region"] == 1 and roles["nederland"] == 1 and roles["member"] >= 2
    assert set(df.loc[df["role"] == "member", "region_code"]) <= set(members["region_code"])
    split = df[(df["role"] == "member") & (df["region_code"] == "GM1940")]
    assert split["weight"].iloc[0] < 1


@pytest.mark.parametrize("kind, code", [("swv", "PO2101"), ("swv", "VO2102"),
                                        ("jeugdregio", "JZ02")])
def test_region_layout_shows_every_indicator_and_member(region, kind, code):
    """Every catalogue indicator shown for the level has a row, no other (no VSV for an SWV
    PO, no sbo for an SWV VO); every member links to its gemeente page (in the frame and in the
    overview table filled on load)."""
    text = layout_text(region.region_layout(kind, code))
    df = queries.region_table(code)
    for member in set(df.loc[df["role"] == "member", "region_code"]):
        assert f"[/gemeente/{member}]" in text
    text = layout_text(region.fill_overview({"code": code}))
    level = queries.region(code)["region_level"]
    for ind in queries.indicators().to_dict("records"):
        assert (ind["label"] in text) == verdict.applies(ind, level), (code, ind["indicator_id"])
    df = queries.region_table(code)
    for member in set(df.loc[df["role"] == "member", "region_code"]):
        assert f"[/gemeente/{member}]" in text


def test_split_member_weight_is_in_the_column_header(region):
    """De Fryske Marren appears in VO2102 with its share, e.g. 'De Fryske Marren (52%)'."""
    w = queries.region_table("VO2102").query("region_code == 'GM1940'")["weight"].iloc[0]
    text = layout_text(region.region_layout("swv", "VO2102"))
    assert f"De Fryske Marren ({round(w * 100)}%)" in text


@pytest.mark.parametrize("indicator", ["jeugdhulp", "thuiszitters_4wk", "jeugdpopulatie"])
def test_member_chart_draws_one_bar_per_member(region, indicator):
    """The chart has a bar per member, secret values as words, and a caption with the source."""
    spec, table, caption, title = region.member_chart("PO2101", indicator)
    fig = go.Figure(spec)  # validated by plotly
    df = queries.region_table("PO2101")
    members = df[(df["role"] == "member") & (df["indicator_id"] == indicator)]
    assert len(fig.data[0].y) == len(members) == len(table)
    assert "gemeentelijke indeling" in caption and "Bron:" in caption
    assert not any(t == "0" for t in fig.data[0].text)
    assert title.startswith(queries.indicator(indicator)["label"])
    data = region.member_data("PO2101", indicator)
    assert len(data["rows"]) == len(members) and data["title"] == title


def test_every_catalogue_indicator_renders_in_the_member_chart(region):
    """Each indicator of the catalogue gives a chart without error for a jeugdregio."""
    for ind in queries.indicators()["indicator_id"]:
        spec, *_ = region.member_chart("JZ02", ind)
        assert go.Figure(spec).data


def test_picking_an_indicator_writes_it_into_the_address(region):
    """The callback redraws the chart, marks the pressed button and writes ?indicator=..."""
    out = region.redraw_members(None, {"code": "VO2102", "indicator": "jeugdhulp"},
                                indicator_id="vsv")
    figure, caption, _table, data, title, _style, search = out[:7]
    assert search == "?indicator=vsv"
    assert title.startswith("Voortijdig schoolverlaters") and "DUO" in caption
    assert data == {"code": "VO2102", "indicator": "vsv"}, "the store gets a key, not rows"
    built = registry.build(ids.REGION_PAGE, "members", data)
    assert built.data["rows"]
    assert list(go.Figure(built.figure).data[0].y) == list(figure["data"][0]["y"])


@pytest.mark.parametrize("kind, code", [("swv", "GM0363"), ("swv", "XX99"),
                                        ("jeugdregio", "PO2101")])
def test_unknown_or_wrong_level_code_shows_not_found(region, kind, code):
    """A gemeente code under /swv/ or an unknown code gives the Dutch not-found page."""
    assert "gevonden met code" in layout_text(region.region_layout(kind, code))


@pytest.mark.parametrize("path", ["/swv/PO2101", "/swv/VO2102?indicator=vsv", "/jeugdregio/JZ02"])
def test_swv_page_renders_clean_in_the_browser(page, path):
    """SWV (PO, VO) and jeugdregio pages load with an empty console and no serious axe findings."""
    p = page.open(path)
    p.wait_for_selector("table.region-table")
    p.wait_for_selector(".agreements-section .agreements-empty, .agreements-section .agreement")
    level = queries.region(path.split("/")[2].split("?")[0])["region_level"]
    shown = [i for i in queries.indicators().to_dict("records") if verdict.applies(i, level)]
    assert p.locator("table.region-table tbody tr").count() == len(shown)
    p.wait_for_selector(".js-plotly-plot .bars path", timeout=10_000)
    assert p.locator(".js-plotly-plot .bars path").count() > 2
    page.assert_clean()
    assert page.axe_violations() == []


def test_choosing_an_indicator_updates_chart_and_address(page):
    """Picking another indicator redraws the member chart and puts it in the address."""
    p = page.open("/jeugdregio/JZ02")
    button = p.get_by_role("button", name="Voortijdig schoolverlaters")
    button.focus()
    p.keyboard.press("Enter")
    p.wait_for_url("**/jeugdregio/JZ02?indicator=vsv")
    p.wait_for_function("() => document.querySelector('#regio-members-title')"
                        ".textContent.startsWith('Voortijdig')")
    assert button.get_attribute("aria-pressed") == "true"
    assert p.get_by_role("button", name="Jongeren met jeugdhulp", exact=True) \
        .get_attribute("aria-pressed") == "false"
    page.assert_clean()


def test_region_is_judged_against_the_country_in_words(region):
    """Every judged indicator row carries a verdict of the region against Nederland in words
    (the one rule of dashboard.verdict); a count (the youth population) gets none."""
    text = layout_text(region.fill_overview({"code": "VO2102"}))
    assert "Regio t.o.v. het land" in text
    shown = [i for i in queries.indicators().to_dict("records") if verdict.applies(i, "swv_vo")]
    judged = [i for i in shown if verdict.judged(i)]
    n = sum(text.count(w) for w in ("dan het land", "vergelijkbaar met het land",
                                    f"{verdict.UNJUDGED}:"))
    assert n == len(judged) < len(shown)
    assert "geen oordeel bij een aantal" in text
    assert "geen oordeel:" not in text and "ondergrens" not in text


def test_region_table_writes_intervals_with_the_one_figure_rule(region):
    """A region total with secret members reads as its interval ('1,3–1,4%', formatting.figure)
    in the overview, not as '≥ 1,3%', wherever the upper end is known."""
    df = queries.region_table("JZ02")
    text = layout_text(region.fill_overview({"code": "JZ02"}))
    inds = {i["indicator_id"]: i for i in queries.indicators().to_dict("records")}
    partly = [r for r in df.to_dict("records") if r["role"] == "region" and r["lower_bound"]]
    assert partly
    for r in partly:
        shown = formatting.figure(r, inds[r["indicator_id"]], cell=True)
        assert shown in text
        assert shown.startswith("≥") == formatting.is_missing(r["value_high"])
    assert any("–" in formatting.figure(r, inds[r["indicator_id"]]) for r in partly)
