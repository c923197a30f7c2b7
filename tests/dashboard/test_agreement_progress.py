"""The measured side of an agreement's target (dashboard/afspraken/progress.py) on the warehouse
built by the real ETL: series of a region and of a werkgebied, and the baseline a form fills."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from dashboard import db
from dashboard.afspraken import progress, status

LATEST = 2024
FLAG_KEYS = {"lower_bound", "suppressed", "demo", "status", "source", "value_low",
             "value_high", "build_id", "taken_at"}


@pytest.fixture(scope="module")
def con(warehouse):
    """A read-only connection beside the dashboard's, which is pointed at the same file."""
    db.configure(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as c:
        yield c


def fact(con, code: str, indicator_id: str, period: str) -> dict:
    df = con.execute(
        "SELECT * FROM facts WHERE region_code = ? AND indicator_id = ? AND period = ? "
        "AND classification_year = ? AND NOT starts_with(source, 'eigen:')",
        [code, indicator_id, period, LATEST]).df()
    assert len(df) == 1
    return df.iloc[0].to_dict()


def test_region_series_is_the_latest_layout_facts_oldest_first(con):
    """A gemeente's series is its facts in the latest layout, one row per period, in order."""
    df = progress.actual_series("GM0363", "jeugdhulp")
    want = con.execute(
        "SELECT period, value FROM facts WHERE region_code = 'GM0363' AND classification_year "
        "= ? AND indicator_id = 'jeugdhulp' ORDER BY period", [LATEST]).fetchall()
    assert list(zip(df["period"], df["value"], strict=True)) == want
    assert (df["classification_year"] == LATEST).all()
    assert (df["value_low"] == df["value"]).all() and (df["value_high"] == df["value"]).all()


def test_werkgebied_series_of_one_gemeente_equals_the_gemeente(con):
    """A werkgebied of Amsterdam alone measures what Amsterdam's own series does."""
    region = progress.actual_series("GM0363", "vsv")
    werkgebied = progress.actual_series([{"gemeente_code": "GM0363", "weight": 1.0}], "vsv")
    assert werkgebied["period"].tolist() == region["period"].tolist()
    assert werkgebied["value"].tolist() == pytest.approx(region["value"].tolist(), rel=1e-12)


def test_baseline_carries_value_flags_source_and_build(con):
    """The baseline of a region is its fact with flags, the source and the build's time."""
    got = progress.baseline("PO2707", "jeugdhulp", "2022")
    want = fact(con, "PO2707", "jeugdhulp", "2022")
    assert got["value"] == pytest.approx(want["value"])
    assert (got["lower_bound"], got["suppressed"], got["demo"], got["status"], got["source"]) \
        == (want["lower_bound"], want["suppressed"], want["demo"], want["status"],
            want["source"])
    assert got["build_id"] == con.execute("SELECT built_at FROM build_info").fetchone()[0]
    datetime.fromisoformat(got["taken_at"])
    assert set(got["flags"]) == FLAG_KEYS
    assert all(isinstance(v, bool | str | float | type(None)) for v in got["flags"].values())


def test_baseline_of_a_secret_cell_and_of_a_lower_bound(con):
    """A secret gemeente cell has no value; a region with a secret member keeps the
    warehouse's interval: its value as the low end, the high end above it (or open)."""
    code, ind, period = con.execute(
        "SELECT region_code, indicator_id, period FROM facts WHERE region_level = 'gemeente' "
        "AND classification_year = ? AND suppressed ORDER BY ALL LIMIT 1", [LATEST]).fetchone()
    secret = progress.baseline(code, ind, period)
    assert secret["suppressed"] and secret["value"] is None and secret["value_low"] is None
    region, ind, period = con.execute(
        "SELECT region_code, indicator_id, period FROM facts WHERE region_level = 'swv_po' "
        "AND classification_year = ? AND lower_bound ORDER BY ALL LIMIT 1", [LATEST]).fetchone()
    bound = progress.baseline(region, ind, period)
    assert bound["lower_bound"] and bound["value"] == bound["value_low"]
    high = con.execute("SELECT value_high FROM facts WHERE region_code = ? AND indicator_id = ? "
                       "AND period = ? AND classification_year = ?",
                       [region, ind, period, LATEST]).fetchone()[0]
    assert bound["value_high"] == high and bound["flags"]["value_high"] == high
    assert high is None or high > bound["value"]


def test_baseline_of_a_werkgebied_and_of_a_period_without_figures(con):
    """A werkgebied's baseline comes from the macro; a period without figures gives None."""
    members = [{"gemeente_code": "GM0363", "weight": 1.0},
               {"gemeente_code": "GM0014", "weight": 0.5}]
    got = progress.baseline(members, "jeugdhulp", "2023")
    a, b = fact(con, "GM0363", "jeugdhulp", "2023"), fact(con, "GM0014", "jeugdhulp", "2023")
    want = (a["numerator"] + 0.5 * b["numerator"]) / (a["denominator"] + 0.5 * b["denominator"])
    assert got["value"] == pytest.approx(100 * want, rel=1e-12)
    assert got["demo"] and got["flags"]["source"] == "demo"
    assert progress.baseline(members, "jeugdhulp", "2031") is None


@pytest.mark.parametrize("where, indicator_id, message", [
    ("GM9999", "jeugdhulp", "Onbekende regiocode"),
    ("WG0001", "jeugdhulp", "geef voor een werkgebied de gemeenten mee"),
    ("GM0363", "geen_indicator", "Onbekende indicator"),
    ([{"gemeente_code": "GM0363", "weight": 2}], "jeugdhulp", "gewicht"),
])
def test_unknown_region_indicator_or_members_are_refused(con, where, indicator_id, message):
    """Anything that is not a region, an indicator or a werkgebied is a Dutch ValueError."""
    with pytest.raises(ValueError, match=message):
        progress.actual_series(where, indicator_id)


def test_series_feeds_the_status_rule_and_demo_figures_are_not_judged(con):
    """The demonstration warehouse's series, put through the rule, is 'niet te beoordelen'."""
    rows = progress.actual_series("GM0363", "vsv").to_dict("records")
    target = status.Target("pct", False, "2019/2020", rows[5]["value"], "2027/2028", 1.0)
    got = status.assess(target, rows)
    assert got.status == "niet te beoordelen" and "voorbeeldcijfers" in got.reason_nl
    assert got.latest_period == rows[-1]["period"]
