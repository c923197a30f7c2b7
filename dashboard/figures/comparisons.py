"""Charts of the profile and region pages: a region's member gemeenten as bars."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import formatting
from dashboard.figures.base import COLORS, empty_figure, layout

__all__ = [
    "member_bars",
]

def member_bars(df, *, unit: str, region_label: str, region_value: float | None,
                national_value: float | None) -> go.Figure:
    """A region's member gemeenten as horizontal bars (highest on top), with the region and
    Nederland as labelled reference lines (dashed, dotted). `df`: name, value, suppressed,
    lower_bound, weight. A secret value gets no bar but the words 'geheim (< 8)'."""
    if df is None or df.empty:
        return empty_figure()
    rows = df.assign(v=df["value"].astype(float)).sort_values("v", na_position="first")
    recs = rows.to_dict("records")
    secret = [bool(r["suppressed"]) for r in recs]
    texts = [formatting.value(None if s or r["v"] != r["v"] else r["v"], unit, suppressed=s,
                              lower_bound=bool(r["lower_bound"]))
             for r, s in zip(recs, secret, strict=True)]
    names = [f"{r['name']} ({round(r['weight'] * 100)}%)" if r["weight"] < 1 else r["name"]
             for r in recs]
    bars = go.Bar(
        x=[0 if s or r["v"] != r["v"] else r["v"] for r, s in zip(recs, secret, strict=True)],
        y=names,
        orientation="h", text=texts, textposition="outside", cliponaxis=False,
        marker=dict(color=COLORS["swv_vo"], line=dict(color="#1b1b1b", width=0.5)),
        hovertemplate="%{y}: %{text}<extra></extra>", name="gemeenten")
    # Reference lines differ by dash pattern and carry their label above the plot, so they
    # never hide a bar's value and need no colour to be told apart.
    shapes, annotations = [], []
    for value, label, dash, shift in ((region_value, region_label, "dash", 18),
                                      (national_value, "Nederland", "dot", 2)):
        if value is not None and value == value:
            shapes.append(dict(type="line", x0=value, x1=value, xref="x", y0=0, y1=1,
                               yref="y domain",
                               line=dict(color=COLORS["nederland"], dash=dash, width=2)))
            annotations.append(dict(x=value, y=1, yref="paper", yanchor="bottom", yshift=shift,
                                    showarrow=False,
                                    text=f"{label}: {formatting.value(value, unit)}",
                                    font=dict(size=12), bgcolor="rgba(255,255,255,0.9)"))
    return go.Figure(bars, layout(
        height=max(260, 26 * len(rows) + 130), showlegend=False,
        margin=dict(l=10, r=90, t=60, b=40), shapes=shapes, annotations=annotations,
        yaxis=dict(automargin=True),
        xaxis=dict(title=None, rangemode="tozero", automargin=True,
                   ticksuffix=formatting.UNIT_SUFFIX.get(unit, "") if unit == "pct" else "")))
