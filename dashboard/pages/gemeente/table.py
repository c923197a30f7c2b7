"""The rows of the gemeente profile: read (profile, trends, own registrations, positions)
and shaped into one plain-data dict per indicator (`row_data`), kept on the server per build
(`rows`), then drawn as the summary and one table per domain, in one callback; the
page's store holds only the key (code, reference, sort). The catalogue entry and the duiding
are added when drawing (`with_catalogue`, `with_duiding`). The tables' exports are built here
from the same key (`export`)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pandas as pd
from dash import html

from dashboard import cache, figures, formatting, queries, verdict
from dashboard.components import chart
from dashboard.components import duiding as dn
from dashboard.components import profile as pc
from dashboard.components.plain import link, plain, tag
from dashboard.export import registry
from dashboard.export.components import table_exports

DOMAINS = {"jeugdhulp": "Jeugdhulp", "onderwijs": "Onderwijs", "context": "Context"}
VERDICT_ORDER = {"bad": 0, "good": 1, "neutral": 2, "unknown": 3, "none": 4}
COLUMNS = ("swv_po", "swv_vo", "jeugdregio", "grootteklasse", "nederland")
PAGE = "gemeente"
# The export of a domain table: every figure in it, raw, with its flags.
EXPORT_COLUMNS = ["indicator_id", "label", "series", "region_code", "region_name", "weight",
                  "period", "value", "value_low", "value_high", "numerator", "denominator",
                  "status", "suppressed",
                  "lower_bound", "demo", "source", "value_basis", "computed_value",
                  "duiding"]
DUIDING_ROLES = ("self", *COLUMNS)
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def row_data(code: str, reference: str) -> list[dict]:
    """One dict per catalogue indicator (plain JSON data): indicator_id, the facts per role,
    period, position, trend series, own registrations, the verdict against `reference`."""
    # One query for a gemeente read for the first time (its figures, which the profile and
    # the trend share); the rest is read once per build. Plain records, grouped in Python:
    # row access on DataFrames costs more than the queries.
    profile = _records(queries.profile(code))
    trend = _records(queries.trend(None, [code, queries.NATIONAL_CODE]))
    own = _records(queries.own_values(code)) if queries.has_own_values(code) else []
    facts_by_ind = _group(profile, "indicator_id")
    trends = _group(trend, "indicator_id")
    own = _group(own, "indicator_id")
    rows = []
    for ind in queries.indicators().to_dict("records"):
        if not verdict.applies(ind, "gemeente"):
            continue
        facts = facts_by_ind.get(ind["indicator_id"], [])
        by_role = _group(facts, "role")
        self_fact = (by_role.get("self") or [{}])[0]
        # A split gemeente is judged against the SWV where most of its youth lives, by name.
        ref_fact = (by_role.get(reference) or [{}])[0]
        label = pc.reference_label(reference, ref_fact)
        series = trends.get(ind["indicator_id"], [])
        rows.append({
            "indicator_id": ind["indicator_id"], "facts": by_role, "self": self_fact,
            "period": facts[0]["period"] if facts else None,
            "pct": position(ind["indicator_id"], facts[0]["period"], self_fact) if facts
            else None,
            "reference_label": label,
            "verdict": pc.judgement(self_fact, ref_fact, ind, reference, label),
            "series": _points([s for s in series if s["region_code"] == code]),
            "reference_series": _points([s for s in series if s["region_code"] != code]),
            "own": own.get(ind["indicator_id"], []),
            "demo": any(formatting.flag(f.get("demo")) for f in facts),
        })
    return rows


def position(indicator_id: str, period: str, own: dict) -> dict:
    """Where the gemeente's figure `own` falls among all gemeenten at `period`: n (published
    figures), rank_pct and rank_high_pct (`verdict.Distribution.shares`; null when its own
    figure is secret or missing), p05, p25, p50, p75 and p95 of the published values."""
    dist = _distribution(indicator_id, period)
    shares = dist.shares(own)
    return {"n": dist.n, "rank_pct": shares[0] if shares else None,
            "rank_high_pct": shares[1] if shares else None,
            **{f"p{round(q * 100):02d}": dist.quantile(q) for q in QUANTILES}}


@cache.per_warehouse(maxsize=512)
def _distribution(indicator_id: str, period: str) -> verdict.Distribution:
    """Every gemeente's figure for an indicator and period, read once per build (the same read
    as the indicator page's map and ranking) and sorted once for every gemeente's position."""
    return verdict.Distribution(figures.records(
        queries.level_values(indicator_id, "gemeente", period), figures.FIGURE_COLUMNS))


@cache.per_warehouse(maxsize=32)
def rows(code: str, reference: str) -> list[dict]:
    """`row_data`, read once per build and kept (shared between requests: do not modify)."""
    return row_data(code, reference)


def with_duiding(rows: list[dict], code: str) -> list[dict]:
    """`row_data` rows with the duiding of every region in them at the row's period, read in
    one store query: 'duiding' [{role, region_code, label, items}], and 'duiding_add' (the
    'Duiding toevoegen' link of the gemeente for a user who may write it, else None)."""
    codes = {f["region_code"] for r in rows for facts in r["facts"].values() for f in facts}
    idx = dn.index(dn.read(codes | {code}))
    add = dn.may_add(code)
    out = []
    for r in rows:
        groups = []
        for role in DUIDING_ROLES:
            for f in r["facts"].get(role, []):
                items = dn.for_figure(idx, r["indicator_id"], f["region_code"], f["period"])
                if items:
                    groups.append({"role": role, "region_code": f["region_code"],
                                   "label": f"{pc.ROLE_LABELS[role]} "
                                   f"{pc.short_name(f['region_name'])}"
                                   if role != "self" else f["region_name"],
                                   "items": [dn.plain(d) for d in items]})
        out.append({**r, "duiding": groups, "duiding_add": dn.add_href(
            code, r["indicator_id"], r["period"]) if add else None})
    return out


@cache.per_warehouse(maxsize=2)
def _catalogue() -> dict[str, dict]:
    return {r["indicator_id"]: r for r in queries.indicators().to_dict("records")}


def with_catalogue(rows: list[dict]) -> list[dict]:
    """`row_data` rows with their catalogue entry under 'ind' (the drawing code reads it)."""
    catalogue = _catalogue()
    return [{**r, "ind": catalogue[r["indicator_id"]]} for r in rows
            if r["indicator_id"] in catalogue]


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain values (None for missing), so they can go into a store; through
    pandas' JSON writer, which is several times faster than replacing missing values."""
    return json.loads(df.to_json(orient="records", double_precision=15))


def _group(records: list[dict], key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r[key], []).append(r)
    return out


def _points(records: list[dict]) -> list[tuple]:
    return [(r["period"], None if formatting.flag(r["suppressed"])
             or formatting.is_missing(r["value"]) else float(r["value"]), r["status"])
            for r in records]


def _kind(r: dict) -> str:
    """The verdict's kind of a row; 'none' for an indicator that is not judged (a count)."""
    return r["verdict"][1] if r["verdict"] else "none"


def summary(rows: list[dict], reference: str) -> html.Section:
    """'Ten opzichte van het land: 3 ongunstig, 2 gunstig …' with the unfavourable ones named."""
    counts = {k: sum(_kind(r) == k for r in rows) for k in VERDICT_ORDER}
    bad = [r for r in rows if _kind(r) == "bad"]
    good = [r for r in rows if _kind(r) == "good"]
    label = rows[0]["reference_label"] if rows else pc.REFERENCE_WORDS[reference]
    return html.Section([
        html.H2("In één oogopslag"),
        html.P(f"Ten opzichte van {label}: {counts['bad']} ongunstig, {counts['good']} gunstig, "
               f"{counts['neutral']} zonder oordeel gunstig/ongunstig of vergelijkbaar, "
               f"{counts['unknown']} niet te beoordelen, {counts['none']} zonder oordeel "
               "(aantallen). Indicatoren zonder richting (hoger is niet vanzelf beter of "
               "slechter) krijgen geen oordeel gunstig/ongunstig."),
        html.Ul([html.Li([html.Strong("Ongunstig: "), _names(bad)]) if bad else None,
                 html.Li([html.Strong("Gunstig: "), _names(good)]) if good else None],
                className="summary-list"),
    ], className="profile-summary", **{"aria-label": "Samenvatting"})


def _names(rows: list[dict]) -> str:
    return ", ".join(r["ind"]["label"] for r in rows) + "."


def domain_rows(rows: list[dict], domain: str, code: str) -> list[dict]:
    """The rows of one domain (rows with their catalogue entry), with their duiding."""
    return with_duiding([r for r in rows if r["ind"]["domain"] == domain], code)


def domain_table(gem: dict, rows: list[dict], domain: str, key: dict) -> list:
    """The heading, table and export buttons of one domain (empty when it has no rows), as
    plain JSON data; `rows` with their catalogue entry, `key` the page's {'code', 'reference',
    'sort'}. The duiding is read on every call; the drawing is kept per build, key and duiding
    (`_drawn_domain`), so it is redone only when someone wrote a duiding in it."""
    part = domain_rows(rows, domain, gem["region_code"])
    notes = json.dumps([[r["duiding"], r["duiding_add"]] for r in part])
    return _drawn_domain(gem["region_code"], key["reference"], key.get("sort") == "oordeel",
                         domain, notes)


@cache.per_warehouse(maxsize=128)
def _drawn_domain(code: str, reference: str, by_verdict: bool, domain: str,
                  notes: str) -> list:
    gem, title = queries.region(code), DOMAINS[domain]
    every = with_catalogue(rows(code, reference))
    part = [{**r, "duiding": d, "duiding_add": add} for r, (d, add) in zip(
        [r for r in every if r["ind"]["domain"] == domain], json.loads(notes), strict=True)]
    if by_verdict:
        part.sort(key=lambda r: VERDICT_ORDER[_kind(r)])
    if not part:
        return []
    return plain([html.H2(title, id=f"domein-{domain}"),
                  _table(gem, _region_codes(every), part, title),
                  table_exports(PAGE, f"tabel-{domain}", _export_title(gem, title),
                                {"code": code, "reference": reference})])


def _region_codes(rows: list[dict]) -> dict[str, list[str]]:
    """The comparison regions' codes per role, as in the facts (largest share first)."""
    codes: dict[str, list[str]] = {}
    for r in rows:
        for role, facts in r["facts"].items():
            known = codes.setdefault(role, [])
            known += [f["region_code"] for f in facts if f["region_code"] not in known]
    return codes


def export_rows(rows: list[dict]) -> list[dict]:
    """The figures of profile rows, one dict per indicator and region (own registrations as
    series 'eigen registratie'), raw values with their flags."""
    records = []
    for r in rows:
        ind = {"indicator_id": r["ind"]["indicator_id"], "label": r["ind"]["label"]}
        notes = {g["region_code"]: dn.export_text(g["items"]) for g in r.get("duiding", [])}
        records += [{**ind, **f, "series": pc.ROLE_LABELS[f["role"]],
                     "duiding": notes.get(f["region_code"])}
                    for facts in r["facts"].values() for f in facts]
        records += [{**ind, **o, "series": "eigen registratie"} for o in r["own"]]
    return records


def _export_title(gem: dict, title: str) -> str:
    return f"{title}: {gem['region_name']} en haar regio's"


def valid_key(key: dict) -> dict | None:
    """The gemeente of a page key {'code', 'reference', ...} sent back by a client, or None."""
    gem = queries.region(key.get("code") if isinstance(key.get("code"), str) else "")
    ok = gem and gem["region_level"] == "gemeente" and key.get("reference") in pc.REFERENCE_WORDS
    return gem if ok else None


@registry.register(PAGE)
def export(name: str, key: dict) -> registry.Export | None:
    """The CSV/Excel of the domain table `tabel-<domain>` for the key {'code', 'reference'}."""
    domain, gem = name.removeprefix("tabel-"), valid_key(key)
    if domain not in DOMAINS or gem is None:
        return None
    part = domain_rows(with_catalogue(rows(gem["region_code"], key["reference"])), domain,
                       gem["region_code"])
    demo = any(r["demo"] for r in part)
    caption = chart.caption_text(None, None, queries.latest_classification_year(),
                                 extra="laatste periode per indicator", demo=demo)
    # The export data (see components.chart.export_data), built without pandas.
    return registry.Export({
        "title": _export_title(gem, DOMAINS[domain]), "caption": caption, "demo": demo,
        "columns": EXPORT_COLUMNS,
        "rows": [[rec.get(c) for c in EXPORT_COLUMNS] for rec in export_rows(part)]})


def _column_labels(gem: dict, region_codes: dict[str, list[str]]) -> dict[str, list]:
    """The header of each comparison column (as shown) per role: 'SWV PO' over its code, or
    over 'n SWV's' for a split gemeente."""
    out = {}
    for role in COLUMNS:
        codes = region_codes.get(role, [])
        sub = codes[0] if len(codes) == 1 and role.startswith("swv") else (
            f"{len(codes)} SWV's" if len(codes) > 1 else "")
        # Soft hyphens: the two longest words may break, so the columns stay narrow.
        label = {"grootteklasse": "Grootte\u00adklasse", "jeugdregio": "Jeugd\u00adregio"}.get(
            role, pc.ROLE_LABELS[role])
        out[role] = [label, sub] if sub else [label]
    return out


def _table(gem: dict, region_codes: dict[str, list[str]], rows: list[dict],
           title: str) -> html.Div:
    columns = _column_labels(gem, region_codes)
    heads = [html.Th("Indicator", scope="col"),
             html.Th(gem["region_name"], scope="col", className="num self-col"),
             html.Th("Oordeel", scope="col")]
    for role in COLUMNS:
        label, *sub = columns[role]
        heads.append(html.Th([label, *(x for s in sub for x in (html.Br(), s))],
                             scope="col", className="num"))
    heads += [html.Th("Positie onder gemeenten", scope="col", className="pos-col"),
              html.Th("Trend", scope="col")]
    labels = {role: " ".join(parts).replace("\u00ad", "") for role, parts in columns.items()}
    return pc.table_box(html.Table([
        html.Caption(f"{title}: {gem['region_name']} vergeleken met haar regio's en Nederland",
                     className="visually-hidden"),
        html.Thead(html.Tr(heads)),
        html.Tbody([_row(gem, r, labels) for r in rows]),
    ], className="data profile-table cards"), f"Tabel {title}")


def _row(gem: dict, r: dict, labels: dict[str, str]) -> dict:
    """One indicator's row, as plain data (`plain.tag`: ~25 elements a row, drawn per gemeente)."""
    ind, code = r["ind"], gem["region_code"]
    query = urlencode({"regio": code, "niveau": "gemeente"})
    status = r["self"].get("status")
    meta = " · ".join(x for x in [pc.unit_note(ind),
                                  formatting.period(r["period"]) if r["period"] else None,
                                  status if isinstance(status, str) else None,
                                  f"bron: {ind['source_table']}"] if x)
    note = dn.note([(g["label"], g["items"]) for g in r.get("duiding", [])],
                   add=r.get("duiding_add"))
    cells = [tag("Th", [link(ind["label"], f"/indicator/{ind['indicator_id']}?{query}"),
                        tag("Div", meta, className="row-meta", title=ind["source"]), note],
                 scope="row"),
             pc.td([tag("Strong", formatting.figure(r["self"], ind, cell=True)),
                    *_own_lines(r["own"], ind)], gem["region_name"],
                   className="num self-col" + (
                       " secret" if formatting.flag(r["self"].get("suppressed")) else "")),
             pc.verdict_cell(r["verdict"])]
    for role in COLUMNS:
        cells.append(_region_cell(r["facts"].get(role, []), ind, role, labels[role]))
    cells += [pc.td(pc.strip(r["pct"], r["self"], ind, gem["region_name"]),
                    "Positie onder gemeenten"),
              pc.td(pc.sparkline(r["series"], r["reference_series"], ind.get("trend_break"),
                                 ind, gem["region_name"]), "Trend")]
    return tag("Tr", cells)


def _region_cell(facts: list[dict], ind: dict, role: str, label: str) -> dict:
    if not verdict.applies(ind, pc.ROLE_LEVELS[role]):
        return pc.not_applicable_cell(label, role)
    if len(facts) <= 1:
        return pc.value_cell(facts[0] if facts else None, ind, label,
                             title=pc.basis_title(facts[0]) if facts else None)
    # A split gemeente: every SWV it lies in, with the share of its youth living there.
    return pc.td([tag("Div", [tag("Span", f"{f['region_code']} {pc.share(f['weight'])}:",
                                  className="split-code"), " ",
                              tag("Span", formatting.figure(f, ind, cell=True))],
                      className="split-value") for f in facts], label,
                 className="num split")


def _own_lines(own: list[dict], ind: dict) -> list:
    return [tag("Div", f"eigen registratie {formatting.period(o['period'])}: "
                f"{formatting.figure(o, ind)} (bron: {o['source'].removeprefix('eigen:')})",
                className="own-value") for o in own]
