"""Statuses of many agreements at once: the measured series of every target read in one
warehouse query for all standard regions and one query per distinct werkgebied, then the status
rule (`status.assess`) applied per target, and the targets combined per agreement (COMBINE_TEXT_NL).
No Dash here.

`with_status(agreements)` is what the list page, the region pages' sections and the report use;
`series(agreements)` gives the measured rows per (region, indicator) for charts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from dashboard import formatting, queries
from dashboard.afspraken import status as rule

__all__ = ["COMBINE_TEXT_NL", "with_status", "series", "target_key", "target_status",
           "agreement_status"]

COMBINE_TEXT_NL = (
    "Een afspraak met meer doelen ligt achter zodra één doel achter ligt; is een doel niet te "
    "beoordelen, dan is de afspraak dat ook; zijn alle doelen behaald, dan is de afspraak "
    "behaald, en anders op koers.")

WERKGEBIED = re.compile(r"WG\d{4,5}")
MembersOf = Callable[[str], list[dict] | None]
SeriesMap = dict[tuple[str, str], list[dict]]


def target_key(agreement: dict, target: dict) -> tuple[str, str]:
    return (str(agreement.get("region_code") or ""), str(target.get("indicator_id") or ""))


def _store_members() -> MembersOf:
    """Members of every live werkgebied, read in one store query when first asked."""
    found: dict[str, list[dict]] = {}

    def members(code: str) -> list[dict] | None:
        if not found:
            from dashboard import store

            with store.session(readonly=True) as s:
                found.update({w["code"]: list(w["members"]) for w in store.werkgebieden.list(s)})
            found.setdefault("", [])
        return found.get(code)
    return members


def _one_per_period(rows: list[dict]) -> list[dict]:
    """One row per period (the first source by name when two public sources have one); the
    rows come ordered by period and source."""
    out: list[dict] = []
    for r in rows:
        if not out or out[-1]["period"] != r["period"]:
            out.append(r)
    return out


def _valid_members(members_of: MembersOf, codes: set[str]) -> dict[str, list[dict]]:
    """The members of each werkgebied that are still valid in this layout; one that is not has
    no figures, and its status says so."""
    found = {}
    for code in sorted(codes):
        members = members_of(code)
        try:
            found[code] = queries.werkgebied_members(members) if members else None
        except ValueError:
            found[code] = None
    return {code: m for code, m in found.items() if m}


def series(agreements: list[dict], *, werkgebied_members: MembersOf | None = None) -> SeriesMap:
    """The measured rows (facts shape, oldest first) of every target of `agreements`, keyed by
    (region_code, indicator_id): one query for all standard regions, one for all werkgebieden."""
    members_of = werkgebied_members or _store_members()
    pairs = {target_key(a, t) for a in agreements for t in a.get("targets") or []
             if t.get("indicator_id")}
    standard = sorted(p for p in pairs if not WERKGEBIED.fullmatch(p[0]))
    rows = queries.target_series_records([p[0] for p in standard],
                                         [p[1] for p in standard]) if standard else []
    werkgebieden = _valid_members(members_of, {p[0] for p in pairs} - {p[0] for p in standard})
    if werkgebieden:
        rows += queries.werkgebied_target_records(
            werkgebieden, sorted({ind for c, ind in pairs if c in werkgebieden}))
    out: SeriesMap = {p: [] for p in pairs}
    for r in rows:
        key = (r["region_code"], r["indicator_id"])
        if key in out:  # one query for every werkgebied reads the union of their indicators
            out[key].append(r)
    return {k: _one_per_period(v) for k, v in out.items()}


def _latest(rows: list[dict]) -> dict | None:
    return rows[-1] if rows else None


def _bool_or_none(value) -> bool | None:
    return None if value is None or value is pd.NA or value != value else bool(value)


def target_status(target: dict, rows: list[dict], *, indicator: dict | None) -> dict:
    """{'status', 'reason'} of one target from its measured rows (status.assess)."""
    if indicator is None:
        return {"status": rule.NIET_TE_BEOORDELEN,
                "reason": f"De indicator '{target.get('indicator_id')}' staat niet (meer) in de "
                          "cijfers."}
    if any(formatting.is_missing(target.get(k)) for k in ("baseline_value", "target_value")) \
            or not target.get("baseline_period") or not target.get("target_period"):
        return {"status": rule.NIET_TE_BEOORDELEN,
                "reason": "Basis- of streefwaarde ontbreekt; de status is niet te bepalen."}
    try:
        # The rule reads only figures after the baseline; hand it no more than those whose
        # first year is at least the baseline's (a superset for years, school years and
        # half-years alike), not the whole series.
        first = str(target["baseline_period"])[:4]
        rows = [r for r in rows if str(r["period"])[:4] >= first]
        found = rule.assess(rule.Target(
            unit=indicator["unit"], higher_is_better=_bool_or_none(indicator["higher_is_better"]),
            decimals=None if formatting.is_missing(indicator.get("decimals"))
            else int(indicator["decimals"]),
            baseline_period=str(target["baseline_period"]),
            baseline_value=float(target["baseline_value"]),
            target_period=str(target["target_period"]),
            target_value=float(target["target_value"]),
            milestones=tuple((str(m["period"]), float(m["value"]))
                             for m in target.get("milestones") or [])),
            rows, trend_break=None if formatting.is_missing(indicator.get("trend_break"))
            else int(indicator["trend_break"]))
    except (ValueError, KeyError, TypeError) as exc:
        return {"status": rule.NIET_TE_BEOORDELEN, "reason": f"Niet te beoordelen: {exc}"}
    return {"status": found.status, "reason": found.reason_nl}


def agreement_status(agreement: dict, targets: list[dict]) -> dict:
    """{'status', 'reason'} of an agreement: its manual status without targets, else its
    targets' statuses combined as COMBINE_TEXT_NL says."""
    if not targets:
        try:
            found = rule.manual(agreement.get("manual_status") or "",
                                agreement.get("manual_justification") or "")
        except ValueError:
            return {"status": rule.NIET_TE_BEOORDELEN,
                    "reason": "Deze afspraak heeft geen doel met een indicator en geen "
                              "handmatige status."}
        return {"status": found.status, "reason": f"Vastgesteld door de regio: {found.reason_nl}"}
    statuses = [t["status"] for t in targets]
    if rule.ACHTER in statuses:
        status = rule.ACHTER
    elif rule.NIET_TE_BEOORDELEN in statuses:
        status = rule.NIET_TE_BEOORDELEN
    elif all(s == rule.BEHAALD for s in statuses):
        status = rule.BEHAALD
    else:
        status = rule.OP_KOERS
    if len(targets) == 1:
        return {"status": status, "reason": targets[0]["reason"]}
    first = next(t for t in targets if t["status"] == status) if status in statuses else \
        targets[0]
    counts = ", ".join(f"{statuses.count(s)} {s}" for s in rule.STATUSES if s in statuses)
    return {"status": status, "reason": f"{len(targets)} doelen ({counts}). "
                                        f"{_label(first)}: {first['reason']}"}


def _label(target: dict) -> str:
    ind = queries.indicator(target.get("indicator_id") or "")
    return str(ind["label"]) if ind else str(target.get("indicator_id"))


def with_status(agreements: list[dict], *, werkgebied_members: MembersOf | None = None,
                measured: SeriesMap | None = None) -> list[dict]:
    """Each agreement with `status` (behaald / op koers / achter / niet te beoordelen),
    `reason` (Dutch), `latest` (the newest measured row of each target, with indicator_id) and
    per target in `targets[i]`: `status`, `reason`, `latest`. The input is not changed."""
    measured = series(agreements, werkgebied_members=werkgebied_members) \
        if measured is None else measured
    out = []
    catalogue: dict[str, dict | None] = {}
    for a in agreements:
        targets = []
        for t in a.get("targets") or []:
            rows = measured.get(target_key(a, t), [])
            ind_id = str(t.get("indicator_id") or "")
            if ind_id not in catalogue:
                catalogue[ind_id] = queries.indicator(ind_id)
            found = target_status(t, rows, indicator=catalogue[ind_id])
            targets.append({**t, "status": found["status"], "reason": found["reason"],
                            "latest": _latest(rows)})
        overall = agreement_status(a, targets)
        out.append({**a, "targets": targets, "status": overall["status"],
                    "reason": overall["reason"],
                    "latest": [{**t["latest"], "indicator_id": t.get("indicator_id")}
                               for t in targets if t["latest"]]})
    return out
