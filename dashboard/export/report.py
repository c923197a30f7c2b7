"""The OOGO report: one A4 PDF per gemeente or SWV, in Dutch, for the OOGO meeting.

`report_content` gathers everything the report says (queries, verdicts, figures, the region's
agreements from `report_agreements`, its duiding, the talking points of `talking_points`)
without rendering; `build_report` renders the figures to SVG through the one kaleido renderer,
writes the HTML (`report_html`) and prints it to PDF with headless Chromium. The HTML layout
lives in `report_html`; the command line in `dashboard.report`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import figures, formatting, queries, verdict
from dashboard.components import duiding as dn
from dashboard.export import images, report_agreements, report_html, talking_points
from dashboard.export.report_charts import (
    CHART_WIDTH,
    TREND_WITH_MEMBERS,
    Chart,
    members_chart,
    position_chart,
    trend_chart,
)
from dashboard.export.report_charts import row as _row
from dashboard.export.report_charts import short as _short

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")
DOMAINS = {"jeugdhulp": "Jeugdhulp", "onderwijs": "Onderwijs", "context": "Context"}
# The report's key charts per domain: the first `n` of these candidates that apply to the
# region's level and have a figure (a PO SWV gets no VSV: the next candidate takes its place).
# Every applicable indicator is in the summary table; these also get their charts.
KEY_INDICATORS = {"jeugdhulp": (2, ("jeugdhulp", "jeugdbescherming", "jeugdhulp_verblijf")),
                  "onderwijs": (2, ("thuiszitters_4wk", "vsv", "deelname_sbo", "deelname_vso",
                                    "absoluut_verzuim")),
                  "context": (1, ("jeugdpopulatie",))}
TREND_ROLES = ("self", "swv_po", "swv_vo", "jeugdregio", "nederland")
# An indicator page with duiding draws its charts this much lower, to make room for it.
DUIDING_ROOM = 45
# The reference of the report's verdicts, named as on the web ("hoger dan het land").
NATIONAL_LABEL = "het land"


@dataclass
class IndicatorPage:
    """One key indicator: a line with its latest values and verdict, then its charts."""
    domain: str
    label: str
    lead: str
    charts: list[Chart]
    table: list[list[str]]      # header row, then one row per region: the trend's values
    indicator_id: str = ""
    period: str = ""
    duiding: list[tuple[str, list[dict]]] = field(default_factory=list)  # (region, entries)


@dataclass
class Content:
    """Everything the report says, before rendering."""
    region: dict
    period_label: str
    date: str
    demo: bool
    status: str
    classification_year: int
    relations: list[tuple[str, str]]          # (label, text) lines for the cover
    summary_columns: list[str]
    summary_rows: list[list[str]]
    indicator_pages: list[IndicatorPage]
    indicators: pd.DataFrame
    notes: list[tuple[str, str]] = field(default_factory=list)
    agreements: list[report_agreements.AgreementBlock] = field(default_factory=list)
    talking_points: dict[str, list[talking_points.Point]] = field(default_factory=dict)
    talking_rule: str = ""
    status_rule: str = ""       # how an agreement's status is decided (afspraken.status)
    # A region's member gemeenten side by side on the key indicators: header, then rows.
    members_table: list[list[str]] = field(default_factory=list)


def _text(fact, ind: dict, *, cell: bool = False) -> str:
    return formatting.figure(_row(fact), ind, cell=cell)


def _judge(ind: dict, own, ref, label: str) -> str | None:
    """The verdict words of the web (verdict.judge), or None for an indicator not judged."""
    found = verdict.judge(_row(own), _row(ref), ind, label)
    return None if found is None else found[0]


def _comparators(code: str, level: str, year: int) -> pd.DataFrame:
    """role, region_code, region_name, weight: the region and what it is compared with (a
    gemeente: its SWVs, jeugdregio, size class and the country; a region: the country)."""
    if level == "gemeente":
        return queries.comparison_regions(code, year)
    region = queries.region(code, year)
    national = queries.regions("nederland", year).iloc[0]
    return pd.DataFrame([
        {"role": "self", "region_code": code, "region_name": region["region_name"], "weight": 1.0},
        {"role": "nederland", "region_code": national["region_code"],
         "region_name": national["region_name"], "weight": 1.0}])


def _latest(series: pd.DataFrame, code: str, until: int | None) -> dict[str, str]:
    """indicator_id -> the region's latest period (not after `until`)."""
    own = series[series["region_code"] == code]
    if until is not None:
        own = own[own["period"].map(figures.period_year) <= until]
    return own.groupby("indicator_id")["period"].max().to_dict()


POLARITY = {True: "hoger is beter", False: "lager is beter", None: "richting neutraal"}
SUMMARY_HEADS = {"swv_po": "SWV PO", "swv_vo": "SWV VO", "jeugdregio": "Jeugdregio",
                 "grootteklasse": "Grootteklasse", "nederland": "Nederland"}
# The summary's narrow value columns may break their header (soft hyphens).
COLUMN_HEADS = {"jeugdregio": "Jeugd\u00adregio", "grootteklasse": "Grootte\u00adklasse",
                "nederland": "Neder\u00adland"}


def _main_roles(cmp: pd.DataFrame) -> pd.DataFrame:
    """One region per role: a split gemeente is compared with the SWV holding its largest share."""
    return cmp.sort_values("weight", ascending=False, kind="stable").drop_duplicates("role")


def _facts_at(idx: pd.DataFrame, ind_id: str, codes: dict[str, str], period: str) -> dict:
    return {role: (idx.loc[(ind_id, code, period)] if (ind_id, code, period) in idx.index
                   else None) for role, code in codes.items()}


def _hib(ind: dict) -> bool | None:
    return None if formatting.is_missing(ind.get("higher_is_better")) \
        else bool(ind["higher_is_better"])


def _summary(ind: list[dict], idx: pd.DataFrame, cmp: pd.DataFrame,
             latest: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    main = _main_roles(cmp)
    roles = [r for r in ("self", *SUMMARY_HEADS) if r in set(main["role"])]
    codes = {r: main.set_index("role").loc[r, "region_code"] for r in roles}
    columns = (["Indicator", "Periode", main.set_index("role").loc["self", "region_name"]]
               + [COLUMN_HEADS.get(r, SUMMARY_HEADS[r]) for r in roles[1:]]
               + ["Vergeleken met het land"])
    rows = []
    for i in ind:
        period = latest.get(i["indicator_id"])
        if period is None:
            continue
        facts = _facts_at(idx, i["indicator_id"], codes, period)
        judged = _judge(i, facts["self"], facts.get("nederland"), NATIONAL_LABEL)
        unit = " · per 1.000" if i["unit"] == "per_1000" else ""
        rows.append([f"{i['label']}\n{POLARITY[_hib(i)]}{unit}", period]
                    + [_text(facts[r], i, cell=True) for r in roles]
                    + [judged or "geen oordeel (aantal)"])
    return columns, rows


def _indicator_page(ind: dict, domain: str, series: pd.DataFrame, idx: pd.DataFrame,
                    cmp: pd.DataFrame, members: pd.DataFrame, region: dict, level: str,
                    period: str, until: int | None, demo: bool, year: int) -> IndicatorPage:
    """A key indicator: its trend against the regions and the country, then for a gemeente
    its position among all gemeenten (not for counts), for a region its members side by side."""
    code = region["region_code"]
    main = _main_roles(cmp)
    main = main[main["role"].isin(TREND_ROLES)]
    codes = dict(zip(main["role"], main["region_code"], strict=True))
    names = dict(zip(main["role"], main["region_name"], strict=True))
    # SWV names list their gemeenten; the code is enough in a legend (the cover has the names).
    legend = {r: _short(n) if r in ("self", "nederland", "jeugdregio") else codes[r]
              for r, n in names.items()}
    facts = _facts_at(idx, ind["indicator_id"], codes, period)
    trend, periods = trend_chart(ind, series, main, legend, until, demo, year)
    charts = [trend] if trend else []
    if not members.empty:
        if trend:
            trend.height = TREND_WITH_MEMBERS
            trend.figure.update_layout(height=trend.height)
        charts.append(members_chart(ind, idx, members, region, facts, period, demo, year))
    elif verdict.judged(ind):
        charts.append(position_chart(ind, level, code, period, facts.get("nederland"), demo,
                                      year))
    roles = [r for r in TREND_ROLES if r in codes]
    parts = [f"{names[r] if r in ('self', 'nederland') else SUMMARY_HEADS[r]} "
             f"{_text(facts[r], ind)}" for r in roles]
    row_names = {r: legend[r] if r in ("self", "nederland") else f"{SUMMARY_HEADS[r]} {legend[r]}"
                 for r in roles}
    # 'geheim' without '(< 8)' and school years as '14/15' fit a cell of eleven periods; the
    # chart says the rest.
    table = [[""] + [figures.period_tick(p) for p in periods]] + [
        [row_names[r]] + [_text(_facts_at(idx, ind["indicator_id"], codes, p)[r], ind,
                                cell=True).replace(formatting.SUPPRESSED_TEXT, "geheim")
                          for p in periods]
        for r in roles] if len(periods) > 1 else []
    own = facts["self"]
    state = f", {own['status']}" if own is not None else ""
    judged = _judge(ind, own, facts.get("nederland"), NATIONAL_LABEL)
    lead = (f"{formatting.period(period)}{state}: " + "; ".join(parts) + "."
            + (f" Oordeel: {judged}." if judged else ""))
    return IndicatorPage(domain, ind["label"], lead, charts, table, ind["indicator_id"], period)


def _key_indicators(ind: list[dict], latest: dict[str, str]) -> list[tuple[str, dict]]:
    """(domain label, indicator) of the key charts: per domain the first candidates that
    apply (the catalogue rows given are those that do) and have a figure."""
    by_id = {i["indicator_id"]: i for i in ind}
    out = []
    for domain, label in DOMAINS.items():
        n, candidates = KEY_INDICATORS[domain]
        found = [c for c in candidates if c in by_id and c in latest][:n]
        out += [(label, by_id[c]) for c in found]
    return out


def _members_table(pages: list[IndicatorPage], ind: list[dict], idx: pd.DataFrame,
                   members: pd.DataFrame, main: pd.DataFrame) -> list[list[str]]:
    """A region's member gemeenten (rows) on its key indicators (columns, each at the period of
    its indicator page), then the region and the country."""
    if members.empty or not pages:
        return []
    by_id = {i["indicator_id"]: i for i in ind}
    cols = [(by_id[p.indicator_id], p.period) for p in pages]
    head = ["Gemeente"] + [f"{i['label']} ({formatting.period(p).removeprefix('schooljaar ')})"
                           + (" per 1.000" if i["unit"] == "per_1000" else "") for i, p in cols]
    rows = []
    for code, name, weight in zip(members["gemeente_code"], members["region_name"],
                                  members["weight"], strict=True):
        share = f" ({formatting.number(weight * 100)}%)" if weight < 0.999 else ""
        rows.append([name + share] + [
            _text(idx.loc[(i["indicator_id"], code, p)]
                  if (i["indicator_id"], code, p) in idx.index else None, i, cell=True)
            for i, p in cols])
    for role in ("self", "nederland"):
        hit = main[main["role"] == role]
        if hit.empty:
            continue
        code, name = hit["region_code"].iloc[0], hit["region_name"].iloc[0]
        rows.append([_short(name.split(" — ")[0])] + [
            _text(idx.loc[(i["indicator_id"], code, p)]
                  if (i["indicator_id"], code, p) in idx.index else None, i, cell=True)
            for i, p in cols])
    return [head, *rows]


def _relations(code: str, level: str, cmp: pd.DataFrame, members: pd.DataFrame,
               ) -> list[tuple[str, str]]:
    if level != "gemeente":
        names = [n + (f" ({formatting.number(w * 100)}% van de jeugd)" if w < 0.999 else "")
                 for n, w in zip(members["region_name"], members["weight"], strict=True)]
        return [(f"Gemeenten ({len(names)})", ", ".join(names))]
    labels = {"swv_po": "SWV primair onderwijs", "swv_vo": "SWV voortgezet onderwijs",
              "jeugdregio": "Jeugdregio", "grootteklasse": "Grootteklasse"}
    out = []
    for role, label in labels.items():
        rows = cmp[cmp["role"] == role]
        parts = [n + (f" ({formatting.number(w * 100)}% van de jeugd)" if w < 0.999 else "")
                 for n, w in zip(rows["region_name"], rows["weight"], strict=True)]
        if parts:
            out.append((label, "; ".join(parts)))
    return out


def _reference_label(role: str, code: str, name: str) -> str:
    """How a verdict names a compared region: 'SWV PO Amsterdam, Diemen (PO2707)', 'het land'."""
    if role == "nederland":
        return NATIONAL_LABEL
    part = name.split(" — ", 1)[1] if " — " in name else name
    if len(part) > 32:
        part = part.split(",")[0] + " e.a."
    head = SUMMARY_HEADS.get(role, "")
    return f"{head} {part} ({code})".strip() if part != code else f"{head} {code}"


POINT_ROLES = ("swv_po", "swv_vo", "nederland")


def _fact(row, period: str) -> dict | None:
    """A report fact (a row of the series) as the plain dict the talking points read."""
    if row is None:
        return None
    number = {k: None if formatting.is_missing(row.get(k)) else float(row[k])
              for k in ("value", "value_low", "value_high")}
    status = row.get("status")
    return {**number, "period": period, "suppressed": formatting.flag(row.get("suppressed")),
            "lower_bound": formatting.flag(row.get("lower_bound")),
            "status": status if isinstance(status, str) else None}


def _point_figures(ind: list[dict], series: pd.DataFrame, idx: pd.DataFrame,
                   cmp: pd.DataFrame, latest: dict[str, str], code: str) -> list[dict]:
    """The figures the talking points choose from: per indicator the region's latest fact,
    its fact one period earlier, and the SWV and country at the latest period (the same
    facts as the summary table)."""
    main = _main_roles(cmp).set_index("role")
    roles = [r for r in POINT_ROLES if r in main.index]
    codes = {r: main.loc[r, "region_code"] for r in ["self", *roles]}
    own = series[series["region_code"] == code]
    periods = own.groupby("indicator_id")["period"].agg(lambda p: sorted(set(p))).to_dict()
    out = []
    for i in ind:
        period = latest.get(i["indicator_id"])
        if period is None:
            continue
        facts = _facts_at(idx, i["indicator_id"], codes, period)
        earlier = [p for p in periods.get(i["indicator_id"], []) if p < period]
        prev = (_fact(_facts_at(idx, i["indicator_id"], {"self": code}, earlier[-1])["self"],
                      earlier[-1]) if earlier else None)
        out.append({
            "indicator_id": i["indicator_id"], "label": i["label"], "unit": i["unit"],
            "decimals": i.get("decimals"), "judged": i.get("judged"),
            "higher_is_better": _hib(i), "trend_break": i.get("trend_break"),
            "own": _fact(facts["self"], period), "previous": prev,
            "comparisons": [{"role": r,
                             "label": _reference_label(r, codes[r], main.loc[r, "region_name"]),
                             "name": (f"{SUMMARY_HEADS[r]} {codes[r]}" if r != "nederland"
                                      else "Nederland"),
                             "fact": _fact(facts[r], period)} for r in roles]})
    return out


def _agreement_points(blocks: list[report_agreements.AgreementBlock]) -> list[dict]:
    return [{"id": b.id, "title": b.title, "status": b.status, "reason": b.reason,
             "indicator_id": b.targets[0].indicator_id if b.targets else None,
             "latest": "; ".join(f"{t.label}: {t.latest}" for t in b.targets) or "–",
             "target": "; ".join(t.target for t in b.targets if t.target)
             or "geen streefwaarde"} for b in blocks]


def _with_duiding(pages: list[IndicatorPage], blocks: list, cmp: pd.DataFrame, code: str,
                  level: str) -> None:
    """Duiding beside the figures: read once for the region, its comparators and the
    agreements' regions; the region's own first on each indicator page."""
    codes = set(cmp["region_code"]) | {code} | {b.raw["region_code"] for b in blocks}
    notes = dn.index(dn.read(codes))
    report_agreements.attach_duiding(blocks, notes)
    main = _main_roles(cmp)
    names = dict(zip(main["region_code"], main["region_name"], strict=True))
    names.setdefault(code, code)
    order = [code, *[c for c in main["region_code"] if c != code]]
    for page in pages:
        page.duiding = [(_short(names[c].split(" — ")[0]), items) for c in order
                        if (items := dn.for_figure(notes, page.indicator_id, c, page.period))]
        for chart in page.charts if page.duiding else []:
            chart.height -= DUIDING_ROOM
            chart.figure.update_layout(height=chart.height)


def _status_rule() -> str:
    from dashboard.afspraken import status

    return status.RULE_TEXT_NL


def report_content(code: str, period: str | None = None,
                   classification_year: int | None = None) -> Content:
    """Everything the report shows for a gemeente or region; ValueError for an unknown code."""
    year = classification_year or queries.latest_classification_year()
    region = queries.region(code, year)
    if region is None:
        raise ValueError(f"onbekende regiocode {code!r} in de indeling van {year}")
    level = region["region_level"]
    until = figures.period_year(period) if period else None
    # Only the indicators shown for this level (no VSV for a PO SWV), in catalogue order.
    ind = [i for i in queries.indicators().to_dict("records") if verdict.applies(i, level)]
    cmp = _comparators(code, level, year)
    members = (queries.region_member_list(code, year) if level != "gemeente"
               else pd.DataFrame(columns=["gemeente_code", "region_name", "weight"]))
    series = queries.report_series(list(dict.fromkeys(
        [*cmp["region_code"], *members["gemeente_code"]])), year)
    series = series[series["indicator_id"].isin({i["indicator_id"] for i in ind})]
    latest = _latest(series, code, until)
    if not latest:
        raise ValueError(f"geen cijfers voor {code} tot en met {period}")
    idx = series.set_index(["indicator_id", "region_code", "period"]).sort_index()
    demo = bool(series["demo"].fillna(False).astype(bool).any()) or bool(
        queries.build_info()["contains_demo"])
    own = [idx.loc[(i, code, p)] for i, p in latest.items()]
    provisional = sum(r["status"] == "voorlopig" for r in own)
    status = (f"voorlopig: {provisional} van {len(own)} indicatoren in de laatste periode"
              if provisional else "definitief: alle cijfers in dit rapport")
    columns, rows = _summary(ind, idx, cmp, latest)
    pages = [_indicator_page(i, label, series, idx, cmp, members, region, level,
                             latest[i["indicator_id"]], until, demo, year)
             for label, i in _key_indicators(ind, latest)]
    # A count with one period has no chart (no trend, no position): the summary has it.
    pages = [p for p in pages if p.charts]
    last = max(figures.period_year(p) for p in latest.values())
    blocks = report_agreements.agreement_blocks(code, year, demo)
    _with_duiding(pages, blocks, cmp, code, level)
    chosen_from = _point_figures(ind, series, idx, cmp, latest, code)
    points = talking_points.talking_points(chosen_from, _agreement_points(blocks))
    return Content(region=region, period_label=f"peiljaar {last}",
                   date=formatting.date_long(dt.date.today()), demo=demo, status=status,
                   classification_year=year, relations=_relations(code, level, cmp, members),
                   summary_columns=columns, summary_rows=rows, indicator_pages=pages,
                   indicators=pd.DataFrame(ind), agreements=blocks, talking_points=points,
                   talking_rule=talking_points.rule_text(swv="swv" in points) + " "
                   + talking_points.basis_text(chosen_from),
                   status_rule=_status_rule(),
                   members_table=_members_table(pages, ind, idx, members, _main_roles(cmp)))


def render_charts(content: Content) -> Content:
    """Every chart as SVG text, rendered concurrently on the one kaleido renderer."""
    charts = [c for page in content.indicator_pages for c in page.charts]
    charts += [c for block in content.agreements for c in block.charts]
    for height in {c.height for c in charts}:
        group = [c for c in charts if c.height == height]
        svgs = images.renderer().render_many([c.figure for c in group], "svg",
                                             width=CHART_WIDTH, height=height)
        for chart, svg in zip(group, svgs, strict=True):
            chart.svg = svg.decode("utf-8")
    return content


def print_pdf(html_file: Path, out: Path, timeout: float = 60) -> Path:
    """Print an HTML file to PDF with headless Chromium (a fresh profile every time)."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oogo-chromium-") as profile:
        subprocess.run([CHROMIUM, *CHROMIUM_ARGS, f"--user-data-dir={profile}",
                        f"--print-to-pdf={out}", html_file.resolve().as_uri()],
                       check=True, capture_output=True, timeout=timeout)
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"Chromium produced no PDF at {out}")
    return out


def build_report(code: str, out: Path, period: str | None = None) -> Path:
    """Write the OOGO report of `code` to the PDF file `out`."""
    content = render_charts(report_content(code, period))
    with tempfile.TemporaryDirectory(prefix="oogo-") as tmp:
        html_file = Path(tmp) / "rapport.html"
        html_file.write_text(report_html.render(content), encoding="utf-8")
        return print_pdf(html_file, out)


def filename(code: str, name: str | None = None) -> str:
    """'oogo-rapport-GM0363-amsterdam.pdf'."""
    name = name or (queries.region(code) or {}).get("region_name", "")
    slug = "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())[:60]
    return f"oogo-rapport-{code}{'-' + slug if slug else ''}.pdf"
