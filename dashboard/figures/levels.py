"""Charts of one indicator across regions and time: trend, ranked distribution, map. The
`*_spec` functions return plain dicts for the pages (fast); `*_figure` wrap them as go.Figure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting
from dashboard.figures.base import (
    COLORS,
    INTERVAL_COLOR,
    empty_figure,
    interval_errors,
    layout,
    period_axis,
    role_style,
    wrap,
)

__all__ = [
    "ROLE_LABELS",
    "MAP_SCALE",
    "SUPPRESSED_FILL",
    "MISSING_FILL",
    "AXIS_UNIT",
    "period_year",
    "period_tick",
    "trend_figure",
    "trend_spec",
    "distribution_figure",
    "distribution_spec",
    "Ranking",
    "map_figure",
    "with_map_highlight",
    "centroid",
    "records",
    "FIGURE_COLUMNS",
]

ROLE_LABELS = {"self": "", "swv_po": "SWV PO", "swv_vo": "SWV VO", "jeugdregio": "jeugdregio",
               "grootteklasse": "grootteklasse", "nederland": ""}
# Map fill: single-hue blue, light to dark (prints as light to dark grey); the light end is not
# white so that a low value never looks like "no data".
MAP_SCALE = [[0.0, "#deebf7"], [0.5, "#6baed6"], [1.0, "#08306b"]]
SUPPRESSED_FILL = "#bdbdbd"
MISSING_FILL = "#ffffff"
AXIS_UNIT = {"pct": "%", "per_1000": "per 1.000", "count": "aantal"}


def period_year(period: str) -> int:
    """The calendar year a period is counted in: '2023' and '2023-H1' -> 2023; a school year
    '2020/2021' -> 2021 (published in the layout of the 1 January within it)."""
    return int(period.split("/")[-1][:4])


def period_tick(period: str) -> str:
    """A short axis label: '2020/2021' -> '20/21'; other periods unchanged."""
    return f"{period[2:4]}/{period[-2:]}" if "/" in period else period



def _value_text(row, indicator: dict) -> str:
    return formatting.figure(row or {}, indicator)


def _no_upper(row) -> bool:
    """A lower bound whose upper end is unknown (some secret member without a known maximum)."""
    ends = formatting.interval(row) if row else None
    return ends is not None and ends[1] == float("inf")


def _label(indicator: dict, key: str, default: str) -> str:
    value = indicator.get(key)
    return value if isinstance(value, str) and value else default


def _count_text(row, indicator: dict) -> str:
    num, den = row.get("numerator"), row.get("denominator")
    if formatting.flag(row.get("suppressed")):
        return f"{_label(indicator, 'numerator_label', 'teller')}: geheim (< 8)"
    if num is None or num != num:
        return ""
    text = f"{formatting.number(float(num))} {_label(indicator, 'numerator_label', '')}".strip()
    if den is not None and den == den:
        text += f" van {formatting.number(float(den))}"
    return text


def _series_name(name: str, role: str, weight: float | None = None) -> str:
    label = ROLE_LABELS.get(role, "")
    text = f"{label}: {name}" if label and not name.startswith(label.split()[0]) else name
    if weight is not None and weight == weight and weight < 0.999:
        text += f" (deel {formatting.number(weight * 100)}%)"
    return text


def _y_axis(indicator: dict, *, from_zero: bool = True) -> dict:
    unit = indicator["unit"]
    # Counts in full ('150.000'), never plotly's SI suffixes ('150k', '3.5M').
    return dict(title=dict(text=AXIS_UNIT[unit]), rangemode="tozero" if from_zero else "normal",
                ticksuffix="%" if unit == "pct" else "", gridcolor="#e3e3e3",
                tickformat=",.0f" if unit == "count" else None, zerolinecolor="#9a9a9a")


def trend_figure(df, *, indicator: dict, title: str | None = None,
                 height: int = 360) -> go.Figure:
    """`trend_spec` as a go.Figure (validated by plotly)."""
    return go.Figure(trend_spec(df, indicator=indicator, title=title, height=height))


# What a trend reads of each row (records of these only: a column costs ~60 µs).
TREND_COLUMNS = ["role", "region_code", "region_name", "region_level", "weight", "period",
                 "value", "value_low", "value_high", "suppressed", "lower_bound", "secret_max",
                 "status"]


def trend_spec(df, *, indicator: dict, title: str | None = None, height: int = 360) -> dict:
    """One line per region over time. df: region_code, region_name, role, period, value,
    suppressed, lower_bound, status (optional value_low, value_high, weight, region_level).
    Each role keeps its look (`role_style`); series without a role ('r0', 'r1', ... in the
    order chosen) take the comparison looks, the first the region's own, and Nederland keeps
    the country's. Provisional periods get open markers, secret cells are gaps, a total with
    secret members an error bar over its interval, the trend break a dashed vertical line.
    Legend names wrap, never cut; the legend sits below the axis and flows into rows."""
    if df is None or df.empty:
        return empty_figure().to_plotly_json()
    periods = sorted(df["period"].unique())
    traces, notes, shapes, annotations = [], [], [], []
    order = {role: i for i, role in enumerate(COLORS)}
    # The series in plain Python: a groupby's to_dict per series cost 11 of a drawing's 20 ms.
    series: dict[tuple, dict] = {}
    for r in records(df, TREND_COLUMNS):
        if not (pd.isna(r["role"]) or pd.isna(r["region_code"])):  # as groupby drops them
            series.setdefault((r["role"], r["region_code"]), {})[r["period"]] = r
    groups = sorted(series.items(), key=lambda item: (order.get(item[0][0], 99), str(item[0][0])))
    n_compared = 0
    for (role, _code), rows in groups:
        first = next(iter(rows.values()))
        style_role = "nederland" if first.get("region_level") == "nederland" else role
        color, dash, symbol = role_style(style_role, n_compared)
        n_compared += style_role not in COLORS
        name = _series_name(str(first["region_name"]), role, first.get("weight"))
        ys, symbols, texts, drawn = [], [], [], []
        for p in periods:
            r = rows.get(p, {})
            shown = bool(r) and formatting.interval(r) is not None
            ys.append(float(r["value"]) if shown else None)
            drawn.append(r if shown else None)
            provisional = r.get("status") == "voorlopig"
            symbols.append(symbol + ("-open" if provisional else ""))
            text = f"<b>{name}</b><br>{formatting.period(p)}: {_value_text(r, indicator)}"
            texts.append(text + (" · voorlopig" if provisional else ""))
            if r and formatting.flag(r.get("suppressed")):
                notes.append("gat = geheim (< 8)")
            if provisional:
                notes.append("open symbool = voorlopig")
            if shown and _no_upper(r):
                notes.append("≥ = ondergrens")
        errors = interval_errors(drawn, ys)
        if errors:
            notes.append("streepje = marge door geheime cijfers")
        traces.append(dict(
            type="scatter", x=periods, y=ys, name=wrap(name, 38), mode="lines+markers",
            connectgaps=False,
            line=dict(color=color, dash=dash, width=3.5 if color == COLORS["self"] else 2),
            marker=dict(symbol=symbols, size=10 if color == COLORS["self"] else 8, color=color,
                        line=dict(color=color, width=2)),
            **({"error_y": {**errors, "color": color, "thickness": 1.5, "width": 4}}
               if errors else {}),
            text=texts, hovertemplate="%{text}<extra></extra>"))
    trend_break = indicator.get("trend_break")
    if trend_break is not None and trend_break == trend_break:
        after = [i for i, p in enumerate(periods) if period_year(p) >= int(trend_break)]
        if after and after[0] > 0:
            x = after[0] - 0.5
            shapes.append(dict(type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper",
                               line=dict(color="#333333", width=1.5, dash="dash")))
            annotations.append(dict(x=x, y=1, xref="x", yref="paper", text="trendbreuk",
                                    showarrow=False, xanchor="left", yanchor="top", xshift=3,
                                    bgcolor="rgba(255,255,255,0.85)",
                                    font=dict(size=12, color="#333333")))
    # The notes wrap to fit a phone; each further line moves the plot down.
    note = wrap("; ".join(dict.fromkeys(notes)), 52)
    if notes:
        annotations.append(dict(text=note, x=0, y=1.0, xref="paper", yref="paper",
                                xanchor="left", yanchor="bottom", align="left",
                                showarrow=False, font=dict(size=11, color="#4a4a4a"), yshift=4))
    return dict(data=traces, layout=layout(
        height=height, title=title,
        margin=dict(t=(64 if title else 36) + 14 * note.count("<br>"), b=40),
        legend=dict(y=-0.12, yanchor="top", tracegroupgap=0), hovermode="closest",
        xaxis=period_axis(periods, period_tick),
        yaxis=_y_axis(indicator, from_zero=False), shapes=shapes, annotations=annotations))


def _highlight_label(name: str, value: str) -> str:
    """The highlighted region's label in a ranking, narrow enough for a phone: an SWV by its
    code ('PO2101 — Leeuwarden, ...' -> 'PO2101'), a long name on two lines."""
    name = name.split(" — ")[0]
    lines = wrap(name, 26).split("<br>")
    return "<br>".join(f"<b>{line}</b>" for line in lines) + f": {value}"


def distribution_figure(df, *, indicator: dict, highlight: str | None,
                        national_value: float | None = None, height: int = 320,
                        level_label: str = "regio's") -> go.Figure:
    """`distribution_spec` as a go.Figure (validated by plotly)."""
    return go.Figure(distribution_spec(df, indicator=indicator, highlight=highlight,
                                       national_value=national_value, height=height,
                                       level_label=level_label))


def distribution_spec(df, *, indicator: dict, highlight: str | None,
                      national_value: float | None = None, height: int = 320,
                      level_label: str = "regio's") -> dict:
    """All regions of a level sorted low to high (one bar each, grey), `highlight` in the
    region's own colour, wider and labelled, the lowest and highest 5% shaded, the national
    value as a dashed reference line. A total with secret members gets a dark error bar over
    the interval it lies in (a triangle when no upper end is known); secret cells are left out
    and counted in a note. df: region_code, region_name, value, suppressed, lower_bound
    (optional value_low, value_high)."""
    return Ranking(df, indicator=indicator, national_value=national_value, height=height,
                   level_label=level_label).figure(highlight)


class Ranking:
    """What `distribution_spec` draws of a level whichever region is highlighted: its regions
    sorted, labelled and placed, the bands, the national line and the notes. A page keeps one
    per level and period; `figure(highlight)` then costs a millisecond, not the 10 ms of
    labelling every region again."""

    def __init__(self, df, *, indicator: dict, national_value: float | None = None,
                 height: int = 320, level_label: str = "regio's"):
        suppressed = df["suppressed"].astype(bool)
        shown = df[~suppressed & df["value"].notna()].sort_values("value", kind="stable")
        self.indicator, self.height, self.level_label = indicator, height, level_label
        self.rows = rows = records(shown, FIGURE_COLUMNS)
        self.n = n = len(rows)
        self.codes = [r["region_code"] for r in rows]
        self.x = [(i + 0.5) * 100 / n for i in range(n)]
        self.ys = [float(r["value"]) for r in rows]
        self.texts = [f"<b>{r['region_name']}</b><br>{_value_text(r, indicator)}<br>"
                      f"rang {i + 1} van {n} (laag → hoog)" for i, r in enumerate(rows)]
        errors = interval_errors(rows, self.ys)
        self.plus, self.minus = ((errors["array"], errors["arrayminus"]) if errors
                                 else ([0.0] * n, [0.0] * n))
        self.open_ended = [i for i in range(n) if _no_upper(rows[i])]
        secret = df[suppressed]
        self.secret = dict(zip(secret["region_code"], secret["region_name"], strict=True))
        self.shapes, self.annotations = [], []
        # Each label starts at its shaded band's outer edge, so neither runs off a phone.
        for x0, x1, label, anchor in ((0, 5, "laagste 5%", "left"),
                                      (95, 100, "hoogste 5%", "right")):
            self.shapes.append(dict(type="rect", x0=x0, x1=x1, y0=0, y1=1, xref="x",
                                    yref="paper", fillcolor="#eeeeee", line=dict(width=0),
                                    layer="below"))
            self.annotations.append(dict(
                x=x0 if anchor == "left" else x1, y=1, xref="x", yref="paper", text=label,
                showarrow=False, yanchor="bottom", xanchor=anchor,
                font=dict(size=11, color="#4a4a4a")))
        self.axis_title = f"{n} {level_label}, van laag naar hoog"
        if national_value is not None and national_value == national_value:
            self.shapes.append(dict(
                type="line", x0=0, x1=100, y0=national_value, y1=national_value, xref="x",
                yref="y", line=dict(color=COLORS["nederland"], width=1.5, dash="dash")))
            # Named under the axis, not beside the line: wherever the highlighted region
            # stands, its label and the country's then never cover each other.
            self.axis_title += (f"<br>gestreepte lijn: Nederland "
                                f"{_value_text({'value': national_value}, indicator)}")

    def figure(self, highlight: str | None) -> dict:
        """The drawing with `highlight` (a region code, or None) marked."""
        if not self.n:
            return empty_figure().to_plotly_json()
        n, x, rows, texts = self.n, self.x, self.rows, self.texts
        is_mine = [code == highlight for code in self.codes]
        traces = []
        for mine in (False, True):
            idx = [i for i in range(n) if is_mine[i] == mine]
            if not idx:
                continue
            plus, minus = [self.plus[i] for i in idx], [self.minus[i] for i in idx]
            errors = (dict(type="data", symmetric=False, array=plus, arrayminus=minus,
                           visible=True) if any(plus) or any(minus) else None)
            traces.append(dict(
                type="bar", x=[x[i] for i in idx], y=[self.ys[i] for i in idx],
                width=max(80 / n, 1.2) if mine else 80 / n, name=self.level_label,
                marker=dict(color=COLORS["self"] if mine else COLORS["other"],
                            line=dict(width=0)),
                **({"error_y": {**errors, "color": INTERVAL_COLOR, "thickness": 1.2,
                                "width": 3 if mine else 0}} if errors else {}),
                text=[texts[i] for i in idx], textposition="none",
                hovertemplate="%{text}<extra></extra>", showlegend=False))
        if self.open_ended:
            traces.append(dict(
                type="scatter", mode="markers", x=[x[i] for i in self.open_ended],
                y=[self.ys[i] for i in self.open_ended], name="ondergrens",
                marker=dict(symbol="triangle-up", size=7, color=INTERVAL_COLOR),
                text=[texts[i] for i in self.open_ended],
                hovertemplate="%{text}<extra></extra>", showlegend=False))
        annotations = list(self.annotations)
        if any(is_mine):
            i = is_mine.index(True)
            right = x[i] > 60
            annotations.append(dict(
                x=x[i], y=self.ys[i], xref="x", yref="y",
                text=_highlight_label(str(rows[i]["region_name"]),
                                      _value_text(rows[i], self.indicator)),
                showarrow=True, arrowhead=2, arrowwidth=1.5, ax=-40 if right else 40, ay=-40,
                xanchor="right" if right else "left", bgcolor="rgba(255,255,255,0.9)",
                bordercolor=COLORS["self"], borderwidth=1.5, arrowcolor=COLORS["self"]))
        notes = []
        if self.secret:
            notes.append(f"{len(self.secret)} {self.level_label} geheim (< 8), niet getoond")
            if highlight in self.secret:
                notes.insert(0, f"{self.secret[highlight]}: geheim (< 8)")
        if any(self.plus) or any(self.minus):
            notes.append("streepje = marge door geheime cijfers")
        if self.open_ended:
            notes.append("▲ = ondergrens (≥)")
        if notes:
            annotations.append(dict(text="; ".join(notes), x=0.5, y=1, xref="paper",
                                    yref="paper", xanchor="center", yanchor="bottom",
                                    yshift=14, showarrow=False,
                                    font=dict(size=11, color="#4a4a4a")))
        return dict(data=traces, layout=layout(
            height=self.height, margin=dict(t=48 if notes else 34, b=76), bargap=0,
            barmode="overlay",
            xaxis=dict(range=[0, 100], tickvals=[0, 25, 50, 75, 100],
                       ticktext=["laagste", "25%", "mediaan", "75%", "hoogste"],
                       showgrid=False, title=dict(text=self.axis_title)),
            yaxis=_y_axis(self.indicator), shapes=list(self.shapes), annotations=annotations))


def centroid(geometry: dict) -> tuple[float, float]:
    """Rough centre of a (Multi)Polygon: the mean of its outer ring's vertices."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [
        geometry["coordinates"]]
    ring = max((p[0] for p in polys), key=len)
    return (sum(pt[0] for pt in ring) / len(ring), sum(pt[1] for pt in ring) / len(ring))


def records(df, columns: list[str]) -> list[dict]:
    """The rows of `df` as dicts of `columns` only: a whole level's `to_dict("records")` of
    every column cost more than the drawing itself (3,420 regions: 150 ms)."""
    columns = [c for c in columns if c in df]
    return [dict(zip(columns, row, strict=True))
            for row in zip(*(df[c].tolist() for c in columns), strict=True)]


FIGURE_COLUMNS = ["region_code", "region_name", "value", "value_low", "value_high", "suppressed",
                  "lower_bound", "secret_max", "numerator", "denominator", "status"]


def map_figure(df, geojson: dict, *, indicator: dict, highlight: str | None,
               height: int = 560, points: dict | None = None) -> dict:
    """A choropleth of one level, as a figure dict (dcc.Graph and go.Figure take it). df:
    region_code, region_name, value, suppressed, lower_bound (optional numerator, denominator,
    status). Secret regions are grey with a cross (at `points[code]`, the region's centre,
    computed from the boundaries when not given), regions without a figure white; `highlight`
    gets an outline in its role colour on a white halo.

    Built as plain dicts: go.Figure validates every location and text and deep-copies each
    trace's boundaries (25 ms per copy for the gemeenten). The tests read it via go.Figure,
    which validates it."""
    if df is None or df.empty:
        return empty_figure().to_plotly_json()
    rows = records(df, FIGURE_COLUMNS)
    # One pass (a membership test per row compared dicts: 1.3 s for 3,420 regions).
    secret, shown, missing = [], [], []
    for r in rows:
        if formatting.flag(r.get("suppressed")):
            secret.append(r)
        elif r["value"] == r["value"] and r["value"] is not None:
            shown.append(r)
        else:
            missing.append(r)
        r["_text"] = "<br>".join(t for t in (
            f"<b>{r['region_name']}</b>", _value_text(r, indicator), _count_text(r, indicator),
            r.get("status") or "") if t)
    features = {f["properties"]["region_code"]: f for f in geojson["features"]}

    def choropleth(codes: list[str], **props) -> dict:
        return _choropleth([features[c] for c in codes if c in features], codes, **props)

    common = dict(hovertemplate="%{text}<extra></extra>",
                  marker=dict(line=dict(color="#ffffff", width=0.5)))
    unit = indicator["unit"]
    traces = [choropleth(
        [r["region_code"] for r in shown], z=[float(r["value"]) for r in shown],
        text=[r["_text"] for r in shown], colorscale=MAP_SCALE, name=indicator["label"],
        colorbar=dict(title=dict(text=AXIS_UNIT[unit], side="top"), thickness=14, len=0.6,
                      ticksuffix="%" if unit == "pct" else "", x=0.98),
        **common)]
    for group, fill, label in ((secret, SUPPRESSED_FILL, "geheim (< 8)"),
                               (missing, MISSING_FILL, "geen gegevens")):
        if group:
            traces.append(choropleth(
                [r["region_code"] for r in group], z=[0] * len(group),
                text=[r["_text"] for r in group], colorscale=[[0, fill], [1, fill]],
                showscale=False, showlegend=True, name=label,
                **{**common, "marker": dict(line=dict(color="#6e6e6e", width=0.6))}))
    if points is None:
        points = {c: centroid(f["geometry"]) for c, f in features.items()}
    crosses = [points[r["region_code"]] for r in secret if r["region_code"] in points]
    if crosses:
        traces.append(dict(
            type="scattergeo", lon=[c[0] for c in crosses], lat=[c[1] for c in crosses],
            mode="markers", marker=dict(symbol="x-thin", size=7,
                                        line=dict(width=1.5, color="#333333")),
            hoverinfo="skip", showlegend=False, name="geheim (< 8)"))
    fig = {"data": traces, "layout": layout(
        height=height, margin=dict(l=0, r=0, t=0, b=0), dragmode=False,
        legend=dict(orientation="v", x=0.01, y=0.99, yanchor="top",
                    bgcolor="rgba(255,255,255,0.85)"),
        geo=dict(fitbounds="locations", visible=False, projection=dict(type="mercator"),
                 bgcolor="rgba(0,0,0,0)"))}
    return with_map_highlight(fig, geojson, highlight)


def _choropleth(features: list[dict], codes: list[str], **props) -> dict:
    # Each trace carries only its own shapes: plotly.js parses every trace's geojson.
    return {"type": "choropleth", "featureidkey": "properties.region_code", "locations": codes,
            "geojson": {"type": "FeatureCollection", "features": features}, **props}


def with_map_highlight(fig: dict, geojson: dict, highlight: str | None) -> dict:
    """A `map_figure` drawn without a highlight, with `highlight` outlined in its role colour
    on a white halo; `fig` itself is left as it is (a page keeps it per level and period)."""
    feature = next((f for f in geojson["features"]
                    if f["properties"]["region_code"] == highlight), None) if highlight else None
    if feature is None or not fig.get("data"):
        return fig
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    return {**fig, "data": [*fig["data"], *(
        _choropleth([feature], [highlight], z=[0], colorscale=clear, showscale=False,
                    hoverinfo="skip", showlegend=False,
                    marker=dict(line=dict(color=color, width=width)))
        for color, width in (("#ffffff", 4.5), (COLORS["self"], 2.5)))]}
