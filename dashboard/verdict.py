"""The plain-language verdict on a value against a reference ("hoger dan het land, ongunstig").

Pure: values in, (text, kind) out; no Dash, no database. `kind` is good, bad, neutral or
unknown; pages show the text, so meaning never rests on the colour a kind gets.
"""

from __future__ import annotations

import math

from dashboard.formatting import is_missing

# Within this relative difference two values count as comparable: publishers round counts
# (CBS to multiples of 5) and provisional figures move by a few percent.
TOLERANCE = 0.05

GOOD, BAD, NEUTRAL, UNKNOWN = "good", "bad", "neutral", "unknown"


def _direction(value: float, low: float, high: float, tolerance: float) -> int | None:
    """+1 when value is clearly above [low, high], -1 clearly below, 0 within tolerance."""
    if value > high * (1 + tolerance) if high >= 0 else value > high * (1 - tolerance):
        return 1
    if value < low * (1 - tolerance) if low >= 0 else value < low * (1 + tolerance):
        return -1
    return 0


def verdict(value, reference_value, higher_is_better, reference_label: str, *,
            suppressed: bool = False, lower_bound: bool = False,
            reference_suppressed: bool = False, reference_lower_bound: bool = False,
            reference_upper=None, tolerance: float = TOLERANCE) -> tuple[str, str]:
    """('hoger dan het land, ongunstig', 'bad'), ('vergelijkbaar met het land', 'neutral'), ...

    `higher_is_better` True/False gives a gunstig/ongunstig judgement; None (or NA) describes
    the difference only. A lower-bound value (≥) is only called higher; a lower-bound reference
    counts as the range [reference_value, reference_upper] (unbounded above when no upper is
    given), so no verdict claims more than the published figures allow.
    """
    label = reference_label
    if suppressed:
        return "geen oordeel: het cijfer is geheim", UNKNOWN
    if is_missing(value):
        return "geen oordeel: geen cijfer", UNKNOWN
    if reference_suppressed or is_missing(reference_value):
        return f"geen vergelijking met {label} mogelijk", UNKNOWN
    value, low = float(value), float(reference_value)
    high = low
    if reference_lower_bound:
        high = math.inf if is_missing(reference_upper) else max(low, float(reference_upper))
    side = _direction(value, low, high, tolerance)
    if lower_bound and side != 1:
        # The true value is at least `value`: only "higher" is certain.
        return f"geen oordeel: ondergrens, niet te vergelijken met {label}", UNKNOWN
    if side == 0:
        if high > low * (1 + tolerance) if low >= 0 else high > low * (1 - tolerance):
            # Inside a wide range: the true reference may lie above or below the value.
            return f"geen oordeel: {label} is een ondergrens", UNKNOWN
        return f"vergelijkbaar met {label}", NEUTRAL
    word = "hoger" if side == 1 else "lager"
    if higher_is_better is None or is_missing(higher_is_better):
        return f"{word} dan {label}", NEUTRAL
    good = (side == 1) == bool(higher_is_better)
    return (f"{word} dan {label}, {'gunstig' if good else 'ongunstig'}", GOOD if good else BAD)
