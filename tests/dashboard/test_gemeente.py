"""The gemeente profile: its queries on the session warehouse, the layout for a sample of
gemeenten (split, herindeling successor, dissolved, unknown), and the page in the browser."""

from __future__ import annotations

import shutil
import sys

import duckdb
import pytest

from dashboard import db, formatting, queries
from tests.dashboard.layout_text import layout_text

SPLIT = "GM1940"        # De Fryske Marren: four VO SWVs
SUCCESSOR = "GM1979"    # Eemsdelta (2021: Appingedam, Delfzijl, Loppersum)
SAMPLE = [SPLIT, SUCCESSOR, "GM0363", "GM0479", "GM0096"]


@pytest.fixture(scope="module")
def page_module(app):
    """The page module as Dash imported it (importing it again would register it twice)."""
    return sys.modules["pages.gemeente.page"]


def rendered(layout) -> list:
    """The layout with what its callbacks fill in on load: summary, domain tables, caption."""
    from dashboard.pages.gemeente import callbacks

    def find(node):
        if isinstance(node, (list, tuple)):
            return next((f for n in node if (f := find(n)) is not None), None)
        if getattr(node, "id", None) == callbacks.STATE:
            return node.data
        return find(getattr(node, "children", None)) if hasattr(node, "children") else None

    state = find(layout)
    if state is None:
        return [layout]
    return [layout, *callbacks.draw_summary(state),
            *[callbacks.draw_domain(d, state) for d in ("jeugdhulp", "onderwijs", "context")]]


def test_split_gemeente_has_every_swv_with_weights_summing_to_one(app):
    """De Fryske Marren lists all four VO SWVs, largest share first, and the shares sum to 1."""
    cmp = queries.comparison_regions(SPLIT)
    vo = cmp[cmp["role"] == "swv_vo"]
    assert len(vo) == 4
    assert vo["weight"].sum() == pytest.approx(1.0)
    assert list(vo["weight"]) == sorted(vo["weight"], reverse=True)
    assert set(cmp["role"]) == set(queries.PROFILE_ROLES)


def test_comparison_regions_is_empty_for_a_non_gemeente(app):
    """An SWV code is not a gemeente: no comparison regions."""
    assert queries.comparison_regions("PO2101").empty
    assert queries.comparison_regions("GM9999").empty


def test_profile_has_every_indicator_and_role_at_one_period(app):
    """Every catalogue indicator appears for every role, all at the gemeente's latest period."""
    prof = queries.profile(SPLIT)
    assert set(prof["indicator_id"]) == set(queries.indicators()["indicator_id"])
    for _ind, part in prof.groupby("indicator_id"):
        assert part["period"].nunique() == 1
        assert set(part["role"]) == set(queries.PROFILE_ROLES)
    assert not prof["source"].dropna().str.startswith("eigen:").any()


def test_profile_values_match_the_facts_view(app):
    """The gemeente's value in the profile is the warehouse's fact at that period."""
    prof = queries.profile("GM0479")
    row = prof[(prof["indicator_id"] == "jeugdhulp") & (prof["role"] == "self")].iloc[0]
    expected = db.cursor().execute(
        "SELECT value FROM facts WHERE indicator_id = 'jeugdhulp' AND region_code = 'GM0479' "
        "AND period = ? AND classification_year = ? AND source = 'demo'",
        [row["period"], queries.latest_classification_year()]).fetchone()[0]
    assert row["value"] == pytest.approx(expected)


def test_suppressed_cells_have_no_value_and_partly_secret_totals_carry_their_interval(app):
    """Secret cells carry no number and no interval; a region total with secret members starts
    at its value (the published members) and ends, where known, at or above it."""
    prof = queries.profile("GM0096")
    secret = prof[prof["suppressed"].fillna(False).astype(bool)]
    assert not secret.empty and secret[["value", "value_low", "value_high"]].isna().all().all()
    lb = prof[prof["lower_bound"].fillna(False).astype(bool)]
    assert not lb.empty and (lb["value_low"] == lb["value"]).all()
    assert (lb["value_high"].isna() | (lb["value_high"] >= lb["value"])).all()
    assert (lb["value_high"] > lb["value"]).any()


@pytest.mark.parametrize("code", SAMPLE)
def test_position_counts_the_other_gemeenten_one_by_one(app, code):
    """Each profile row's position equals counting every other published gemeente by hand:
    surely below = its upper end under the gemeente's lower end, possibly below = its lower end
    under the gemeente's upper end; quantiles interpolated linearly (numpy's default)."""
    import numpy as np

    from dashboard.pages.gemeente import table

    rows = {r["indicator_id"]: r for r in table.row_data(code, "nederland")}
    placed = 0
    for ind, r in rows.items():
        if r["period"] is None:
            continue
        level = queries.level_values(ind, "gemeente", r["period"]).to_dict("records")
        ends = {g["region_code"]: formatting.interval(g) for g in level}
        published = [g["value"] for g in level if ends[g["region_code"]] is not None]
        assert r["pct"]["n"] == len(published)
        for q in table.QUANTILES:
            assert r["pct"][f"p{round(q * 100):02d}"] == pytest.approx(
                np.quantile(published, q), rel=1e-12)
        mine = formatting.interval(r["self"])
        others = [e for c, e in ends.items() if c != code and e is not None]
        if mine is None:
            assert r["pct"]["rank_pct"] is None
            continue
        assert r["pct"]["rank_pct"] == pytest.approx(
            100 * sum(high < mine[0] for _, high in others) / len(others))
        assert r["pct"]["rank_high_pct"] == pytest.approx(
            100 * sum(low < mine[1] for low, _ in others) / len(others))
        placed += 1
    assert placed >= 5  # Vlieland (GM0096) has 5 published figures, the others 15 or more


def test_after_reading_ahead_a_gemeente_costs_one_query(app, monkeypatch):
    """Once `warm.read_ahead` has read what all gemeenten share (every level's latest figures,
    the distributions, the comparison regions, the country's series), a gemeente's rows cost
    one warehouse query: its own figures, which its profile and trend share."""
    from dashboard import warm
    from dashboard.pages.gemeente import table
    from dashboard.queries import base, comparisons, levels

    warm.read_ahead()
    calls = []
    for module in (base, comparisons, levels):
        real = module._df
        monkeypatch.setattr(module, "_df", lambda *a, real=real, **k: calls.append(a[0])
                            or real(*a, **k))
    rows = table.row_data("GM0599", "swv_po")
    assert len(calls) == 1, calls
    assert sum(r["pct"] is not None and r["pct"]["rank_pct"] is not None for r in rows) >= 15


def test_trend_covers_every_period_in_the_latest_classification(app):
    """The back-cast trend of a herindeling successor starts before the merger."""
    tr = queries.trend("jeugdhulp", [SUCCESSOR, "NL01"])
    own = tr[tr["region_code"] == SUCCESSOR]
    assert own["period"].min() < "2021" and own["period"].is_unique
    assert set(tr.columns) >= {"region_code", "period", "value", "suppressed", "lower_bound",
                               "status", "demo"}


def test_latest_successors_follow_the_herindeling(app):
    """Haaren went into four gemeenten; Appingedam into Eemsdelta; Amsterdam into none."""
    assert set(queries.latest_successors("GM0788")["new_name"]) == {
        "Boxtel", "Oisterwijk", "Tilburg", "Vught"}
    assert list(queries.latest_successors("GM0003")["new_code"]) == [SUCCESSOR]
    assert queries.latest_successors("GM0363").empty


@pytest.mark.parametrize("code", SAMPLE)
def test_profile_layout_shows_every_catalogue_indicator(page_module, code):
    """The profile of each sampled gemeente renders with a row (and link) per indicator."""
    text = layout_text(rendered(page_module.layout(code=code)))
    for ind in queries.indicators().to_dict("records"):
        assert f"/indicator/{ind['indicator_id']}?regio={code}&niveau=gemeente" in text
        assert ind["label"] in text
    assert "Traceback" not in text


def test_split_gemeente_layout_states_its_swv_shares(page_module):
    """De Fryske Marren's page says which share of its youth lives in each VO SWV."""
    text = layout_text(page_module.layout(code=SPLIT))
    cmp = queries.comparison_regions(SPLIT)
    for r in cmp[cmp["role"] == "swv_vo"].to_dict("records"):
        assert f"{round(r['weight'] * 100)}% in " in text and r["region_code"] in text


def test_suppressed_value_is_shown_as_secret_never_zero(page_module):
    """A secret cell reads 'geheim (< 8)' on the page."""
    assert formatting.SUPPRESSED_TEXT in layout_text(rendered(page_module.layout(code="GM0096")))


def test_verdict_reference_and_sort_come_from_the_address(page_module):
    """?oordeel=jeugdregio&sorteer=oordeel judges against the jeugdregio."""
    text = layout_text(rendered(
        page_module.layout(code="GM0479", oordeel="jeugdregio", sorteer="oordeel")))
    cmp = queries.comparison_regions("GM0479")
    region = cmp[cmp["role"] == "jeugdregio"].iloc[0]["region_name"]
    assert f"Ten opzichte van jeugdregio {region}" in text
    bogus = layout_text(rendered(
        page_module.layout(code="GM0479", oordeel="<script>", sorteer="x")))
    assert "Ten opzichte van het land" in bogus and "<script>" not in bogus


def test_dissolved_split_gemeente_lists_all_successors(page_module):
    """Haaren's old code explains the split and links to every successor."""
    text = layout_text(page_module.layout(code="GM0788"))
    assert "Haaren (GM0788) is per 2021 opgeheven" in text
    for code in ("GM0757", "GM0824", "GM0855", "GM0865"):
        assert f"/gemeente/{code}?van=GM0788" in text


def test_merged_gemeente_redirects_to_its_successor(page_module):
    """Appingedam's code carries a redirect to Eemsdelta, whose page then explains the move."""
    text = layout_text(page_module.layout(code="GM0003"))
    assert f"/gemeente/{SUCCESSOR}?van=GM0003" in text
    note = layout_text(page_module.layout(code=SUCCESSOR, van="GM0003"))
    assert "Appingedam (GM0003) is per 2021 opgegaan in Eemsdelta" in note


@pytest.mark.parametrize("code", ["GM9999", "ZAANSTAD", "", "'; DROP TABLE facts; --"])
def test_unknown_code_shows_dutch_not_found_with_suggestions(page_module, code):
    """An unknown code answers with a Dutch page; a name typed as code finds the gemeente."""
    text = layout_text(page_module.layout(code=code))
    assert "Geen gemeente gevonden" in text
    if code == "ZAANSTAD":
        assert "/gemeente/GM0479" in text


def test_own_registrations_appear_beside_the_public_value(app, warehouse, tmp_path):
    """A fact with source 'eigen:<file>' shows as an extra line under the public value."""
    copy = tmp_path / "own.duckdb"
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("""
            INSERT INTO fct_indicator_values
            SELECT * REPLACE ('eigen:verzuim_zaanstad.csv' AS source, 7.5 AS value,
                              7.5 AS value_low, 7.5 AS value_high)
            FROM fct_indicator_values
            WHERE indicator_id = 'absoluut_verzuim' AND region_code = 'GM0479'
              AND classification_year = 2024 AND period = '2023/2024'""")
    db.configure(copy)
    try:
        own = queries.own_values("GM0479")
        assert list(own["source"]) == ["eigen:verzuim_zaanstad.csv"]
        prof = queries.profile("GM0479")
        assert not prof["source"].dropna().str.startswith("eigen:").any()
        text = layout_text(rendered(sys.modules["pages.gemeente.page"].layout(code="GM0479")))
        assert "eigen registratie schooljaar 2023/2024: 7,5 per 1.000" in text
        assert "verzuim_zaanstad.csv" in text
    finally:
        db.configure(warehouse)


# --- in the browser ---------------------------------------------------------------------------

def test_profile_page_is_clean_and_accessible(page):
    """The split gemeente's profile loads with an empty console and no serious axe findings."""
    p = page.open(f"/gemeente/{SPLIT}")
    assert "De Fryske Marren" in p.locator("h1").inner_text()
    # The tables are drawn in requests after the frame: wait for the last domain's.
    p.wait_for_selector("#gemeente-domain-context table.profile-table")
    p.wait_for_selector(".agreements-section .agreements-empty, .agreements-section .agreement")
    assert p.locator("table.profile-table tbody tr").count() == len(queries.indicators())
    page.assert_clean()
    assert page.axe_violations() == []


def test_dissolved_code_redirects_with_a_note(page):
    """GM0788 (Haaren) shows the split note with its successors; GM0003 lands on Eemsdelta."""
    p = page.open("/gemeente/GM0788")
    assert "opgeheven en verdeeld over" in p.locator(".notice").inner_text()
    assert p.locator(".notice a").count() == 4
    p = page.open("/gemeente/GM0003")
    p.wait_for_url(f"**/gemeente/{SUCCESSOR}?van=GM0003")
    p.wait_for_selector(".profile-page")
    assert "opgegaan in Eemsdelta" in p.locator(".notice").inner_text()
    page.assert_clean()


def test_unknown_code_shows_not_found_text(page):
    """An unknown code in the browser shows the Dutch not-found text, no error overlay."""
    p = page.open("/gemeente/GM9999")
    assert "Geen gemeente gevonden met code" in p.locator("h1").inner_text()
    page.assert_clean()
