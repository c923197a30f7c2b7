"""The status rule of an agreement's target (dashboard/afspraken/status.py): a given/expected
table over every branch, the manual status and the reading of DataFrame records."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from dashboard.afspraken import status as st
from dashboard.afspraken.status import Actual, Target

DOWN = Target("pct", False, "2020", 10.0, "2026", 7.0)  # 10% -> 7%: expected 8,5% in 2023
UP = Target("pct", True, "2020", 50.0, "2025", 60.0)  # 50% -> 60%: expected 54% in 2022
MILESTONES = Target("pct", False, "2020", 10.0, "2026", 5.0, (("2022", 6.0),))
PASSED = Target("pct", False, "2018", 10.0, "2022", 7.0)
SCHOOL = Target("per_1000", False, "2019/2020", 4.0, "2023/2024", 3.0)
HALF = Target("pct", False, "2022-H1", 10.0, "2024-H1", 8.0)
HOLD_LOW = Target("per_1000", False, "2020", 5.0, "2025", 5.0)
HOLD_UNKNOWN = Target("pct", None, "2020", 5.0, "2025", 5.0)


def a(period, value, **flags) -> Actual:
    return Actual(period, value, **flags)


# id, target, actuals, trend break, status, a fragment of the reason, expected value
CASES = [
    ("down, on course", DOWN, [a("2023", 8.4)], None,
     "op koers", "is 8,4%, op of beter dan de 8,5%", 8.5),
    ("down, behind", DOWN, [a("2023", 8.8)], None, "achter", "slechter dan de 8,5%", 8.5),
    ("down, reached early", DOWN, [a("2023", 6.9)], None,
     "behaald", "haalt het doel van hoogstens 7,0% in 2026", 8.5),
    ("up, on course", UP, [a("2022", 55.0)], None, "op koers", "54,0%", 54.0),
    ("up, behind", UP, [a("2022", 52.0)], None, "achter", "52,0%", 54.0),
    ("newest figure counts, not the order given", UP,
     [a("2022", 52.0), a("2024", 59.0), a("2023", 50.0)], None, "op koers", "over 2024", 58.0),
    ("milestone bends the path: behind it", MILESTONES, [a("2021", 8.5)], None,
     "achter", "slechter dan de 8,0%", 8.0),
    ("past the milestone, on course", MILESTONES, [a("2024", 5.4)], None,
     "op koers", "5,5%", 5.5),
    ("target period passed, missed", PASSED, [a("2024", 7.5)], None,
     "achter", "haalt het doel van hoogstens 7,0% in 2022 niet", 7.0),
    ("target period passed, reached", PASSED, [a("2024", 6.8)], None, "behaald", "6,8%", 7.0),
    ("target period itself, missed", PASSED, [a("2022", 7.2)], None, "achter", "niet", 7.0),
    ("lower bound on the good side (up)", UP, [a("2022", 56.0, lower_bound=True)], None,
     "op koers", "minstens 56,0% (ondergrens)", 54.0),
    ("lower bound reaching the target (up)", UP, [a("2023", 61.0, lower_bound=True)], None,
     "behaald", "minstens 61,0%", 56.0),
    ("lower bound on the bad side (down)", DOWN, [a("2023", 8.9, lower_bound=True)], None,
     "achter", "minstens 8,9%", 8.5),
    ("lower bound straddling the path (down)", DOWN, [a("2023", 8.0, lower_bound=True)], None,
     "niet te beoordelen", "ligt tussen 8,0% en een onbekend hoger getal", 8.5),
    ("lower bound straddling the target after its period", PASSED,
     [a("2024", 6.5, lower_bound=True)], None, "niet te beoordelen", "het doel van", 7.0),
    ("interval straddling the path", DOWN, [a("2023", 8.5, value_low=8.2, value_high=8.8)],
     None, "niet te beoordelen", "ligt tussen 8,2% en 8,8%", 8.5),
    ("interval wholly past the target (down)", DOWN,
     [a("2023", 6.5, value_low=6.5, value_high=6.9, lower_bound=True)], None,
     "behaald", "is tussen 6,5% en 6,9% en haalt het doel", 8.5),
    ("interval reaching across the target after its period", PASSED,
     [a("2024", 6.8, value_low=6.8, value_high=7.3, lower_bound=True)], None,
     "niet te beoordelen", "mogelijk boven of onder het doel", 7.0),
    ("the catalogue's decimals", dataclasses.replace(DOWN, decimals=2), [a("2023", 8.4)], None,
     "op koers", "is 8,40%, op of beter dan de 8,50%", 8.5),
    ("demonstration figures", DOWN, [a("2022", 9.0), a("2023", 8.4, demo=True)], None,
     "niet te beoordelen", "voorbeeldcijfers", None),
    ("trend break between baseline and latest year", DOWN, [a("2023", 8.4)], 2021,
     "niet te beoordelen", "trendbreuk in 2021 tussen basis- en laatste jaar", None),
    ("trend break in the baseline year is no break", Target("pct", False, "2021", 10.0, "2026",
     5.0), [a("2023", 7.9)], 2021, "op koers", "8,0%", 8.0),
    ("no figure after the baseline", DOWN, [a("2019", 9.0), a("2020", 10.0)], None,
     "niet te beoordelen", "nog geen cijfer na de basisperiode 2020", None),
    ("secret latest figure", DOWN, [a("2022", 9.0), a("2023", None, suppressed=True)], None,
     "niet te beoordelen", "geheim", None),
    ("school years compare by their end year", SCHOOL, [a("2021/2022", 3.4)], None,
     "op koers", "schooljaar 2021/2022", 3.5),
    ("half-years; exactly on the path is on course", HALF, [a("2023-H1", 9.0)], None,
     "op koers", "1e halfjaar 2023", 9.0),
    ("hold (lower is better): at or below the baseline", HOLD_LOW, [a("2023", 4.8)], None,
     "behaald", "hoogstens 5,0 per 1.000", 5.0),
    ("hold (lower is better): above the baseline", HOLD_LOW, [a("2023", 5.3)], None,
     "achter", "5,3 per 1.000", 5.0),
    ("hold without a known direction", HOLD_UNKNOWN, [a("2023", 5.3)], None,
     "niet te beoordelen", "hoger of lager gunstig", None),
]


@pytest.mark.parametrize("target, actuals, trend_break, status, reason, expected",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_status_rule(target, actuals, trend_break, status, reason, expected):
    """Each case gets its status, a reason naming the figures, and the expected value."""
    got = st.assess(target, actuals, trend_break)
    assert got.status == status, got.reason_nl
    assert reason in got.reason_nl
    assert got.reason_nl.endswith(".") and got.reason_nl.count(". ") == 0
    if expected is None:
        assert got.expected is None
    else:
        assert got.expected == pytest.approx(expected)


def test_every_status_and_branch_is_in_the_table():
    """The table reaches all four statuses; the rule text names each of them."""
    assert {c[4] for c in CASES} == set(st.STATUSES)
    for name in st.STATUSES:
        assert name.capitalize() in st.RULE_TEXT_NL


def test_latest_period_is_reported():
    """The assessment names the latest period it judged."""
    got = st.assess(UP, [a("2022", 55.0), a("2023", 57.0)])
    assert got.latest_period == "2023"
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.status = "behaald"  # type: ignore[misc]


def test_dataframe_records_are_read_with_missing_flags_as_false():
    """Records from a DataFrame (NaN, NA, numpy booleans) work as actuals."""
    df = pd.DataFrame({"period": ["2022", "2023"], "value": [9.0, 8.4],
                       "lower_bound": pd.array([pd.NA, False], dtype="boolean"),
                       "suppressed": [False, False], "demo": [math.nan, False],
                       "status": ["definitief", "voorlopig"]})
    got = st.assess(DOWN, df.to_dict("records"))
    assert got.status == "op koers" and "(voorlopig)" in got.reason_nl


@pytest.mark.parametrize("bad", ["2023-Q1", "2022/2024", "23", ""])
def test_unreadable_periods_are_refused(bad):
    """A period that is not a year, school year or half-year is a ValueError."""
    with pytest.raises(ValueError, match="periode|schooljaar"):
        st.assess(DOWN, [a(bad, 8.0)])


def test_manual_status_needs_a_known_status_and_a_justification():
    """manual() returns the status with its justification and refuses anything else."""
    got = st.manual("Op koers", "  Het overleg is gestart.  ")
    assert (got.status, got.reason_nl) == ("op koers", "Het overleg is gestart.")
    with pytest.raises(ValueError, match="Onbekende status"):
        st.manual("prima", "tekst")
    with pytest.raises(ValueError, match="onderbouwing"):
        st.manual("achter", "  ")
