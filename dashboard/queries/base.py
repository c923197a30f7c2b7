"""Warehouse-wide reads: build info, the catalogue, regions and search. The other query
modules build on `_df` and the per-warehouse caches here."""

from __future__ import annotations

import re
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
    "region_aliases",
    "SEARCH_LEVELS",
    "search_regions",
    "find_region",
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


@lru_cache(maxsize=4)
def _aliases(gen: tuple) -> pd.DataFrame:
    return _df("SELECT alias, region_code, kind FROM region_aliases ORDER BY region_code, alias")


def region_aliases() -> pd.DataFrame:
    """alias, region_code, kind: the names people type for a region of the latest layout
    ('Den Haag' for GM0518), for callers that match many names at once. Cached per warehouse:
    do not modify it."""
    return _aliases(db.generation())


def _no_regions() -> pd.DataFrame:
    return pd.DataFrame(columns=["region_code", "region_name", "region_level", "alias", "exact"])


# Levels the start page searches; a caller may search others (/vergelijk takes every level).
SEARCH_LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio")


def _key(column: str) -> str:
    """SQL for the search key of `column`: lower case without accents, every run of other
    characters than letters and digits one space ('Súdwest-Fryslân' -> 'sudwest fryslan',
    "'s-Gravenhage" -> 's gravenhage'). `column` comes from code, never from input."""
    return f"trim(regexp_replace(lower(strip_accents({column})), '[^a-z0-9]+', ' ', 'g'))"


def search_regions(text: str, limit: int = 12, levels: tuple[str, ...] = SEARCH_LEVELS
                   ) -> pd.DataFrame:
    """Regions of the latest layout whose name, code or alias (region_aliases) contains `text`,
    ignoring case, accents and punctuation, plus the regions whose name contains the official
    name of a gemeente found by its alias ('Den Haag' also finds the SWVs listing
    's-Gravenhage). Exact matches first, then names that start with the text, then names with
    a word that does; gemeenten before other levels. Columns region_code, region_name,
    region_level, alias (the alias that matched, or None) and exact. One query; empty for text
    past the search limit or without letters or digits."""
    if len(text) > limits.SEARCH_TEXT_CHARS:
        return _no_regions()
    return _df(
        f"""
        WITH q AS (SELECT {_key("$q")} AS q),
        regs AS MATERIALIZED (
            SELECT region_code, region_name, region_level, {_key("region_name")} AS k
            FROM regions
            WHERE classification_year = $year AND list_contains($levels, region_level)
        ), names AS (
            SELECT region_code, NULL AS alias, k FROM regs
            UNION ALL SELECT region_code, NULL, lower(region_code) FROM regs
            UNION ALL SELECT region_code, alias, {_key("alias")} FROM region_aliases
        ), found AS (
            SELECT region_code, alias,
                   CASE WHEN k = q THEN 0 WHEN starts_with(k, q) THEN 1
                        WHEN contains(' ' || k, ' ' || q) THEN 2 ELSE 3 END AS rank
            FROM names, q WHERE q <> '' AND contains(k, q)
        ), listing AS (
            -- regions whose name lists a region found by its alias: its SWVs, for instance
            SELECT r.region_code, f.alias, 3 AS rank
            FROM found f JOIN regs o USING (region_code) JOIN regs r
              ON r.region_code <> o.region_code
             AND contains(' ' || r.k || ' ', ' ' || o.k || ' ')
            WHERE f.alias IS NOT NULL
        )
        SELECT region_code, region_name, region_level, alias, rank = 0 AS exact
        FROM (SELECT * FROM found UNION ALL SELECT * FROM listing) JOIN regs USING (region_code)
        QUALIFY row_number() OVER (PARTITION BY region_code ORDER BY rank, alias NULLS FIRST) = 1
        ORDER BY rank, region_level <> 'gemeente', region_name
        LIMIT $limit
        """,
        {"year": latest_classification_year(), "q": text.strip(), "limit": limit,
         "levels": list(levels)},
    )


# A code in typed text: 'Amsterdam (GM0363)', 'GM0363', 'PO2707 — Amsterdam, Diemen'.
_CODE_IN_TEXT = re.compile(r"\(([A-Za-z]{2}\d{2,4})\)\s*$|^([A-Za-z]{2}\d{2,4})(?:\s|$)")


def find_region(text: str, levels: tuple[str, ...] = SEARCH_LEVELS
                ) -> tuple[str | None, pd.DataFrame]:
    """The region a person typed, as (code, matches): a code in the text, else the one region
    whose name, code or alias equals the text (ignoring case, accents and punctuation), else
    the only search hit. When the text names no region or several, code is None and matches
    are what to offer: the exact matches when several are exact, else at most
    limits.SUGGESTIONS search hits (possibly none)."""
    text = (text or "").strip()
    found = _CODE_IN_TEXT.search(text)
    if found:
        code = (found.group(1) or found.group(2)).upper()
        hit = region(code)
        if hit is not None and hit["region_level"] in levels:
            return code, pd.DataFrame([{**{k: hit[k] for k in
                                           ("region_code", "region_name", "region_level")},
                                        "alias": None, "exact": True}])
    df = search_regions(text, limit=limits.SUGGESTIONS, levels=levels)
    exact = df[df["exact"].astype(bool)]
    chosen = exact if not exact.empty else df
    return (str(chosen["region_code"].iloc[0]) if len(chosen) == 1 else None), chosen


def regions_like_code(code: str, limit: int = limits.SUGGESTIONS) -> pd.DataFrame:
    """Suggestions for an unknown code, in one query: the regions whose name or code contains
    the longest prefix of `code` (4 characters or more, shorter than `code`) that any region
    contains, ignoring case and accents as search_regions does; names that start with it
    first. Empty for a code past the length limit."""
    if len(code) > limits.REGION_CODE_CHARS:
        return _no_regions()
    return _df(
        f"""
        WITH prefixes AS (
            SELECT n, {_key("left($code, n::INTEGER)")} AS p FROM range(4, length($code)) t(n)
        ), regs AS (
            SELECT region_code, region_name, region_level, {_key("region_name")} AS k
            FROM regions
            WHERE classification_year = $year AND list_contains($levels, region_level)
        ), hits AS (
            SELECT region_code, region_name, region_level, k, n, p
            FROM regs JOIN prefixes
              ON p <> '' AND (contains(k, p) OR contains(lower(region_code), p))
            QUALIFY n = max(n) OVER ()
        )
        SELECT region_code, region_name, region_level FROM hits
        ORDER BY NOT starts_with(k, p), region_level <> 'gemeente', region_name
        LIMIT $limit
        """,
        {"year": latest_classification_year(), "code": code, "limit": limit,
         "levels": list(SEARCH_LEVELS)},
    )


def successors(code: str) -> pd.DataFrame:
    """Where a dissolved gemeente went: new_code, new_name, change_date, part."""
    return _df(
        "SELECT new_code, new_name, change_date, part FROM herindelingen WHERE old_code = ? "
        "ORDER BY change_date, new_name", [code])
