"""Figures dressed for export: title, caption and the demonstration label inside the image."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import formatting
from dashboard.figures.base import wrap

__all__ = [
    "export_figure",
    "legend_height",
]


# Legend geometry at the legend's 13 px DejaVu Sans: an entry's symbol and gaps, the width
# of a character (generous, so an estimate never falls short) and the height of a text line.
LEGEND_SYMBOL_PX, LEGEND_CHAR_PX, LEGEND_LINE_PX = 46, 7.6, 17


def legend_height(names: list[str], width: float) -> int:
    """The height (px) a horizontal legend of `names` (lines split by <br>) takes when its
    entries flow into rows of `width` px, as plotly lays them out, plus its padding."""
    rows, row_w, row_lines = [], 0.0, 0
    for name in names:
        lines = name.split("<br>")
        w = LEGEND_SYMBOL_PX + LEGEND_CHAR_PX * max(len(line) for line in lines)
        if row_w and row_w + w > width:
            rows.append(row_lines)
            row_w, row_lines = 0.0, 0
        row_w += w
        row_lines = max(row_lines, len(lines))
    if row_w:
        rows.append(row_lines)
    return sum(LEGEND_LINE_PX * n + 4 for n in rows) + 8 if rows else 0


def export_figure(figure, *, title: str, caption: str, demo: bool, height: int = 500,
                  width: int = 900) -> go.Figure:
    """The figure as shown, made self-describing for an image file: bold title, the
    demonstration label as subtitle, and the caption (source, period, classification year,
    status) printed inside the image. From the bottom up: the caption, the legend (its rows
    counted, so it never overprints the caption nor the axis), the x axis and the plot."""
    fig = go.Figure(figure, skip_invalid=True)
    caption = caption.replace(" · " + formatting.DEMO_LABEL, "").replace(formatting.DEMO_LABEL, "")
    lines = wrap(caption.strip(" ·"), int(width / 6.6)).split("<br>")
    cap_h = 15 * len(lines) + 8
    margin = fig.layout.margin
    left = max(margin.l or 0, 60)
    right = max(margin.r or 0, 20)
    # Choropleths stay out of a legend unless asked; other traces are in it unless not.
    names = [t.name for t in fig.data if t.name and (
        t.showlegend or (t.showlegend is None and t.type != "choropleth"))] \
        if fig.layout.showlegend is not False else []
    names = names if len(names) > 1 or fig.layout.showlegend else []
    legend_h = legend_height(names, width - 20)
    # The x axis title's lines (the ranking names the country there) sit above the legend.
    x_title = fig.layout.xaxis.title.text if fig.layout.xaxis.title else None
    title_h = 20 * (x_title.count("<br>") + 1) + 6 if x_title else 0
    bottom = max(margin.b or 0, 50) + title_h + cap_h + (legend_h + 14 if legend_h else 0)
    subtitle = dict(text=f"<b>{formatting.DEMO_LABEL}</b>", font=dict(size=13, color="#1b1b1b")) \
        if demo else None
    fig.update_layout(
        width=width, height=height, autosize=False, paper_bgcolor="white",
        # The title block, plus whatever room the figure keeps above its plot (its notes).
        margin=dict(l=left, r=right, t=(88 if demo else 60) + max((margin.t or 0) - 24, 0),
                    b=bottom),
        title=dict(text=f"<b>{title}</b>", x=0.012, xanchor="left", xref="container",
                   y=0.975, yref="container", yanchor="top", font=dict(size=17),
                   subtitle=subtitle),
    )
    if legend_h:
        fig.update_layout(legend=dict(orientation="h", yref="container",
                                      y=(cap_h + 10) / height, yanchor="bottom", x=10 / width,
                                      xref="container", xanchor="left", entrywidth=None))
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0,
                       xanchor="left", yanchor="top", align="left", showarrow=False,
                       xshift=-(left - 12), yshift=-(bottom - cap_h), font=dict(size=11,
                                                                               color="#333333"))
    return fig
