"""The trajectory chart of one agreement's target: the measured values of its region against
the agreed path (baseline → milestones → target). No Dash and no database: data in, figure out.

`trajectory_spec` returns a plain dict for the pages (fast); `trajectory_figure` wraps it as a
go.Figure for exports and the report. Meaning never rests on colour alone: the measured line is
solid with round markers, the agreed path dashed with diamond/square/star markers.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

from dashboard import formatting
from dashboard.figures.base import (
    COLORS,
    empty_figure,
    interval_errors,
    layout,
    period_axis,
    wrap,
)
from dashboard.figures.levels import AXIS_UNIT, period_tick, period_year

__all__ = [
    "trajectory_spec",
    "trajectory_figure",
    "trajectory_points",
]

AGREED = "#000000"


def _number(value) -> float | None:
    if formatting.is_missing(value):
        return None
    return float(value)


def _records(actual) -> list[dict]:
    if actual is None:
        return []
    if hasattr(actual, "to_dict"):
        return actual.to_dict("records")
    return list(actual)


def trajectory_points(target: dict) -> list[tuple[str, float, str]]:
    """The agreed path as (period, value, kind) with kind 'basis', 'mijlpaal' or 'streef', in
    period order; points without a period or value are left out."""
    points = [(target.get("baseline_period"), _number(target.get("baseline_value")), "basis")]
    points += [(m.get("period"), _number(m.get("value")), "mijlpaal")
               for m in target.get("milestones") or [] if isinstance(m, dict)]
    points.append((target.get("target_period"), _number(target.get("target_value")), "streef"))
    return sorted(((str(p), v, k) for p, v, k in points if p and v is not None),
                  key=lambda item: item[0])


def _axis(periods: set[str]) -> list[str]:
    """The periods in order, with the years (or school years) between them filled in, so a
    gap of three years looks like three years; other periods (half-years) as they are."""
    if periods and all(re.fullmatch(r"\d{4}", p) for p in periods):
        years = [int(p) for p in periods]
        return [str(y) for y in range(min(years), max(years) + 1)]
    if periods and all(re.fullmatch(r"\d{4}/\d{4}", p) for p in periods):
        years = [int(p[:4]) for p in periods]
        return [f"{y}/{y + 1}" for y in range(min(years), max(years) + 1)]
    return sorted(periods)


def _measured_trace(rows: dict[str, dict], periods: list[str], indicator: dict,
                    region_name: str, notes: list[str]) -> dict:
    ys, symbols, texts, drawn = [], [], [], []
    for p in periods:
        r = rows.get(p, {})
        secret = formatting.flag(r.get("suppressed"))
        value = None if secret else _number(r.get("value"))
        ys.append(value)
        drawn.append(r if value is not None else None)
        provisional = r.get("status") == "voorlopig"
        ends = formatting.interval(r) if value is not None else None
        bound = ends is not None and ends[1] == float("inf")
        symbols.append(("triangle-up" if bound else "circle") + ("-open" if provisional else ""))
        words = [formatting.figure(r, indicator)]
        if provisional:
            words.append("voorlopig")
            notes.append("open symbool = voorlopig")
        if secret:
            notes.append("gat = geheim (< 8)")
        if bound:
            words.append("ondergrens")
            notes.append("▲ = ondergrens (≥)")
        if formatting.flag(r.get("demo")):
            words.append("voorbeeldcijfer")
        texts.append(f"<b>{region_name}</b><br>{formatting.period(p)}: " + " · ".join(words)
                     if r else f"{formatting.period(p)}: {formatting.MISSING_TEXT}")
    errors = interval_errors(drawn, ys)
    if errors:
        notes.append("streepje = marge door geheime cijfers")
    return dict(type="scatter", x=periods, y=ys, name=wrap(f"Gemeten: {region_name}", 38),
                mode="lines+markers", connectgaps=False,
                **({"error_y": {**errors, "color": COLORS["self"], "thickness": 1.5, "width": 4}}
                   if errors else {}),
                line=dict(color=COLORS["self"], width=3),
                marker=dict(symbol=symbols, size=10, color=COLORS["self"],
                            line=dict(color=COLORS["self"], width=2)),
                text=texts, hovertemplate="%{text}<extra></extra>")


def _agreed_trace(points: list[tuple[str, float, str]], indicator: dict) -> dict:
    names = {"basis": "basiswaarde", "mijlpaal": "mijlpaal", "streef": "streefwaarde"}
    symbols = {"basis": "diamond", "mijlpaal": "square-open", "streef": "star"}
    return dict(type="scatter", x=[p for p, _, _ in points], y=[v for _, v, _ in points],
                name="Afgesproken traject", mode="lines+markers",
                line=dict(color=AGREED, width=2, dash="dash"),
                marker=dict(symbol=[symbols[k] for _, _, k in points], size=12, color=AGREED,
                            line=dict(color=AGREED, width=1.5)),
                text=[f"{names[k]} {formatting.period(p)}: "
                      f"{formatting.figure({'value': v}, indicator)}"
                      for p, v, k in points],
                hovertemplate="%{text}<extra></extra>")


def _trend_break(periods: list[str], trend_break) -> tuple[list, list]:
    if formatting.is_missing(trend_break):
        return [], []
    after = [i for i, p in enumerate(periods) if period_year(p) >= int(trend_break)]
    if not after or after[0] == 0:
        return [], []
    x = after[0] - 0.5
    shape = dict(type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper",
                 line=dict(color="#333333", width=1.5, dash="dot"))
    note = dict(x=x, y=1, xref="x", yref="paper", text=f"trendbreuk {int(trend_break)}",
                showarrow=False, xanchor="left", yanchor="top", xshift=3,
                bgcolor="rgba(255,255,255,0.85)", font=dict(size=12, color="#333333"))
    return [shape], [note]


def trajectory_spec(actual, target: dict, *, indicator: dict, region_name: str,
                    demo: bool = False, title: str | None = None, height: int = 360) -> dict:
    """The measured values (`actual`: rows or a DataFrame with period, value, status,
    suppressed, lower_bound, demo) against the agreed path of `target` (baseline_period,
    baseline_value, milestones [{period, value}], target_period, target_value). Provisional
    values have open markers, lower bounds a triangle, secret cells are gaps; the indicator's
    trend break is a dotted vertical line; demonstration figures carry the demo label."""
    rows = {str(r["period"]): r for r in _records(actual) if r.get("period")}
    points = trajectory_points(target or {})
    periods = _axis(set(rows) | {p for p, _, _ in points})
    if not periods:
        return empty_figure("Nog geen cijfers of doelen om te tonen").to_plotly_json()
    unit = indicator.get("unit", "pct")
    notes: list[str] = []
    traces = []
    if rows:
        traces.append(_measured_trace(rows, periods, indicator, region_name, notes))
    if points:
        traces.append(_agreed_trace(points, indicator))
    shapes, annotations = _trend_break(periods, indicator.get("trend_break"))
    top = []
    if demo:
        top.append(f"<b>{formatting.DEMO_LABEL}</b>")
    if notes:
        top.append("; ".join(dict.fromkeys(notes)))
    if top:
        annotations.append(dict(text="<br>".join(top), x=0, y=1.0, xref="paper",
                                yref="paper", xanchor="left", yanchor="bottom",
                                showarrow=False, align="left", yshift=4,
                                font=dict(size=11, color="#333333")))
    return dict(data=traces, layout=layout(
        height=height, title=title, margin=dict(l=56, r=16, t=(70 if title else 20) + 16 *
                                                len(top), b=40),
        legend=dict(y=-0.14), hovermode="closest",
        xaxis=period_axis(periods, period_tick),
        yaxis=dict(title=dict(text=AXIS_UNIT.get(unit, "")), rangemode="tozero",
                   ticksuffix="%" if unit == "pct" else "", gridcolor="#e3e3e3",
                   zerolinecolor="#9a9a9a"),
        shapes=shapes, annotations=annotations))


def trajectory_figure(actual, target: dict, *, indicator: dict, region_name: str,
                      demo: bool = False, title: str | None = None,
                      height: int = 360) -> go.Figure:
    """`trajectory_spec` as a go.Figure (validated by plotly), for exports and the report."""
    return go.Figure(trajectory_spec(actual, target, indicator=indicator,
                                     region_name=region_name, demo=demo, title=title,
                                     height=height))
