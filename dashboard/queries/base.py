"""Warehouse-wide reads: build info, the catalogue, regions and search. The other query
modules build on `_df` and the per-warehouse caches here."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from dashboard import db, limits

__all__ = [
    "LEVELS",
    "build_info",
    "latest_classification_year",
    "indicators",
    "indicator",
    "regions",
    "region",
    "search_regions",
    "regions_like_code",
    "successors",
]

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


def _no_regions() -> pd.DataFrame:
    return pd.DataFrame(columns=["region_code", "region_name", "region_level"])


def search_regions(text: str, limit: int = 12) -> pd.DataFrame:
    """Regions of the latest layout whose name or code contains `text` (case-insensitive);
    names that start with it first. Empty for text past the search limit."""
    if len(text.strip()) > limits.SEARCH_TEXT_CHARS:
        return _no_regions()
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


def regions_like_code(code: str, limit: int = limits.SUGGESTIONS) -> pd.DataFrame:
    """Suggestions for an unknown code, in one query: the regions whose name or code contains
    the longest prefix of `code` (4 characters or more, shorter than `code`) that any region
    contains; names that start with it first. Empty for a code past the length limit."""
    if len(code) > limits.REGION_CODE_CHARS:
        return _no_regions()
    return _df(
        """
        WITH prefixes AS (
            SELECT n, lower(left($code, n::INTEGER)) AS p FROM range(4, length($code)) t(n)
        ), hits AS (
            SELECT region_code, region_name, region_level, n, p
            FROM regions JOIN prefixes
              ON contains(lower(region_name), p) OR contains(lower(region_code), p)
            WHERE classification_year = $year
              AND region_level IN ('gemeente', 'swv_po', 'swv_vo', 'jeugdregio')
            QUALIFY n = max(n) OVER ()
        )
        SELECT region_code, region_name, region_level FROM hits
        ORDER BY NOT starts_with(lower(region_name), p), region_level <> 'gemeente', region_name
        LIMIT $limit
        """,
        {"year": latest_classification_year(), "code": code, "limit": limit},
    )


def successors(code: str) -> pd.DataFrame:
    """Where a dissolved gemeente went: new_code, new_name, change_date, part."""
    return _df(
        "SELECT new_code, new_name, change_date, part FROM herindelingen WHERE old_code = ? "
        "ORDER BY change_date, new_name", [code])
