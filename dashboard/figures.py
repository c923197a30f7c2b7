"""DataFrame -> plotly Figure. No Dash and no database here: every function takes data and
returns a figure, so pages, exports and the report draw the same charts.

Colours are Okabe-Ito (colourblind-safe); lines also differ by dash pattern and markers, so
no meaning rests on colour alone and a black-and-white print stays readable.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import formatting

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


def base_layout(fig: go.Figure, *, height: int = 360, title: str | None = None) -> go.Figure:
    """Shared look: Dutch separators, readable font, white background, room for labels."""
    fig.update_layout(
        separators=formatting.PLOTLY_SEPARATORS,
        font=FONT,
        template="plotly_white",
        height=height,
        margin=dict(l=60, r=20, t=40 if title else 20, b=50),
        title=dict(text=title, x=0, font=dict(size=15)) if title else None,
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
        hoverlabel=dict(font=FONT),
    )
    return fig


def empty_figure(message: str = "Geen gegevens voor deze keuze") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=15))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, height=220)
