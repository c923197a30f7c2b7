"""The region page's member chart: the members of the region on one indicator as bars, with
the region and the country as reference lines; redrawn when another indicator is picked. Drawn
once per build, region and indicator (`member_chart`); its export is built from the same key."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import pandas as pd
from dash import ALL, Input, Output
from dash.exceptions import PreventUpdate

from dashboard import cache, figures, formatting, ids, limits, queries
from dashboard.components import chart
from dashboard.components import profile as pc
from dashboard.components.plain import plain
from dashboard.export import registry
from dashboard.pages.region.common import PAGE, STATE, indicators_for, member_label, region_of


def _first_value(part: pd.DataFrame) -> float | None:
    if part.empty or formatting.is_missing(part["value"].iloc[0]) \
            or formatting.flag(part["suppressed"].iloc[0]):
        return None
    return float(part["value"].iloc[0])


@cache.per_warehouse(maxsize=64)
def member_chart(code: str, indicator_id: str) -> tuple:
    """Figure (a dict), table, caption and title of the members bar chart (kept per build:
    shared between requests, do not modify)."""
    ind = queries.indicator(indicator_id)
    df = queries.region_table(code, indicator_id=indicator_id)
    reg, nl, members = (df[df["role"] == role] for role in ("region", "nederland", "member"))
    if ind is None or members.empty:
        return (figures.empty_figure().to_plotly_json(), pd.DataFrame(), "",
                "Gemeenten in de regio")
    plot = pd.DataFrame({"name": members["region_name"], "region_code": members["region_code"],
                         "value": members["value"], "value_low": members["value_low"],
                         "value_high": members["value_high"],
                         "suppressed": members["suppressed"].fillna(False),
                         "lower_bound": members["lower_bound"].fillna(False),
                         "weight": members["weight"]})
    period = members["period"].iloc[0]
    region_name = pc.short_name(reg["region_name"].iloc[0]) if not reg.empty else code
    fig = figures.member_bars_spec(plot, unit=ind["unit"], region_label=region_name,
                                   region_value=_first_value(reg),
                                   national_value=_first_value(nl), indicator=ind)
    rows = figures.records(members, [*figures.FIGURE_COLUMNS, "weight"])
    table = pd.DataFrame({"Gemeente": [member_label(r) for r in rows],
                          ind["label"]: [formatting.figure(r, ind) for r in rows]}, dtype=object)
    statuses = ", ".join(sorted(set(members["status"].dropna())))
    caption = chart.caption_text(ind, period, queries.latest_classification_year(),
                                 status=statuses, demo=_demo(members))
    title = f"{ind['label']} per gemeente in {region_name}, {formatting.period(period)}"
    return fig, table, caption, title


def _demo(members: pd.DataFrame) -> bool:
    return bool(members["demo"].fillna(False).any())


def member_data(code: str, indicator_id: str) -> dict | None:
    """The chart's download: every member's raw figure with its flags (built for a download
    only, not with every drawing)."""
    _fig, _table, caption, title = member_chart(code, indicator_id)
    df = queries.region_table(code, indicator_id=indicator_id)
    members = df[df["role"] == "member"]
    if members.empty:
        return None
    return chart.export_data(title, caption, members[[
        "region_code", "region_name", "weight", "value", "value_low", "value_high",
        "suppressed", "lower_bound", "status", "demo"]], _demo(members))


@cache.per_warehouse(maxsize=64)
def _shown(code: str, indicator_id: str) -> list:
    """The chart's values on the page as plain data: figure, caption, table, key, title and
    the graph's height, which follows the number of members so long regions stay readable."""
    fig, table, caption, title = member_chart(code, indicator_id)
    key = {"code": code, "indicator": indicator_id}
    return plain([*chart.chart_values(fig, table, caption, key), title,
                  {"height": f"{fig['layout'].get('height') or 400}px"}])


@dash.callback(*chart.chart_outputs(PAGE, "members"),
               Output(ids.page(PAGE, "members-title"), "children"),
               Output(ids.chart(PAGE, "members"), "style"),
               Output(ids.REGION_URL, "search"),
               Output(ids.region_indicator(ALL), "className"),
               Output(ids.region_indicator(ALL), "aria-pressed"),
               Input(ids.region_indicator(ALL), "n_clicks"), Input(STATE, "data"))
def redraw_members(_clicks, state, indicator_id=None):
    """On load the chart of the indicator in the address; after a click the clicked one."""
    if indicator_id is None:
        clicked = dash.ctx.triggered_id
        indicator_id = clicked["indicator"] if isinstance(clicked, dict) else None
    reg = region_of(state)
    picked = indicator_id is not None
    indicator_id = indicator_id or limits.mapping(state).get("indicator")
    if reg is None:
        raise PreventUpdate
    order = list(indicators_for(reg["region_level"])["indicator_id"])  # the buttons' order
    if indicator_id not in order:
        raise PreventUpdate
    return (*_shown(reg["region_code"], indicator_id),
            "?" + urlencode({"indicator": indicator_id}) if picked else dash.no_update,
            ["choice current" if i == indicator_id else "choice" for i in order],
            ["true" if i == indicator_id else "false" for i in order])


@registry.register(PAGE, "members")
def export(_name: str, key: dict) -> registry.Export | None:
    """The members chart and its data for the key {'code', 'indicator'}."""
    reg = region_of(key)
    if reg is None or queries.indicator(str(key.get("indicator"))) is None:
        return None
    data = member_data(reg["region_code"], key["indicator"])
    return registry.Export(data, member_chart(reg["region_code"], key["indicator"])[0]) \
        if data else None
