"""The shared look of every chart: colours, line styles, the light template, layout helpers."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import formatting

__all__ = [
    "COLORS",
    "DASHES",
    "SYMBOLS",
    "FONT",
    "TEMPLATE",
    "TEMPLATE_JSON",
    "layout",
    "base_layout",
    "empty_figure",
]

COLORS = {
    "self": "#D55E00",      # the selected region
    "swv_po": "#0072B2",
    "swv_vo": "#56B4E9",
    "jeugdregio": "#009E73",
    "grootteklasse": "#E69F00",
    "nederland": "#000000",
    "other": "#999999",
}
DASHES = {"self": "solid", "swv_po": "dash", "swv_vo": "dashdot", "jeugdregio": "dot",
          "grootteklasse": "longdash", "nederland": "solid"}
SYMBOLS = {"self": "circle", "swv_po": "square", "swv_vo": "diamond", "jeugdregio": "triangle-up",
           "grootteklasse": "x", "nederland": "cross"}
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13, color="#1b1b1b")


_GRID = "#E5E8EE"
# The few parts of plotly_white we use. The full template is large and plotly deep-copies it
# into every figure (about 15-25 ms each); this one costs almost nothing.
TEMPLATE = go.layout.Template(layout=dict(
    paper_bgcolor="white", plot_bgcolor="white", colorway=list(COLORS.values()),
    xaxis=dict(gridcolor=_GRID, linecolor=_GRID, zerolinecolor=_GRID, ticks="", automargin=True),
    yaxis=dict(gridcolor=_GRID, linecolor=_GRID, zerolinecolor=_GRID, ticks="", automargin=True),
    geo=dict(bgcolor="white", lakecolor="white", landcolor="white", showlakes=False),
))
TEMPLATE_JSON = TEMPLATE.to_plotly_json()


def layout(*, height: int = 360, title: str | None = None, margin: dict | None = None,
           legend: dict | None = None, **extra) -> dict:
    """The shared look as a layout dict (Dutch separators, readable font, white background,
    room for labels); `margin` and `legend` entries override the defaults one by one.
    Figures are built in one go.Figure(data, layout) call: every later update_layout,
    add_shape or add_annotation costs plotly 5-15 ms."""
    return dict(
        separators=formatting.PLOTLY_SEPARATORS,
        font=FONT,
        template=TEMPLATE_JSON,
        height=height,
        margin=dict(l=60, r=20, t=40 if title else 20, b=50) | (margin or {}),
        title=dict(text=title, x=0, font=dict(size=15)) if title else None,
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0) | (legend or {}),
        hoverlabel=dict(font=FONT),
    ) | extra


def base_layout(fig: go.Figure, *, height: int = 360, title: str | None = None) -> go.Figure:
    """Shared look for a figure built elsewhere (see `layout`)."""
    fig.update_layout(layout(height=height, title=title))
    return fig


def empty_figure(message: str = "Geen gegevens voor deze keuze") -> go.Figure:
    return go.Figure(layout=layout(
        height=220, xaxis=dict(visible=False), yaxis=dict(visible=False),
        annotations=[dict(text=message, showarrow=False, x=0.5, y=0.5, xref="paper",
                          yref="paper", font=dict(size=15))]))
