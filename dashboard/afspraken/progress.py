"""The measured side of an agreement's target, from the warehouse: the series of its region (a
standard region code, or a werkgebied given by its members) and the baseline a form fills in.
Reads through `dashboard.queries` only; resolving a werkgebied code to its members (the store)
is the caller's part."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pandas as pd

from dashboard import queries

__all__ = ["actual_series", "baseline"]

Where = str | list[dict]


def _check_indicator(indicator_id: str) -> None:
    if queries.indicator(indicator_id) is None:
        raise ValueError(f"Onbekende indicator '{str(indicator_id)[:40]}'.")


def actual_series(where: Where, indicator_id: str) -> pd.DataFrame:
    """The public figures of a region code (latest layout) or a werkgebied's members
    ([{gemeente_code, weight}]) on one indicator, oldest period first, one row per period:
    indicator_id, period, classification_year, numerator, denominator, value, status,
    suppressed, lower_bound, demo, source, members_reporting, members_total,
    members_suppressed, and the interval the status rule reads, as the warehouse gives it:
    value_low, value_high (both None for a secret cell; value_high None, i.e. unbounded, for a
    lower bound without a known upper end). Raises ValueError (Dutch) for an unknown indicator
    or region or invalid members."""
    _check_indicator(indicator_id)
    if isinstance(where, str):
        found = queries.region(where)
        if found is None:
            raise ValueError(f"Onbekende regiocode '{where[:20]}' (niet in de indeling van "
                             f"{queries.latest_classification_year()}); geef voor een "
                             "werkgebied de gemeenten mee.")
        df = queries.target_series([where], [indicator_id]).drop(columns="region_code")
        df = df.sort_values(["period", "source"], kind="stable")
        df = df.drop_duplicates(["period"], keep="first").reset_index(drop=True)
    else:
        df = queries.werkgebied_series(where, indicator_id)
    return df


def _plain(v):
    """A JSON-ready Python value: None for NaN/NA, builtin bool/int/float/str."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def baseline(where: Where, indicator_id: str, period: str) -> dict | None:
    """The figure of `where` (region code or werkgebied members) for one period, as a form
    fills the baseline in: period, value, lower_bound, suppressed, demo, status, source,
    value_low, value_high, build_id (build_info.built_at), taken_at (UTC, ISO), and `flags`
    (the same without period and value: what the store keeps as baseline_flags). None when
    there is no public figure for that period."""
    df = actual_series(where, indicator_id)
    hit = df[df["period"] == period]
    if hit.empty:
        return None
    row = {k: _plain(v) for k, v in hit.iloc[0].to_dict().items()}
    flags = {
        "lower_bound": bool(row["lower_bound"]), "suppressed": bool(row["suppressed"]),
        "demo": bool(row["demo"]), "status": row["status"], "source": row["source"],
        "value_low": row["value_low"], "value_high": row["value_high"],
        "build_id": str(queries.build_info()["built_at"]),
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return {"period": period, "value": row["value"], **flags, "flags": dict(flags)}
