"""Dutch (nl-NL) writing of figures, numbers, dates and periods: THE way a figure is shown on
pages, in exports and in the report. Judging figures against each other is in `verdict`."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED_TEXT = "geheim (< 8)"
MISSING_TEXT = "geen gegevens"
UNIT_SUFFIX = {"pct": "%", "per_1000": " per 1.000", "count": ""}
UNIT_DECIMALS = {"pct": 1, "per_1000": 1, "count": 0}
DEMO_LABEL = "Voorbeeldcijfers — geen officiële statistiek"
PLOTLY_SEPARATORS = ",."  # decimal comma, thousands point
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def is_missing(v) -> bool:
    """True when `v` is not a usable number: None, NaN, pandas NA or text."""
    if v is None:
        return True
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def flag(v) -> bool:
    """A nullable boolean (None, NaN and pandas NA count as False) as a plain bool."""
    try:
        return bool(v) and not (isinstance(v, float) and math.isnan(v))
    except TypeError:  # pandas NA refuses bool()
        return False


_DUTCH_SEPARATORS = str.maketrans({",": ".", ".": ","})
_STEPS = [Decimal(1).scaleb(-d) for d in range(16)]


def number(value: float | None, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5'; halves round up as a reader expects (3,25 -> 3,3), from the
    shortest decimal text of the float rather than its binary expansion."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING_TEXT
    value = float(value)
    if value.is_integer() and abs(value) < 2 ** 53:  # counts: nothing to round
        text = f"{int(value):,}" + (f".{'0' * decimals}" if decimals > 0 else "")
    elif (text := _shortest_rounded(value, decimals)) is None:
        step = _STEPS[decimals] if 0 <= decimals < len(_STEPS) else Decimal(1).scaleb(-decimals)
        text = f"{Decimal(repr(value)).quantize(step, ROUND_HALF_UP):,.{decimals}f}"
    return text.translate(_DUTCH_SEPARATORS)


def _shortest_rounded(value: float, decimals: int) -> str | None:
    """`value`'s shortest decimal text rounded to `decimals` ('1,234.5' style), without
    Decimal (a fifth of its cost), or None for the cases the exact rule must decide: a 5 just
    past `decimals` (3.25 at one decimal), exponent notation. Otherwise no rounding boundary
    lies between that text and the float (it would be shorter, or as short and nearer, so it
    would be the shortest text), and rounding the float itself gives the same digits."""
    shortest = repr(value)
    if "e" in shortest or "n" in shortest or decimals < 0:  # 1e-07, inf, nan
        return None
    whole, _, fraction = shortest.partition(".")
    if len(fraction) <= decimals:  # nothing to round: the digits as they are
        sign, whole = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
        return f"{sign}{int(whole):,}" + (f".{fraction.ljust(decimals, '0')}" if decimals
                                          else "")
    if len(fraction) == decimals + 1 and fraction[-1] == "5":
        return None
    return f"{value:,.{decimals}f}"


def decimals(indicator: Mapping) -> int:
    """Decimals a figure of the indicator is shown with: the catalogue's `decimals` (so 0,17
    is not shown as 0,2), else the unit's default."""
    d = indicator.get("decimals")
    return UNIT_DECIMALS.get(indicator.get("unit"), 1) if is_missing(d) else int(d)


def interval(row: Mapping) -> tuple[float, float] | None:
    """(low, high) the true figure lies in; high is +inf when no upper end is known; None when
    the figure is secret or missing. Keys value_low/value_high absent or null: a point, except
    a lower bound (`lower_bound` true), whose upper end is then unknown."""
    value = _float(row.get("value"))
    if flag(row.get("suppressed")) or value is None:
        return None
    low, high = _float(row.get("value_low")), _float(row.get("value_high"))
    if high is None:
        high = math.inf if flag(row.get("lower_bound")) else value
    return (value if low is None else low), high


def secret(row: Mapping) -> str:
    """A secret cell as shown: 'geheim (< 8)' under CBS' rule (the most it can hold is 7, and
    that is what a row without `secret_max` means), 'geheim (< 41)' where secondary
    suppression hid a larger count, 'geheim' when the public cannot tell how large."""
    if "secret_max" not in row:
        return SUPPRESSED_TEXT
    most = _float(row["secret_max"])
    if most is None:
        return "geheim"
    return f"geheim (< {number(most + 1)})" if most == int(most) else \
        f"geheim (≤ {number(most, 1)})"


def figure(row: Mapping, indicator: Mapping, *, cell: bool = False) -> str:
    """A fact as shown everywhere: '12,3%', '1,3–1,4%' (the interval a total with secret
    members lies in), the value alone when both ends show the same, '≥ 12,3%' only when no
    upper end is known, 'geheim (< 8)' (see `secret`), 'geen gegevens'. `cell` drops
    ' per 1.000' for tables whose row or column header names the unit."""
    if flag(row.get("suppressed")):
        return secret(row)
    ends = interval(row)
    if ends is None:
        return MISSING_TEXT
    unit = indicator.get("unit")
    suffix = "" if cell and unit == "per_1000" else UNIT_SUFFIX.get(unit, "")
    d = decimals(indicator)
    low, high = number(ends[0], d), ends[1]
    if math.isinf(high):
        return f"≥ {low}{suffix}"
    high = number(high, d)
    return f"{low}{suffix}" if low == high else f"{low}–{high}{suffix}"


def compact(v) -> str:
    """A large number in words, never M/k: 3_512_000 -> '3,5 mln', 140_000 -> '140.000'."""
    if is_missing(v):
        return MISSING_TEXT
    v = float(v)
    if abs(v) >= 1_000_000:
        return number(v / 1_000_000, 1).removesuffix(",0") + " mln"
    return number(v, 0 if v == round(v) or abs(v) >= 100 else 1)


def _date(d) -> dt.date:
    if isinstance(d, str):
        return dt.date.fromisoformat(d[:10])
    return d.date() if isinstance(d, dt.datetime) else d


def date_long(d) -> str:
    """'1 december 2026', for running text (footer, report title page). `d`: a date, datetime
    or ISO text."""
    d = _date(d)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def date_short(d) -> str:
    """'01-12-2026', for table cells and page footers of exports."""
    return _date(d).strftime("%d-%m-%Y")


def basis(value_basis, source=None) -> str:
    """Where a figure comes from, for a tooltip or note: 'gepubliceerd cijfer (bron: CBS
    85099NED)', 'berekend uit de gemeenten', 'eigen registratie'; '' when unknown."""
    if value_basis == "gepubliceerd":
        named = isinstance(source, str) and source
        return f"gepubliceerd cijfer (bron: {source})" if named else "gepubliceerd cijfer"
    return {"berekend": "berekend uit de gemeenten",
            "aangeleverd": "eigen registratie"}.get(value_basis, "")


def period(p: str) -> str:
    """'2022/2023' -> 'schooljaar 2022/2023'; '2023-H1' -> '1e halfjaar 2023'."""
    if "/" in p:
        return f"schooljaar {p}"
    if "-H" in p:
        year, half = p.split("-H")
        return f"{half}e halfjaar {year}"
    return p


def _float(v) -> float | None:
    return None if is_missing(v) else float(v)
