"""Figures dressed for export: title, caption and the demonstration label inside the image."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import formatting

__all__ = [
    "export_figure",
]

def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def export_figure(figure, *, title: str, caption: str, demo: bool, height: int = 500,
                  width: int = 900) -> go.Figure:
    """The figure as shown, made self-describing for an image file: bold title, the
    demonstration label as subtitle, and the caption (source, period, classification year,
    status) printed inside the image below the legend."""
    fig = go.Figure(figure, skip_invalid=True)
    caption = caption.replace(" · " + formatting.DEMO_LABEL, "").replace(formatting.DEMO_LABEL, "")
    lines = _wrap(caption.strip(" ·"), int(width / 6.6))
    cap_h = 15 * len(lines) + 8
    margin = fig.layout.margin
    left = max(margin.l or 0, 60)
    has_legend = fig.layout.showlegend is not False and len(fig.data) > 1
    bottom = max(margin.b or 0, 50) + cap_h + (34 if has_legend else 0)
    subtitle = dict(text=f"<b>{formatting.DEMO_LABEL}</b>", font=dict(size=13, color="#1b1b1b")) \
        if demo else None
    fig.update_layout(
        width=width, height=height, autosize=False, paper_bgcolor="white",
        margin=dict(l=left, r=max(margin.r or 0, 20), t=88 if demo else 60, b=bottom),
        title=dict(text=f"<b>{title}</b>", x=0.012, xanchor="left", xref="container",
                   y=0.975, yref="container", yanchor="top", font=dict(size=17),
                   subtitle=subtitle),
    )
    if has_legend:
        fig.update_layout(legend=dict(orientation="h", yref="container", y=(cap_h + 4) / height,
                                      yanchor="bottom", x=0, xanchor="left"))
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0,
                       xanchor="left", yanchor="top", align="left", showarrow=False,
                       xshift=-(left - 12), yshift=-(bottom - cap_h), font=dict(size=11,
                                                                               color="#333333"))
    return fig
