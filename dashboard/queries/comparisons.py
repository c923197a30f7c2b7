"""Queries of the gemeente profile, the SWV/jeugdregio page and the OOGO report. Every query
selects public figures; own registrations ('eigen:...') come only from own_values()."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from dashboard import db
from dashboard.queries.base import _df, latest_classification_year

__all__ = [
    "PROFILE_ROLES",
    "comparison_regions",
    "profile",
    "has_own_values",
    "own_values",
    "trend",
    "latest_successors",
    "region_table",
]

# The gemeente profile, the SWV/jeugdregio page and the OOGO report read these. Every query
# selects public figures; own registrations ('eigen:...') come only from own_values().

PROFILE_ROLES = ("self", "swv_po", "swv_vo", "jeugdregio", "grootteklasse", "nederland")

_CMP_SQL = """
    cmp AS (
      SELECT 'self' AS role, region_code, region_name, region_level, 1.0 AS weight, 0 AS o
      FROM regions WHERE region_code = $code AND classification_year = $year
      UNION ALL
      SELECT m.region_level, m.region_code, r.region_name, m.region_level, m.weight,
             list_position($roles, m.region_level)
      FROM region_members m
      JOIN regions r ON r.region_code = m.region_code
       AND r.classification_year = m.classification_year
      WHERE m.gemeente_code = $code AND m.classification_year = $year
        AND list_contains($roles, m.region_level))
"""

# Latest period with a public figure for the region itself; when it has none, the latest
# national period (every gemeente figure reaches the national total), so the comparison
# regions still show.
_LATEST_SQL = """
    latest AS (
      SELECT i.indicator_id, i.sort_order,
             coalesce(max(f.period) FILTER (WHERE f.region_code = $code),
                      max(f.period) FILTER (WHERE f.region_level = 'nederland')) AS period
      FROM indicators i
      LEFT JOIN facts f ON f.indicator_id = i.indicator_id
       AND f.classification_year = $year AND NOT starts_with(f.source, 'eigen:')
       AND (f.region_code = $code OR f.region_level = 'nederland')
      GROUP BY ALL)
"""


def _profile_params(code: str, classification_year: int | None) -> dict:
    return {"code": code, "year": classification_year or latest_classification_year(),
            "roles": list(PROFILE_ROLES)}


def comparison_regions(code: str, classification_year: int | None = None) -> pd.DataFrame:
    """The gemeente and the regions it is compared with: role, region_code, region_name,
    region_level, weight. A gemeente split over SWVs has one row per SWV (largest share first);
    empty when the code is not a gemeente of that layout."""
    df = _df("WITH " + _CMP_SQL + " SELECT * FROM cmp ORDER BY o, weight DESC, region_code",
             _profile_params(code, classification_year))
    if not (df["role"] == "self").any() or df["region_level"].iloc[0] != "gemeente":
        return df.iloc[0:0].drop(columns="o")
    return df.drop(columns="o").reset_index(drop=True)


def profile(code: str, classification_year: int | None = None) -> pd.DataFrame:
    """One row per indicator × comparison role at the gemeente's latest period: indicator_id,
    role, region_code, region_name, weight, period, value, value_low, value_high, numerator,
    denominator, status, suppressed, lower_bound, demo, source, value_basis ('gepubliceerd'
    where the source publishes the region's figure itself, 'berekend' where it is computed
    from gemeenten), computed_value (the figure computed from gemeenten, beside a published
    one), and secret_max (on a secret row: the most its count can be, as the public can tell;
    null when unknown)."""
    return _df(
        "WITH " + _CMP_SQL + "," + _LATEST_SQL + """
        SELECT l.indicator_id, c.role, c.region_code, c.region_name, c.weight, l.period,
               f.value, f.value_low, f.value_high, f.numerator, f.denominator, f.status,
               f.suppressed, f.lower_bound, f.demo, f.source, f.value_basis, f.computed_value,
               f.secret_max
        FROM latest l
        CROSS JOIN cmp c
        LEFT JOIN facts f ON f.indicator_id = l.indicator_id AND f.region_code = c.region_code
         AND f.period = l.period AND f.classification_year = $year
         AND NOT starts_with(f.source, 'eigen:')
         AND f.region_code IN (SELECT region_code FROM cmp)  -- implied; spares a hash of facts
        WHERE EXISTS (SELECT 1 FROM cmp WHERE role = 'self' AND region_level = 'gemeente')
        QUALIFY row_number() OVER (PARTITION BY l.indicator_id, c.role, c.region_code
                                   ORDER BY f.source) = 1
        ORDER BY l.sort_order, c.o, c.weight DESC, c.region_code
        """,
        _profile_params(code, classification_year),
    )


@lru_cache(maxsize=4)
def _own_regions(gen: tuple, classification_year: int) -> frozenset[str]:
    return frozenset(_df(
        "SELECT DISTINCT region_code FROM facts "
        "WHERE classification_year = $year AND starts_with(source, 'eigen:')",
        {"year": classification_year})["region_code"])


def has_own_values(code: str, classification_year: int | None = None) -> bool:
    """Whether the region has own registrations in a layout (read once per build), so pages
    skip `own_values` for the many regions without."""
    year = classification_year or latest_classification_year()
    return code in _own_regions(db.generation(), year)


def own_values(code: str, classification_year: int | None = None) -> pd.DataFrame:
    """The region's own registrations ('eigen:<file>'), latest period per indicator and file:
    indicator_id, period, value, value_low, value_high, numerator, denominator, status,
    suppressed, lower_bound, demo, source."""
    return _df(
        """
        SELECT indicator_id, period, value, value_low, value_high, numerator, denominator,
               status, suppressed, lower_bound, demo, source
        FROM facts
        WHERE region_code = $code AND classification_year = $year
          AND starts_with(source, 'eigen:')
        QUALIFY period = max(period) OVER (PARTITION BY indicator_id, source)
        ORDER BY indicator_id, source
        """,
        {"code": code, "year": classification_year or latest_classification_year()},
    )


def trend(indicator_id: str | None, codes: list[str],
          classification_year: int | None = None) -> pd.DataFrame:
    """Public figures over time for `codes` (all indicators when indicator_id is None):
    indicator_id, region_code, period, value, value_low, value_high, suppressed, lower_bound,
    status, demo."""
    return _df(
        """
        SELECT indicator_id, region_code, period, value, value_low, value_high, suppressed,
               lower_bound, status, demo
        FROM facts
        WHERE list_contains($codes, region_code) AND classification_year = $year
          AND ($ind IS NULL OR indicator_id = $ind) AND NOT starts_with(source, 'eigen:')
        QUALIFY row_number() OVER (PARTITION BY indicator_id, region_code, period
                                   ORDER BY source) = 1
        ORDER BY indicator_id, region_code, period
        """,
        {"codes": list(codes), "ind": indicator_id,
         "year": classification_year or latest_classification_year()},
    )


def latest_successors(code: str) -> pd.DataFrame:
    """The gemeenten of the latest layout a dissolved gemeente went into, following later
    herindelingen too: old_name, new_code, new_name, change_date (of the first change), part;
    empty when the code was never dissolved."""
    return _df(
        """
        WITH RECURSIVE chain(old_name, code, first_date, part, depth) AS (
          SELECT old_name, new_code, change_date, part, 1 FROM herindelingen
          WHERE old_code = $code
          UNION ALL
          SELECT c.old_name, h.new_code, c.first_date, c.part, c.depth + 1
          FROM chain c JOIN herindelingen h ON h.old_code = c.code
          WHERE c.depth < 10)
        SELECT DISTINCT c.old_name, c.code AS new_code, r.region_name AS new_name,
               c.first_date AS change_date, c.part
        FROM chain c
        JOIN regions r ON r.region_code = c.code AND r.classification_year = $year
        ORDER BY new_name
        """,
        {"code": code, "year": latest_classification_year()},
    )


def region_table(code: str, classification_year: int | None = None,
                 indicator_id: str | None = None) -> pd.DataFrame:
    """A region (SWV, jeugdregio) beside the country and its member gemeenten at the region's
    latest period per indicator (only `indicator_id` when given): indicator_id, period,
    region_code, region_name, role ('region', 'nederland', 'member'), weight, value, value_low,
    value_high, suppressed, lower_bound, status, demo, source, secret_max (as in profile).
    Members ordered by name."""
    return _df(
        """
        WITH cols AS (
          SELECT 'region' AS role, region_code, region_name, 1.0 AS weight, 0 AS o
          FROM regions WHERE region_code = $code AND classification_year = $year
          UNION ALL
          SELECT 'nederland', region_code, region_name, 1.0, 1 FROM regions
          WHERE region_level = 'nederland' AND classification_year = $year
          UNION ALL
          SELECT 'member', m.gemeente_code, r.region_name, m.weight, 2
          FROM region_members m JOIN regions r ON r.region_code = m.gemeente_code
           AND r.classification_year = m.classification_year
          WHERE m.region_code = $code AND m.classification_year = $year),
        latest AS (
          SELECT i.indicator_id, i.sort_order,
                 coalesce(max(f.period) FILTER (WHERE f.region_code = $code),
                          max(f.period)) AS period
          FROM indicators i
          LEFT JOIN facts f ON f.indicator_id = i.indicator_id
           AND f.classification_year = $year AND NOT starts_with(f.source, 'eigen:')
           AND (f.region_level = 'nederland' OR f.region_code = $code)
          WHERE $ind IS NULL OR i.indicator_id = $ind
          GROUP BY ALL)
        SELECT l.indicator_id, l.period, c.region_code, c.region_name, c.role, c.weight,
               f.value, f.value_low, f.value_high, f.suppressed, f.lower_bound, f.status, f.demo,
               f.source, f.secret_max
        FROM latest l
        CROSS JOIN cols c
        LEFT JOIN facts f ON f.indicator_id = l.indicator_id AND f.region_code = c.region_code
         AND f.period = l.period AND f.classification_year = $year
         AND NOT starts_with(f.source, 'eigen:')
         AND f.region_code IN (SELECT region_code FROM cols)  -- implied; spares a hash of facts
        WHERE EXISTS (SELECT 1 FROM cols WHERE role = 'region')
        QUALIFY row_number() OVER (PARTITION BY l.indicator_id, c.region_code
                                   ORDER BY f.source) = 1
        ORDER BY l.sort_order, c.o, c.region_name
        """,
        {"code": code, "year": classification_year or latest_classification_year(),
         "ind": indicator_id},
    )
