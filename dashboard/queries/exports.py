"""Queries of the exports and the OOGO report: definitions, member lists, report series."""

from __future__ import annotations

import pandas as pd

from dashboard.queries.base import _df, indicators, latest_classification_year

__all__ = [
    "export_definitions",
    "region_member_list",
    "report_series",
]

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
    indicator_id, region_code, period, value, value_low, value_high, numerator, denominator,
    status, suppressed, lower_bound, demo, value_basis, secret_max (on a secret row: the most
    its count can be; null when unknown)."""
    return _df(
        """
        SELECT f.indicator_id, f.region_code, f.period, f.value, f.value_low, f.value_high,
               f.numerator, f.denominator,
               f.status, f.suppressed, f.lower_bound, f.demo, f.value_basis, f.secret_max
        FROM facts f JOIN indicators i USING (indicator_id)
        WHERE list_contains($codes, f.region_code) AND f.classification_year = $year
          AND NOT starts_with(f.source, 'eigen:')
        QUALIFY row_number() OVER (PARTITION BY f.indicator_id, f.region_code, f.period
                                   ORDER BY f.source) = 1
        ORDER BY i.sort_order, f.region_code, f.period
        """,
        {"codes": list(codes),
         "year": classification_year or latest_classification_year()})
