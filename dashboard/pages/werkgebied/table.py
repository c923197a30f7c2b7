"""The figures of a werkgebied: every catalogue indicator at its latest period beside Nederland,
with its flags, how many members reported, a sparkline and the series per period — read with
`queries.werkgebied_values`, the warehouse's one aggregation rule, over the stored members.
Its CSV/Excel is built from the key {'code'} with the members as stored (`export`)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from dashboard import formatting, queries, store
from dashboard.components import chart
from dashboard.components import profile as pc
from dashboard.export import registry
from dashboard.export.components import table_exports

PAGE = "werkgebied"
RULE_TEXT = ("Een werkgebiedcijfer volgt dezelfde regel als elk niveau: Σ gewicht × teller / "
             "Σ gewicht × noemer over de gemeenten, nooit een gemiddelde van percentages. Een "
             "cijfer verschijnt alleen als elke gemeente een cijfer heeft (een geheim cijfer "
             "telt als gemeld). Een gemeente met een geheim cijfer telt mee tussen 0 en de "
             "drempel van de bron: het werkgebiedcijfer is dan een interval (1,3–1,4%), of een "
             "ondergrens (≥) waar de bron geen drempel kent.")
EXPORT_COLUMNS = ["indicator_id", "label", "region_code", "period", "classification_year",
                  "value", "value_low", "value_high", "numerator", "denominator", "status",
                  "suppressed", "lower_bound",
                  "demo", "source", "members_reporting", "members_total", "members_suppressed",
                  "nederland_value"]


def _records(df: pd.DataFrame) -> list[dict]:
    return json.loads(df.to_json(orient="records", double_precision=15))


def figure_rows(members: list[dict]) -> list[dict]:
    """One dict per catalogue indicator: the latest werkgebied fact ('fact', {} when none),
    Nederland at that period ('nl'), and the series of both ('series', 'nl_series')."""
    plain = [{"gemeente_code": m["gemeente_code"], "weight": float(m["weight"])}
             for m in members]
    values = _records(queries.werkgebied_values(plain).drop_duplicates(
        ["indicator_id", "period"], keep="first"))
    national = _records(queries.trend(None, [queries.NATIONAL_CODE]))
    by_ind: dict[str, list[dict]] = {}
    for r in values:
        by_ind.setdefault(r["indicator_id"], []).append(r)
    nl_by: dict[str, dict[str, dict]] = {}
    for r in national:
        nl_by.setdefault(r["indicator_id"], {})[r["period"]] = r
    rows = []
    for ind in queries.indicators().to_dict("records"):
        series = sorted(by_ind.get(ind["indicator_id"], []), key=lambda r: r["period"])
        nl = nl_by.get(ind["indicator_id"], {})
        fact = series[-1] if series else {}
        rows.append({"ind": ind, "fact": fact, "nl": nl.get(fact.get("period"), {}),
                     "series": series, "nl_series": [nl[p] for p in sorted(nl)]})
    return rows


def _points(series: list[dict]) -> list[tuple]:
    return [(r["period"], None if formatting.flag(r.get("suppressed"))
             or formatting.is_missing(r.get("value")) else float(r["value"]), r.get("status"))
            for r in series]


def flags_text(fact: dict) -> str:
    """The flags of a figure in words: deels geheim, geheim, voorlopig, voorbeeldcijfers."""
    out = []
    if formatting.flag(fact.get("lower_bound")):
        n = fact.get("members_suppressed") or 0
        out.append(f"deels geheim: {n} gemeente met een geheim cijfer" if n == 1
                   else f"deels geheim: {n} gemeenten met een geheim cijfer")
    if formatting.flag(fact.get("suppressed")):
        out.append("geheim: elke gemeente heeft een geheim cijfer")
    if fact.get("status") == "voorlopig":
        out.append("voorlopig")
    if formatting.flag(fact.get("demo")):
        out.append("voorbeeldcijfer")
    return " · ".join(out)


def reporting_text(fact: dict) -> str:
    if not fact:
        return "—"
    return f"{fact.get('members_reporting')} van {fact.get('members_total')}"


SERIES_HEADS = ("Periode", "Werkgebied", "Nederland", "Status", "Gemeenten")
VERDICT_HEAD = "Werkgebied t.o.v. het land"


def _series_table(row: dict) -> html.Details:
    ind, nl = row["ind"], {r["period"]: r for r in row["nl_series"]}
    heads = SERIES_HEADS
    body = [html.Tr([html.Th(formatting.period(r["period"]), scope="row"),
                     pc.value_cell(r, ind, heads[1]),
                     pc.value_cell(nl.get(r["period"]), ind, heads[2]),
                     pc.td(r.get("status") or "", heads[3]),
                     pc.td(reporting_text(r), heads[4])])
            for r in reversed(row["series"])]
    return html.Details([
        html.Summary(f"Reeks ({len(row['series'])})"),
        html.Table([html.Thead(html.Tr([html.Th(t, scope="col") for t in heads])),
                    html.Tbody(body)], className="data series-table cards"),
    ], className="series-details")


def _row(row: dict, code: str, add_duiding: bool, heads: list[str]) -> html.Tr:
    ind, fact = row["ind"], row["fact"]
    period = fact.get("period")
    meta = " · ".join(x for x in [
        pc.unit_note(ind), formatting.period(period) if period else "geen cijfer",
        fact.get("status"), f"bron: {ind['source']} ({ind['source_table']})"] if x)
    head = [dcc.Link(ind["label"], href=f"/indicator/{ind['indicator_id']}"),
            html.Div(meta, className="row-meta")]
    if add_duiding:
        query = urlencode({"regio": code, "indicator": ind["indicator_id"],
                           **({"periode": period} if period else {})})
        head.append(html.Div(dcc.Link(["Duiding toevoegen", html.Span(
            f" bij {ind['label']}", className="visually-hidden")], href=f"/duiding/nieuw?{query}"),
            className="row-meta"))
    judged = pc.judgement(fact, row["nl"], ind, "nederland", "het land")
    return html.Tr([
        html.Th(head, scope="row"),
        pc.td([html.Strong(formatting.figure(fact, ind, cell=True) if fact
                           else formatting.MISSING_TEXT),
               html.Div(flags_text(fact), className="row-meta")], heads[1],
              className="num self-col"),
        pc.value_cell(row["nl"], ind, heads[2]),
        pc.verdict_cell(judged, heads[3]),
        pc.td(reporting_text(fact), heads[4], className="num"),
        pc.td(pc.sparkline(_points(row["series"]), _points(row["nl_series"]),
                           ind.get("trend_break"), ind, "werkgebied"), heads[5]),
        pc.td(_series_table(row), heads[6], className="wide-cell"),
    ])


def figures_table(wg: dict, rows: list[dict], add_duiding: bool) -> html.Div:
    """The table of every indicator, its caption and its CSV/Excel export."""
    demo = any(formatting.flag(r["fact"].get("demo")) for r in rows)
    heads = ["Indicator", wg["name"], "Nederland", VERDICT_HEAD, "Gemeenten met cijfer",
             "Trend", "Reeks"]
    table = pc.table_box(html.Table([
        html.Caption(f"Alle indicatoren: werkgebied {wg['name']} en Nederland",
                     className="visually-hidden"),
        html.Thead(html.Tr([html.Th(h, scope="col", className="num" if i in (1, 2, 4) else None)
                            for i, h in enumerate(heads)])),
        html.Tbody([_row(r, wg["code"], add_duiding, heads) for r in rows]),
    ], className="data profile-table werkgebied-table cards"), "Tabel werkgebied en Nederland")
    caption = caption_text(demo)
    return html.Div([table, html.P(caption, className="caption"),
                     table_exports(PAGE, "cijfers", _export_title(wg), {"code": wg["code"]})])


def caption_text(demo: bool) -> str:
    return chart.caption_text(
        None, None, queries.latest_classification_year(),
        extra="laatste periode per indicator; bron, periode en status per regel · 1,3–1,4% = "
              "het cijfer ligt in dat interval (een gemeente had een geheim cijfer), ≥ = geen "
              "bovengrens bekend · trend: werkgebied "
              "(doorgetrokken) en Nederland (gestreept), open punt = voorlopig", demo=demo)


def _export_title(wg: dict) -> str:
    return f"Werkgebied {wg['name']} ({wg['code']}) en Nederland"


@registry.register(PAGE, "cijfers")
def export(_name: str, key: dict) -> registry.Export | None:
    """The figures of the werkgebied the key {'code'} names, over its members as stored."""
    code = key.get("code")
    if not isinstance(code, str):
        return None
    with store.session(readonly=True) as s:
        wg = store.werkgebieden.by_code(s, code.strip().upper(), include_deleted=True)
    if wg is None:
        return None
    rows = figure_rows(wg["members"])
    demo = any(formatting.flag(r["fact"].get("demo")) for r in rows)
    records = []
    for r in rows:
        for f in r["series"]:
            nl = next((n for n in r["nl_series"] if n["period"] == f["period"]), {})
            records.append({**f, "label": r["ind"]["label"], "region_code": wg["code"],
                            "nederland_value": nl.get("value")})
    return registry.Export({
        "title": _export_title(wg), "caption": caption_text(demo), "demo": demo,
        "columns": EXPORT_COLUMNS,
        "rows": [[rec.get(c) for c in EXPORT_COLUMNS] for rec in records]})
