"""The indicator page's notes on the chosen region: its agreements on the indicator (listed
with badges and drawn as targets on the trend) and its duiding (read once with the table's,
for every region of the level)."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from dashboard import formatting, queries
from dashboard.components import agreements as ag
from dashboard.components import duiding as dn
from dashboard.figures import agreements as agreement_figures
from dashboard.figures import period_axis, period_tick
from dashboard.pages.indicator.state import View

MAX_TARGETS = 3
TARGET_NOTE = "ster = streefwaarde van een afspraak (gestreept: afgesproken traject)"


def region_agreements(view: View) -> list[dict]:
    """The chosen region's agreements on this indicator (measured there or a party), with
    their status; none without a chosen region."""
    if not view.region:
        return []
    return ag.statuses(ag.region_agreements(view.region, view.indicator_id))


def targets(view: View, found: list[dict], codes: set[str]) -> list[tuple[dict, dict]]:
    """(agreement, target) on this indicator measured in a region the chart shows."""
    return [(a, t) for a in found if a.get("region_code") in codes
            for t in a.get("targets") or [] if t.get("indicator_id") == view.indicator_id
            ][:MAX_TARGETS]


def with_targets(spec: dict, view: View, targets: list[tuple[dict, dict]]) -> dict:
    """The trend spec with each target's agreed path (dashed, black) ending in a star; the
    period axis grows to the target period."""
    # Each target its own dash pattern, so two paths stay apart in black and white.
    for (a, t), dash in zip(targets, ("dash", "dot", "dashdot"), strict=False):
        points = agreement_figures.trajectory_points(t)
        if not points:
            continue
        title = str(a.get("title") or "afspraak")
        spec["data"].append(dict(
            type="scatter", x=[p for p, _, _ in points], y=[v for _, v, _ in points],
            mode="lines+markers", name=f"Doel: {title}"[:54],
            line=dict(color="#000000", width=1.5, dash=dash),
            marker=dict(symbol=["star" if k == "streef" else "diamond-open"
                                for *_, k in points], size=13, color="#000000"),
            text=[f"{title}<br>{k} {formatting.period(p)}: "
                  f"{formatting.figure({'value': v}, view.indicator)}"
                  for p, v, k in points], hovertemplate="%{text}<extra></extra>"))
        axis = spec["layout"]["xaxis"]
        periods = sorted(set(axis["categoryarray"]) | {p for p, _, _ in points})
        axis.update(period_axis(periods, period_tick))
    return spec


def level_duiding(view: View, df: pd.DataFrame) -> dict:
    """The duiding on this indicator of every region of the level (one store read)."""
    return dn.index(dn.read(set(df["region_code"]) | ({view.region} - {None}),
                            [view.indicator_id]))


def region_notes(view: View, df: pd.DataFrame, duiding: dict) -> html.Section | None:
    """The chosen region's duiding on this indicator (every period, newest first) with the
    'Duiding toevoegen' link for a user who may write it; nothing without a chosen region."""
    mine = df[df["region_code"] == view.region]
    if mine.empty:
        return None
    name = str(mine["region_name"].iloc[0])
    add = dn.add_href(view.region, view.indicator_id, view.period) if dn.may_add(
        view.region) else None
    items = duiding.get((view.indicator_id, view.region), [])
    return dn.panel(f"Duiding van {name}", items, add=add,
                    empty=f"{name} heeft nog geen duiding bij deze indicator gegeven.")


def agreements_block(view: View, found: list[dict]) -> html.Section | None:
    """The chosen region's agreements on this indicator, with status badges."""
    if not view.region:
        return None
    name = (queries.region(view.region) or {}).get("region_name", view.region)
    body = [ag.agreement_list(found, heading="h4", here=view.region)] if found else [html.P(
        f"Er zijn geen afspraken over deze indicator waarin {name} de gemeten regio of een "
        "partij is.", className="caption")]
    link = "/afspraken?" + urlencode({"regio": view.region})
    return html.Section([html.H3(f"Afspraken van {name} over deze indicator"), *body,
                         html.P(dcc.Link(f"Alle afspraken gemeten in {name}", href=link))],
                        className="indicator-agreements")
