"""The one rule that judges a figure against another and places it among others ("hoger dan
SWV VO Amsterdam-Diemen (VO2701), ongunstig", "hoger dan 80% van de gemeenten"), and whether an
indicator is shown for a level at all. Pure: rows and catalogue rows in, words out; no Dash,
no database. Pages, exports and the report all call this module, so they never disagree.

A figure is an interval (`formatting.interval`): a total with secret members lies between the
published members' sum and that sum plus the publisher's threshold for each secret member. A
verdict or position is given only when the whole interval lies on one side.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from dashboard.formatting import flag, interval, is_missing

# Within this relative difference two values count as comparable: publishers round counts
# (CBS to multiples of 5) and provisional figures move by a few percent.
TOLERANCE = 0.05
# A position whose interval spans more than this many percentage points says too little.
POSITION_SPAN = 10.0

GOOD, BAD, NEUTRAL, UNKNOWN = "good", "bad", "neutral", "unknown"
UNJUDGED = "niet te beoordelen"
# Levels a catalogue entry may leave out; others (a user's werkgebied) see every indicator.
RESTRICTABLE_LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie",
                       "grootteklasse", "nederland")


def judged(indicator: Mapping) -> bool:
    """Whether the indicator is judged against other regions (catalogue field `judged`; counts
    such as the number of young people are not)."""
    j = indicator.get("judged")
    return indicator.get("unit") != "count" if j is None or is_missing(j) else bool(j)


def applies(indicator: Mapping, level: str) -> bool:
    """Whether the indicator is shown for a region of `level` (catalogue field `levels`, a
    comma-separated list; no VO indicators for an SWV PO, no PO indicators for an SWV VO).
    A level the catalogue does not list in full (werkgebied, ...) shows every indicator."""
    levels = indicator.get("levels")
    if not isinstance(levels, str) or not levels:
        return True
    return level in levels.split(",") or level not in RESTRICTABLE_LEVELS


def _up(x: float, tolerance: float) -> float:
    return x + abs(x) * tolerance


def _down(x: float, tolerance: float) -> float:
    return x - abs(x) * tolerance


def judge(own: Mapping, reference: Mapping, indicator: Mapping, reference_label: str, *,
          tolerance: float = TOLERANCE) -> tuple[str, str] | None:
    """('hoger dan het land, ongunstig', 'bad'), ('vergelijkbaar met het land', 'neutral'),
    ('niet te beoordelen: ...', 'unknown'); None when the indicator is not judged (counts):
    show no verdict then.

    `own`/`reference`: rows with value, value_low, value_high, suppressed, lower_bound. Higher
    only when the whole own interval lies above the reference's (by more than `tolerance`),
    lower likewise, vergelijkbaar when every pair of possible values is within the tolerance;
    otherwise the secret members leave both sides open. `indicator`: higher_is_better (True,
    False or None: no gunstig/ongunstig) and judged."""
    if not judged(indicator):
        return None
    label = reference_label
    if flag(own.get("suppressed")):
        return f"{UNJUDGED}: het cijfer is geheim", UNKNOWN
    mine, theirs = interval(own), interval(reference)
    if mine is None:
        return f"{UNJUDGED}: geen cijfer", UNKNOWN
    if theirs is None:
        return f"{UNJUDGED}: geen cijfer voor {label}", UNKNOWN
    (low, high), (ref_low, ref_high) = mine, theirs
    if low > _up(ref_high, tolerance):
        side = 1
    elif high < _down(ref_low, tolerance):
        side = -1
    elif high <= _up(ref_low, tolerance) and low >= _down(ref_high, tolerance):
        return f"vergelijkbaar met {label}", NEUTRAL
    else:
        # Short: it stands in a narrow table column; /over explains the interval rule.
        return f"{UNJUDGED}: geheime cijfers", UNKNOWN
    word = "hoger" if side == 1 else "lager"
    hib = indicator.get("higher_is_better")
    if hib is None or is_missing(hib):
        return f"{word} dan {label}", NEUTRAL
    good = (side == 1) == bool(hib)
    return f"{word} dan {label}, {'gunstig' if good else 'ongunstig'}", GOOD if good else BAD


class Distribution:
    """The published figures of a set of regions (one level at one period), sorted once, so
    that `shares` places a figure among them in O(log n) and `quantile` describes them. Build
    it once per level and period and keep it: the gemeente profile places each gemeente among
    all gemeenten without reading them again."""

    def __init__(self, rows: Iterable[Mapping]):
        self._by_code: dict[object, list[tuple[float, float]]] = {}
        values = []
        for r in rows:
            if (ends := interval(r)) is not None:
                self._by_code.setdefault(r.get("region_code"), []).append(ends)
                values.append(float(r["value"]))
        every = [e for ends in self._by_code.values() for e in ends]
        self._lows = sorted(low for low, _ in every)
        self._highs = sorted(high for _, high in every)
        self._values = sorted(values)
        self.n = len(every)  # the published figures

    def shares(self, own: Mapping) -> tuple[float, float, int] | None:
        """(least, most, n): the share (0-100) of the n published others whose figure lies
        below `own`'s, for certain and at most, given both intervals; None when own is secret
        or missing or no other is published. A figure of own's region_code is not an other."""
        mine = interval(own)
        if mine is None:
            return None
        surely = bisect.bisect_left(self._highs, mine[0])   # others' high < own low
        possibly = bisect.bisect_left(self._lows, mine[1])  # others' low < own high
        n, code = self.n, own.get("region_code")
        for low, high in self._by_code.get(code, []) if code is not None else []:
            n, surely, possibly = n - 1, surely - (high < mine[0]), possibly - (low < mine[1])
        if n == 0:
            return None
        return 100.0 * surely / n, 100.0 * possibly / n, n

    def quantile(self, q: float) -> float | None:
        """The q-quantile (0-1) of the published values, interpolated linearly between the two
        nearest (as DuckDB's quantile_cont); None when none is published."""
        v = self._values
        if not v:
            return None
        pos = (len(v) - 1) * q
        i = int(pos)
        return v[i] if i + 1 >= len(v) else v[i] + (v[i + 1] - v[i]) * (pos - i)


def rank_shares(own: Mapping, others: Iterable[Mapping]) -> tuple[float, float, int] | None:
    """(least, most, n): the share (0-100) of the n published `others` whose figure lies below
    `own`'s, for certain and at most, given both intervals; None when own is secret or missing
    or fewer than one other is published. `others` may include `own` (same region_code)."""
    return Distribution(others).shares(own)


def position(shares: tuple[float, float, int] | None, indicator: Mapping,
             plural: str) -> str | None:
    """'hoger dan 80% van de gemeenten' ('hoger dan 78–82% ...' when the interval leaves a
    little room); None for indicators not judged against others (counts), without shares, or
    when the interval leaves more than POSITION_SPAN points open. `shares`: `rank_shares`."""
    if shares is None or not judged(indicator):
        return None
    least, most, _ = shares
    if most - least > POSITION_SPAN:
        return None
    low, high = round(least), round(most)
    share = f"{low}%" if low == high else f"{low}–{high}%"
    return f"hoger dan {share} van de {plural}"
