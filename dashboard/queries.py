"""Every read query of the dashboard, named after what it returns. Values are always bound
parameters; identifiers come only from this module. Results are pandas DataFrames or dicts.

Queries whose result depends only on the warehouse file are cached per warehouse generation.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from dashboard import db

# Region levels a user can pick, in the order the UI lists them.
LEVELS = {
    "gemeente": "Gemeente",
    "swv_po": "SWV primair onderwijs",
    "swv_vo": "SWV voortgezet onderwijs",
    "jeugdregio": "Jeugdregio",
    "rmc": "RMC-regio",
    "provincie": "Provincie",
    "grootteklasse": "Grootteklasse",
    "nederland": "Nederland",
}


def _df(sql: str, params: list | dict | None = None) -> pd.DataFrame:
    return db.cursor().execute(sql, params or []).df()


# --- warehouse-wide --------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _build_info(gen: tuple) -> dict:
    return _df("SELECT * FROM build_info").iloc[0].to_dict()


def build_info() -> dict:
    """The build_info row: built_at, base_source, contains_demo, latest_classification_year."""
    return _build_info(db.generation())


def latest_classification_year() -> int:
    return int(build_info()["latest_classification_year"])


@lru_cache(maxsize=4)
def _indicators(gen: tuple) -> pd.DataFrame:
    return _df("SELECT * FROM indicators ORDER BY sort_order")


def indicators() -> pd.DataFrame:
    """The catalogue, ordered for display."""
    return _indicators(db.generation())


@lru_cache(maxsize=4)
def _indicator_index(gen: tuple) -> dict[str, dict]:
    return {r["indicator_id"]: r for r in _indicators(gen).to_dict("records")}


def indicator(indicator_id: str) -> dict | None:
    """One catalogue entry, or None when the id is unknown."""
    found = _indicator_index(db.generation()).get(indicator_id)
    return None if found is None else dict(found)


# --- regions ---------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _regions(gen: tuple) -> pd.DataFrame:
    return _df("SELECT * FROM regions ORDER BY region_level, region_name")


@lru_cache(maxsize=32)
def _regions_of(gen: tuple, level: str | None, year: int) -> pd.DataFrame:
    df = _regions(gen)
    df = df[df["classification_year"] == year]
    return df if level is None else df[df["region_level"] == level]


def regions(level: str | None = None, classification_year: int | None = None) -> pd.DataFrame:
    """Regions of one level (all levels if None) in a classification year (latest if None).
    Cached per warehouse: do not modify it."""
    year = classification_year or latest_classification_year()
    return _regions_of(db.generation(), level, year)


@lru_cache(maxsize=4)
def _region_index(gen: tuple, year: int) -> dict[str, dict]:
    return {r["region_code"]: r for r in _regions_of(gen, None, year).to_dict("records")}


def region(code: str, classification_year: int | None = None) -> dict | None:
    """A region in the given (or latest) layout; None when the code is not in that layout."""
    year = classification_year or latest_classification_year()
    found = _region_index(db.generation(), year).get(code)
    return None if found is None else dict(found)


def search_regions(text: str, limit: int = 12) -> pd.DataFrame:
    """Regions of the latest layout whose name or code contains `text` (case-insensitive);
    names that start with it first."""
    return _df(
        """
        SELECT region_code, region_name, region_level
        FROM regions
        WHERE classification_year = $year
          AND region_level IN ('gemeente', 'swv_po', 'swv_vo', 'jeugdregio')
          AND (region_name ILIKE '%' || $q || '%' OR region_code ILIKE '%' || $q || '%')
        ORDER BY NOT starts_with(lower(region_name), lower($q)), region_level <> 'gemeente',
                 region_name
        LIMIT $limit
        """,
        {"year": latest_classification_year(), "q": text.strip(), "limit": limit},
    )


def successors(code: str) -> pd.DataFrame:
    """Where a dissolved gemeente went: new_code, new_name, change_date, part."""
    return _df(
        "SELECT new_code, new_name, change_date, part FROM herindelingen WHERE old_code = ? "
        "ORDER BY change_date, new_name", [code])


# --- profile ---------------------------------------------------------------------------------
# The gemeente profile, the SWV/jeugdregio page and the OOGO report read these. Every query
# selects public figures; own registrations ('eigen:...') come only from own_values().

PROFILE_ROLES = ("self", "swv_po", "swv_vo", "jeugdregio", "grootteklasse", "nederland")
# CBS keeps counts 0-7 secret: a secret member adds at most this much to a region's numerator.
SUPPRESSED_MAX = 7

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
    role, region_code, region_name, weight, period, value, numerator, denominator, status,
    suppressed, lower_bound, demo, source, and upper_bound (the most a lower-bound region value
    can be when every secret member had the largest secret count)."""
    return _df(
        "WITH " + _CMP_SQL + "," + _LATEST_SQL + """
        SELECT l.indicator_id, c.role, c.region_code, c.region_name, c.weight, l.period,
               f.value, f.numerator, f.denominator, f.status, f.suppressed, f.lower_bound,
               f.demo, f.source,
               CASE WHEN f.lower_bound AND f.denominator > 0
                    THEN (f.numerator + $smax * f.members_suppressed) / f.denominator * i.scale
                    ELSE f.value END AS upper_bound
        FROM latest l
        JOIN indicators i ON i.indicator_id = l.indicator_id
        CROSS JOIN cmp c
        LEFT JOIN facts f ON f.indicator_id = l.indicator_id AND f.region_code = c.region_code
         AND f.period = l.period AND f.classification_year = $year
         AND NOT starts_with(f.source, 'eigen:')
        WHERE EXISTS (SELECT 1 FROM cmp WHERE role = 'self' AND region_level = 'gemeente')
        QUALIFY row_number() OVER (PARTITION BY l.indicator_id, c.role, c.region_code
                                   ORDER BY f.source) = 1
        ORDER BY l.sort_order, c.o, c.weight DESC, c.region_code
        """,
        {**_profile_params(code, classification_year), "smax": SUPPRESSED_MAX},
    )


def own_values(code: str, classification_year: int | None = None) -> pd.DataFrame:
    """The region's own registrations ('eigen:<file>'), latest period per indicator and file:
    indicator_id, period, value, numerator, denominator, status, suppressed, lower_bound,
    demo, source."""
    return _df(
        """
        SELECT indicator_id, period, value, numerator, denominator, status, suppressed,
               lower_bound, demo, source
        FROM facts
        WHERE region_code = $code AND classification_year = $year
          AND starts_with(source, 'eigen:')
        QUALIFY period = max(period) OVER (PARTITION BY indicator_id, source)
        ORDER BY indicator_id, source
        """,
        {"code": code, "year": classification_year or latest_classification_year()},
    )


def percentiles(code: str, classification_year: int | None = None,
                periods: dict[str, str] | None = None) -> pd.DataFrame:
    """Where the gemeente falls among all gemeenten, per indicator at `periods` (indicator_id ->
    period; default the profile's latest period): indicator_id, period, n (gemeenten with a
    published value), rank_pct (share of them with a lower value, 0-100; null when the
    gemeente's value is secret or missing), p05, p25, p50, p75, p95."""
    params = {"code": code, "year": classification_year or latest_classification_year()}
    if periods is None:
        wanted = "WITH " + _LATEST_SQL + ", wanted AS (SELECT indicator_id, period FROM latest)"
    else:
        wanted = ("WITH wanted AS (SELECT unnest($ids) AS indicator_id, "
                  "unnest($pers) AS period)")
        params |= {"ids": list(periods), "pers": list(periods.values())}
    return _df(
        wanted + """
        , vals AS (
          SELECT f.indicator_id, f.period, f.region_code, f.value
          FROM facts f JOIN wanted w USING (indicator_id, period)
          WHERE f.region_level = 'gemeente' AND f.classification_year = $year
            AND NOT starts_with(f.source, 'eigen:') AND f.value IS NOT NULL
            AND NOT f.suppressed)
        SELECT w.indicator_id, w.period, count(v.value) AS n,
               100.0 * count(v.value) FILTER (WHERE v.value < s.value)
                 / nullif(count(v.value), 0)
                 + 50.0 * count(v.value) FILTER (WHERE v.value = s.value AND v.region_code <> $code)
                 / nullif(count(v.value), 0) AS rank_pct,
               quantile_cont(v.value, 0.05) AS p05, quantile_cont(v.value, 0.25) AS p25,
               quantile_cont(v.value, 0.5) AS p50, quantile_cont(v.value, 0.75) AS p75,
               quantile_cont(v.value, 0.95) AS p95
        FROM wanted w
        LEFT JOIN vals v USING (indicator_id, period)
        LEFT JOIN vals s ON s.indicator_id = w.indicator_id AND s.period = w.period
         AND s.region_code = $code
        GROUP BY w.indicator_id, w.period, s.value
        """,
        params,
    )


def trend(indicator_id: str | None, codes: list[str],
          classification_year: int | None = None) -> pd.DataFrame:
    """Public figures over time for `codes` (all indicators when indicator_id is None):
    indicator_id, region_code, period, value, suppressed, lower_bound, status, demo."""
    return _df(
        """
        SELECT indicator_id, region_code, period, value, suppressed, lower_bound, status, demo
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
    region_code, region_name, role ('region', 'nederland', 'member'), weight, value,
    suppressed, lower_bound, status, demo, source, upper_bound (as in profile). Members
    ordered by name."""
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
               f.value, f.suppressed, f.lower_bound, f.status, f.demo, f.source,
               CASE WHEN f.lower_bound AND f.denominator > 0
                    THEN (f.numerator + $smax * f.members_suppressed) / f.denominator * i.scale
                    ELSE f.value END AS upper_bound
        FROM latest l JOIN indicators i ON i.indicator_id = l.indicator_id
        CROSS JOIN cols c
        LEFT JOIN facts f ON f.indicator_id = l.indicator_id AND f.region_code = c.region_code
         AND f.period = l.period AND f.classification_year = $year
         AND NOT starts_with(f.source, 'eigen:')
        WHERE EXISTS (SELECT 1 FROM cols WHERE role = 'region')
        QUALIFY row_number() OVER (PARTITION BY l.indicator_id, c.region_code
                                   ORDER BY f.source) = 1
        ORDER BY l.sort_order, c.o, c.region_name
        """,
        {"code": code, "year": classification_year or latest_classification_year(),
         "smax": SUPPRESSED_MAX, "ind": indicator_id},
    )


# --- indicator ---

# Levels of the indicator page's level switch: those with a map (region_shapes) and a ranking.
MAP_LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie")
# Roles in a trend comparison, in legend order.
TREND_ROLES = ("self", "swv_po", "swv_vo", "jeugdregio", "grootteklasse", "nederland")
NATIONAL_CODE = "NL01"


@lru_cache(maxsize=64)
def _indicator_periods(gen: tuple, indicator_id: str, classification_year: int) -> tuple:
    df = _df(
        "SELECT DISTINCT period FROM facts WHERE indicator_id = $ind "
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
    return _df(
        """
        SELECT r.region_code, r.region_name, f.numerator, f.denominator, f.value, f.status,
               coalesce(f.suppressed, false) AS suppressed,
               coalesce(f.lower_bound, false) AS lower_bound, f.demo, f.source,
               f.members_reporting, f.members_total, f.note
        FROM regions r
        LEFT JOIN facts f
          ON f.region_code = r.region_code AND f.indicator_id = $ind AND f.period = $period
         AND f.classification_year = r.classification_year
         AND NOT starts_with(f.source, 'eigen:')
        WHERE r.region_level = $level AND r.classification_year = $year
        ORDER BY r.region_name
        """,
        {"ind": indicator_id, "level": level, "period": period, "year": classification_year})


def level_values(indicator_id: str, level: str, period: str,
                 classification_year: int | None = None) -> pd.DataFrame:
    """Every region of a level with its public figure for one period (null when absent):
    region_code, region_name, numerator, denominator, value, status, suppressed, lower_bound,
    demo, source, members_reporting, members_total, note. Cached per warehouse (the map, the
    ranking and the table of every region's indicator page share it): do not modify it."""
    year = classification_year or latest_classification_year()
    return _level_values(db.generation(), indicator_id, level, period, year)


@lru_cache(maxsize=256)
def _national_fact(gen: tuple, indicator_id: str, period: str,
                   classification_year: int) -> dict | None:
    df = _df(
        "SELECT value, numerator, denominator, status, suppressed, lower_bound, demo FROM facts "
        "WHERE indicator_id = $ind AND region_code = $code AND period = $period "
        "AND classification_year = $year AND NOT starts_with(source, 'eigen:')",
        {"ind": indicator_id, "code": NATIONAL_CODE, "period": period,
         "year": classification_year})
    return None if df.empty else df.iloc[0].to_dict()


def national_fact(indicator_id: str, period: str,
                  classification_year: int | None = None) -> dict | None:
    """The country's figure for one period (value, status, lower_bound, ...), or None."""
    year = classification_year or latest_classification_year()
    found = _national_fact(db.generation(), indicator_id, period, year)
    return None if found is None else dict(found)


@lru_cache(maxsize=16)
def _region_shapes(gen: tuple, level: str, classification_year: int) -> dict:
    df = _df(
        "SELECT s.region_code, s.geojson FROM region_shapes s WHERE s.region_level = $level "
        "AND s.classification_year = $year ORDER BY s.region_code",
        {"level": level, "year": classification_year})
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"region_code": code},
         "geometry": json.loads(geometry)}
        for code, geometry in zip(df["region_code"], df["geojson"], strict=True)]}


def region_shapes(level: str, classification_year: int | None = None) -> dict:
    """A GeoJSON FeatureCollection of a level's boundaries; each feature carries
    `properties.region_code`. Shapes exist for the 2024 layout only."""
    year = classification_year or latest_classification_year()
    return _region_shapes(db.generation(), level, year)


def containing_region(code: str, level: str,
                      classification_year: int | None = None) -> str | None:
    """The region of `level` that best covers region `code`: the code itself at its own level,
    else the region holding the largest share of its youth population (0-17): for a gemeente the
    (largest-share) region it belongs to, for a larger region its biggest overlap. None when
    nothing overlaps."""
    df = _df(
        """
        WITH pop AS (
            SELECT region_code, max_by(numerator, period) AS youths FROM facts
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
            SELECT m.region_code, m.weight * s.weight AS share, s.gemeente_code
            FROM src s JOIN region_members m ON m.gemeente_code = s.gemeente_code
            WHERE m.region_level = $level AND m.classification_year = $year
            UNION ALL
            SELECT gemeente_code, weight, gemeente_code FROM src WHERE $level = 'gemeente'
        )
        SELECT region_code FROM (
            SELECT region_code, 1e12 AS overlap FROM regions
            WHERE region_code = $code AND region_level = $level AND classification_year = $year
            UNION ALL
            SELECT c.region_code, sum(c.share * coalesce(p.youths, 1)) AS overlap
            FROM candidates c LEFT JOIN pop p ON p.region_code = c.gemeente_code
            GROUP BY c.region_code
        )
        ORDER BY overlap DESC, region_code LIMIT 1
        """,
        {"code": code, "level": level, "year": classification_year or latest_classification_year()})
    return None if df.empty else str(df["region_code"].iloc[0])


def containing_regions(code: str, classification_year: int | None = None) -> dict[str, str]:
    """`containing_region` for every level of MAP_LEVELS in one query: level -> region code
    (levels where nothing overlaps are left out)."""
    df = _df(
        """
        WITH pop AS (
            SELECT region_code, max_by(numerator, period) AS youths FROM facts
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
    period, value, numerator, denominator, suppressed, lower_bound, status, demo. A gemeente
    gets its SWV PO/VO (the one holding its largest share), jeugdregio and size class; every
    region gets the country."""
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
        SELECT c.region_code, r.region_name, c.role, c.weight, f.period, f.value, f.numerator,
               f.denominator, f.suppressed, f.lower_bound, f.status, f.demo
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
    region_code, region_name, region_level, period, value, numerator, denominator, suppressed,
    lower_bound, status, demo."""
    return _df(
        """
        SELECT f.indicator_id, f.region_code, r.region_name, r.region_level, f.period, f.value,
               f.numerator, f.denominator, f.suppressed, f.lower_bound, f.status, f.demo
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


# --- export ---

def export_definitions(data: dict | None) -> pd.DataFrame:
    """Catalogue rows for an export's 'Toelichting' sheet: the indicators named in the export's
    data (column indicator_id or key indicator_ids), all of them when it names none."""
    data = data or {}
    wanted = set(data.get("indicator_ids") or [])
    columns = data.get("columns") or []
    if "indicator_id" in columns:
        i = columns.index("indicator_id")
        wanted |= {row[i] for row in data.get("rows") or []}
    df = indicators()
    return df[df["indicator_id"].isin(wanted)] if wanted & set(df["indicator_id"]) else df


def region_member_list(code: str, classification_year: int | None = None) -> pd.DataFrame:
    """The member gemeenten of a region (SWV, jeugdregio, ...): gemeente_code, region_name,
    weight (share of the gemeente counted in the region), ordered by name."""
    return _df(
        """
        SELECT m.gemeente_code, r.region_name, m.weight
        FROM region_members m
        JOIN regions r ON r.region_code = m.gemeente_code
         AND r.classification_year = m.classification_year
        WHERE m.region_code = $code AND m.classification_year = $year
        ORDER BY r.region_name
        """,
        {"code": code, "year": classification_year or latest_classification_year()})


def report_series(codes: list[str], classification_year: int | None = None) -> pd.DataFrame:
    """Every public figure of `codes` on every indicator in one layout, for the OOGO report:
    indicator_id, region_code, period, value, numerator, denominator, status, suppressed,
    lower_bound, demo, and upper_bound (for a lower bound: the most the value can be when every
    secret member had the largest secret count; else the value)."""
    return _df(
        """
        SELECT f.indicator_id, f.region_code, f.period, f.value, f.numerator, f.denominator,
               f.status, f.suppressed, f.lower_bound, f.demo,
               CASE WHEN f.lower_bound AND f.denominator > 0
                    THEN (f.numerator + $smax * f.members_suppressed) / f.denominator * i.scale
                    ELSE f.value END AS upper_bound
        FROM facts f JOIN indicators i USING (indicator_id)
        WHERE list_contains($codes, f.region_code) AND f.classification_year = $year
          AND NOT starts_with(f.source, 'eigen:')
        QUALIFY row_number() OVER (PARTITION BY f.indicator_id, f.region_code, f.period
                                   ORDER BY f.source) = 1
        ORDER BY i.sort_order, f.region_code, f.period
        """,
        {"codes": list(codes), "smax": SUPPRESSED_MAX,
         "year": classification_year or latest_classification_year()})
