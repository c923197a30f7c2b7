"""The aggregation macros stored in the warehouse, through `queries.werkgebied_values`: a
werkgebied is aggregated exactly as a standard region, back-cast the same way, discloses
nothing secret, and hostile member lists are refused before anything runs."""

from __future__ import annotations

import math
import shutil

import duckdb
import pandas as pd
import pytest

from dashboard import db, queries

LATEST = 2024
FLOATS = ("numerator", "denominator", "value", "value_low", "value_high")
EXACT = ("indicator_id", "period", "classification_year", "status", "suppressed",
         "lower_bound", "demo", "source", "members_reporting", "members_total",
         "members_suppressed")
FACT_COLUMNS = ", ".join(EXACT[:2] + ("classification_year",) + FLOATS + EXACT[3:])


@pytest.fixture(scope="module")
def con(warehouse):
    """A read-only connection beside the dashboard's, which is pointed at the same file."""
    db.configure(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as c:
        yield c


def gemeente_fact(con, code: str, indicator_id: str, period: str) -> dict:
    """The warehouse's row of a gemeente in the latest layout."""
    df = con.execute(
        f"SELECT {FACT_COLUMNS} FROM facts WHERE region_code = ? AND indicator_id = ? "
        "AND period = ? AND classification_year = ? AND NOT starts_with(source, 'eigen:')",
        [code, indicator_id, period, LATEST]).df()
    assert len(df) == 1, (code, indicator_id, period)
    return df.iloc[0].to_dict()


def region_facts(con, code: str) -> pd.DataFrame:
    return con.execute(
        f"SELECT {FACT_COLUMNS} FROM facts WHERE region_code = ? AND classification_year = ? "
        "AND NOT starts_with(source, 'eigen:') ORDER BY indicator_id, period, source",
        [code, LATEST]).df()


def assert_same_facts(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Same rows; flags and counts exactly, sums to 1e-12 (float sums depend on their order)."""
    assert len(got) == len(want) > 0
    got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    for col in EXACT:
        assert got[col].astype(str).tolist() == want[col].astype(str).tolist(), col
    for col in FLOATS:
        for a, b in zip(got[col], want[col], strict=True):
            assert (pd.isna(a) and pd.isna(b)) or a == pytest.approx(b, rel=1e-12), col


def test_warehouse_stores_both_macros(con):
    """The build writes region_values and werkgebied_values as table macros."""
    names = {r[0] for r in con.execute(
        "SELECT function_name FROM duckdb_functions() WHERE function_type = 'table_macro'"
    ).fetchall()}
    assert {"region_values", "werkgebied_values"} <= names


@pytest.mark.parametrize("code", ["VO2102", "PO2203", "PO2707", "JZ02"])
def test_werkgebied_of_a_regions_members_gives_that_regions_facts(con, code):
    """A werkgebied with exactly a region's members and weights has exactly its figures."""
    members = [{"gemeente_code": g, "weight": w} for g, w in con.execute(
        "SELECT gemeente_code, weight FROM region_members WHERE region_code = ? "
        "AND classification_year = ? ORDER BY gemeente_code", [code, LATEST]).fetchall()]
    assert_same_facts(queries.werkgebied_values(members), region_facts(con, code))


# (members as (code, weight), indicator, period): expected from the gemeente facts by hand.
HAND_CASES = [
    ([("GM0363", 1.0), ("GM0014", 1.0)], "jeugdhulp", "2024"),
    ([("GM0363", 1.0), ("GM0014", 0.5)], "jeugdhulp", "2024"),
    ([("GM0363", 0.25), ("GM0014", 1.0)], "vsv", "2022/2023"),
    ([("GM0363", 1.0), ("GM0014", 0.5)], "jeugdpopulatie", "2021"),
]


@pytest.mark.parametrize("members, indicator_id, period", HAND_CASES)
def test_werkgebied_is_weighted_sum_of_counts_over_weighted_sum_of_denominators(
        con, members, indicator_id, period):
    """Σ weight×numerator / Σ weight×denominator, × the unit's scale ('count': the sum)."""
    facts = [(w, gemeente_fact(con, code, indicator_id, period)) for code, w in members]
    assert not any(f["suppressed"] for _, f in facts)
    numerator = sum(w * f["numerator"] for w, f in facts)
    denominator = sum(w * f["denominator"] for w, f in facts)
    unit, scale = con.execute("SELECT unit, scale FROM indicators WHERE indicator_id = ?",
                              [indicator_id]).fetchone()
    value = numerator if unit == "count" else numerator / denominator * scale
    df = queries.werkgebied_values([{"gemeente_code": c, "weight": w} for c, w in members],
                                   indicator_id)
    got = df[df["period"] == period].iloc[0]
    assert got["numerator"] == pytest.approx(numerator, rel=1e-12, nan_ok=True)
    assert got["denominator"] == pytest.approx(denominator, rel=1e-12, nan_ok=True)
    assert got["value"] == pytest.approx(value, rel=1e-12, nan_ok=True)
    assert got["classification_year"] == LATEST
    # A member formed by a later herindeling counts its former gemeenten (Weesp in 2021).
    members_total = sum(f["members_total"] for _, f in facts)
    assert got["members_reporting"] == got["members_total"] == members_total
    assert not got["lower_bound"] and not got["suppressed"]
    assert got["demo"] == any(f["demo"] for _, f in facts)
    assert got["status"] == ("voorlopig" if any(f["status"] == "voorlopig" for _, f in facts)
                             else "definitief")


def _secret_and_published(con, n_secret: int) -> tuple[str, str, list[str], str]:
    """An (indicator, period) of the latest year with n_secret secret gemeenten and a
    published one: indicator, period, the secret codes, the published code."""
    ind, period, secret, published = con.execute(
        """
        SELECT indicator_id, period,
               list(region_code ORDER BY region_code) FILTER (WHERE suppressed),
               min(region_code) FILTER (WHERE NOT suppressed)
        FROM facts
        WHERE region_level = 'gemeente' AND classification_year = $y AND source = 'demo'
          AND period IN ('2024', '2023/2024')
        GROUP BY ALL HAVING count(*) FILTER (WHERE suppressed) >= $n
        ORDER BY indicator_id, period LIMIT 1
        """, {"y": LATEST, "n": n_secret}).fetchone()
    return ind, period, secret[:n_secret], published


def test_secret_member_makes_a_lower_bound_and_adds_nothing(con):
    """With a secret member the figure is '≥' and its numerator is the published member's."""
    ind, period, (secret,), published = _secret_and_published(con, 1)
    pub = gemeente_fact(con, published, ind, period)
    sec = gemeente_fact(con, secret, ind, period)
    members = [{"gemeente_code": secret, "weight": 1.0},
               {"gemeente_code": published, "weight": 0.5}]
    got = queries.werkgebied_values(members, ind).set_index("period").loc[period]
    assert got["lower_bound"] and not got["suppressed"]
    assert got["members_suppressed"] == 1 and got["members_reporting"] == 2
    # The total minus the published member is zero: nothing of the secret cell is in it.
    assert got["numerator"] - 0.5 * pub["numerator"] == 0
    assert got["denominator"] == pytest.approx(sec["denominator"] + 0.5 * pub["denominator"])
    # Its interval: from the published member alone to that plus 7 (weight 1) for the secret.
    unit, scale = con.execute("SELECT unit, scale FROM indicators WHERE indicator_id = ?",
                              [ind]).fetchone()
    per = 1 if unit == "count" else scale / got["denominator"]
    assert got["value_low"] == got["value"]
    assert got["value_high"] == pytest.approx(got["value"] + min(7, sec["denominator"]) * per)


def test_werkgebied_of_only_secret_members_is_secret(con):
    """When every member is secret the werkgebied is secret: no numerator, no value."""
    ind, period, secret, _ = _secret_and_published(con, 2)
    got = queries.werkgebied_values([{"gemeente_code": c, "weight": 1.0} for c in secret],
                                    ind).set_index("period").loc[period]
    assert got["suppressed"] and not got["lower_bound"]
    assert pd.isna(got["numerator"]) and pd.isna(got["value"])


def test_period_with_a_member_that_did_not_report_has_no_figure(warehouse, tmp_path):
    """A gemeente without a figure for a period leaves the werkgebied without that period."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    members = [{"gemeente_code": "GM0363", "weight": 1.0},
               {"gemeente_code": "GM0014", "weight": 1.0}]
    with duckdb.connect(str(copy)) as c:
        c.execute("DELETE FROM stg_facts WHERE region_code = 'GM0014' "
                  "AND indicator_id = 'jeugdhulp' AND period = '2023'")
        periods = [r[0] for r in c.execute(
            "SELECT period FROM werkgebied_values($m) WHERE indicator_id = 'jeugdhulp' "
            "ORDER BY period", {"m": members}).fetchall()]
    assert "2023" not in periods
    assert {"2022", "2024"} <= set(periods)


# Gemeenten of the latest layout formed or changed by herindelingen within the data's years:
# Voorne aan Zee (2023 merger, new code), Amsterdam (Weesp joined 2022), Oisterwijk and Vught
# (each took part of Haaren, split 2021), Waadhoeke (part of Littenseradiel, split 2018).
BACKCAST = ["GM1992", "GM0363", "GM0824", "GM0865", "GM1949"]


@pytest.mark.parametrize("code", BACKCAST)
def test_backcast_periods_agree_with_the_warehouse_gemeente_rows(con, code):
    """Every period of a one-gemeente werkgebied, 2015 on, equals the gemeente's row in the
    latest layout, so older years are back-cast exactly as the ETL does."""
    got = queries.werkgebied_values([{"gemeente_code": code, "weight": 1.0}])
    want = region_facts(con, code)
    assert_same_facts(got, want)
    assert (got["period"] == "2018").any()


def test_backcast_of_two_merged_gemeenten_adds_their_rows(con):
    """Voorne aan Zee + Amsterdam in 2018 (before either herindeling) is the sum of the two
    back-cast gemeente rows."""
    a = gemeente_fact(con, "GM1992", "jeugdhulp", "2018")
    b = gemeente_fact(con, "GM0363", "jeugdhulp", "2018")
    got = queries.werkgebied_values([{"gemeente_code": "GM1992", "weight": 1.0},
                                     {"gemeente_code": "GM0363", "weight": 1.0}],
                                    "jeugdhulp").set_index("period").loc["2018"]
    assert got["numerator"] == pytest.approx(a["numerator"] + b["numerator"], rel=1e-12)
    # Three former gemeenten became Voorne aan Zee, Weesp joined Amsterdam: 3 + 2 members.
    assert got["members_total"] == 5


def test_series_is_one_indicator_oldest_period_first(con):
    """werkgebied_series gives one row per period of the indicator, oldest first."""
    df = queries.werkgebied_series([{"gemeente_code": "GM0363", "weight": 1.0}], "vsv")
    assert set(df["indicator_id"]) == {"vsv"}
    assert df["period"].tolist() == sorted(df["period"]) and df["period"].is_unique
    assert df["period"].iloc[0] == "2014/2015"


HOSTILE = {
    "sql in a code": [{"gemeente_code": "GM0363'); DROP TABLE facts; --", "weight": 1.0}],
    "10,000 members": [{"gemeente_code": f"GM{i % 10_000:04d}", "weight": 1.0}
                       for i in range(10_000)],
    "weight 0": [{"gemeente_code": "GM0363", "weight": 0}],
    "weight 2": [{"gemeente_code": "GM0363", "weight": 2}],
    "weight NaN": [{"gemeente_code": "GM0363", "weight": math.nan}],
    "weight as text": [{"gemeente_code": "GM0363", "weight": "1"}],
    "weight True": [{"gemeente_code": "GM0363", "weight": True}],
    "extra key": [{"gemeente_code": "GM0363", "weight": 1.0, "x": "1) UNION SELECT 1"}],
    "code not text": [{"gemeente_code": 363, "weight": 1.0}],
    "twice the same": [{"gemeente_code": "GM0363", "weight": 0.5}] * 2,
    "no members": [],
    "not a list": "GM0363",
}


@pytest.mark.parametrize("members", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_members_are_refused_before_any_query(con, monkeypatch, members):
    """Bad member lists raise a Dutch ValueError without touching the warehouse."""
    def no_query():
        raise AssertionError("a query ran")

    monkeypatch.setattr(db, "cursor", no_query)
    with pytest.raises(ValueError, match=r"gemeente|gewicht|werkgebied|twee keer"):
        queries.werkgebied_values(members)


def test_unknown_gemeente_is_refused(con):
    """A well-formed code that is no gemeente of the latest layout is a ValueError."""
    with pytest.raises(ValueError, match="geen gemeente in de indeling van 2024"):
        queries.werkgebied_values([{"gemeente_code": "GM0457", "weight": 1.0}])  # Weesp
