"""The OOGO report's charts, built but not rendered: a key indicator's trend against its
regions and the country, its position among all regions of the level, and a region's member
gemeenten side by side; with the sizes that keep each page above its footer. `report` puts
them on pages, `report.render_charts` draws them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import figures, formatting, queries, verdict
from dashboard.components.chart import caption_text

CHART_WIDTH = 760
TREND_HEIGHT, POSITION_HEIGHT = 330, 280
# A region's member chart: a bar per gemeente, together at most what an indicator page
# leaves under the trend (JZ39 has 21 members: their bars get thinner, not the page longer).
MEMBER_BAR_PX, MEMBER_CHART_MAX = 22, 360
# A page with the members chart under the trend: the trend shorter, so both charts and the
# trend table stay above the footer (250 mm of page body).
TREND_WITH_MEMBERS = 270
LEVEL_PLURAL = {"gemeente": "gemeenten", "swv_po": "SWV's PO", "swv_vo": "SWV's VO",
                "jeugdregio": "jeugdregio's", "rmc": "RMC-regio's", "provincie": "provincies"}


@dataclass
class Chart:
    title: str
    caption: str
    figure: object
    height: int
    svg: str = ""


def row(fact) -> dict:
    """A fact (a series row, or None) as the mapping formatting.figure and verdict.judge read."""
    return {} if fact is None else dict(fact)


def short(name: str) -> str:
    return name if len(name) <= 34 else name[:33].rstrip(" ,") + "…"


def member_frame(idx: pd.DataFrame, ind_id: str, members: pd.DataFrame,
                 period: str) -> pd.DataFrame:
    """The members' facts at `period` in the shape figures.member_bars reads."""
    rows = []
    for code, name, weight in zip(members["gemeente_code"], members["region_name"],
                                  members["weight"], strict=True):
        fact = row(idx.loc[(ind_id, code, period)] if (ind_id, code, period) in idx.index
                   else None)
        rows.append({"region_code": code, "name": name, "weight": float(weight),
                     "value": fact.get("value"), "value_low": fact.get("value_low"),
                     "value_high": fact.get("value_high"),
                     "suppressed": formatting.flag(fact.get("suppressed")),
                     "lower_bound": formatting.flag(fact.get("lower_bound"))})
    return pd.DataFrame(rows)


def point_value(fact) -> float | None:
    value = row(fact).get("value")
    return None if formatting.is_missing(value) or formatting.flag(row(fact).get(
        "suppressed")) else float(value)


def trend_chart(ind: dict, series: pd.DataFrame, main: pd.DataFrame, legend: dict,
                until: int | None, demo: bool, year: int) -> tuple[Chart | None, list[str]]:
    trend = series[(series["indicator_id"] == ind["indicator_id"])
                   & series["region_code"].isin(main["region_code"])]
    if until is not None:
        trend = trend[trend["period"].map(figures.period_year) <= until]
    # Shares of split gemeenten are on the cover; short names keep the legend on two lines.
    trend = trend.merge(main[["role", "region_code"]], on="region_code").assign(
        region_name=lambda d: d["role"].map(legend), weight=1.0)
    periods = sorted(trend["period"].unique())
    if len(periods) < 2:
        return None, periods
    status = "open symbool = voorlopig" if (trend["status"] == "voorlopig").any() else ""
    cap = caption_text(ind, f"{periods[0]}–{periods[-1]}", year, status=status, demo=demo)
    fig = figures.trend_figure(trend, indicator=ind, height=TREND_HEIGHT)
    return Chart("Ontwikkeling, met de regio's en het land", cap, fig, TREND_HEIGHT), periods


def position_chart(ind: dict, level: str, code: str, period: str, national, demo: bool,
                   year: int) -> Chart:
    peers = queries.level_values(ind["indicator_id"], level, period, year)
    fig = figures.distribution_figure(peers, indicator=ind, highlight=code,
                                      national_value=point_value(national),
                                      height=POSITION_HEIGHT,
                                      level_label=LEVEL_PLURAL.get(level, "regio's"))
    axis = (fig.layout.xaxis.title.text or "").replace("<br>", " · ")
    fig.update_xaxes(title_text=None)
    status = str(peers["status"].dropna().iloc[0]) if peers["status"].notna().any() else ""
    cap = caption_text(ind, period, year, status=status, demo=demo, extra=axis)
    return Chart(f"Positie tussen alle {LEVEL_PLURAL.get(level)} "
                 f"({formatting.period(period)})", cap, fig, POSITION_HEIGHT)


def members_chart(ind: dict, idx: pd.DataFrame, members: pd.DataFrame, region: dict,
                  facts: dict, period: str, demo: bool, year: int) -> Chart:
    """The region's member gemeenten side by side, with the region and the country as lines
    (not for counts: a total is no yardstick for its parts, and the country's 3,3 mln would
    flatten every bar)."""
    frame = member_frame(idx, ind["indicator_id"], members, period)
    judged = verdict.judged(ind)
    fig = figures.member_bars(frame, unit=ind["unit"], indicator=ind,
                              region_label=short(region["region_name"].split(" — ")[0]),
                              region_value=point_value(facts.get("self")) if judged else None,
                              national_value=point_value(facts.get("nederland")) if judged
                              else None)
    height = min(max(260, MEMBER_BAR_PX * len(frame) + 110), MEMBER_CHART_MAX)
    # Every gemeente named (plotly would label every other bar of a crowded chart).
    small = len(frame) > 16
    fig.update_layout(height=height, yaxis=dict(dtick=1, tickfont=dict(size=10 if small
                                                                        else 13)))
    fig.update_traces(textfont_size=10 if small else 12, selector=dict(type="bar"))
    cap = caption_text(ind, period, year, demo=demo,
                       extra="tussen haakjes: het deel van de gemeente dat in de regio valt")
    return Chart(f"De gemeenten naast elkaar ({formatting.period(period)})", cap, fig, height)
