"""How a figure, a large number and a date are written: intervals, decimals per indicator,
the secret and missing texts, '3,5 mln', '1 december 2026'."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import formatting
from dashboard.formatting import compact, date_long, date_short, decimals, figure

PCT = {"unit": "pct", "decimals": 1}
PER_1000 = {"unit": "per_1000", "decimals": 1}
COUNT = {"unit": "count", "decimals": 0}


@pytest.mark.parametrize("row, indicator, expected", [
    ({"value": 12.34}, PCT, "12,3%"),
    ({"value": 1.3, "value_low": 1.3, "value_high": 1.4}, PCT, "1,3–1,4%"),
    ({"value": 1.31, "value_low": 1.31, "value_high": 1.34, "lower_bound": True}, PCT, "1,3%"),
    ({"value": 1.3, "value_low": 1.3, "value_high": None, "lower_bound": True}, PCT, "≥ 1,3%"),
    ({"value": 1.3, "lower_bound": True}, PCT, "≥ 1,3%"),
    ({"value": 2.5, "value_low": 2.5, "value_high": 3.25}, PER_1000, "2,5–3,3 per 1.000"),
    ({"value": 140000.0, "value_low": 140000.0, "value_high": 140014.0}, COUNT,
     "140.000–140.014"),
    ({"value": 151740.0}, COUNT, "151.740"),
    ({"value": None, "suppressed": True}, PCT, formatting.SUPPRESSED_TEXT),
    ({"value": 3.0, "suppressed": True}, PCT, formatting.SUPPRESSED_TEXT),
    ({"value": None}, PCT, formatting.MISSING_TEXT),
    ({"value": float("nan")}, PCT, formatting.MISSING_TEXT),
    ({}, PCT, formatting.MISSING_TEXT),
])
def test_figure_writes_point_interval_bound_secret_and_missing(row, indicator, expected):
    """One figure text: a point, 'low–high' with the unit once, the value alone when both ends
    show the same, '≥' only without an upper end, the secret and missing texts."""
    assert figure(row, indicator) == expected


@pytest.mark.parametrize("secret_max, expected", [
    (7.0, "geheim (< 8)"), (40.0, "geheim (< 41)"), (12.5, "geheim (≤ 12,5)"), (None, "geheim"),
])
def test_secret_cells_say_how_large_they_can_be(secret_max, expected):
    """A secret cell names the most it can hold when the row says so (CBS: 7, referrers
    hidden by secondary suppression: more), plain 'geheim' when nobody can tell."""
    row = {"value": None, "suppressed": True, "secret_max": secret_max}
    assert figure(row, PCT) == expected
    assert figure({"value": None, "suppressed": True}, PCT) == formatting.SUPPRESSED_TEXT


def test_figure_uses_the_indicator_decimals():
    """A rate around 0,2% keeps two decimals when the catalogue asks for them."""
    row = {"value": 0.174, "value_low": 0.174, "value_high": 0.186}
    assert figure(row, {"unit": "pct", "decimals": 2}) == "0,17–0,19%"
    assert figure(row, {"unit": "pct", "decimals": 1}) == "0,2%"
    assert figure({"value": 0.174}, {"unit": "pct", "decimals": 2}) == "0,17%"


def test_decimals_fall_back_to_the_unit():
    """Without a catalogue field the unit decides: 1 for rates, 0 for counts."""
    assert decimals({"unit": "pct", "decimals": 2}) == 2
    assert decimals({"unit": "pct"}) == 1 and decimals({"unit": "count"}) == 0
    assert decimals({"unit": "pct", "decimals": float("nan")}) == 1


def test_cell_drops_per_1000_only():
    """In a table whose header names the unit, a rate per 1.000 drops its suffix; % stays."""
    row = {"value": 2.5, "value_low": 2.5, "value_high": 3.0}
    assert figure(row, PER_1000, cell=True) == "2,5–3,0"
    assert figure({"value": 2.5}, PCT, cell=True) == "2,5%"


def test_pandas_nulls_count_as_absent():
    """Rows from a DataFrame carry NA/NaN flags and ends: they are a point, not an error."""
    import pandas as pd

    row = {"value": 4.0, "value_low": pd.NA, "value_high": float("nan"),
           "suppressed": pd.NA, "lower_bound": pd.NA}
    assert figure(row, PCT) == "4,0%"


@pytest.mark.parametrize("v, expected", [
    (3_512_000, "3,5 mln"), (3_000_000, "3 mln"), (140_000, "140.000"), (1234.0, "1.234"),
    (12.5, "12,5"), (0, "0"), (None, formatting.MISSING_TEXT),
])
def test_compact_writes_mln_and_full_thousands(v, expected):
    """Large numbers read '3,5 mln' and '140.000', never '3,5M' or '140k'."""
    assert compact(v) == expected


@pytest.mark.parametrize("d", [dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 23, 5),
                               "2026-12-01", "2026-12-01 02:18:36"])
def test_dates_long_and_short(d):
    """Dates read '1 december 2026' in text and '01-12-2026' in cells, from any input form."""
    assert date_long(d) == "1 december 2026"
    assert date_short(d) == "01-12-2026"


def test_bare_value_is_written_as_a_point_or_a_bound():
    """A bare value (a target, a milestone) is a point; a lower bound without an upper end '≥'."""
    pct = {"unit": "pct"}
    assert formatting.figure({"value": 12.34}, pct) == "12,3%"
    assert formatting.figure({"value": 12.34, "lower_bound": True}, pct) == "≥ 12,3%"
    assert (formatting.figure({"value": 5.0, "suppressed": True}, {"unit": "per_1000"})
            == formatting.SUPPRESSED_TEXT)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.floats(min_value=-1e15, max_value=1e15),  # larger than any figure
                 st.decimals(min_value=-10**7, max_value=10**7, places=4,
                             allow_nan=False).map(float)),
       st.integers(min_value=0, max_value=4))
def test_number_rounds_halves_up_from_the_shortest_text(value, decimals):
    """The fast path (formatting the float) writes what the exact rule writes: the shortest
    decimal text of the float, rounded half up (3,25 -> 3,3; 2,675 -> 2,68 at two decimals,
    though the float 2.675 lies below the half)."""
    if value.is_integer() and abs(value) < 2 ** 53:
        return
    step = Decimal(1).scaleb(-decimals)
    exact = f"{Decimal(repr(value)).quantize(step, ROUND_HALF_UP):,.{decimals}f}"
    assert formatting.number(value, decimals) == exact.translate(str.maketrans(",.", ".,"))


def test_number_halves_round_up():
    assert [formatting.number(v, d) for v, d in ((3.25, 1), (2.675, 2), (0.125, 2),
                                                 (1.005, 2), (1234.45, 1), (0.05, 0))] == \
        ["3,3", "2,68", "0,13", "1,01", "1.234,5", "0"]
