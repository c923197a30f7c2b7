"""Charts of the profile and region pages: a region's member gemeenten as bars."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import formatting
from dashboard.figures.base import COLORS, INTERVAL_COLOR, empty_figure, interval_errors, layout
from dashboard.figures.levels import records

__all__ = [
    "member_bars",
    "member_bars_spec",
]


def member_bars(df, *, unit: str, region_label: str, region_value: float | None,
                national_value: float | None, indicator: dict | None = None,
                highlight: str | None = None) -> go.Figure:
    """`member_bars_spec` as a go.Figure (validated by plotly)."""
    return go.Figure(member_bars_spec(df, unit=unit, region_label=region_label,
                                      region_value=region_value, national_value=national_value,
                                      indicator=indicator, highlight=highlight))


def member_bars_spec(df, *, unit: str, region_label: str, region_value: float | None,
                     national_value: float | None, indicator: dict | None = None,
                     highlight: str | None = None) -> dict:
    """A region's member gemeenten as horizontal bars (highest on top, grey: peers), with the
    region (its own colour, dashed) and Nederland (black, dotted) as labelled reference lines.
    `df`: name, value, suppressed, lower_bound, weight (optional value_low, value_high,
    region_code). A total with secret members gets an error bar over its interval; a secret
    value no bar but the words 'geheim (< 8)'; the member `highlight` (a region_code) is drawn
    in the region's colour. `indicator` (unit, decimals) sets the precision; else `unit`'s."""
    if df is None or df.empty:
        return empty_figure().to_plotly_json()
    ind = indicator or {"unit": unit}
    rows = df.assign(v=df["value"].astype(float)).sort_values("v", na_position="first")
    recs = records(rows, ["name", "region_code", "v", "value", "value_low", "value_high",
                          "suppressed", "lower_bound", "secret_max", "weight"])
    secret = [formatting.flag(r["suppressed"]) for r in recs]
    texts = [formatting.figure(r, ind) for r in recs]
    names = [f"{r['name']} ({round(r['weight'] * 100)}%)" if r["weight"] < 1 else r["name"]
             for r in recs]
    xs = [None if s or r["v"] != r["v"] else r["v"] for r, s in zip(recs, secret, strict=True)]
    errors = interval_errors([r if x is not None else None for r, x in zip(recs, xs,
                                                                          strict=True)], xs)
    mine = [highlight is not None and r.get("region_code") == highlight for r in recs]
    bars = dict(
        type="bar", x=[0 if x is None else x for x in xs], y=names,
        orientation="h", text=texts, textposition="outside", cliponaxis=False,
        marker=dict(color=[COLORS["self"] if m else COLORS["other"] for m in mine],
                    line=dict(color="#1b1b1b", width=0.5)),
        **({"error_x": {**errors, "color": INTERVAL_COLOR, "thickness": 1.5, "width": 4}}
           if errors else {}),
        hovertemplate="%{y}: %{text}<extra></extra>", name="gemeenten")
    # Reference lines differ by dash pattern and carry their label above the plot, so they
    # never hide a bar's value and need no colour to be told apart.
    shapes, annotations = [], []
    for value, label, dash, shift, color in (
            (region_value, region_label, "dash", 18, COLORS["self"]),
            (national_value, "Nederland", "dot", 2, COLORS["nederland"])):
        if value is not None and value == value:
            shapes.append(dict(type="line", x0=value, x1=value, xref="x", y0=0, y1=1,
                               yref="y domain", line=dict(color=color, dash=dash, width=2)))
            annotations.append(dict(x=value, y=1, yref="paper", yanchor="bottom", yshift=shift,
                                    showarrow=False,
                                    text=f"{label}: {formatting.figure({'value': value}, ind)}",
                                    font=dict(size=12), bgcolor="rgba(255,255,255,0.9)"))
    if errors:
        annotations.append(dict(x=1, y=0, xref="paper", yref="paper", xanchor="right",
                                yanchor="top", yshift=-28, showarrow=False,
                                text="streepje = marge door geheime cijfers",
                                font=dict(size=11, color="#4a4a4a")))
    return dict(data=[bars], layout=layout(
        height=max(260, 26 * len(rows) + 130), showlegend=False,
        margin=dict(l=10, r=90, t=60, b=40), shapes=shapes, annotations=annotations,
        yaxis=dict(automargin=True),
        # Counts in full ('150.000'), never plotly's SI suffixes ('150k', '3.5M').
        xaxis=dict(title=None, rangemode="tozero", automargin=True,
                   tickformat=",.0f" if unit == "count" else None,
                   ticksuffix=formatting.UNIT_SUFFIX.get(unit, "") if unit == "pct" else "")))
