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

from dashboard import figures, formatting, queries
from dashboard.components import duiding as dn
from dashboard.components.chart import caption_text
from dashboard.export import images, report_agreements, report_html, talking_points
from dashboard.verdict import verdict

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")
DOMAINS = {"jeugdhulp": "Jeugdhulp", "onderwijs": "Onderwijs", "context": "Context"}
# The report's key charts per domain: the figures an OOGO discusses first. Every indicator is
# in the summary table; these also get a trend and a position chart.
KEY_INDICATORS = {"jeugdhulp": ("jeugdhulp", "jeugdbescherming"),
                  "onderwijs": ("thuiszitters_4wk", "vsv"),
                  "context": ("jeugdpopulatie",)}
TREND_ROLES = ("self", "swv_po", "swv_vo", "nederland")
CHART_WIDTH = 760
TREND_HEIGHT, POSITION_HEIGHT = 330, 280
# An indicator page with duiding draws its charts this much lower, to make room for it.
DUIDING_ROOM = 45
LEVEL_PLURAL = {"gemeente": "gemeenten", "swv_po": "SWV's PO", "swv_vo": "SWV's VO",
                "jeugdregio": "jeugdregio's", "rmc": "RMC-regio's", "provincie": "provincies"}


@dataclass
class Chart:
    title: str
    caption: str
    figure: object
    height: int
    svg: str = ""


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


def _year(period: str) -> int:
    return figures.period_year(period)


def _flag(v) -> bool:
    return bool(v) if v is not None and v == v else False


def value_text(row, unit: str, *, cell: bool = False) -> str:
    """A fact as the report prints it; in a table cell ('cell') 'per 1.000' is left to the
    row label."""
    if row is None:
        return formatting.MISSING_TEXT
    v = row["value"]
    text = formatting.value(None if v is None or v != v else float(v), unit,
                            suppressed=_flag(row["suppressed"]),
                            lower_bound=_flag(row["lower_bound"]))
    return text.removesuffix(formatting.UNIT_SUFFIX["per_1000"]) if cell else text


def _verdict(ind, own, ref, label: str) -> str:
    hib = None if pd.isna(ind["higher_is_better"]) else bool(ind["higher_is_better"])
    text, _kind = verdict(
        None if own is None else own["value"], None if ref is None else ref["value"], hib,
        label, suppressed=own is not None and _flag(own["suppressed"]),
        lower_bound=own is not None and _flag(own["lower_bound"]),
        reference_suppressed=ref is not None and _flag(ref["suppressed"]),
        reference_lower_bound=ref is not None and _flag(ref["lower_bound"]),
        reference_upper=None if ref is None else ref["upper_bound"])
    return text


def _comparators(code: str, level: str, year: int) -> pd.DataFrame:
    """role, region_code, region_name, weight: the region and what it is compared with."""
    if level == "gemeente":
        cmp = queries.comparison_regions(code, year)
        return cmp[cmp["role"] != "jeugdregio"]
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
        own = own[own["period"].map(_year) <= until]
    return own.groupby("indicator_id")["period"].max().to_dict()


POLARITY = {True: "hoger is beter", False: "lager is beter", None: "richting neutraal"}
SUMMARY_HEADS = {"swv_po": "SWV PO", "swv_vo": "SWV VO", "grootteklasse": "Grootte\u00adklasse",
                 "nederland": "Nederland"}


def _main_roles(cmp: pd.DataFrame) -> pd.DataFrame:
    """One region per role: a split gemeente is compared with the SWV holding its largest share."""
    return cmp.sort_values("weight", ascending=False, kind="stable").drop_duplicates("role")


def _facts_at(idx: pd.DataFrame, ind_id: str, codes: dict[str, str], period: str) -> dict:
    return {role: (idx.loc[(ind_id, code, period)] if (ind_id, code, period) in idx.index
                   else None) for role, code in codes.items()}


def _summary(ind: pd.DataFrame, idx: pd.DataFrame, cmp: pd.DataFrame,
             latest: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    main = _main_roles(cmp)
    roles = [r for r in ("self", *SUMMARY_HEADS) if r in set(main["role"])]
    codes = {r: main.set_index("role").loc[r, "region_code"] for r in roles}
    columns = (["Indicator", "Periode", main.set_index("role").loc["self", "region_name"]]
               + [SUMMARY_HEADS[r] for r in roles[1:]] + ["t.o.v. Nederland", "Oordeel"])
    rows = []
    for i in ind.to_dict("records"):
        period = latest.get(i["indicator_id"])
        if period is None:
            continue
        facts = _facts_at(idx, i["indicator_id"], codes, period)
        direction, judgement = _direction(_verdict(i, facts["self"], facts.get("nederland"),
                                                   "het land"))
        hib = None if pd.isna(i["higher_is_better"]) else bool(i["higher_is_better"])
        unit = " · per 1.000" if i["unit"] == "per_1000" else ""
        rows.append([f"{i['label']}\n{POLARITY[hib]}{unit}", period]
                    + [value_text(facts[r], i["unit"], cell=True) for r in roles]
                    + [direction, judgement])
    return columns, rows


def _direction(text: str) -> tuple[str, str]:
    """A verdict text as (arrow with word, judgement): arrows and words, never colour alone."""
    judgement = text.split(", ")[1] if ", " in text else "–"
    if text.startswith("hoger"):
        return "↑ hoger", judgement
    if text.startswith("lager"):
        return "↓ lager", judgement
    if text.startswith("vergelijkbaar"):
        return "≈ gelijk", "–"
    if "geheim" in text:
        return "– geheim", "–"
    return "– onbepaald", "–"


def _short(name: str) -> str:
    return name if len(name) <= 34 else name[:33].rstrip(" ,") + "…"


def _indicator_page(ind: dict, domain: str, series: pd.DataFrame, idx: pd.DataFrame,
                    cmp: pd.DataFrame, code: str, level: str, period: str, until: int | None,
                    demo: bool, year: int) -> IndicatorPage:
    main = _main_roles(cmp)
    main = main[main["role"].isin(TREND_ROLES)]
    codes = dict(zip(main["role"], main["region_code"], strict=True))
    names = dict(zip(main["role"], main["region_name"], strict=True))
    # SWV names list their gemeenten; the code is enough in a legend (the cover has the names).
    legend = {r: _short(n) if r in ("self", "nederland") else codes[r] for r, n in names.items()}
    charts = []
    trend = series[(series["indicator_id"] == ind["indicator_id"])
                   & series["region_code"].isin(main["region_code"])]
    if until is not None:
        trend = trend[trend["period"].map(_year) <= until]
    # Shares of split gemeenten are on the cover; short names keep the legend on two lines.
    trend = trend.merge(main[["role", "region_code"]], on="region_code").assign(
        region_name=lambda d: d["role"].map(legend), weight=1.0)
    periods = sorted(trend["period"].unique())
    if len(periods) > 1:
        status = "open symbool = voorlopig" if (trend["status"] == "voorlopig").any() else ""
        cap = caption_text(ind, f"{periods[0]}–{periods[-1]}", year, status=status, demo=demo)
        fig = figures.trend_figure(trend, indicator=ind, height=TREND_HEIGHT)
        fig.update_layout(legend=dict(entrywidth=0.5, entrywidthmode="fraction"))
        charts.append(Chart("Ontwikkeling, met de regio's en het land", cap, fig,
                            TREND_HEIGHT))
    peers = queries.level_values(ind["indicator_id"], level, period, year)
    nl = idx.loc[(ind["indicator_id"], codes["nederland"], period)] \
        if (ind["indicator_id"], codes["nederland"], period) in idx.index else None
    national = None if nl is None or pd.isna(nl["value"]) else float(nl["value"])
    fig = figures.distribution_figure(peers, indicator=ind, highlight=code,
                                      national_value=national, height=POSITION_HEIGHT,
                                      level_label=LEVEL_PLURAL.get(level, "regio's"))
    axis = fig.layout.xaxis.title.text or ""
    fig.update_xaxes(title_text=None)
    status = str(peers["status"].dropna().iloc[0]) if peers["status"].notna().any() else ""
    cap = caption_text(ind, period, year, status=status, demo=demo, extra=axis)
    charts.append(Chart(f"Positie tussen alle {LEVEL_PLURAL.get(level)} "
                        f"({formatting.period(period)})", cap, fig, POSITION_HEIGHT))
    facts = _facts_at(idx, ind["indicator_id"], codes, period)
    roles = [r for r in TREND_ROLES if r in codes]
    parts = [f"{names[r] if r in ('self', 'nederland') else SUMMARY_HEADS[r]} "
             f"{value_text(facts[r], ind['unit'])}" for r in roles]
    row_names = {r: legend[r] if r in ("self", "nederland") else f"{SUMMARY_HEADS[r]} {legend[r]}"
                 for r in roles}
    # 'geheim' without '(< 8)' fits a cell of ten periods; the chart's legend says the rest.
    table = [[""] + [formatting.period(p).removeprefix("schooljaar ") for p in periods]] + [
        [row_names[r]] + [value_text(_facts_at(idx, ind["indicator_id"], codes, p)[r],
                                     ind["unit"], cell=True)
                          .replace(formatting.SUPPRESSED_TEXT, "geheim") for p in periods]
        for r in roles] if len(periods) > 1 else []
    own = facts["self"]
    state = f", {own['status']}" if own is not None else ""
    lead = (f"{formatting.period(period)}{state}: " + "; ".join(parts) + ". Vergeleken met het "
            f"land: {_verdict(ind, own, facts.get('nederland'), 'het land')}.")
    return IndicatorPage(domain, ind["label"], lead, charts, table, ind["indicator_id"], period)


def _relations(code: str, level: str, cmp: pd.DataFrame, year: int) -> list[tuple[str, str]]:
    if level != "gemeente":
        members = queries.region_member_list(code, year)
        names = [n + (f" ({formatting.number(w * 100)}% van de jeugd)" if w < 0.999 else "")
                 for n, w in zip(members["region_name"], members["weight"], strict=True)]
        return [(f"Gemeenten ({len(names)})", ", ".join(names))]
    labels = {"swv_po": "SWV primair onderwijs", "swv_vo": "SWV voortgezet onderwijs",
              "grootteklasse": "Grootteklasse"}
    out = []
    for role, label in labels.items():
        rows = cmp[cmp["role"] == role]
        parts = [n + (f" ({formatting.number(w * 100)}% van de jeugd)" if w < 0.999 else "")
                 for n, w in zip(rows["region_name"], rows["weight"], strict=True)]
        if parts:
            out.append((label, "; ".join(parts)))
    return out


POINT_ROLES = {"swv_po": "het SWV PO", "swv_vo": "het SWV VO", "nederland": "het land"}


def _fact(row, period: str) -> dict | None:
    """A report fact (a row of the series) as the plain dict the talking points read."""
    if row is None:
        return None
    number = {k: None if formatting.is_missing(row.get(k)) else float(row[k])
              for k in ("value", "upper_bound")}
    status = row.get("status")
    return {**number, "period": period, "suppressed": _flag(row.get("suppressed")),
            "lower_bound": _flag(row.get("lower_bound")),
            "status": status if isinstance(status, str) else None}


def _point_figures(ind: pd.DataFrame, series: pd.DataFrame, idx: pd.DataFrame,
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
    for i in ind.to_dict("records"):
        period = latest.get(i["indicator_id"])
        if period is None:
            continue
        facts = _facts_at(idx, i["indicator_id"], codes, period)
        earlier = [p for p in periods.get(i["indicator_id"], []) if p < period]
        prev = (_fact(_facts_at(idx, i["indicator_id"], {"self": code}, earlier[-1])["self"],
                      earlier[-1]) if earlier else None)
        out.append({
            "indicator_id": i["indicator_id"], "label": i["label"], "unit": i["unit"],
            "higher_is_better": None if pd.isna(i["higher_is_better"])
            else bool(i["higher_is_better"]),
            "trend_break": i.get("trend_break"), "own": _fact(facts["self"], period),
            "previous": prev,
            "comparisons": [{"role": r, "label": POINT_ROLES[r],
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
    until = _year(period) if period else None
    ind = queries.indicators()
    cmp = _comparators(code, level, year)
    series = queries.report_series(list(dict.fromkeys(cmp["region_code"])), year)
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
    by_id = {r["indicator_id"]: r for r in ind.to_dict("records")}
    pages = [_indicator_page(by_id[i], label, series, idx, cmp, code, level, latest[i], until,
                             demo, year)
             for domain, label in DOMAINS.items() for i in KEY_INDICATORS[domain]
             if i in latest and i in by_id]
    last = max(_year(p) for p in latest.values())
    blocks = report_agreements.agreement_blocks(code, year, demo)
    _with_duiding(pages, blocks, cmp, code, level)
    chosen_from = _point_figures(ind, series, idx, cmp, latest, code)
    points = talking_points.talking_points(chosen_from, _agreement_points(blocks))
    return Content(region=region, period_label=f"peiljaar {last}",
                   date=dt.date.today().strftime("%d-%m-%Y"), demo=demo, status=status,
                   classification_year=year, relations=_relations(code, level, cmp, year),
                   summary_columns=columns, summary_rows=rows, indicator_pages=pages,
                   indicators=ind, agreements=blocks, talking_points=points,
                   talking_rule=talking_points.rule_text(swv="swv" in points) + " "
                   + talking_points.basis_text(chosen_from),
                   status_rule=_status_rule())


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
