"""Queries of the indicator page and the compare page: one level's values, maps, trends."""

from __future__ import annotations

import gc
import json
from functools import lru_cache

import pandas as pd

from dashboard import db
from dashboard.queries.base import _df, latest_classification_year

__all__ = [
    "MAP_LEVELS",
    "TREND_ROLES",
    "NATIONAL_CODE",
    "indicator_periods",
    "level_values",
    "national_fact",
    "region_shapes",
    "containing_regions",
    "trend_comparison",
    "indicator_series",
    "indicator_coverage",
]

# Levels of the indicator page's level switch: those with a map (region_shapes) and a ranking.
MAP_LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie")
# Roles in a trend comparison, in legend order.
TREND_ROLES = ("self", "swv_po", "swv_vo", "jeugdregio", "grootteklasse", "nederland")
NATIONAL_CODE = "NL01"


@lru_cache(maxsize=64)
def _indicator_periods(gen: tuple, indicator_id: str, classification_year: int) -> tuple:
    df = _df(
        "SELECT DISTINCT period FROM facts_by_level WHERE indicator_id = $ind "
        "AND classification_year = $year AND NOT starts_with(source, 'eigen:') ORDER BY period",
        {"ind": indicator_id, "year": classification_year})
    return tuple(df["period"])


def indicator_periods(indicator_id: str, classification_year: int | None = None) -> list[str]:
    """Every period with public figures for the indicator in a layout, oldest first."""
    year = classification_year or latest_classification_year()
    return list(_indicator_periods(db.generation(), indicator_id, year))


@lru_cache(maxsize=256)
def _level_values(gen: tuple, indicator_id: str, level: str, period: str,
                  classification_year: int) -> pd.DataFrame:
    # facts_by_level (as the other reads of one indicator over a whole level here): its rows
    # of one indicator, layout, level and period lie together, where facts (stored in region
    # order, for one region's reads) spreads them over every row group.
    return _df(
        """
        SELECT r.region_code, r.region_name, f.numerator, f.denominator, f.value,
               f.value_low, f.value_high, f.status,
               coalesce(f.suppressed, false) AS suppressed,
               coalesce(f.lower_bound, false) AS lower_bound, f.demo, f.source,
               f.members_reporting, f.members_total, f.note, f.value_basis, f.computed_value,
               f.secret_max
        FROM regions r
        LEFT JOIN facts_by_level f
          ON f.region_code = r.region_code AND f.indicator_id = $ind AND f.period = $period
         AND f.classification_year = r.classification_year AND f.region_level = $level
         AND NOT starts_with(f.source, 'eigen:')
        WHERE r.region_level = $level AND r.classification_year = $year
        ORDER BY r.region_name
        """,
        {"ind": indicator_id, "level": level, "period": period, "year": classification_year})


def level_values(indicator_id: str, level: str, period: str,
                 classification_year: int | None = None) -> pd.DataFrame:
    """Every region of a level with its public figure for one period (null when absent):
    region_code, region_name, numerator, denominator, value, value_low, value_high, status,
    suppressed, lower_bound, demo, source, members_reporting, members_total, note, value_basis,
    computed_value, secret_max. Cached per warehouse (the map, the ranking and the table of
    every region's indicator page share it): do not modify it."""
    year = classification_year or latest_classification_year()
    return _level_values(db.generation(), indicator_id, level, period, year)


@lru_cache(maxsize=256)
def _national_fact(gen: tuple, indicator_id: str, period: str,
                   classification_year: int) -> dict | None:
    df = _df(
        "SELECT value, value_low, value_high, numerator, denominator, status, suppressed, "
        "lower_bound, demo, source, value_basis FROM facts "
        "WHERE indicator_id = $ind AND region_code = $code AND period = $period "
        "AND classification_year = $year AND NOT starts_with(source, 'eigen:')",
        {"ind": indicator_id, "code": NATIONAL_CODE, "period": period,
         "year": classification_year})
    return None if df.empty else df.iloc[0].to_dict()


def national_fact(indicator_id: str, period: str,
                  classification_year: int | None = None) -> dict | None:
    """The country's figure for one period (value, value_low, value_high, status, lower_bound,
    ..., source,
    value_basis: 'gepubliceerd' where the source publishes Nederland itself), or None."""
    year = classification_year or latest_classification_year()
    found = _national_fact(db.generation(), indicator_id, period, year)
    return None if found is None else dict(found)


@lru_cache(maxsize=16)
def _region_shapes(gen: tuple, level: str, classification_year: int) -> dict:
    df = _df(
        "SELECT s.region_code, s.geojson FROM region_shapes s WHERE s.region_level = $level "
        "AND s.classification_year = $year ORDER BY s.region_code",
        {"level": level, "year": classification_year})
    # Parsed with the cycle collector paused: the ~10^5 lists of 3,420 wijken's rings set off
    # full collections of the whole heap (22 ms became up to 110). Plain JSON holds no cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": code, "properties": {"region_code": code},
             "geometry": json.loads(geometry)}
            for code, geometry in zip(df["region_code"], df["geojson"], strict=True)]}
    finally:
        if collecting:
            gc.enable()


def region_shapes(level: str, classification_year: int | None = None) -> dict:
    """A GeoJSON FeatureCollection of a level's boundaries; each feature carries
    `properties.region_code`. Shapes exist for the 2024 layout only."""
    year = classification_year or latest_classification_year()
    return _region_shapes(db.generation(), level, year)


def containing_regions(code: str, classification_year: int | None = None) -> dict[str, str]:
    """For every level of MAP_LEVELS, the region that best covers region `code`: the code itself
    at its own level, else the region holding the largest share of its youth population (0-17)
    -- for a gemeente the (largest-share) region it belongs to, for a larger region its biggest
    overlap. Returns level -> region code; levels where nothing overlaps are left out."""
    df = _df(
        """
        WITH pop AS (
            SELECT region_code, max_by(numerator, period) AS youths FROM facts_by_level
            WHERE indicator_id = 'jeugdpopulatie' AND classification_year = $year
              AND region_level = 'gemeente'
            GROUP BY region_code
        ), src AS (
            SELECT region_code AS gemeente_code, 1.0 AS weight FROM regions
            WHERE region_code = $code AND region_level = 'gemeente'
              AND classification_year = $year
            UNION ALL
            SELECT gemeente_code, weight FROM region_members
            WHERE region_code = $code AND classification_year = $year
        ), candidates AS (
            SELECT m.region_level AS level, m.region_code, m.weight * s.weight AS share,
                   s.gemeente_code
            FROM src s JOIN region_members m ON m.gemeente_code = s.gemeente_code
            WHERE list_contains($levels, m.region_level) AND m.classification_year = $year
            UNION ALL
            SELECT 'gemeente', gemeente_code, weight, gemeente_code FROM src
        ), overlap AS (
            SELECT region_level AS level, region_code, 1e12 AS overlap FROM regions
            WHERE region_code = $code AND classification_year = $year
            UNION ALL
            SELECT c.level, c.region_code, sum(c.share * coalesce(p.youths, 1))
            FROM candidates c LEFT JOIN pop p ON p.region_code = c.gemeente_code
            GROUP BY c.level, c.region_code
        )
        SELECT level, region_code FROM overlap
        QUALIFY row_number() OVER (PARTITION BY level ORDER BY overlap DESC, region_code) = 1
        """,
        {"code": code, "levels": list(MAP_LEVELS),
         "year": classification_year or latest_classification_year()})
    return {lv: c for lv, c in zip(df["level"], df["region_code"], strict=True)
            if lv in MAP_LEVELS}


def trend_comparison(indicator_id: str, code: str,
                     classification_year: int | None = None) -> pd.DataFrame:
    """A region's series with its comparators, every period in one layout: region_code,
    region_name, role (self, swv_po, swv_vo, jeugdregio, grootteklasse, nederland), weight,
    period, value, value_low, value_high, numerator, denominator, suppressed, lower_bound,
    status, demo, value_basis. A gemeente gets its SWV PO/VO (the one holding its largest
    share), jeugdregio and size class; every region gets the country."""
    return _df(
        """
        WITH comparators AS (
            SELECT $code AS region_code, 'self' AS role, 1.0 AS weight, 0 AS role_order
            UNION ALL
            SELECT region_code, region_level, weight,
                   CASE region_level WHEN 'swv_po' THEN 1 WHEN 'swv_vo' THEN 2
                        WHEN 'jeugdregio' THEN 3 ELSE 4 END
            FROM region_members
            WHERE gemeente_code = $code AND classification_year = $year
              AND region_level IN ('swv_po', 'swv_vo', 'jeugdregio', 'grootteklasse')
            QUALIFY row_number() OVER (PARTITION BY region_level
                                       ORDER BY weight DESC, region_code) = 1
            UNION ALL
            SELECT $national, 'nederland', 1.0, 5 WHERE $code <> $national
        )
        SELECT c.region_code, r.region_name, c.role, c.weight, f.period, f.value, f.value_low,
               f.value_high, f.numerator, f.denominator, f.suppressed, f.lower_bound, f.status,
               f.demo, f.value_basis
        FROM comparators c
        JOIN regions r ON r.region_code = c.region_code AND r.classification_year = $year
        JOIN facts f ON f.region_code = c.region_code AND f.indicator_id = $ind
         AND f.classification_year = $year AND NOT starts_with(f.source, 'eigen:')
        ORDER BY c.role_order, f.period
        """,
        {"ind": indicator_id, "code": code, "national": NATIONAL_CODE,
         "year": classification_year or latest_classification_year()})


def indicator_series(indicator_ids: list[str], codes: list[str],
                     classification_year: int | None = None) -> pd.DataFrame:
    """Public series of several regions on several indicators in one layout: indicator_id,
    region_code, region_name, region_level, period, value, value_low, value_high, numerator,
    denominator, suppressed, lower_bound, status, demo."""
    return _df(
        """
        SELECT f.indicator_id, f.region_code, r.region_name, r.region_level, f.period, f.value,
               f.value_low, f.value_high, f.numerator, f.denominator, f.suppressed,
               f.lower_bound, f.status, f.demo
        FROM facts f
        JOIN regions r ON r.region_code = f.region_code
         AND r.classification_year = f.classification_year
        WHERE list_contains($inds, f.indicator_id) AND list_contains($codes, f.region_code)
          AND f.classification_year = $year AND NOT starts_with(f.source, 'eigen:')
        ORDER BY f.indicator_id, list_position($codes, f.region_code), f.period
        """,
        {"inds": list(indicator_ids), "codes": list(codes),
         "year": classification_year or latest_classification_year()})


def indicator_coverage(classification_year: int | None = None) -> pd.DataFrame:
    """Per indicator in a layout: first_period, last_period, n_periods, last_status (status of
    the latest period at national level), sources (public sources, comma-separated)."""
    return _df(
        """
        SELECT indicator_id, min(period) AS first_period, max(period) AS last_period,
               count(DISTINCT period) AS n_periods,
               max_by(status, period) FILTER (WHERE region_level = 'nederland') AS last_status,
               string_agg(DISTINCT source, ', ') AS sources
        FROM facts
        WHERE classification_year = $year AND NOT starts_with(source, 'eigen:')
        GROUP BY indicator_id
        """,
        {"year": classification_year or latest_classification_year()})
