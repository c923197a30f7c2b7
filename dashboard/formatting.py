"""Dutch (nl-NL) formatting of numbers, values with their flags, and periods."""

from __future__ import annotations

import math

SUPPRESSED_TEXT = "geheim (< 8)"
MISSING_TEXT = "geen gegevens"
UNIT_SUFFIX = {"pct": "%", "per_1000": " per 1.000", "count": ""}
UNIT_DECIMALS = {"pct": 1, "per_1000": 1, "count": 0}
DEMO_LABEL = "Voorbeeldcijfers — geen officiële statistiek"
PLOTLY_SEPARATORS = ",."  # decimal comma, thousands point


def is_missing(v) -> bool:
    """True when `v` is not a usable number: None, NaN, pandas NA or text."""
    if v is None:
        return True
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def number(value: float | None, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING_TEXT
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans({",": ".", ".": ","}))


def value(v: float | None, unit: str, *, suppressed: bool = False,
          lower_bound: bool = False) -> str:
    """A fact's value as shown: '12,3%', '≥ 12,3%', 'geheim (< 8)'."""
    if suppressed:
        return SUPPRESSED_TEXT
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return MISSING_TEXT
    text = number(v, UNIT_DECIMALS[unit]) + UNIT_SUFFIX[unit]
    return f"≥ {text}" if lower_bound else text


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
