"""Every read query of the dashboard, named after what it returns. Values are always bound
parameters; identifiers come only from this module. Results are pandas DataFrames or dicts.

Queries whose result depends only on the warehouse file are cached per warehouse generation.
"""

from __future__ import annotations

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


def indicator(indicator_id: str) -> dict | None:
    """One catalogue entry, or None when the id is unknown."""
    df = indicators()
    row = df[df["indicator_id"] == indicator_id]
    return None if row.empty else row.iloc[0].to_dict()


# --- regions ---------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _regions(gen: tuple) -> pd.DataFrame:
    return _df("SELECT * FROM regions ORDER BY region_level, region_name")


def regions(level: str | None = None, classification_year: int | None = None) -> pd.DataFrame:
    """Regions of one level (all levels if None) in a classification year (latest if None)."""
    df = _regions(db.generation())
    year = classification_year or latest_classification_year()
    df = df[df["classification_year"] == year]
    return df if level is None else df[df["region_level"] == level]


def region(code: str, classification_year: int | None = None) -> dict | None:
    """A region in the given (or latest) layout; None when the code is not in that layout."""
    df = regions(None, classification_year)
    row = df[df["region_code"] == code]
    return None if row.empty else row.iloc[0].to_dict()


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
