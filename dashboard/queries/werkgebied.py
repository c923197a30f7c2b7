"""Figures of a werkgebied: a user's own set of gemeenten (kept in the application database,
unknown to the warehouse) aggregated by the warehouse's own rule, the `werkgebied_values` table
macro written by the ETL. Members are checked here and passed as one bound list."""

from __future__ import annotations

import math
import re

import pandas as pd

from dashboard.queries.base import _df, latest_classification_year, region

__all__ = [
    "WERKGEBIED_MAX_MEMBERS",
    "werkgebied_members",
    "werkgebied_values",
    "werkgebied_series",
]

# A werkgebied is a handful of gemeenten up to a few jeugdregio's; the country has ~340.
WERKGEBIED_MAX_MEMBERS = 400
_GEMEENTE_CODE = re.compile(r"GM\d{4}")

_VALUES_SQL = """
    SELECT indicator_id, period, classification_year, numerator, denominator, value,
           value_low, value_high, status,
           suppressed, lower_bound, demo, source, members_reporting, members_total,
           members_suppressed
    FROM werkgebied_values($members)
    WHERE $ind IS NULL OR indicator_id = $ind
    ORDER BY indicator_id, period, source
"""


def werkgebied_members(members: list[dict]) -> list[dict]:
    """The members as the macro takes them, [{gemeente_code, weight}], or ValueError (Dutch).

    Shape, codes and weights are checked before anything is read; then every code must be a
    gemeente of the latest layout."""
    if not isinstance(members, list | tuple) or not members:
        raise ValueError("Een werkgebied heeft minstens één gemeente.")
    if len(members) > WERKGEBIED_MAX_MEMBERS:
        raise ValueError(f"Een werkgebied heeft hoogstens {WERKGEBIED_MAX_MEMBERS} gemeenten "
                         f"(nu {len(members)}).")
    clean: list[dict] = []
    for m in members:
        if not isinstance(m, dict) or set(m) != {"gemeente_code", "weight"}:
            raise ValueError("Elke gemeente van een werkgebied heeft precies een gemeentecode "
                             "en een gewicht.")
        code, weight = m["gemeente_code"], m["weight"]
        if not isinstance(code, str) or not _GEMEENTE_CODE.fullmatch(code):
            raise ValueError(f"'{str(code)[:20]}' is geen gemeentecode (GM gevolgd door vier "
                             "cijfers).")
        if isinstance(weight, bool) or not isinstance(weight, int | float) \
                or not math.isfinite(weight) or not 0 < weight <= 1:
            raise ValueError(f"Het gewicht van {code} moet een getal groter dan 0 en "
                             "hoogstens 1 zijn.")
        clean.append({"gemeente_code": code, "weight": float(weight)})
    codes = [m["gemeente_code"] for m in clean]
    if len(set(codes)) != len(codes):
        twice = next(c for c in codes if codes.count(c) > 1)
        raise ValueError(f"{twice} staat twee keer in het werkgebied.")
    year = latest_classification_year()
    for code in codes:
        found = region(code, year)
        if found is None or found["region_level"] != "gemeente":
            raise ValueError(f"{code} is geen gemeente in de indeling van {year}.")
    return clean


def werkgebied_values(members: list[dict], indicator_id: str | None = None) -> pd.DataFrame:
    """Public figures of the werkgebied in the latest layout, every period back-cast as for a
    standard region, in the `facts` shape: indicator_id, period, classification_year,
    numerator, denominator, value, value_low, value_high, status, suppressed, lower_bound, demo,
    source, members_reporting, members_total, members_suppressed. A period appears only when every
    member reported; a secret member makes the figure a lower bound. Raises ValueError for
    members that are not a werkgebied (see `werkgebied_members`)."""
    return _df(_VALUES_SQL, {"members": werkgebied_members(members), "ind": indicator_id})


def werkgebied_series(members: list[dict], indicator_id: str) -> pd.DataFrame:
    """One indicator of the werkgebied over time, oldest period first, one row per period
    (columns as `werkgebied_values`; when two public sources have a period, the first by
    name)."""
    df = werkgebied_values(members, indicator_id)
    return df.drop_duplicates(["period"], keep="first").reset_index(drop=True)
