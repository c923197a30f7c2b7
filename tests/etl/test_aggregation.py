"""Given/expected tables for the aggregation SQL (etl/sql/10-30), run on a tiny warehouse.

The layout: in 2020 gemeenten GM0001, GM0002, GM0003; on 1-1-2021 GM0003 is split, a quarter
to GM0001 and three quarters to GM0002. GM0002 is split over two SWVs (40% PO0001, 60% PO0002).
"""

import duckdb
import pandas as pd
import pytest

from etl.build import TRANSFORMS, run_sql

GEMEENTEN = [("GM0001", 2020), ("GM0002", 2020), ("GM0003", 2020),
             ("GM0001", 2021), ("GM0002", 2021)]
MEMBERS = [  # region_code, gemeente_code, weight, classification_year, region_level
    ("PO0001", "GM0001", 1.0, 2021, "swv_po"), ("PO0001", "GM0002", 0.4, 2021, "swv_po"),
    ("PO0002", "GM0002", 0.6, 2021, "swv_po"),
    ("NL01", "GM0001", 1.0, 2021, "nederland"), ("NL01", "GM0002", 1.0, 2021, "nederland"),
    ("PO0001", "GM0001", 1.0, 2020, "swv_po"), ("PO0001", "GM0002", 0.4, 2020, "swv_po"),
    ("PO0002", "GM0002", 0.6, 2020, "swv_po"), ("PO0002", "GM0003", 1.0, 2020, "swv_po"),
    ("NL01", "GM0001", 1.0, 2020, "nederland"), ("NL01", "GM0002", 1.0, 2020, "nederland"),
    ("NL01", "GM0003", 1.0, 2020, "nederland"),
]
SUCCESSORS = [(2020, "GM0001", "GM0001", 1.0), (2020, "GM0002", "GM0002", 1.0),
              (2020, "GM0003", "GM0001", 0.25), (2020, "GM0003", "GM0002", 0.75)]


def fact(region, period, numerator, denominator, suppressed=False, source="test",
         secret_max=None):
    cy = int(period)
    return {"indicator_id": "x", "region_code": region, "period": period,
            "classification_year": cy, "numerator": numerator, "denominator": denominator,
            "status": "definitief", "suppressed": suppressed, "rounded_to": 5,
            "raw_token": "." if suppressed else str(numerator), "demo": False, "source": source,
            "note": None, "secret_max": secret_max}


def secret(region, period, denominator, secret_max=7):
    return fact(region, period, None, denominator, suppressed=True, secret_max=secret_max)


def aggregate(facts: list[dict], latest: int = 2021, unit: str = "pct") -> pd.DataFrame:
    """Run the real transforms on the given gemeente facts; return the facts table."""
    con = duckdb.connect()
    scale = {"pct": 100, "count": 1}[unit]
    con.from_df(pd.DataFrame([{"indicator_id": "x", "unit": unit, "scale": scale,
                               "denominator_population": "0_17"}])).create("dim_indicators")
    con.from_df(pd.DataFrame(GEMEENTEN, columns=["gemeente_code", "classification_year"])
                ).create("dim_gemeenten")
    con.from_df(pd.DataFrame(MEMBERS, columns=["region_code", "gemeente_code", "weight",
                                               "classification_year", "region_level"])
                ).create("dim_region_members")
    con.from_df(pd.DataFrame(SUCCESSORS, columns=["classification_year", "gemeente_code",
                                                  "successor_code", "share"])
                ).create("dim_successors")
    regions = sorted({(m[0], m[3], m[4]) for m in MEMBERS} | {(g, y, "gemeente")
                                                              for g, y in GEMEENTEN})
    con.from_df(pd.DataFrame(regions, columns=["region_code", "classification_year",
                                               "region_level"])).create("dim_regions")
    con.from_df(pd.DataFrame({"gemeente_code": ["GM0001"], "classification_year": [2021],
                              "population_group": ["0_17"], "persons": [999.0]})
                ).create("dim_population")
    con.from_df(pd.DataFrame(facts)).create("raw_facts")
    for name in TRANSFORMS:
        run_sql(con, name, latest=latest)
    return con.execute("SELECT * FROM fct_indicator_values").df()


def row(df, region, period, cy, source="test") -> dict:
    hit = df[(df.region_code == region) & (df.period == period)
             & (df.classification_year == cy) & (df.source == source)]
    assert len(hit) == 1, f"{region} {period} {cy}: {len(hit)} rows"
    return hit.iloc[0].to_dict()


def test_split_gemeente_is_weighted_in_each_swv():
    """An SWV sums weight x numerator over weight x denominator of its members."""
    df = aggregate([fact("GM0001", "2021", 10, 100), fact("GM0002", "2021", 50, 200)])
    po1 = row(df, "PO0001", "2021", 2021)
    assert po1["numerator"] == pytest.approx(10 + 0.4 * 50)
    assert po1["denominator"] == pytest.approx(100 + 0.4 * 200)
    assert po1["value"] == pytest.approx(100 * 30 / 180)
    po2 = row(df, "PO0002", "2021", 2021)
    assert po2["value"] == pytest.approx(100 * 30 / 120)


def test_region_rate_is_sum_of_counts_not_mean_of_rates():
    """Nederland is 60/300 = 20%, not the mean of 10% and 25%."""
    df = aggregate([fact("GM0001", "2021", 10, 100), fact("GM0002", "2021", 50, 200)])
    assert row(df, "NL01", "2021", 2021)["value"] == pytest.approx(20.0)


def test_suppressed_member_makes_region_a_lower_bound_that_reveals_nothing():
    """A secret member adds nothing to the numerator: the total minus the others is zero."""
    df = aggregate([fact("GM0001", "2021", 10, 100), fact("GM0002", "2021", None, 200, True)])
    nl = row(df, "NL01", "2021", 2021)
    assert nl["lower_bound"] and not nl["suppressed"]
    assert nl["numerator"] == 10  # = published members only
    assert nl["denominator"] == 300
    assert nl["members_suppressed"] == 1 and nl["members_reporting"] == 2
    po2 = row(df, "PO0002", "2021", 2021)  # its only member is secret
    assert po2["suppressed"] and pd.isna(po2["value"]) and pd.isna(po2["numerator"])
    gm2 = row(df, "GM0002", "2021", 2021)
    assert gm2["suppressed"] and not gm2["lower_bound"] and gm2["raw_token"] == "."


def test_herindeling_backcast_adds_merged_counts_and_divides_splits():
    """2020 figures in the 2021 layout: GM0003 goes 25% to GM0001 and 75% to GM0002."""
    df = aggregate([fact("GM0001", "2020", 10, 100), fact("GM0002", "2020", 20, 100),
                    fact("GM0003", "2020", 40, 80)])
    own = row(df, "GM0003", "2020", 2020)
    assert own["value"] == pytest.approx(50.0)
    g1 = row(df, "GM0001", "2020", 2021)
    assert g1["numerator"] == pytest.approx(10 + 0.25 * 40)
    assert g1["denominator"] == pytest.approx(100 + 0.25 * 80)
    g2 = row(df, "GM0002", "2020", 2021)
    assert g2["numerator"] == pytest.approx(20 + 0.75 * 40)
    # Regions in the latest layout compose the back-cast with the 2021 SWV weights.
    po1 = row(df, "PO0001", "2020", 2021)
    assert po1["numerator"] == pytest.approx(g1["numerator"] + 0.4 * g2["numerator"])
    # Nederland is the same in both layouts.
    assert row(df, "NL01", "2020", 2021)["numerator"] == row(df, "NL01", "2020", 2020)[
        "numerator"] == 70
    assert df[(df.region_code == "GM0003") & (df.classification_year == 2021)].empty


def test_region_with_a_missing_member_is_not_published():
    """Own figures from one gemeente do not make an SWV or national figure."""
    df = aggregate([fact("GM0001", "2021", 10, 100, source="eigen:a.csv")])
    assert not df[(df.region_code == "GM0001") & (df.source == "eigen:a.csv")].empty
    assert df[df.region_code.isin(["NL01", "PO0001"])].empty


def test_missing_denominator_is_filled_from_population():
    """A source that gives only counts gets the indicator's population group as denominator."""
    df = aggregate([fact("GM0001", "2021", 10, None), fact("GM0002", "2021", 5, 50)])
    assert row(df, "GM0001", "2021", 2021)["denominator"] == 999


def interval(r: dict) -> tuple[float, float]:
    return r["value_low"], r["value_high"]


def test_interval_adds_secret_max_of_each_secret_member_by_weight():
    """A rate with a secret member lies between the published members' figure and that plus
    weight x 7 for the secret one; a complete figure is a point; secret alone: no interval."""
    df = aggregate([fact("GM0001", "2021", 10, 100), secret("GM0002", "2021", 200)])
    nl = row(df, "NL01", "2021", 2021)
    assert interval(nl) == pytest.approx((100 * 10 / 300, 100 * 17 / 300))
    assert nl["value_low"] == nl["value"]
    po1 = row(df, "PO0001", "2021", 2021)  # GM0001 + 0.4 x GM0002
    assert interval(po1) == pytest.approx((100 * 10 / 180, 100 * (10 + 0.4 * 7) / 180))
    for secret_only in (row(df, "PO0002", "2021", 2021), row(df, "GM0002", "2021", 2021)):
        assert secret_only["suppressed"]
        assert pd.isna(secret_only["value_low"]) and pd.isna(secret_only["value_high"])
    gm1 = row(df, "GM0001", "2021", 2021)
    assert interval(gm1) == (10.0, 10.0) and not gm1["lower_bound"]


def test_interval_of_a_rate_adds_at_most_the_secret_members_denominator():
    """A secret member of 3 can hold 3, not 7; counts add the whole secret_max."""
    df = aggregate([fact("GM0001", "2021", 10, 100), secret("GM0002", "2021", 3)])
    assert interval(row(df, "NL01", "2021", 2021)) == pytest.approx(
        (100 * 10 / 103, 100 * 13 / 103))
    counts = aggregate([fact("GM0001", "2021", 10, 100), secret("GM0002", "2021", 3)],
                       unit="count")
    assert interval(row(counts, "NL01", "2021", 2021)) == (10.0, 17.0)
    assert interval(row(counts, "PO0001", "2021", 2021)) == pytest.approx((10, 10 + 0.4 * 7))


def test_unknown_upper_end_of_a_secret_member_leaves_only_the_lower_bound():
    """No secret_max (a rule the source does not state), or a rate without the secret
    member's denominator: value_high is null, value_low is still the published members."""
    for facts in ([fact("GM0001", "2021", 10, 100), secret("GM0002", "2021", 200, None)],
                  [fact("GM0001", "2021", 10, 100), secret("GM0002", "2021", None)]):
        nl = row(aggregate(facts), "NL01", "2021", 2021)
        assert nl["lower_bound"] and pd.notna(nl["value_low"]) and pd.isna(nl["value_high"])


def test_backcast_interval_carries_the_share_of_a_secret_predecessor():
    """2020 in the 2021 layout: secret GM0003 counts a quarter in GM0001, three quarters in
    GM0002, so each successor's upper end adds its share of 7; its own row stays secret."""
    df = aggregate([fact("GM0001", "2020", 10, 100), fact("GM0002", "2020", 20, 100),
                    secret("GM0003", "2020", 80)])
    g1, g2 = row(df, "GM0001", "2020", 2021), row(df, "GM0002", "2020", 2021)
    assert g1["lower_bound"] and g1["value_basis"] == "berekend"
    assert interval(g1) == pytest.approx((100 * 10 / 120, 100 * (10 + 0.25 * 7) / 120))
    assert interval(g2) == pytest.approx((100 * 20 / 160, 100 * (20 + 0.75 * 7) / 160))
    own = row(df, "GM0003", "2020", 2020)
    assert own["suppressed"] and pd.isna(own["value_low"]) and pd.isna(own["value_high"])


def test_a_published_higher_level_is_a_point():
    """Nederland as its publisher gives it: value_low = value_high = value, whatever secret
    members the computed figure beside it has."""
    df = aggregate([fact("GM0001", "2021", 10, 100), secret("GM0002", "2021", 200),
                    fact("NL01", "2021", 15, 300)])
    nl = row(df, "NL01", "2021", 2021)
    assert nl["value_basis"] == "gepubliceerd" and not nl["lower_bound"]
    assert interval(nl) == (5.0, 5.0) and nl["computed_lower_bound"]
