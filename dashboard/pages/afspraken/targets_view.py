"""One target of an agreement on its detail page: baseline, milestones and target in words,
the status with its reason and the rule written out, the trajectory chart (with a table as
text alternative and the usual exports) and the duiding of that region and indicator."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import formatting, queries
from dashboard.afspraken import status as rule
from dashboard.components import chart, duiding
from dashboard.components.agreements import latest_text, status_badge
from dashboard.figures import agreements as figures
from dashboard.pages.afspraken import common

PAGE = "afspraak"
EXPORT_COLUMNS = ["periode", "gemeten", "status", "geheim", "ondergrens", "voorbeeldcijfer",
                  "afgesproken", "soort"]


def baseline_words(target: dict, ind: dict) -> str:
    """'12,2% in 2022 (voorlopig; ontleend aan de cijfers van 01-12-2026)'."""
    value = target.get("baseline_value")
    if formatting.is_missing(value):
        return formatting.MISSING_TEXT
    flags = target.get("baseline_flags") or {}
    text = formatting.figure({"value": float(value), **{k: flags.get(k) for k in (
        "lower_bound", "value_low", "value_high")}}, ind)
    if target.get("baseline_period"):
        text += f" in {formatting.period(str(target['baseline_period']))}"
    notes = []
    if flags.get("status") == "voorlopig":
        notes.append("voorlopig")
    if flags.get("lower_bound"):
        notes.append("ondergrens: een deel van de gemeenten is geheim")
    if flags.get("demo"):
        notes.append("voorbeeldcijfer")
    if flags.get("source") == "opgegeven":
        notes.append("opgegeven door de regio")
    elif flags.get("build_id") or flags.get("taken_at"):
        built = flags.get("build_id") or flags.get("taken_at")
        notes.append(f"ontleend aan de cijfers van {common.nl_date(built)}")
    return text + (f" ({'; '.join(notes)})" if notes else "")


def goal_words(target: dict, ind: dict) -> str:
    value = target.get("target_value")
    if formatting.is_missing(value):
        return formatting.MISSING_TEXT
    text = formatting.figure({"value": float(value)}, ind)
    period = target.get("target_period")
    return text + (f" in {formatting.period(str(period))}" if period else "")


def milestone_words(target: dict, ind: dict) -> str:
    items = [f"{formatting.period(str(m['period']))}: "
             f"{formatting.figure({'value': float(m['value'])}, ind)}"
             for m in target.get("milestones") or [] if not formatting.is_missing(m.get("value"))]
    return "; ".join(items) or "geen"


def _table(rows: list[dict], target: dict, ind: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown table, raw export frame): one row per period, measured and agreed side by side."""
    agreed = {p: (v, k) for p, v, k in figures.trajectory_points(target)}
    measured = {str(r["period"]): r for r in rows}
    shown, raw = [], []
    for p in sorted(set(measured) | set(agreed)):
        r = measured.get(p, {})
        value = None if formatting.is_missing(r.get("value")) else float(r["value"])
        a_value, kind = agreed.get(p, (None, ""))
        shown.append([formatting.period(p), latest_text(r, ind) if r else "",
                      formatting.figure({"value": a_value}, ind) + f" ({kind})" if kind
                      else ""])
        raw.append([p, value, r.get("status"), bool(r.get("suppressed")),
                    bool(r.get("lower_bound")), bool(r.get("demo")), a_value, kind or None])
    return (pd.DataFrame(shown, columns=["periode", "gemeten", "afgesproken"]),
            pd.DataFrame(raw, columns=EXPORT_COLUMNS))


def chart_parts(agreement: dict, target: dict, rows: list[dict]) -> tuple:
    """(figure, shown table, caption, export data, title) of a target's trajectory chart."""
    ind = _indicator(target)
    name = common.region_name(agreement["region_code"])
    demo = bool(queries.build_info()["contains_demo"]) or any(r.get("demo") for r in rows)
    figure = figures.trajectory_spec(rows, target, indicator=ind, region_name=name, demo=demo,
                                     height=380)
    shown, raw = _table(rows, target, ind)
    title = f"{ind['label']}: {name} tegen het afgesproken traject"
    caption = chart.caption_text(ind if ind.get("source") else None, None,
                                 queries.latest_classification_year(), demo=demo,
                                 extra="gemeten (doorgetrokken) tegen afgesproken (gestreept)")
    return figure, shown, caption, chart.export_data(title, caption, raw, demo), title


def _indicator(target: dict) -> dict:
    return queries.indicator(target.get("indicator_id") or "") or {
        "label": str(target.get("indicator_id")), "unit": "pct", "source": "",
        "source_table": ""}


def target_block(agreement: dict, target: dict, index: int, rows: list[dict],
                 duidingen: list[dict], *, may_edit: bool) -> html.Section:
    """The section of target `index` (rows: its measured series, oldest first); its chart's
    store holds the key {'id'} its export is built from (`detail.export`)."""
    ind = _indicator(target)
    region = agreement["region_code"]
    name = common.region_name(region)
    figure, shown, caption, _data, title = chart_parts(agreement, target, rows)
    add = duiding.add_href(region, target.get("indicator_id") or "") if may_edit else None
    return html.Section([
        html.H2(ind["label"], id=f"doel-{index + 1}"),
        html.Dl([html.Dt("Basiswaarde"), html.Dd(baseline_words(target, ind)),
                 html.Dt("Mijlpalen"), html.Dd(milestone_words(target, ind)),
                 html.Dt("Streefwaarde"), html.Dd(goal_words(target, ind)),
                 html.Dt("Laatste cijfer"), html.Dd(latest_text(target.get("latest"), ind)),
                 html.Dt("Status"), html.Dd([status_badge(target.get("status")), " ",
                                             html.Span(target.get("reason") or "")])],
                className="afspraak-facts"),
        html.Details([html.Summary("Hoe de status wordt bepaald"),
                      html.P(rule.RULE_TEXT_NL, className="rule-text")]),
        chart.chart_block(PAGE, f"doel-{index + 1}", title, figure, shown, caption,
                          {"id": agreement["id"]}),
        duiding.panel(f"Duiding bij {ind['label']} in {name}", duidingen, add=add),
    ], className="target-block", **{"aria-label": f"Doel {index + 1}: {ind['label']}"})
