"""The status rule of an agreement's target: behaald, op koers, achter or niet te beoordelen,
from the target and the measured series, with one Dutch sentence saying why. Pure Python: no
Dash, no database (`progress` reads the series; pages show the result and RULE_TEXT_NL)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dashboard.formatting import UNIT_DECIMALS, UNIT_SUFFIX, flag, is_missing
from dashboard.formatting import number as nl_number
from dashboard.formatting import period as nl_period

STATUSES = ("behaald", "op koers", "achter", "niet te beoordelen")
BEHAALD, OP_KOERS, ACHTER, NIET_TE_BEOORDELEN = STATUSES

RULE_TEXT_NL = (
    "De status van een doel volgt uit het nieuwste cijfer na de basisperiode. De richting volgt "
    "uit basis- en streefwaarde; zijn die gelijk, dan is het doel vasthouden, in de richting "
    "die voor de indicator gunstig is. Op weg naar het doel wordt een rechte lijn verwacht van "
    "de basiswaarde via de mijlpalen naar de streefwaarde. Behaald: het cijfer haalt de "
    "streefwaarde. Op koers: het cijfer is minstens zo goed als de verwachte waarde voor die "
    "periode. Achter: het cijfer is slechter dan de verwachte waarde, of haalt de streefwaarde "
    "niet terwijl de streefperiode voorbij is. Niet te beoordelen: er is nog geen cijfer na de "
    "basisperiode, het cijfer is geheim, het zijn voorbeeldcijfers, er ligt een trendbreuk "
    "tussen het basis- en het laatste jaar, of het cijfer is een ondergrens of bandbreedte die "
    "zowel boven als onder de verwachte waarde kan liggen. Een afspraak zonder indicator krijgt "
    "een handmatige status met onderbouwing."
)

_PERIOD = re.compile(r"(?P<year>\d{4})|(?P<first>\d{4})/(?P<end>\d{4})|(?P<hy>\d{4})-H(?P<h>[12])")


@dataclass(frozen=True)
class Target:
    """What was agreed for one indicator; milestones are (period, value) between baseline and
    target period."""

    unit: str
    higher_is_better: bool | None
    baseline_period: str
    baseline_value: float
    target_period: str
    target_value: float
    milestones: tuple[tuple[str, float], ...] = ()
    decimals: int | None = None  # the catalogue's shown precision; None: the unit's


@dataclass(frozen=True)
class Actual:
    """One measured figure. value_low/value_high, when known, bound the true value; otherwise
    a lower bound is [value, +inf) and a plain value [value, value]."""

    period: str
    value: float | None
    value_low: float | None = None
    value_high: float | None = None
    lower_bound: bool = False
    suppressed: bool = False
    demo: bool = False
    status: str = "definitief"

    @classmethod
    def from_mapping(cls, row: Mapping) -> Actual:
        """From a dict or DataFrame record (NaN and NA read as missing, flags as False)."""
        return cls(period=str(row["period"]), value=_num(row.get("value")),
                   value_low=_num(row.get("value_low")), value_high=_num(row.get("value_high")),
                   lower_bound=flag(row.get("lower_bound")),
                   suppressed=flag(row.get("suppressed")), demo=flag(row.get("demo")),
                   status=str(row.get("status") or "definitief"))


@dataclass(frozen=True)
class Assessment:
    """A status, the Dutch sentence why, the expected value at the latest period and that
    period (None when the rule did not get that far)."""

    status: str
    reason_nl: str
    expected: float | None = None
    latest_period: str | None = None


def _num(v) -> float | None:
    return None if is_missing(v) else float(v)


def period_year(period: str) -> int:
    """The year a period is compared by: '2023', '2023-H1' -> 2023; '2022/2023' -> 2023."""
    return int(_time(period))


def _time(period: str) -> float:
    """A period's position on the time axis: the year (school year: its end year), + 0.5 for
    a second half-year."""
    m = _PERIOD.fullmatch(str(period).strip())
    if m is None:
        raise ValueError(f"Onbekende periode '{str(period)[:20]}'.")
    if m["year"]:
        return float(m["year"])
    if m["end"]:
        if int(m["end"]) != int(m["first"]) + 1:
            raise ValueError(f"Onbekend schooljaar '{period}'.")
        return float(m["end"])
    return int(m["hy"]) + (0.5 if m["h"] == "2" else 0.0)


def manual(status: str, justification: str) -> Assessment:
    """The status of an agreement without indicators: one of STATUSES with a justification."""
    status = (status or "").strip().lower()
    if status not in STATUSES:
        raise ValueError(f"Onbekende status '{status}'; kies uit: {', '.join(STATUSES)}.")
    text = (justification or "").strip()
    if not text:
        raise ValueError("Een handmatige status vraagt om een onderbouwing.")
    return Assessment(status, text)


def _fmt(v: float, unit: tuple[str, int | None], *others: float) -> str:
    """A value as shown (unit and the catalogue's decimals), with one more decimal (up to
    three) when it would otherwise read the same as a different value it is compared with."""
    unit, decimals = unit
    decimals = UNIT_DECIMALS.get(unit, 1) if decimals is None else decimals
    while decimals < 3 and any(o != v and round(o, decimals) == round(v, decimals)
                               for o in others if math.isfinite(o)):
        decimals += 1
    return nl_number(v, decimals) + UNIT_SUFFIX.get(unit, "")


def _interpolate(points: list[tuple[float, float]], t: float) -> float:
    for (t0, v0), (t1, v1) in zip(points, points[1:], strict=False):
        if t0 <= t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]


def assess(target: Target, actuals: Iterable[Actual | Mapping],
           trend_break: int | None = None) -> Assessment:
    """The status of `target` given the measured series and the indicator's trend-break year
    (None when it has none). Raises ValueError for periods it cannot read."""
    unit = (target.unit, target.decimals)
    base_t, goal_t = _time(target.baseline_period), _time(target.target_period)
    if goal_t <= base_t:
        raise ValueError(f"De streefperiode {target.target_period} ligt niet na de "
                         f"basisperiode {target.baseline_period}.")
    points = [(base_t, float(target.baseline_value))]
    for p, v in sorted(target.milestones, key=lambda m: _time(m[0])):
        if not base_t < _time(p) < goal_t:
            raise ValueError(f"Mijlpaal {p} ligt niet tussen basis- en streefperiode.")
        points.append((_time(p), float(v)))
    goal = float(target.target_value)
    points.append((goal_t, goal))

    if goal != points[0][1]:
        up = goal > points[0][1]
    elif target.higher_is_better is None or is_missing(target.higher_is_better):
        return Assessment(NIET_TE_BEOORDELEN, "Het doel is gelijk aan de basiswaarde en voor "
                          "deze indicator is niet vastgelegd of hoger of lager gunstig is.")
    else:
        up = bool(target.higher_is_better)

    rows = [a if isinstance(a, Actual) else Actual.from_mapping(a) for a in actuals]
    after = sorted((a for a in rows if _time(a.period) > base_t
                    and (a.suppressed or a.value is not None)), key=lambda a: _time(a.period))
    if not after:
        return Assessment(NIET_TE_BEOORDELEN, "Er is nog geen cijfer na de basisperiode "
                          f"{nl_period(target.baseline_period)}.")
    latest = after[-1]
    lp, when = latest.period, nl_period(latest.period)
    if any(a.demo for a in after):
        return Assessment(NIET_TE_BEOORDELEN, f"De cijfers na de basisperiode (tot en met {when}) "
                          "zijn voorbeeldcijfers, geen officiële statistiek.", latest_period=lp)
    base_year, latest_year = period_year(target.baseline_period), period_year(lp)
    if trend_break is not None and not is_missing(trend_break) \
            and base_year < int(trend_break) <= latest_year:
        return Assessment(NIET_TE_BEOORDELEN, f"Er is een trendbreuk in {int(trend_break)} "
                          "tussen basis- en laatste jaar: de cijfers zijn niet vergelijkbaar.",
                          latest_period=lp)
    if latest.suppressed or latest.value is None:
        return Assessment(NIET_TE_BEOORDELEN, f"Het cijfer over {when} is geheim (te kleine "
                          "aantallen).", latest_period=lp)

    low = latest.value if latest.value_low is None else latest.value_low
    high = latest.value_high if latest.value_high is not None \
        else (math.inf if latest.lower_bound else latest.value)
    t = _time(lp)
    expected = goal if t >= goal_t else _interpolate(points, t)

    # "At or better than", with a little slack for sums of floats (shares, back-cast weights).
    def good(x: float, ref: float) -> bool:
        slack = 1e-9 * max(1.0, abs(ref))
        return x >= ref - slack if up else x <= ref + slack

    def bad(x: float, ref: float) -> bool:
        return not good(x, ref)

    best, worst = (high, low) if up else (low, high)
    word = "minstens" if up else "hoogstens"
    shown = _figure(low, high, unit, expected, goal)
    label = f"Het cijfer over {when}{' (voorlopig)' if latest.status == 'voorlopig' else ''}"
    goal_text = f"{word} {_fmt(goal, unit, low, high)} in {nl_period(target.target_period)}"
    if good(worst, goal):
        return Assessment(BEHAALD, f"{label} is {shown} en haalt het doel van {goal_text}.",
                          expected, lp)
    if t >= goal_t:
        if bad(best, goal):
            return Assessment(ACHTER, f"{label} is {shown} en haalt het doel van {goal_text} "
                              "niet.", expected, lp)
        return Assessment(NIET_TE_BEOORDELEN, f"{label} ligt tussen {_range(low, high, unit)}, "
                          f"dus mogelijk boven of onder het doel van {goal_text}.", expected, lp)
    exp_text = _fmt(expected, unit, low, high)
    if good(worst, expected):
        return Assessment(OP_KOERS, f"{label} is {shown}, op of beter dan de {exp_text} die op "
                          f"weg naar het doel ({goal_text}) verwacht werd.", expected, lp)
    if bad(best, expected):
        return Assessment(ACHTER, f"{label} is {shown}, slechter dan de {exp_text} die op weg "
                          f"naar het doel ({goal_text}) verwacht werd.", expected, lp)
    return Assessment(NIET_TE_BEOORDELEN, f"{label} ligt tussen {_range(low, high, unit)}, dus "
                      f"mogelijk boven of onder de verwachte {exp_text} op weg naar het doel "
                      f"({goal_text}).", expected, lp)


def _figure(low: float, high: float, unit: tuple, *refs: float) -> str:
    if low == high:
        return _fmt(low, unit, *refs)
    if math.isinf(high):
        return f"minstens {_fmt(low, unit, *refs)} (ondergrens)"
    return f"tussen {_range(low, high, unit, *refs)}"


def _range(low: float, high: float, unit: tuple, *refs: float) -> str:
    if math.isinf(high):
        return (f"{_fmt(low, unit, *refs)} en een onbekend hoger getal (een ondergrens: "
                "geheime aantallen tellen niet mee)")
    return f"{_fmt(low, unit, high, *refs)} en {_fmt(high, unit, low, *refs)}"
