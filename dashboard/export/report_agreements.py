"""'Afspraken en voortgang' in the OOGO report: every live agreement where the region is the
measured region or a party, with its status and reason, a small trajectory chart per target
(PAGES-A's `figures.agreements.trajectory_figure`, rendered to SVG with the other charts) and
the duiding of the measured region on that indicator. The measured series are read once
(`afspraken.overview.series`) for the statuses and the charts. Gathers only; `report_html`
prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import formatting, queries
from dashboard.afspraken import overview
from dashboard.components import agreements as ag
from dashboard.components import duiding as dn
from dashboard.export.report_charts import Chart
from dashboard.figures import agreements as agreement_figures

CHART_HEIGHT = 230
# Charts per agreement in the report; further targets are listed in words only.
MAX_CHARTS = 2


@dataclass
class Target:
    """One target of an agreement, as the report prints it."""
    indicator_id: str
    label: str
    baseline: str           # 'basis 12,3% (2022)'
    target: str             # 'doel 10,0% in 2027'
    latest: str             # '11,8% (2024, voorlopig)'


@dataclass
class AgreementBlock:
    id: int
    title: str
    status: str
    reason: str
    region: str             # where it is measured: 'Schiermonnikoog (GM0088)'
    parties: str
    dates: str
    targets: list[Target]
    charts: list = field(default_factory=list)      # report_charts.Chart
    duiding: list[dict] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False)


def region_label(code: str) -> str:
    region = queries.region(code)
    if region:
        name = str(region["region_name"]).split(" — ")[0]
        return name if name.startswith(code) else f"{name} ({code})"
    return code


def _target(t: dict, ind: dict | None, latest: dict | None) -> Target:
    label = ind["label"] if ind else str(t.get("indicator_id"))
    base = ""
    if t.get("baseline_period"):
        value = formatting.figure({"value": t.get("baseline_value")}, ind or {"unit": "count"})
        base = f"basis {value} ({formatting.period(str(t['baseline_period']))})"
    return Target(str(t.get("indicator_id")), label, base, ag.target_text(t, ind),
                  ag.latest_text(latest, ind))


def _dates(a: dict) -> str:
    parts = []
    if a.get("oogo_date"):
        parts.append(f"afgesproken in het OOGO van {dn.date_text(a['oogo_date'])}")
    if a.get("review_date"):
        parts.append(f"herzien op {dn.date_text(a['review_date'])}")
    return "; ".join(parts)


def agreement_blocks(code: str, year: int, demo: bool) -> list[AgreementBlock]:
    """The region's agreements, behind ones first, with their charts (not yet rendered)."""
    found = ag.region_agreements(code)
    measured = overview.series(found)      # read once: for the statuses and the charts
    found = ag.statuses(found, measured)
    labels = {r["indicator_id"]: r for r in queries.indicators().to_dict("records")}
    blocks = []
    for a in found:
        latest = {item.get("indicator_id"): item for item in a.get("latest") or []}
        targets = [_target(t, labels.get(t.get("indicator_id")), latest.get(t.get(
            "indicator_id"))) for t in a.get("targets") or []]
        charts = []
        for t in (a.get("targets") or [])[:MAX_CHARTS]:
            ind = labels.get(t.get("indicator_id"))
            if ind is None:
                continue
            actual = measured.get(overview.target_key(a, t), [])
            region = region_label(a["region_code"])
            fig = agreement_figures.trajectory_figure(
                actual, t, indicator=ind, region_name=region.split(" (")[0], demo=demo,
                height=CHART_HEIGHT)
            cap = (f"{ind['label']}: gemeten in {region} (doorgetrokken) en het afgesproken "
                   f"traject (gestreept, ster = streefwaarde) · bron: {ind['source']} "
                   f"({ind['source_table']}) · gemeentelijke indeling {year}")
            charts.append(Chart(ind["label"], cap + (f" · {formatting.DEMO_LABEL}" if demo
                                                     else ""), fig, CHART_HEIGHT))
        parties = [region_label(p) for p in a.get("parties") or []]
        parties += [str(p) for p in a.get("partners") or []]
        blocks.append(AgreementBlock(
            a["id"], str(a.get("title") or ""), a["status"], a["reason"],
            region_label(a["region_code"]), ", ".join(parties), _dates(a), targets, charts,
            raw=a))
    return blocks


def attach_duiding(blocks: list[AgreementBlock], notes: dict) -> None:
    """Each block's duiding: the measured region's on the agreement's indicators."""
    for b in blocks:
        b.duiding = [d for t in b.raw.get("targets") or []
                     for d in notes.get((t["indicator_id"], b.raw["region_code"]), [])]
