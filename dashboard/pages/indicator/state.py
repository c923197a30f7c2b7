"""The indicator page's state: read from the URL's path and query string, checked against the
warehouse, and written back as a query string. Bad values become `Problem`s with Dutch
suggestions (links to valid values), never exceptions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dashboard import formatting, limits, queries, verdict

LEVEL_PLURAL = {"gemeente": "gemeenten", "swv_po": "SWV's PO", "swv_vo": "SWV's VO",
                "jeugdregio": "jeugdregio's", "rmc": "RMC-regio's", "provincie": "provincies"}
LEVEL_SHORT = {"gemeente": "Gemeente", "swv_po": "SWV PO", "swv_vo": "SWV VO",
               "jeugdregio": "Jeugdregio", "rmc": "RMC-regio", "provincie": "Provincie"}
SORTS = {"naam": "naam", "oplopend": "waarde (laag → hoog)", "aflopend": "waarde (hoog → laag)"}
PERIOD_PATTERN = re.compile(r"^\d{4}(-H[12]|/\d{4})?$")


@dataclass(frozen=True)
class View:
    """Everything the page shows is a function of this."""
    indicator: dict = field(hash=False, compare=False)
    level: str
    region: str | None
    period: str
    sort: str = "naam"

    @property
    def indicator_id(self) -> str:
        return self.indicator["indicator_id"]


@dataclass
class Problem:
    """A Dutch explanation of a bad URL value, with links to valid values."""
    message: str
    suggestions: list[tuple[str, str]] = field(default_factory=list)


def href(indicator_id: str, *, region: str | None = None, level: str | None = None,
         period: str | None = None, sort: str | None = None) -> str:
    """The page's URL for a view; the same encoding as the browser's URLSearchParams."""
    query = {k: v for k, v in (("regio", region), ("niveau", level), ("periode", period),
                               ("sorteer", None if sort == "naam" else sort)) if v}
    return f"/indicator/{indicator_id}" + (f"?{urlencode(query)}" if query else "")


def _indicator_problem(indicator_id: str | None) -> Problem:
    cat = queries.indicators()
    shown = indicator_id if len(indicator_id or "") <= limits.INDICATOR_ID_CHARS else None
    message = (f"‘{shown}’ is geen indicator van deze monitor." if shown is not None else
               limits.too_long("De indicator in het adres", limits.INDICATOR_ID_CHARS))
    return Problem(f"{message} Kies een van de indicatoren:",
                   [(label, href(i)) for i, label in zip(cat["indicator_id"], cat["label"],
                                                         strict=True)])


def _region_problem(indicator_id: str, code: str, level: str | None) -> Problem:
    level = level if level in queries.MAP_LEVELS else None
    fallback = [("Zonder gekozen regio", href(indicator_id, level=level)),
                ("Zoek een regio op naam", "/")]
    if len(code) > limits.REGION_CODE_CHARS:
        return Problem(limits.too_long("De regiocode", limits.REGION_CODE_CHARS) +
                       " Kies een van deze mogelijkheden:", fallback)
    suggestions = [(f"{r.new_name} ({r.new_code})", href(indicator_id, region=r.new_code))
                   for r in queries.successors(code).itertuples()]
    if suggestions:
        return Problem(f"Gemeente {code} bestaat niet meer na een herindeling; de cijfers staan "
                       "bij de opvolger:", suggestions)
    suggestions = [(f"{r.region_name} ({r.region_code})",
                    href(indicator_id, region=r.region_code))
                   for r in queries.regions_like_code(code).itertuples()] + fallback
    ask = "Bedoelde u:" if len(suggestions) > 2 else "Kies een van deze mogelijkheden:"
    return Problem(f"Er is geen regio met code ‘{code}’ in de indeling "
                   f"{queries.latest_classification_year()}. {ask}", suggestions)


def _text(value) -> str | None:
    # Values come from the address or from a store the client sends back: anything but a
    # short string counts as not given (the caller reports a bad value where it matters).
    return limits.text(value, limits.QUERY_VALUE_CHARS)


def parse(indicator_id: str | None, regio: str | None = None, niveau: str | None = None,
          periode: str | None = None, sorteer: str | None = None) -> View | list[Problem]:
    """A View for valid URL values; otherwise every problem found, each with suggestions."""
    indicator_id, regio, niveau, periode, sorteer = map(
        _text, (indicator_id, regio, niveau, periode, sorteer))
    indicator = queries.indicator(indicator_id or "")
    if indicator is None:
        return [_indicator_problem(indicator_id)]
    ind_id = indicator["indicator_id"]
    problems = []
    code = (regio or "").strip().upper() or None
    region = queries.region(code) if code else None
    if code and region is None:
        problems.append(_region_problem(ind_id, code, niveau))
    level = niveau or (region["region_level"] if region else "gemeente")
    shown = [lv for lv in queries.MAP_LEVELS if verdict.applies(indicator, lv)]
    if level not in shown:
        message = (f"{indicator['label']} geldt niet voor {LEVEL_PLURAL[level]}."
                   if level in queries.MAP_LEVELS else
                   f"‘{niveau}’ is geen niveau van deze pagina.")
        problems.append(Problem(
            f"{message} Kies een niveau:",
            [(LEVEL_SHORT[lv], href(ind_id, region=code if region else None, level=lv))
             for lv in shown]))
    periods = queries.indicator_periods(ind_id)
    if periode and (len(periode) > limits.PERIOD_CHARS or not PERIOD_PATTERN.match(periode)
                    or periode not in periods):
        problems.append(Problem(
            (f"Periode ‘{periode}’ bestaat niet voor {indicator['label'].lower()}."
             if len(periode) <= limits.PERIOD_CHARS else
             limits.too_long("De periode", limits.PERIOD_CHARS)) + " Kies een periode:",
            [(formatting.period(p), href(ind_id, region=code if region else None,
                                         level=niveau if level in shown else None,
                                         period=p)) for p in reversed(periods)]))
    if problems:
        return problems
    if region is not None and region["region_level"] != level:
        code = queries.containing_regions(code).get(level)
    return View(indicator=indicator, level=level, region=code,
                period=periode or (periods[-1] if periods else ""),
                sort=sorteer if sorteer in SORTS else "naam")
