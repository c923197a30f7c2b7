"""The plain-language verdict: direction, tolerance, secret values and lower bounds."""

import pandas as pd
import pytest

from dashboard.verdict import verdict


@pytest.mark.parametrize("value, ref, hib, expected", [
    (12.0, 10.0, False, ("hoger dan het land, ongunstig", "bad")),
    (8.0, 10.0, False, ("lager dan het land, gunstig", "good")),
    (12.0, 10.0, True, ("hoger dan het land, gunstig", "good")),
    (8.0, 10.0, True, ("lager dan het land, ongunstig", "bad")),
    (10.4, 10.0, False, ("vergelijkbaar met het land", "neutral")),
    (9.6, 10.0, True, ("vergelijkbaar met het land", "neutral")),
])
def test_direction_decides_gunstig_or_ongunstig(value, ref, hib, expected):
    """With a direction, a clear difference is judged gunstig or ongunstig; within 5% it is
    vergelijkbaar."""
    assert verdict(value, ref, hib, "het land") == expected


@pytest.mark.parametrize("hib", [None, pd.NA, float("nan")])
def test_no_direction_describes_difference_without_judgement(hib):
    """An indicator without a direction gets 'hoger dan de regio' and no gunstig/ongunstig."""
    text, kind = verdict(15.0, 10.0, hib, "de regio")
    assert (text, kind) == ("hoger dan de regio", "neutral")
    assert "gunstig" not in text


def test_suppressed_value_gets_no_verdict():
    """A secret value (< 8) is never judged, whatever the reference."""
    assert verdict(None, 10.0, False, "het land", suppressed=True)[1] == "unknown"
    assert verdict(0.0, 10.0, False, "het land", suppressed=True)[1] == "unknown"


def test_missing_or_secret_reference_gives_unknown():
    """Without a usable reference value there is nothing to compare with."""
    assert verdict(5.0, None, False, "het land")[1] == "unknown"
    assert verdict(5.0, float("nan"), False, "het land")[1] == "unknown"
    assert verdict(5.0, 4.0, False, "het land", reference_suppressed=True)[1] == "unknown"


def test_lower_bound_value_is_only_ever_called_higher():
    """'≥ 10' above a reference of 8 is higher; below a reference of 12 nothing is certain."""
    assert verdict(10.0, 8.0, False, "het land", lower_bound=True)[1] == "bad"
    assert verdict(10.0, 12.0, False, "het land", lower_bound=True)[1] == "unknown"


def test_lower_bound_reference_uses_its_upper_bound():
    """A value above the reference's upper bound is higher; inside a wide range it is unknown."""
    assert verdict(10.0, 9.0, False, "het land", reference_lower_bound=True,
                   reference_upper=9.2) == ("hoger dan het land, ongunstig", "bad")
    assert verdict(10.0, 9.0, False, "het land", reference_lower_bound=True)[1] == "unknown"
    assert verdict(10.0, 8.0, False, "het land", reference_lower_bound=True,
                   reference_upper=12.0)[1] == "unknown"
    assert verdict(5.0, 9.0, False, "het land", reference_lower_bound=True)[1] == "good"


def test_zero_reference_is_compared_without_division():
    """A reference of 0 still gives a verdict (no division by zero)."""
    assert verdict(0.0, 0.0, False, "het land")[1] == "neutral"
    assert verdict(1.0, 0.0, False, "het land")[1] == "bad"
