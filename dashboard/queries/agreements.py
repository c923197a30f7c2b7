"""Warehouse reads for the agreements (afspraken): the measured series of many (region,
indicator) targets in one query. Werkgebieden are not in the warehouse; their values come from
`dashboard.queries.werkgebied`."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.base import _df, latest_classification_year

__all__ = [
    "SERIES_COLUMNS",
    "target_series",
]

# The `facts` columns a status and a trajectory chart read (the werkgebied query returns the
# same shape, without region_code).
SERIES_COLUMNS = ["region_code", "indicator_id", "period", "classification_year", "numerator",
                  "denominator", "value", "status", "suppressed", "lower_bound", "demo",
                  "source", "members_reporting", "members_total", "members_suppressed"]


def target_series(region_codes: list[str], indicator_ids: list[str],
                  classification_year: int | None = None) -> pd.DataFrame:
    """Every public figure of each (region_codes[i], indicator_ids[i]) pair in one layout
    (latest if None), oldest period first: the SERIES_COLUMNS. The pairs are two bound lists of
    equal length, zipped by unnest; a pair without figures has no rows."""
    if len(region_codes) != len(indicator_ids):
        raise ValueError("region_codes and indicator_ids must have the same length")
    if not region_codes:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    return _df(
        """
        WITH pairs AS (
          SELECT DISTINCT unnest($regions) AS region_code, unnest($indicators) AS indicator_id)
        SELECT f.region_code, f.indicator_id, f.period, f.classification_year, f.numerator,
               f.denominator, f.value, f.status, coalesce(f.suppressed, false) AS suppressed,
               coalesce(f.lower_bound, false) AS lower_bound, f.demo, f.source,
               f.members_reporting, f.members_total, f.members_suppressed
        FROM facts f
        JOIN pairs p ON p.region_code = f.region_code AND p.indicator_id = f.indicator_id
        WHERE f.classification_year = $year AND NOT starts_with(f.source, 'eigen:')
        ORDER BY f.region_code, f.indicator_id, f.period
        """,
        {"regions": [str(c) for c in region_codes],
         "indicators": [str(i) for i in indicator_ids],
         "year": classification_year or latest_classification_year()})
