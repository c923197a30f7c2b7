"""Warehouse reads for the agreements (afspraken): the measured series of many (region,
indicator) targets in one query, and a werkgebied's series on the indicators its agreements
name (through the warehouse's own aggregation macro, as `dashboard.queries.werkgebied`)."""

from __future__ import annotations

import pandas as pd

from dashboard import db
from dashboard.queries.base import _df, latest_classification_year
from dashboard.queries.werkgebied import werkgebied_members

__all__ = [
    "SERIES_COLUMNS",
    "target_series",
    "target_series_records",
    "werkgebied_target_records",
]

# The `facts` columns a status and a trajectory chart read (the werkgebied query returns the
# same shape, without region_code).
SERIES_COLUMNS = ["region_code", "indicator_id", "period", "classification_year", "numerator",
                  "denominator", "value", "value_low", "value_high", "status", "suppressed",
                  "lower_bound", "demo",
                  "source", "members_reporting", "members_total", "members_suppressed"]


_SERIES_SQL = """
    WITH pairs AS (
      SELECT DISTINCT unnest($regions) AS region_code, unnest($indicators) AS indicator_id)
    SELECT f.region_code, f.indicator_id, f.period, f.classification_year, f.numerator,
           f.denominator, f.value, f.value_low, f.value_high, f.status,
           coalesce(f.suppressed, false) AS suppressed,
           coalesce(f.lower_bound, false) AS lower_bound, f.demo, f.source,
           f.members_reporting, f.members_total, f.members_suppressed
    FROM facts f
    JOIN pairs p ON p.region_code = f.region_code AND p.indicator_id = f.indicator_id
    WHERE f.classification_year = $year AND NOT starts_with(f.source, 'eigen:')
    ORDER BY f.region_code, f.indicator_id, f.period, f.source
"""


def _series_params(region_codes: list[str], indicator_ids: list[str],
                   classification_year: int | None) -> dict:
    if len(region_codes) != len(indicator_ids):
        raise ValueError("region_codes and indicator_ids must have the same length")
    return {"regions": [str(c) for c in region_codes],
            "indicators": [str(i) for i in indicator_ids],
            "year": classification_year or latest_classification_year()}


def target_series(region_codes: list[str], indicator_ids: list[str],
                  classification_year: int | None = None) -> pd.DataFrame:
    """Every public figure of each (region_codes[i], indicator_ids[i]) pair in one layout
    (latest if None), oldest period first: the SERIES_COLUMNS. The pairs are two bound lists of
    equal length, zipped by unnest; a pair without figures has no rows. Two public sources
    of one period come ordered by source name."""
    params = _series_params(region_codes, indicator_ids, classification_year)
    if not region_codes:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    return _df(_SERIES_SQL, params)


def target_series_records(region_codes: list[str], indicator_ids: list[str],
                          classification_year: int | None = None) -> list[dict]:
    """`target_series` as plain dicts (None for missing), without pandas: for the statuses of
    hundreds of agreements, where building and converting a DataFrame costs more than the
    query."""
    params = _series_params(region_codes, indicator_ids, classification_year)
    if not region_codes:
        return []
    cur = db.cursor().execute(_SERIES_SQL, params)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


_WERKGEBIED_SQL = """
    SELECT werkgebied_code AS region_code, indicator_id, period, classification_year,
           numerator, denominator, value, value_low, value_high, status, suppressed,
           lower_bound, demo, source, members_reporting, members_total, members_suppressed
    FROM werkgebieden_values($members)
    WHERE list_contains($indicators, indicator_id)
    ORDER BY region_code, indicator_id, period, source
"""


def werkgebied_target_records(members_by_code: dict[str, list[dict]],
                              indicator_ids: list[str]) -> list[dict]:
    """The public figures of several werkgebieden on some indicators in one query, through the
    warehouse's aggregation macro (checked members, bound lists), as plain dicts with the
    werkgebied's code as region_code, ordered by code, indicator, period and source. Raises
    ValueError (Dutch) when a werkgebied's members are invalid."""
    members = [{"werkgebied_code": code, **m} for code, ms in sorted(members_by_code.items())
               for m in werkgebied_members(ms)]
    if not members:
        return []
    cur = db.cursor().execute(_WERKGEBIED_SQL, {"members": members,
                                               "indicators": sorted(set(indicator_ids))})
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]
