"""'Wat valt op' in the OOGO report: talking points chosen by one rule, printed with them, from
figures the report already shows (never other figures). Pure: plain dicts in, points out; no
Dash, no database. `report` gathers the inputs, `report_html` prints the points and the rule.

A figure is {indicator_id, label, unit, decimals, higher_is_better, judged, trend_break, own,
previous, comparisons} (the catalogue's fields), where own/previous are facts {period, value,
value_low, value_high, suppressed, lower_bound, status} and comparisons a list of {role,
label, name, fact} (role 'swv_po', 'swv_vo' or 'nederland'; label as a verdict names it:
'SWV PO Amsterdam (PO2701)'; name as a table names it: 'SWV PO PO2101'). An agreement is {id,
title, status, reason, indicator, latest, target}.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import formatting
from dashboard.figures import period_year
from dashboard.verdict import BAD, GOOD, TOLERANCE, judge

N_POINTS = 3
SWV_ROLES = ("swv_po", "swv_vo")
BEHIND = "achter"


@dataclass(frozen=True)
class Point:
    """One talking point and the figure it points at."""
    kind: str               # 'swv', 'nederland', 'verandering' or 'afspraak'
    indicator_id: str | None
    label: str              # the indicator (or the agreement's title)
    period: str | None
    value: str              # the figure as printed
    comparison: str         # what it is compared with, as printed ('SWV PO PO2101: 12,3%')
    note: str               # what stands out, short ('hoger dan het land, ongunstig; 15%')
    sentence: str           # the whole point in words
    score: float            # what the rule ranked by (relative difference or change)
    agreement_id: int | None = None


def rule_text(*, swv: bool) -> str:
    """The selection rule in Dutch, as the report prints it above the points."""
    parts = []
    if swv:
        parts.append(f"de {N_POINTS} indicatoren met het grootste verschil met het SWV")
    parts.append(f"de {N_POINTS} indicatoren met het grootste verschil met Nederland")
    parts.append(f"de {N_POINTS} grootste veranderingen van het eigen cijfer sinds de vorige "
                 "periode")
    parts.append("elke afspraak met de status ‘achter’")
    listed = "; ".join(f"({i}) {p}" for i, p in enumerate(parts, start=1))
    return (f"Zo zijn deze punten gekozen: {listed}. Een verschil telt alleen waar een oordeel "
            "gunstig of ongunstig mogelijk is: de indicator heeft een richting (hoger of lager "
            "is beter), beide cijfers zijn openbaar (niet geheim) en ze verschillen meer dan "
            f"{round(TOLERANCE * 100)}%, ook aan de rand van de marge die geheime gemeenten "
            "laten. Een verandering telt alleen als beide perioden openbaar zijn, zonder "
            "geheime gemeenten, niet over een trendbreuk heen, en het verschil groter is dan "
            f"{round(TOLERANCE * 100)}%. Verschillen en veranderingen zijn relatief: (cijfer − "
            "vergelijking) / vergelijking; bij een marge het kleinste verschil dat de marges "
            "toelaten ('minstens'). Alle cijfers staan ook in de samenvatting.")


def basis_text(figures: list[dict]) -> str:
    """How many figures the rule could choose from: '4 van de 21 indicatoren hebben een
    openbaar eigen cijfer in de laatste periode.'"""
    n = sum(_usable(f["own"]) for f in figures)
    word = "heeft" if n == 1 else "hebben"
    return (f"{n} van de {len(figures)} indicatoren {word} een openbaar eigen cijfer in de "
            "laatste periode (geheime cijfers tellen niet mee).")


def _usable(fact: dict | None) -> bool:
    return bool(fact) and not fact.get("suppressed") and not formatting.is_missing(
        fact.get("value"))


def _text(fact: dict | None, fig: dict) -> str:
    """A figure as the point prints it: as everywhere (`formatting.figure`)."""
    return formatting.figure(fact, fig) if fact else formatting.MISSING_TEXT


def _relative(value: float, reference: float) -> float | None:
    return None if reference == 0 else (value - reference) / abs(reference)


def _difference(fig: dict, cmp: dict) -> tuple[float, str, bool] | None:
    """(relative difference, verdict text, whether a margin made it the least difference)
    when a gunstig/ongunstig verdict is possible: the difference between the nearest ends of
    the two intervals."""
    own, ref = fig["own"], cmp["fact"]
    if not _usable(own) or not _usable(ref):
        return None
    judged = judge(own, ref, fig, cmp["label"])
    if judged is None or judged[1] not in (GOOD, BAD):
        return None
    (low, high), (ref_low, ref_high) = formatting.interval(own), formatting.interval(ref)
    above = low > ref_high
    rel = _relative(low, ref_high) if above else _relative(high, ref_low)
    if rel is None:
        return None
    return rel, judged[0], (low, ref_high) != (high, ref_low)


def _difference_points(figures: list[dict], roles: tuple[str, ...], kind: str) -> list[Point]:
    found = []
    for fig in figures:
        best = None
        for cmp in fig["comparisons"]:
            if cmp["role"] not in roles or (diff := _difference(fig, cmp)) is None:
                continue
            if best is None or abs(diff[0]) > abs(best[0][0]):
                best = (diff, cmp)
        if best is None:
            continue
        (rel, text, margin), cmp = best
        period = fig["own"]["period"]
        size = (f"{'minstens ' if margin else ''}{formatting.number(abs(rel) * 100)}% "
                f"{'hoger' if rel > 0 else 'lager'}")
        found.append(Point(
            kind, fig["indicator_id"], fig["label"], period, _text(fig["own"], fig),
            f"{cmp['name']}: {_text(cmp['fact'], fig)}", f"{text}; {size}",
            f"{fig['label']} ({formatting.period(period)}): {_text(fig['own'], fig)}, "
            f"{text} ({_text(cmp['fact'], fig)}; {size}).", abs(rel)))
    return sorted(found, key=lambda p: (-p.score, p.label))[:N_POINTS]


def _crosses_break(fig: dict, before: str, after: str) -> bool:
    brk = fig.get("trend_break")
    if formatting.is_missing(brk):
        return False
    return period_year(before) < int(brk) <= period_year(after)


def _change_points(figures: list[dict]) -> list[Point]:
    found = []
    for fig in figures:
        own, prev = fig["own"], fig.get("previous")
        if not _usable(own) or not _usable(prev) or own.get("lower_bound") \
                or prev.get("lower_bound") or _crosses_break(fig, prev["period"], own["period"]):
            continue
        rel = _relative(float(own["value"]), float(prev["value"]))
        if rel is None or abs(rel) <= TOLERANCE:
            continue
        up = rel > 0
        hib = fig.get("higher_is_better")
        judged = "" if hib is None else (", gunstig" if up == bool(hib) else ", ongunstig")
        word = "gestegen" if up else "gedaald"
        found.append(Point(
            "verandering", fig["indicator_id"], fig["label"], own["period"], _text(own, fig),
            f"{formatting.period(prev['period'])}: {_text(prev, fig)}",
            f"{word} met {formatting.number(abs(rel) * 100)}%{judged}",
            f"{fig['label']}: {'gestegen' if up else 'gedaald'} van {_text(prev, fig)} "
            f"({formatting.period(prev['period'])}) naar {_text(own, fig)} "
            f"({formatting.period(own['period'])}), {formatting.number(abs(rel) * 100)}%"
            f"{judged}.", abs(rel)))
    return sorted(found, key=lambda p: (-p.score, p.label))[:N_POINTS]


def _agreement_points(agreements: list[dict]) -> list[Point]:
    return [Point("afspraak", a.get("indicator_id"), a["title"], a.get("period"),
                  a.get("latest") or formatting.MISSING_TEXT, a.get("target") or "",
                  a.get("reason") or "",
                  f"Afspraak ‘{a['title']}’ loopt achter: {a.get('reason') or 'zie de afspraak'}.",
                  0.0, a.get("id"))
            for a in agreements if a.get("status") == BEHIND]


def talking_points(figures: list[dict], agreements: list[dict]) -> dict[str, list[Point]]:
    """The points per part of the rule, in the rule's order: 'swv' (left out when no figure
    has an SWV comparison, as for an SWV's own report), 'nederland', 'verandering',
    'afspraak'. Every value is one of the figures given."""
    out = {}
    if any(c["role"] in SWV_ROLES for f in figures for c in f["comparisons"]):
        out["swv"] = _difference_points(figures, SWV_ROLES, "swv")
    out["nederland"] = _difference_points(figures, ("nederland",), "nederland")
    out["verandering"] = _change_points(figures)
    out["afspraak"] = _agreement_points(agreements)
    return out
