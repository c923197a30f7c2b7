"""Queries of the gemeente profile, the SWV/jeugdregio page and the OOGO report. Every query
selects public figures; own registrations ('eigen:...') come only from own_values()."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from dashboard import db
from dashboard.queries.base import _df, indicators, latest_classification_year
from dashboard.queries.levels import level_values

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

# A fact's columns in the profile; NULL where the region has no figure.
_FACT_COLUMNS = ("value", "value_low", "value_high", "numerator", "denominator", "status",
                 "suppressed", "lower_bound", "demo", "source", "value_basis", "computed_value",
                 "secret_max")
_PROFILE_COLUMNS = ("indicator_id", "role", "region_code", "region_name", "weight", "period",
                   *_FACT_COLUMNS)


@lru_cache(maxsize=4)
def _comparisons(gen: tuple, classification_year: int) -> dict[str, tuple[dict, ...]]:
    """Every gemeente's comparison regions in a layout, read in one query once per build:
    {gemeente code: (the gemeente itself as role 'self', then each region it lies in, in
    PROFILE_ROLES order, a split gemeente's largest share first)}."""
    df = _df(
        """
        SELECT region_code AS gemeente_code, 'self' AS role, region_code, region_name,
               region_level, 1.0 AS weight, 0 AS o
        FROM regions WHERE region_level = 'gemeente' AND classification_year = $year
        UNION ALL
        SELECT m.gemeente_code, m.region_level, m.region_code, r.region_name, m.region_level,
               m.weight, list_position($roles, m.region_level)
        FROM region_members m
        JOIN regions r ON r.region_code = m.region_code
         AND r.classification_year = m.classification_year
        JOIN regions g ON g.region_code = m.gemeente_code
         AND g.classification_year = m.classification_year AND g.region_level = 'gemeente'
        WHERE m.classification_year = $year AND list_contains($roles, m.region_level)
        ORDER BY gemeente_code, o, weight DESC, region_code
        """, {"year": classification_year, "roles": list(PROFILE_ROLES)})
    out: dict[str, list[dict]] = {}
    for r in df.drop(columns="o").to_dict("records"):
        out.setdefault(r.pop("gemeente_code"), []).append(r)
    return {code: tuple(regions) for code, regions in out.items()}


def comparison_regions(code: str, classification_year: int | None = None) -> pd.DataFrame:
    """The gemeente and the regions it is compared with: role, region_code, region_name,
    region_level, weight. A gemeente split over SWVs has one row per SWV (largest share first);
    empty when the code is not a gemeente of that layout. Read once per build for all."""
    year = classification_year or latest_classification_year()
    return pd.DataFrame(list(_comparisons(db.generation(), year).get(code, ())),
                        columns=["role", "region_code", "region_name", "region_level", "weight"])


@lru_cache(maxsize=4)
def _national_latest(gen: tuple, classification_year: int) -> dict[str, str]:
    df = _df("SELECT indicator_id, max(period) AS period FROM facts "
             "WHERE region_level = 'nederland' AND classification_year = $year "
             "AND NOT starts_with(source, 'eigen:') GROUP BY indicator_id",
             {"year": classification_year})
    return dict(zip(df["indicator_id"], df["period"], strict=True))


@lru_cache(maxsize=512)
def _level_index(gen: tuple, indicator_id: str, level: str, period: str,
                 classification_year: int) -> dict[str, dict]:
    frame = level_values(indicator_id, level, period, classification_year)
    return {r["region_code"]: {c: r[c] for c in _FACT_COLUMNS} for r in
            frame.to_dict("records") if isinstance(r["source"], str)}


@lru_cache(maxsize=256)
def _region_facts(gen: tuple, code: str, classification_year: int) -> pd.DataFrame:
    """Every public figure of one region in a layout (one per indicator and period, the first
    source when several), ordered by indicator and period: what its profile and its trend
    read, in one query, kept per build."""
    return _df(
        "SELECT indicator_id, region_code, period, " + ", ".join(_FACT_COLUMNS) + " FROM facts "
        "WHERE region_code = $code AND classification_year = $year "
        "AND NOT starts_with(source, 'eigen:') "
        "QUALIFY row_number() OVER (PARTITION BY indicator_id, period ORDER BY source) = 1 "
        "ORDER BY indicator_id, period",
        {"code": code, "year": classification_year})


def profile(code: str, classification_year: int | None = None) -> pd.DataFrame:
    """One row per indicator × comparison role at the gemeente's latest period: indicator_id,
    role, region_code, region_name, weight, period, value, value_low, value_high, numerator,
    denominator, status, suppressed, lower_bound, demo, source, value_basis ('gepubliceerd'
    where the source publishes the region's figure itself, 'berekend' where it is computed
    from gemeenten), computed_value (the figure computed from gemeenten, beside a published
    one), and secret_max (on a secret row: the most its count can be, as the public can tell;
    null when unknown). Empty when the code is not a gemeente of the layout.

    The period is the latest with a public figure for the gemeente itself, or, when it has
    none, the latest national period (every gemeente figure reaches the national total), so
    the comparison regions still show. Only the gemeente's own figures are read here: its
    comparison regions' come from the per-build figures of their level at that period
    (`level_values`, which the indicator pages read too), so a gemeente read for the first
    time costs one small query (`_region_facts`, shared with its `trend`)."""
    year = classification_year or latest_classification_year()
    gen = db.generation()
    regions = _comparisons(gen, year).get(code, ())
    if not regions:
        return pd.DataFrame(columns=list(_PROFILE_COLUMNS))
    # The last of each indicator's figures (ordered by period) is its latest.
    own = {r["indicator_id"]: r for r in _region_facts(gen, code, year).to_dict("records")}
    national = _national_latest(gen, year)
    missing = dict.fromkeys(_FACT_COLUMNS)
    rows = []
    for ind in indicators()["indicator_id"]:
        period = own[ind]["period"] if ind in own else national.get(ind)
        for c in regions:
            if c["role"] == "self":
                fact = {k: own[ind][k] for k in _FACT_COLUMNS} if ind in own else missing
            elif period is None:
                fact = missing
            else:
                fact = _level_index(gen, ind, c["region_level"], period, year).get(
                    c["region_code"], missing)
            rows.append({"indicator_id": ind, "role": c["role"], "region_code": c["region_code"],
                         "region_name": c["region_name"], "weight": c["weight"],
                         "period": period, **fact})
    return pd.DataFrame(rows, columns=list(_PROFILE_COLUMNS))


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


_TREND_COLUMNS = ["indicator_id", "region_code", "period", "value", "value_low", "value_high",
                 "suppressed", "lower_bound", "status", "demo"]


def trend(indicator_id: str | None, codes: list[str],
          classification_year: int | None = None) -> pd.DataFrame:
    """Public figures over time for `codes` (all indicators when indicator_id is None):
    indicator_id, region_code, period, value, value_low, value_high, suppressed, lower_bound,
    status, demo. Read per region once per build (`_region_facts`): the country's series is
    read once, a gemeente's with its profile."""
    year = classification_year or latest_classification_year()
    gen = db.generation()
    parts = [_region_facts(gen, code, year) for code in dict.fromkeys(codes)]
    df = pd.concat(parts, ignore_index=True)[_TREND_COLUMNS] if parts else pd.DataFrame(
        columns=_TREND_COLUMNS)
    if indicator_id is not None:
        df = df[df["indicator_id"] == indicator_id]
    return df.sort_values(["indicator_id", "region_code", "period"], kind="stable",
                          ignore_index=True)


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
