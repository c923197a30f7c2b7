"""The region page's overview table: every indicator for the region, the country and each
member gemeente (read once per build and region, `region_table`), the region's verdict against
the country, the duiding of the region and its members beside each row (read once for the
table), and the table's CSV/Excel, built from the key {'code'} (`export`)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import cache, formatting, ids, queries
from dashboard.components import duiding as dn
from dashboard.components import profile as pc
from dashboard.components.plain import plain
from dashboard.export import registry
from dashboard.export.components import table_exports
from dashboard.pages.region.common import PAGE, STATE, indicators_for, member_label, region_of

VERDICT_HEAD = "Regio t.o.v. het land"
# Members shown side by side within the page at 1280 px; a larger region's table scrolls
# sideways (a hint says so) with its first column kept in view.
MEMBERS_FIT = 6


@cache.per_warehouse(maxsize=64)
def region_table(code: str) -> pd.DataFrame:
    """`queries.region_table`, read once per build and region (shared: do not modify)."""
    return queries.region_table(code)


def overview(code: str) -> list:
    """The overview table of every indicator, its caption and its export buttons, as plain
    data; the duiding of the region and its members read once for all rows on every call, the
    table drawn again only when that (or the build) changed (`_drawn`)."""
    found = dn.read(set(region_table(code)["region_code"]) | {code})
    return _drawn(code, cache.keyed(found), dn.may_add(code))


@cache.per_warehouse(maxsize=64)
def _drawn(code: str, found: cache.Keyed, add: bool) -> list:
    reg, df = queries.region(code), region_table(code)
    inds = indicators_for(reg["region_level"])
    return plain([_overview(reg, df, inds, dn.index(found.value), add),
                  html.P(_caption(df), className="caption"),
                  table_exports(PAGE, "overzicht", _export_title(reg), {"code": code})])


def _row_note(reg: dict, ind_id: str, cells: dict, cols: list, notes: dict, add: bool):
    """The duiding of the region (and its members) beside one indicator row."""
    groups = []
    for c, role in cols:
        if c in cells and role in ("region", "member"):
            label = (pc.short_name(cells[c]["region_name"]) if role == "region"
                     else f"Gemeente {cells[c]['region_name']}")
            groups.append((label, dn.for_figure(notes, ind_id, c, cells[c].get("period"))))
    first = cells.get(reg["region_code"], {})
    return dn.note(groups, add=dn.add_href(reg["region_code"], ind_id, first.get("period"))
                   if add else None)


def _overview(reg: dict, df: pd.DataFrame, inds: pd.DataFrame, notes: dict | None = None,
              add: bool = False) -> html.Div:
    records = df.to_dict("records")
    cols = list(dict.fromkeys((r["region_code"], r["role"]) for r in records))
    names = {r["region_code"]: r for r in records}
    n_members = sum(role == "member" for _, role in cols)
    labels, head, first_member = {}, [html.Th("Indicator", scope="col")], True
    for c, role in cols:
        label = pc.short_name(names[c]["region_name"]) if role != "member" else member_label(
            names[c])
        labels[c] = label
        cls = "num" + (" self-col" if role == "region" else "")
        if role == "member":
            cls += " member-col" + (" member-first" if first_member else "")
            first_member = False
        head.append(html.Th(dcc.Link(label, href=f"/gemeente/{c}") if role == "member"
                            else label, scope="col", className=cls))
        if role == "nederland":
            head.append(html.Th(VERDICT_HEAD, scope="col"))
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
                            if x), className="row-meta"),
                        _row_note(reg, ind["indicator_id"], cells, cols, notes or {}, add)],
                       scope="row")]
        first_member = True
        for c, role in cols:
            cls = "num" + (" self-col" if role == "region" else "")
            if role == "member" and first_member:
                cls, first_member = cls + " member-first", False
            row.append(pc.value_cell(cells.get(c), ind, labels[c], cls))
            if role == "nederland":
                row.append(pc.verdict_cell(_region_verdict(ind, cells, cols), VERDICT_HEAD))
        body.append(html.Tr(row))
    hint = (f"Deze tabel is breder dan het scherm: schuif haar opzij om alle {n_members} "
            "gemeenten te zien; de kolom met de indicatoren blijft staan."
            if n_members > MEMBERS_FIT else None)
    return pc.table_box(html.Table([
        html.Caption("Regio, Nederland en elke gemeente per indicator",
                     className="visually-hidden"),
        html.Thead(html.Tr(head)), html.Tbody(body)], className="data region-table cards"),
        "Tabel regio en gemeenten", hint)


ROLE_SERIES = {"region": "Regio", "nederland": "Nederland", "member": "Gemeente"}
EXPORT_COLUMNS = ["indicator_id", "label", "period", "series", "region_code", "region_name",
                  "weight", "value", "value_low", "value_high", "suppressed", "lower_bound",
                  "status", "demo", "source", "duiding"]


def _export_title(reg: dict) -> str:
    return f"Regio, Nederland en de gemeenten: {pc.short_name(reg['region_name'])}"


@registry.register(PAGE, "overzicht")
def export(_name: str, key: dict) -> registry.Export | None:
    """CSV/Excel of the overview table for the key {'code'}: every figure raw, with its flags
    and duiding."""
    reg = region_of(key)
    if reg is None:
        return None
    shown = indicators_for(reg["region_level"])
    df = region_table(reg["region_code"])
    df = df[df["indicator_id"].isin(shown["indicator_id"])]
    notes = dn.index(dn.read(set(df["region_code"]) | {reg["region_code"]}))
    labels = dict(zip(shown["indicator_id"], shown["label"], strict=True))
    # The export data (see components.chart.export_data), built without pandas.
    records = json.loads(df.to_json(orient="records", double_precision=15))
    def derived(r: dict) -> dict:
        return {"label": labels.get(r["indicator_id"]), "series": ROLE_SERIES[r["role"]],
                "duiding": dn.export_text(dn.for_figure(notes or {}, r["indicator_id"],
                                                        r["region_code"], r.get("period")))}

    rows = [[d[c] if c in d else r.get(c) for c in EXPORT_COLUMNS]
            for r, d in ((r, derived(r)) for r in records)]
    return registry.Export({"title": _export_title(reg), "caption": _caption(df),
                            "demo": any(r["demo"] for r in records), "columns": EXPORT_COLUMNS,
                            "rows": rows})


def _region_verdict(ind: dict, cells: dict, cols: list) -> tuple[str, str] | None:
    own, nl = ({} if code not in cells else cells[code] for code in
               (next((c for c, role in cols if role == r), None) for r in ("region", "nederland")))
    return pc.judgement(own, nl, ind, "nederland", "het land")


def _caption(df: pd.DataFrame) -> str:
    demo = bool(df["demo"].fillna(False).any())
    text = (f"Laatste periode per indicator · gemeentelijke indeling "
            f"{queries.latest_classification_year()} · 1,3–1,4% = het cijfer ligt in dat interval "
            "(een gemeente had een geheim cijfer), ≥ = geen bovengrens bekend · n.v.t. = geldt "
            "niet voor dit niveau · bron per indicator: zie Over de cijfers")
    return text + (f" · {formatting.DEMO_LABEL}" if demo else "")


@dash.callback(Output(ids.page(PAGE, "overview"), "children"), Input(STATE, "data"))
def fill_overview(state):
    reg = region_of(state)
    if reg is None:
        raise PreventUpdate
    return overview(reg["region_code"])


