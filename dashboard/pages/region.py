"""Region pages `/swv/<code>` and `/jeugdregio/<code>`: the region beside the country and each
member gemeente on every indicator (split members with their weight), and a bar chart of the
members on one indicator (`?indicator=<id>` in the address).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import ALL, Input, Output, dcc, html

from dashboard import figures, formatting, ids, queries
from dashboard.components import chart
from dashboard.components import profile as pc
from dashboard.export.components import report_button, table_exports
from dashboard.verdict import verdict

LEVELS_BY_PATH = {"swv": ("swv_po", "swv_vo"), "jeugdregio": ("jeugdregio",)}
LEVEL_WORDS = {"swv_po": "samenwerkingsverband primair onderwijs",
               "swv_vo": "samenwerkingsverband voortgezet onderwijs", "jeugdregio": "jeugdregio"}
PAGE = ids.REGION_PAGE
STATE = ids.page(PAGE, "state")


def _title(code: str | None = None, **_query) -> str:
    reg = queries.region((code or "").strip().upper())
    return f"{pc.short_name(reg['region_name'])} — Regio" if reg else "Regio"


def _layout_for(kind: str):
    def layout(code: str | None = None, indicator: str | None = None, **_query):
        return region_layout(kind, code, indicator)
    return layout


dash.register_page(__name__, path_template="/swv/<code>", title=_title, name="SWV",
                   layout=_layout_for("swv"))
dash.register_page(f"{__name__}_jeugdregio", path_template="/jeugdregio/<code>", title=_title,
                   name="Jeugdregio", layout=_layout_for("jeugdregio"))


def region_layout(kind: str, code: str | None, indicator: str | None = None) -> html.Div:
    code = (code or "").strip().upper()
    reg = queries.region(code)
    if not reg or reg["region_level"] not in LEVELS_BY_PATH[kind]:
        return pc.not_found(code, "SWV" if kind == "swv" else "jeugdregio")
    inds = queries.indicators()
    if indicator not in set(inds["indicator_id"]):
        indicator = inds["indicator_id"].iloc[0]
    members = queries.region_member_list(code).rename(columns={"gemeente_code": "region_code"})
    level = reg["region_level"]
    return html.Div([
        html.H1([LEVEL_WORDS[level].capitalize(), " ",
                 html.Span(pc.short_name(reg["region_name"]), className="region-name")]),
        report_button(code),
        html.P(f"{reg['region_name']} · gemeentelijke indeling {reg['classification_year']}",
               className="caption"),
        _members_note(members),
        html.H2("Alle indicatoren: regio, Nederland en de gemeenten"),
        # Filled on load by `fill_overview`, beside the member chart (`redraw_members`).
        html.Div(html.P("De tabel wordt geladen…", className="caption"),
                 id=ids.page(PAGE, "overview")),
        html.H2("Eén indicator per gemeente"),
        # Toggle buttons, not dcc.Dropdown/RadioItems: in Dash 4 those render a focusable
        # aria-hidden input and an unnamed listbox, which axe flags as serious.
        html.Div([
            html.Span("Kies een indicator:", id=ids.page(PAGE, "picker-label"),
                      className="control-label"),
            html.Div([_picker_button(r, r["indicator_id"] == indicator)
                      for r in inds.to_dict("records")], className="indicator-picker",
                     role="group", **{"aria-labelledby": ids.page(PAGE, "picker-label")}),
        ]),
        chart.chart_block(PAGE, "members", "Gemeenten in de regio"),
        dcc.Store(id=STATE, data={"code": code, "level": level, "indicator": indicator}),
        dcc.Location(id=ids.REGION_URL, refresh=False),
        dcc.Store(id=ids.CURRENT_REGION, data={"code": code, "name": reg["region_name"],
                                               "level": level,
                                               "href": pc.region_href(code, level)}),
        dcc.Store(id=ids.RECENT, storage_type="local"),
    ], className="region-page")


def overview(code: str) -> list:
    """The overview table of every indicator, its caption and its export buttons."""
    reg, inds = queries.region(code), queries.indicators()
    df = queries.region_table(code)
    return [_overview(reg, df, inds), html.P(_caption(df), className="caption"),
            _overview_exports(reg, df, inds)]


def _picker_button(ind: dict, pressed: bool) -> html.Button:
    return html.Button(ind["label"], id=ids.region_indicator(ind["indicator_id"]), n_clicks=0,
                       className="choice current" if pressed else "choice",
                       **{"aria-pressed": "true" if pressed else "false"})


def _member_label(r) -> str:
    return f"{r['region_name']} ({pc.share(r['weight'])})" if r["weight"] < 1 else r["region_name"]


def _members_note(members: pd.DataFrame) -> html.P:
    split = members[members["weight"] < 1]
    parts = [f"{len(members)} gemeenten: "]
    for i, r in enumerate(members.to_dict("records")):
        parts += [", " if i else "",
                  dcc.Link(_member_label(r), href=f"/gemeente/{r['region_code']}")]
    if not split.empty:
        parts.append(". Tussen haakjes: het deel van de jongeren (0-17 jaar) van een gemeente "
                     "die in meerdere samenwerkingsverbanden ligt dat in dit SWV woont; de "
                     "regiocijfers tellen die gemeente naar dat deel mee.")
    return html.P(parts, className="members-note")


def _overview(reg: dict, df: pd.DataFrame, inds: pd.DataFrame) -> html.Div:
    records = df.to_dict("records")
    cols = list(dict.fromkeys((r["region_code"], r["role"]) for r in records))
    names = {r["region_code"]: r for r in records}
    head = [html.Th("Indicator", scope="col")]
    for c, role in cols:
        label = pc.short_name(names[c]["region_name"]) if role != "member" else _member_label(
            names[c])
        head.append(html.Th(dcc.Link(label, href=f"/gemeente/{c}") if role == "member"
                            else label, scope="col", className="num"))
        if role == "nederland":
            head.append(html.Th("Regio t.o.v. het land", scope="col"))
    by_ind: dict[str, dict] = {}
    for r in records:
        by_ind.setdefault(r["indicator_id"], {})[r["region_code"]] = r
    body = []
    for ind in inds.to_dict("records"):
        cells = by_ind.get(ind["indicator_id"], {})
        first = next(iter(cells.values()), {})
        query = urlencode({"regio": reg["region_code"], "niveau": reg["region_level"]})
        row = [html.Th([dcc.Link(ind["label"], href=f"/indicator/{ind['indicator_id']}?{query}"),
                        html.Div(" · ".join(x for x in [
                            pc.unit_note(ind),
                            formatting.period(first["period"]) if first.get("period") else None]
                            if x), className="row-meta")], scope="row")]
        for c, role in cols:
            row.append(html.Td(pc.value_text(cells[c], ind["unit"], True) if c in cells
                               else formatting.MISSING_TEXT,
                               className="num" + (" self-col" if role == "region" else "")))
            if role == "nederland":
                row.append(pc.verdict_cell(*_region_verdict(ind, cells, cols)))
        body.append(html.Tr(row))
    return html.Div(html.Table([
        html.Caption("Regio, Nederland en elke gemeente per indicator",
                     className="visually-hidden"),
        html.Thead(html.Tr(head)), html.Tbody(body)], className="data region-table"),
        className="table-scroll", tabIndex="0", role="region",
        **{"aria-label": "Tabel regio en gemeenten"})


ROLE_SERIES = {"region": "Regio", "nederland": "Nederland", "member": "Gemeente"}
EXPORT_COLUMNS = ["indicator_id", "label", "period", "series", "region_code", "region_name",
                  "weight", "value", "suppressed", "lower_bound", "status", "demo", "source"]


def _overview_exports(reg: dict, df: pd.DataFrame, inds: pd.DataFrame) -> html.Div:
    """CSV/Excel of the overview table: every figure raw, with its flags."""
    labels = dict(zip(inds["indicator_id"], inds["label"], strict=True))
    title = f"Regio, Nederland en de gemeenten: {pc.short_name(reg['region_name'])}"
    # The chart-data store payload (see components.chart.export_data), built without pandas.
    records = json.loads(df.to_json(orient="records", double_precision=15))
    rows = [[{"label": labels.get(r["indicator_id"]), "series": ROLE_SERIES[r["role"]]}.get(
        c, r.get(c)) for c in EXPORT_COLUMNS] for r in records]
    demo = any(r["demo"] for r in records)
    return table_exports(PAGE, "overzicht", title, {
        "title": title, "caption": _caption(df), "demo": demo, "columns": EXPORT_COLUMNS,
        "rows": rows})


def _region_verdict(ind: dict, cells: dict, cols: list) -> tuple[str, str]:
    own, nl = ({} if code not in cells else cells[code] for code in
               (next((c for c, role in cols if role == r), None) for r in ("region", "nederland")))
    hib = None if pc.is_missing(ind.get("higher_is_better")) else bool(ind["higher_is_better"])
    return verdict(own.get("value"), nl.get("value"), hib, "het land",
                   suppressed=pc.flag(own.get("suppressed")),
                   lower_bound=pc.flag(own.get("lower_bound")),
                   reference_suppressed=pc.flag(nl.get("suppressed")),
                   reference_lower_bound=pc.flag(nl.get("lower_bound")),
                   reference_upper=nl.get("upper_bound"))


def _caption(df: pd.DataFrame) -> str:
    demo = bool(df["demo"].fillna(False).any())
    text = (f"Laatste periode per indicator · gemeentelijke indeling "
            f"{queries.latest_classification_year()} · ≥ = ondergrens (een gemeente had een "
            "geheim cijfer) · bron per indicator: zie Over de cijfers")
    return text + (f" · {formatting.DEMO_LABEL}" if demo else "")


def _first_value(part: pd.DataFrame) -> float | None:
    if part.empty or pc.is_missing(part["value"].iloc[0]) or pc.flag(part["suppressed"].iloc[0]):
        return None
    return float(part["value"].iloc[0])


def member_chart(code: str, indicator_id: str) -> tuple:
    """Figure, table, caption and export data of the members bar chart."""
    ind = queries.indicator(indicator_id)
    df = queries.region_table(code, indicator_id=indicator_id)
    reg, nl, members = (df[df["role"] == role] for role in ("region", "nederland", "member"))
    if ind is None or members.empty:
        return figures.empty_figure(), pd.DataFrame(), "", None, "Gemeenten in de regio"
    plot = pd.DataFrame({"name": members["region_name"], "value": members["value"],
                         "suppressed": members["suppressed"].fillna(False),
                         "lower_bound": members["lower_bound"].fillna(False),
                         "weight": members["weight"]})
    period = members["period"].iloc[0]
    region_name = pc.short_name(reg["region_name"].iloc[0]) if not reg.empty else code
    fig = figures.member_bars(plot, unit=ind["unit"], region_label=region_name,
                              region_value=_first_value(reg), national_value=_first_value(nl))
    table = pd.DataFrame({"Gemeente": [_member_label(r) for r in members.to_dict("records")],
                          ind["label"]: [pc.value_text(r, ind["unit"])
                                         for r in members.to_dict("records")]})
    statuses = ", ".join(sorted(set(members["status"].dropna())))
    demo = bool(members["demo"].fillna(False).any())
    caption = chart.caption_text(ind, period, queries.latest_classification_year(),
                                 status=statuses, demo=demo)
    title = f"{ind['label']} per gemeente in {region_name}, {formatting.period(period)}"
    data = chart.export_data(title, caption, members[["region_code", "region_name", "weight",
                                                      "value", "suppressed", "lower_bound",
                                                      "status", "demo"]], demo)
    return fig, table, caption, data, title


@dash.callback(Output(ids.page(PAGE, "overview"), "children"), Input(STATE, "data"))
def fill_overview(state):
    return overview(state["code"])


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
    picked, indicator_id = indicator_id is not None, indicator_id or state["indicator"]
    fig, table, caption, data, title = member_chart(state["code"], indicator_id)
    order = queries.indicators()["indicator_id"]  # the buttons' order in the layout
    # The graph's height follows the number of members, so long regions stay readable.
    return (*chart.chart_values(fig, table, caption, data), title,
            {"height": f"{fig.layout.height or 400}px"},
            "?" + urlencode({"indicator": indicator_id}) if picked else dash.no_update,
            ["choice current" if i == indicator_id else "choice" for i in order],
            ["true" if i == indicator_id else "false" for i in order])
