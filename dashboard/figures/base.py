"""The shared look of every chart: colours, line styles, the light template, layout helpers."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import formatting

__all__ = [
    "COLORS",
    "DASHES",
    "SYMBOLS",
    "COMPARE_STYLES",
    "INTERVAL_COLOR",
    "FONT",
    "TEMPLATE",
    "TEMPLATE_JSON",
    "role_style",
    "period_axis",
    "wrap",
    "interval_errors",
    "layout",
    "base_layout",
    "empty_figure",
]

# One colour per role, on every page, export and report page: the region a page is about
# ("self") is always orange, the country always black, other regions of a level (peers,
# members) always grey.
COLORS = {
    "self": "#D55E00",      # the selected region
    "swv_po": "#0072B2",
    "swv_vo": "#56B4E9",
    "jeugdregio": "#009E73",
    "grootteklasse": "#E69F00",
    "nederland": "#000000",
    "other": "#8c8c8c",     # peers: the other regions of a ranking, a region's members
}
DASHES = {"self": "solid", "swv_po": "dash", "swv_vo": "dashdot", "jeugdregio": "dot",
          "grootteklasse": "longdash", "nederland": "solid"}
SYMBOLS = {"self": "circle", "swv_po": "square", "swv_vo": "diamond", "jeugdregio": "triangle-up",
           "grootteklasse": "x", "nederland": "cross"}
# Series without a fixed role (/vergelijk's regions, in the order chosen): the first is the
# region the user starts from and keeps the "self" look, so it has the same colour as on its
# own pages; the others are further Okabe-Ito colours (not black: that is the country's, which
# keeps its own look wherever it appears), each with its own dash pattern and marker.
COMPARE_STYLES = [(COLORS["self"], "solid", "circle"), ("#0072B2", "dash", "square"),
                  ("#009E73", "dot", "diamond"), ("#CC79A7", "dashdot", "triangle-up"),
                  ("#E69F00", "longdash", "x"), ("#56B4E9", "longdashdot", "star")]
# Interval marks (the range a total with secret members lies in): dark, so they show on any bar.
INTERVAL_COLOR = "#1b1b1b"
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


def role_style(role: str, n: int = 0) -> tuple[str, str, str]:
    """(colour, dash, marker) of a series: its role's look, else the n-th comparison look
    (`COMPARE_STYLES`)."""
    if role in DASHES:
        return COLORS[role], DASHES[role], SYMBOLS[role]
    return COMPARE_STYLES[n % len(COMPARE_STYLES)]


def period_axis(periods: list[str], tick) -> dict:
    """A category x axis over `periods` (in order) whose labels never run together, not even
    on a phone (about 30 px per period at 390 px): every period up to 7, else every second
    (third beyond 14), counted back from the last so the latest period is always labelled.
    Fixed, not left to plotly: a category axis labels every period however narrow, and turned
    labels collide with the legend below. `tick` shortens a label ('20/21')."""
    step = 1 if len(periods) <= 7 else 2 if len(periods) <= 14 else 3
    ticks = list(periods)[::-step][::-1]
    return dict(type="category", categoryorder="array", categoryarray=list(periods),
                tickvals=ticks, ticktext=[tick(p) for p in ticks], tickangle=0,
                title=dict(text=None))


def wrap(text: str, width: int) -> str:
    """`text` broken into lines of at most `width` characters (at spaces) with <br>: a long
    region name in a legend wraps instead of running into the next entry or off the image."""
    lines, line = [], ""
    for word in str(text).split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "<br>".join([*lines, line] if line else lines)


def interval_errors(rows: list, values: list) -> dict | None:
    """Plotly error bars from each row's value_low/value_high around the drawn `values` (None
    where nothing is drawn), or None when no row has an interval wider than a point: the
    range a total with secret members lies in, drawn as a dark line, not hidden in a fill."""
    plus, minus = [], []
    for r, v in zip(rows, values, strict=True):
        ends = formatting.interval(r) if r and v is not None else None
        high = ends[1] if ends and ends[1] != float("inf") else v
        plus.append(0.0 if v is None else max(high - v, 0.0))
        minus.append(0.0 if v is None or ends is None else max(v - ends[0], 0.0))
    if not any(plus) and not any(minus):
        return None
    return dict(type="data", symmetric=False, array=plus, arrayminus=minus, visible=True)


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
