"""The rows of the gemeente profile: read once per page (profile, percentiles, trends, own
registrations), shaped into one dict per indicator, then drawn as one table per domain."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from dashboard import formatting, queries
from dashboard.components import chart
from dashboard.components import profile as pc
from dashboard.export.components import table_exports
from dashboard.verdict import verdict

DOMAINS = {"jeugdhulp": "Jeugdhulp", "onderwijs": "Onderwijs", "context": "Context"}
VERDICT_ORDER = {"bad": 0, "good": 1, "neutral": 2, "unknown": 3}
COLUMNS = ("swv_po", "swv_vo", "jeugdregio", "grootteklasse", "nederland")
PAGE = "gemeente"
# The export of a domain table: every figure in it, raw, with its flags.
EXPORT_COLUMNS = ["indicator_id", "label", "series", "region_code", "region_name", "weight",
                  "period", "value", "numerator", "denominator", "status", "suppressed",
                  "lower_bound", "demo", "source"]


def indicator_rows(code: str, reference: str) -> list[dict]:
    """One dict per catalogue indicator: the catalogue entry, the facts per role, position,
    trend series, own registrations and the verdict against `reference`."""
    # Plain records, grouped in Python: row access on DataFrames costs more than the queries.
    facts_by_ind = _group(queries.profile(code).to_dict("records"), "indicator_id")
    pct = {r["indicator_id"]: r for r in queries.percentiles(code).to_dict("records")}
    national = [f["region_code"] for rs in facts_by_ind.values() for f in rs
                if f["role"] == "nederland"][:1]
    trends = _group(queries.trend(None, [code] + national).to_dict("records"), "indicator_id")
    own = _group(queries.own_values(code).to_dict("records"), "indicator_id")
    rows = []
    for ind in queries.indicators().to_dict("records"):
        facts = facts_by_ind.get(ind["indicator_id"], [])
        by_role = _group(facts, "role")
        self_fact = (by_role.get("self") or [{}])[0]
        ref_fact = (by_role.get(reference) or [{}])[0]
        text, kind = verdict(
            self_fact.get("value"), ref_fact.get("value"), _direction(ind), _ref_label(reference),
            suppressed=pc.flag(self_fact.get("suppressed")),
            lower_bound=pc.flag(self_fact.get("lower_bound")),
            reference_suppressed=pc.flag(ref_fact.get("suppressed")),
            reference_lower_bound=pc.flag(ref_fact.get("lower_bound")),
            reference_upper=ref_fact.get("upper_bound"))
        series = trends.get(ind["indicator_id"], [])
        rows.append({
            "ind": ind, "facts": by_role, "self": self_fact,
            "period": facts[0]["period"] if facts else None,
            "pct": pct.get(ind["indicator_id"]), "verdict": (text, kind),
            "series": _points([s for s in series if s["region_code"] == code]),
            "reference_series": _points([s for s in series if s["region_code"] != code]),
            "own": own.get(ind["indicator_id"], []),
            "demo": any(pc.flag(f.get("demo")) for f in facts),
        })
    return rows


def _group(records: list[dict], key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r[key], []).append(r)
    return out


def _direction(ind: dict):
    v = ind.get("higher_is_better")
    return None if pc.is_missing(v) else bool(v)


def _ref_label(role: str) -> str:
    return pc.REFERENCE_LABELS[role]


def _points(records: list[dict]) -> list[tuple]:
    return [(r["period"], None if pc.flag(r["suppressed"]) or pc.is_missing(r["value"])
             else float(r["value"]), r["status"]) for r in records]


def summary(rows: list[dict], reference: str) -> html.Section:
    """'Ten opzichte van het land: 3 ongunstig, 2 gunstig …' with the unfavourable ones named."""
    counts = {k: sum(r["verdict"][1] == k for r in rows) for k in VERDICT_ORDER}
    bad = [r for r in rows if r["verdict"][1] == "bad"]
    good = [r for r in rows if r["verdict"][1] == "good"]
    label = _ref_label(reference)
    return html.Section([
        html.H2("In één oogopslag"),
        html.P(f"Ten opzichte van {label}: {counts['bad']} ongunstig, {counts['good']} gunstig, "
               f"{counts['neutral']} zonder oordeel of vergelijkbaar, {counts['unknown']} niet te "
               "beoordelen. Indicatoren zonder richting (hoger is niet vanzelf beter of slechter) "
               "krijgen geen oordeel gunstig/ongunstig."),
        html.Ul([html.Li([html.Strong("Ongunstig: "), _names(bad)]) if bad else None,
                 html.Li([html.Strong("Gunstig: "), _names(good)]) if good else None],
                className="summary-list"),
    ], className="profile-summary", **{"aria-label": "Samenvatting"})


def _names(rows: list[dict]) -> str:
    return ", ".join(r["ind"]["label"] for r in rows) + "."


def domain_tables(gem: dict, cmp: pd.DataFrame, rows: list[dict], sort: str) -> list:
    out = []
    for domain, title in DOMAINS.items():
        part = [r for r in rows if r["ind"]["domain"] == domain]
        if sort == "oordeel":
            part.sort(key=lambda r: VERDICT_ORDER[r["verdict"][1]])
        if part:
            out += [html.H2(title, id=f"domein-{domain}"), _table(gem, cmp, part, title),
                    _exports(gem, domain, title, part)]
    return out


def export_rows(rows: list[dict]) -> pd.DataFrame:
    """The figures of profile rows, one line per indicator and region (own registrations as
    series 'eigen registratie'), raw values with their flags."""
    records = []
    for r in rows:
        ind = {"indicator_id": r["ind"]["indicator_id"], "label": r["ind"]["label"]}
        records += [{**ind, **f, "series": pc.ROLE_LABELS[f["role"]]}
                    for facts in r["facts"].values() for f in facts]
        records += [{**ind, **o, "series": "eigen registratie"} for o in r["own"]]
    return pd.DataFrame(records, columns=EXPORT_COLUMNS)


def _exports(gem: dict, domain: str, title: str, rows: list[dict]) -> html.Div:
    name = f"{title}: {gem['region_name']} en haar regio's"
    df = export_rows(rows)
    caption = chart.caption_text(None, None, queries.latest_classification_year(),
                                 extra="laatste periode per indicator",
                                 demo=any(r["demo"] for r in rows))
    return table_exports(PAGE, f"tabel-{domain}", name,
                         chart.export_data(name, caption, df, any(r["demo"] for r in rows)))


def _table(gem: dict, cmp: pd.DataFrame, rows: list[dict], title: str) -> html.Div:
    heads = [html.Th("Indicator", scope="col"),
             html.Th(gem["region_name"], scope="col", className="num self-col"),
             html.Th("Oordeel", scope="col")]
    for role in COLUMNS:
        codes = cmp.loc[cmp["role"] == role, "region_code"].tolist()
        sub = codes[0] if len(codes) == 1 and role.startswith("swv") else (
            f"{len(codes)} SWV's" if len(codes) > 1 else "")
        label = "Grootte\u00adklasse" if role == "grootteklasse" else pc.ROLE_LABELS[role]
        heads.append(html.Th([label, html.Br() if sub else None, sub],
                             scope="col", className="num"))
    heads += [html.Th("Positie onder gemeenten", scope="col", className="pos-col"),
              html.Th("Trend", scope="col")]
    return html.Div(html.Table([
        html.Caption(f"{title}: {gem['region_name']} vergeleken met haar regio's en Nederland",
                     className="visually-hidden"),
        html.Thead(html.Tr(heads)),
        html.Tbody([_row(gem, r) for r in rows]),
    ], className="data profile-table"), className="table-scroll", tabIndex="0",
        role="region", **{"aria-label": f"Tabel {title}"})


def _row(gem: dict, r: dict) -> html.Tr:
    ind, code, unit = r["ind"], gem["region_code"], r["ind"]["unit"]
    query = urlencode({"regio": code, "niveau": "gemeente"})
    status = r["self"].get("status")
    meta = " · ".join(x for x in [pc.unit_note(ind),
                                  formatting.period(r["period"]) if r["period"] else None,
                                  status if isinstance(status, str) else None,
                                  f"bron: {ind['source_table']}"] if x)
    cells = [html.Th([dcc.Link(ind["label"], href=f"/indicator/{ind['indicator_id']}?{query}"),
                      html.Div(meta, className="row-meta", title=ind["source"])], scope="row"),
             html.Td([html.Strong(pc.value_text(r["self"], unit, compact=True)),
                      *_own_lines(r["own"], unit)],
                     className="num self-col"),
             pc.verdict_cell(*r["verdict"])]
    for role in COLUMNS:
        cells.append(_region_cell(r["facts"].get(role, []), unit))
    cells += [html.Td(pc.strip(r["pct"], r["self"].get("value"), ind["label"], unit,
                               gem["region_name"])),
              html.Td(pc.sparkline(r["series"], r["reference_series"], ind.get("trend_break"),
                                   unit, gem["region_name"]))]
    return html.Tr(cells)


def _region_cell(facts: list[dict], unit: str) -> html.Td:
    if len(facts) <= 1:
        return html.Td(pc.value_text(facts[0], unit, True) if facts else formatting.MISSING_TEXT,
                       className="num")
    # A split gemeente: every SWV it lies in, with the share of its youth living there.
    return html.Td([html.Div(f"{f['region_code']} {pc.share(f['weight'])}: "
                             f"{pc.value_text(f, unit, True)}", className="split-value")
                    for f in facts], className="num")


def _own_lines(own: list[dict], unit: str) -> list:
    return [html.Div(f"eigen registratie {formatting.period(o['period'])}: "
                     f"{pc.value_text(o, unit)} (bron: {o['source'].removeprefix('eigen:')})",
                     className="own-value") for o in own]
