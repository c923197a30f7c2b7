"""The one verdict rule: direction, tolerance, intervals of totals with secret members, counts
that are not judged, positions among others, and which levels an indicator applies to."""

import pandas as pd
import pytest

from dashboard.verdict import applies, judge, position, rank_shares

WORSE_HIGH = {"unit": "pct", "higher_is_better": False, "judged": True}
BETTER_HIGH = {"unit": "pct", "higher_is_better": True, "judged": True}
NO_DIRECTION = {"unit": "pct", "higher_is_better": None, "judged": True}
COUNT = {"unit": "count", "higher_is_better": None, "judged": False}
LAND = "het land"


def point(v):
    return {"value": v, "value_low": v, "value_high": v, "suppressed": False,
            "lower_bound": False}


def between(low, high):
    return {"value": low, "value_low": low, "value_high": high, "suppressed": False,
            "lower_bound": True}


@pytest.mark.parametrize("value, ref, indicator, expected", [
    (12.0, 10.0, WORSE_HIGH, ("hoger dan het land, ongunstig", "bad")),
    (8.0, 10.0, WORSE_HIGH, ("lager dan het land, gunstig", "good")),
    (12.0, 10.0, BETTER_HIGH, ("hoger dan het land, gunstig", "good")),
    (8.0, 10.0, BETTER_HIGH, ("lager dan het land, ongunstig", "bad")),
    (10.4, 10.0, WORSE_HIGH, ("vergelijkbaar met het land", "neutral")),
    (9.6, 10.0, BETTER_HIGH, ("vergelijkbaar met het land", "neutral")),
    (15.0, 10.0, NO_DIRECTION, ("hoger dan het land", "neutral")),
])
def test_points_are_judged_by_direction_and_tolerance(value, ref, indicator, expected):
    """A clear difference is gunstig or ongunstig by the direction (none: only the
    difference); within 5% it is vergelijkbaar."""
    assert judge(point(value), point(ref), indicator, LAND) == expected


@pytest.mark.parametrize("hib", [None, pd.NA, float("nan")])
def test_missing_direction_gives_no_gunstig(hib):
    """An indicator without a direction (None, NA, NaN) is never called gunstig/ongunstig."""
    text, kind = judge(point(15.0), point(10.0), {"unit": "pct", "higher_is_better": hib}, LAND)
    assert (text, kind) == ("hoger dan het land", "neutral")


def test_verdict_only_when_the_whole_interval_is_on_one_side():
    """An interval wholly above (or below) the reference is judged; one reaching across the
    reference's tolerance band is 'niet te beoordelen'."""
    assert judge(between(11.0, 11.5), point(10.0), WORSE_HIGH, LAND)[1] == "bad"
    assert judge(between(8.0, 9.0), point(10.0), WORSE_HIGH, LAND)[1] == "good"
    text, kind = judge(between(9.0, 11.0), point(10.0), WORSE_HIGH, LAND)
    assert kind == "unknown" and text.startswith("niet te beoordelen: ")
    assert judge(between(10.0, 12.0), point(10.0), WORSE_HIGH, LAND)[1] == "unknown"
    assert judge(between(9.9, 10.2), point(10.0), WORSE_HIGH, LAND)[0] == \
        "vergelijkbaar met het land"


def test_reference_interval_counts_with_both_ends():
    """A reference that is an interval: the value must clear its upper end to be higher."""
    assert judge(point(10.0), between(9.0, 9.2), WORSE_HIGH, LAND) == \
        ("hoger dan het land, ongunstig", "bad")
    assert judge(point(10.0), between(8.0, 12.0), WORSE_HIGH, LAND)[1] == "unknown"
    assert judge(point(5.0), between(9.0, 12.0), WORSE_HIGH, LAND)[1] == "good"


def test_no_upper_end_is_only_ever_called_higher():
    """'≥ 10' (no known upper end) above a reference of 8 is higher; below 12 it is open; as a
    reference it can never be exceeded."""
    own = {"value": 10.0, "lower_bound": True}
    assert judge(own, point(8.0), WORSE_HIGH, LAND)[1] == "bad"
    assert judge(own, point(12.0), WORSE_HIGH, LAND)[1] == "unknown"
    ref = {"value": 9.0, "value_low": 9.0, "value_high": None, "lower_bound": True}
    assert judge(point(10.0), ref, WORSE_HIGH, LAND)[1] == "unknown"
    assert judge(point(5.0), ref, WORSE_HIGH, LAND)[1] == "good"


def test_secret_or_missing_figures_are_not_judged():
    """A secret own figure, a missing one or a missing reference gets 'niet te beoordelen'
    with its reason."""
    assert judge({"value": 0.0, "suppressed": True}, point(10.0), WORSE_HIGH, LAND) == \
        ("niet te beoordelen: het cijfer is geheim", "unknown")
    assert judge({"value": None}, point(10.0), WORSE_HIGH, LAND)[0] == \
        "niet te beoordelen: geen cijfer"
    assert judge(point(5.0), {"value": float("nan")}, WORSE_HIGH, LAND)[0] == \
        "niet te beoordelen: geen cijfer voor het land"
    assert judge(point(5.0), {"value": None, "suppressed": True}, WORSE_HIGH, LAND)[1] == \
        "unknown"


def test_counts_get_no_verdict():
    """A count (the population 0-17) is not judged against others: None, so callers show
    nothing."""
    assert judge(point(151740.0), point(3_400_000.0), COUNT, LAND) is None
    assert judge(point(5.0), point(3.0), {"unit": "count"}, LAND) is None


def test_verdict_names_the_reference_it_was_given():
    """The compared region's label is used as given ('SWV VO Amsterdam-Diemen (VO2701)')."""
    label = "SWV VO Amsterdam-Diemen (VO2701)"
    assert judge(point(12.0), point(10.0), WORSE_HIGH, label)[0] == \
        f"hoger dan {label}, ongunstig"


def test_zero_reference_is_compared_without_division():
    """A reference of 0 still gives a verdict (no division by zero)."""
    assert judge(point(0.0), point(0.0), WORSE_HIGH, LAND)[1] == "neutral"
    assert judge(point(1.0), point(0.0), WORSE_HIGH, LAND)[1] == "bad"


def test_position_among_points_and_intervals():
    """Among points the share below is exact; an interval gives a range, and no position when
    the range is wide; never for counts."""
    others = [dict(point(float(v)), region_code=f"GM{v:04d}") for v in range(1, 11)]
    own = dict(point(8.5), region_code="GM9999")
    shares = rank_shares(own, others)
    assert shares == (80.0, 80.0, 10)
    assert position(shares, WORSE_HIGH, "gemeenten") == "hoger dan 80% van de gemeenten"
    assert position(rank_shares(between(7.5, 8.5), others), WORSE_HIGH, "gemeenten") == \
        "hoger dan 70–80% van de gemeenten"
    assert position(rank_shares(between(2.5, 8.5), others), WORSE_HIGH, "gemeenten") is None
    assert position(shares, COUNT, "gemeenten") is None


def test_position_leaves_out_the_region_itself_and_secret_others():
    """The region is not counted among the others, nor are secret or missing figures."""
    others = [dict(point(1.0), region_code="A"), dict(point(9.0), region_code="B"),
              {"region_code": "C", "value": None, "suppressed": True},
              dict(point(5.0), region_code="SELF")]
    assert rank_shares(dict(point(5.0), region_code="SELF"), others) == (50.0, 50.0, 2)
    assert rank_shares({"value": None, "suppressed": True}, others) is None


@pytest.mark.parametrize("levels, level, expected", [
    ("gemeente,swv_vo,jeugdregio", "swv_po", False),
    ("gemeente,swv_vo,jeugdregio", "swv_vo", True),
    ("gemeente,swv_po,jeugdregio", "swv_vo", False),
    ("gemeente,swv_vo,jeugdregio", "werkgebied", True),
    ("", "swv_po", True),
    (None, "swv_po", True),
])
def test_applies_follows_the_catalogue_levels(levels, level, expected):
    """An indicator is shown for the levels its catalogue entry lists; a level no entry can
    restrict (a werkgebied) shows everything."""
    assert applies({"levels": levels}, level) is expected


def test_warehouse_catalogue_restricts_school_indicators(app):
    """Through the warehouse's indicators view: VSV and vso not for an SWV PO, sbo/so not for
    an SWV VO; the population count is not judged; rates around 1% keep two decimals."""
    from dashboard import queries

    cat = {r["indicator_id"]: r for r in queries.indicators().to_dict("records")}
    assert not applies(cat["vsv"], "swv_po") and not applies(cat["deelname_vso"], "swv_po")
    assert not applies(cat["deelname_sbo"], "swv_vo") and not applies(cat["deelname_so"], "swv_vo")
    assert applies(cat["vsv"], "swv_vo") and applies(cat["thuiszitters_4wk"], "swv_po")
    assert all(applies(cat["jeugdhulp"], lv) for lv in ("gemeente", "swv_po", "swv_vo"))
    assert not cat["jeugdpopulatie"]["judged"] and cat["jeugdhulp"]["judged"]
    assert cat["jeugdreclassering"]["decimals"] == 2 and cat["jeugdhulp"]["decimals"] == 1
