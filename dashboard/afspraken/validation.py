"""Checks of what a user typed or a spreadsheet row holds against the warehouse: agreements,
werkgebieden and duiding, each returning (clean, errors) with Dutch messages per field.

The store checks shapes only; what needs the warehouse (does the region, the indicator, the
period exist, is a value inside its unit's range) is checked here, before any store call.
Reading the catalogue and regions goes through `dashboard.queries`; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

from dashboard import queries
from dashboard.queries.werkgebied import WERKGEBIED_MAX_MEMBERS

Errors = list[tuple[str, str]]
MembersOf = Callable[[str], list[dict] | None]

MANUAL_STATUSES = ("behaald", "op koers", "achter", "niet te beoordelen")
# Ranges of a value in each unit: a percentage cannot exceed 100, a rate per 1,000 not 1,000.
UNIT_RANGES = {"pct": (0.0, 100.0), "per_1000": (0.0, 1000.0), "count": (0.0, math.inf)}
UNIT_NAMES = {"pct": "percentage", "per_1000": "aantal per 1.000", "count": "aantal"}
TITLE_MAX = 300
TEXT_MAX = 20_000
SHORT_MAX = 200
GIVEN_BASELINE = {"source": "opgegeven"}
WERKGEBIED_CODE = re.compile(r"WG\d{4}")
# Years a period may name: the warehouse starts in 2014/2015; targets lie at most decades ahead.
YEARS = (2000, 2100)

_INT = re.compile(r"[+-]?\d+")
_COMMA = re.compile(r"[+-]?\d+,\d+")
_DUTCH = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_POINT = re.compile(r"[+-]?\d*\.\d+")
_SCHOOL = re.compile(r"(\d{4})\s*[/-]\s*(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?")
_NL_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
# Control characters other than tab and line breaks: invisible, and an XLSX cannot hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Invalid(ValueError):
    """One value that cannot be read; the message is Dutch and fit to show the user."""


# -- small readers ---------------------------------------------------------------------------
def blank(value) -> bool:
    """True for None, NaN and text that is empty after stripping."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def number(value) -> float:
    """A number as typed: 12, 12.5, '12,5', '1.234,5' or '1.234.567'; raises Invalid.

    '1.234' is refused: in Dutch it is 1234, in English 1.234, and a target must not depend on
    which one the spreadsheet meant."""
    if isinstance(value, bool):
        raise Invalid(f"geen getal: '{value}'")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid("geen getal")
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if _INT.fullmatch(text):
        return float(text)
    if _COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    if _DUTCH.fullmatch(text):
        if "," not in text and text.count(".") == 1:
            raise Invalid(f"'{text}' is dubbelzinnig: schrijf {text.replace('.', '')} of "
                          f"{text.replace('.', ',')} (decimale komma)")
        return float(text.replace(".", "").replace(",", "."))
    if _POINT.fullmatch(text):
        return float(text)
    raise Invalid(f"geen getal: '{str(value).strip()[:40]}' (schrijf bijvoorbeeld 12,5)")


def period(value, period_type: str) -> str:
    """'2023' for a year indicator, '2022/2023' (or '2022-2023') for a school-year one."""
    text = _cell_text(value)
    if period_type == "school_year":
        m = _SCHOOL.fullmatch(text)
        if not m or int(m[2]) != int(m[1]) + 1:
            raise Invalid(f"onjuiste periode '{text}': verwacht een schooljaar als 2022/2023")
        first = int(m[1])
        canonical = f"{first}/{first + 1}"
    else:
        if not re.fullmatch(r"\d{4}", text):
            raise Invalid(f"onjuiste periode '{text}': verwacht een jaar als 2023")
        first = int(text)
        canonical = text
    if not YEARS[0] <= first <= YEARS[1]:
        raise Invalid(f"periode '{text}' ligt buiten {YEARS[0]}-{YEARS[1]}")
    return canonical


def period_key(p: str) -> int:
    """Orders periods of one kind: a school year counts as the calendar year it ends in."""
    return int(p[5:9]) if "/" in p else int(p[:4])


def date(value) -> str:
    """A date as ISO text from 2026-03-01, 01-03-2026, 1-3-2026 or a date object."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise Invalid(f"'{value.isoformat()}' is een tijdstip; geef alleen een datum")
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _cell_text(value)
    m = _ISO_DATE.fullmatch(text)
    parts = (m[1], m[2], m[3]) if m else None
    if not m:
        m = _NL_DATE.fullmatch(text)
        parts = (m[3], m[2], m[1]) if m else None
    if parts is None:
        raise Invalid(f"onjuiste datum '{text[:40]}': schrijf dd-mm-jjjj, bijvoorbeeld "
                      "01-03-2026")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        raise Invalid(f"'{text}' bestaat niet als datum") from None


def text_list(value, *, codes: bool) -> list[str]:
    """A list, or a string separated by ';' (or by ',' when it has no ';'); empty items go.
    Region codes are upper-cased."""
    if blank(value):
        return []
    if isinstance(value, list | tuple):
        items = [str(v) for v in value if not blank(v)]
    else:
        text = str(value)
        items = text.split(";") if ";" in text else text.split(",")
    items = [i.strip() for i in items if i.strip()]
    return [i.upper() for i in items] if codes else items


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _text(value) -> str:
    return "" if blank(value) else str(value).strip()


# -- regions and indicators ------------------------------------------------------------------
def _region_error(code: str, members_of: MembersOf | None) -> str | None:
    """Why `code` is not a region an agreement can be about, or None when it is one."""
    if WERKGEBIED_CODE.fullmatch(code):
        if members_of is not None and members_of(code):
            return None
        return f"onbekend werkgebied '{code}'"
    if queries.region(code) is not None:
        return None
    year = queries.latest_classification_year()
    if code.startswith("GM"):
        later = queries.latest_successors(code)
        if len(later):
            names = ", ".join(f"{r.new_code} {r.new_name}" for r in later.itertuples())
            return (f"gemeente {code} bestaat niet meer in de indeling van {year} (opgegaan "
                    f"in {names}); gebruik die code")
    return f"onbekende regiocode '{code}' (niet in de indeling van {year})"


def _in_range(value: float, unit: str) -> str | None:
    low, high = UNIT_RANGES[unit]
    if low <= value <= high:
        return None
    span = f"{_nl(low)} en {_nl(high)}" if math.isfinite(high) else f"minstens {_nl(low)}"
    return f"{_nl(value)} ligt buiten het bereik van een {UNIT_NAMES[unit]} ({span})"


def _controls(clean: dict, labels: dict[str, str], errors: Errors) -> None:
    for field, label in labels.items():
        value = clean.get(field)
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and _CONTROL.search(v) for v in values):
            errors.append((field, f"{label} bevat een onzichtbaar stuurteken; haal het weg."))


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _nl(v: float) -> str:
    text = f"{v:,.6f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans({",": ".", ".": ","}))


# -- agreements ------------------------------------------------------------------------------
def agreement(data: dict, *, werkgebied_members: MembersOf | None = None) -> tuple[dict, Errors]:
    """The agreement as the store takes it, and a list of (field, Dutch message).

    Target fields are named `targets[i].<field>` (i counts from 0). A missing baseline value is
    taken from the warehouse (`progress.baseline`); a given one is kept with its flags (or
    `{"source": "opgegeven"}`), so a stored baseline is never refreshed by a rebuild."""
    errors: Errors = []
    clean: dict = {"ambitie_id": data.get("ambitie_id")}
    title = _text(data.get("title"))
    if not title:
        errors.append(("title", "Titel is verplicht."))
    elif len(title) > TITLE_MAX:
        errors.append(("title", f"Titel is langer dan {TITLE_MAX} tekens."))
    body = _text(data.get("text"))
    if len(body) > TEXT_MAX:
        errors.append(("text", f"Tekst is langer dan {_count(TEXT_MAX)} tekens."))
    clean.update(title=title, text=body)

    region = _text(data.get("region_code")).upper()
    region_ok = False
    if not region:
        errors.append(("region_code", "Regio is verplicht."))
    elif (why := _region_error(region, werkgebied_members)) is not None:
        errors.append(("region_code", _sentence(why)))
    else:
        region_ok = True
    clean["region_code"] = region

    parties = list(dict.fromkeys(text_list(data.get("parties"), codes=True)))
    for code in parties:
        if (why := _region_error(code, werkgebied_members)) is not None:
            errors.append(("parties", f"Partij: {why}."))
    clean["parties"] = parties
    partners = text_list(data.get("partners"), codes=False)
    if any(len(p) > SHORT_MAX for p in partners):
        errors.append(("partners", f"Een partner is langer dan {SHORT_MAX} tekens."))
    clean["partners"] = partners

    targets = data.get("targets") or []
    clean["targets"] = []
    seen: dict[str, int] = {}
    for i, target in enumerate(targets):
        t, t_errors = _target(target, f"targets[{i}]", region if region_ok else None,
                              werkgebied_members)
        ind = t.get("indicator_id")
        if ind and ind in seen:
            t_errors.append((f"targets[{i}].indicator_id",
                             f"Indicator '{ind}' staat al in doel {seen[ind] + 1} van deze "
                             "afspraak; gebruik mijlpalen voor tussenstappen."))
        elif ind:
            seen[ind] = i
        errors += t_errors
        clean["targets"].append(t)

    status = _text(data.get("manual_status")).lower() or None
    justification = _text(data.get("manual_justification")) or None
    if status is not None and status not in MANUAL_STATUSES:
        errors.append(("manual_status", f"Onbekende status '{status}'; kies uit: "
                       + ", ".join(MANUAL_STATUSES) + "."))
    if status is not None and justification is None:
        errors.append(("manual_justification",
                       "Een handmatige status vraagt om een onderbouwing."))
    if not targets and status is None:
        errors.append(("manual_status", "Een afspraak zonder doel met een indicator vraagt om "
                       "een handmatige status met onderbouwing."))
    if justification is not None and len(justification) > TEXT_MAX:
        errors.append(("manual_justification",
                       f"Onderbouwing is langer dan {_count(TEXT_MAX)} tekens."))
    clean.update(manual_status=status, manual_justification=justification)

    for field in ("oogo_date", "review_date"):
        clean[field] = None
        if not blank(data.get(field)):
            try:
                clean[field] = date(data[field])
            except Invalid as exc:
                errors.append((field, str(exc)))
    if clean["oogo_date"] and clean["review_date"] and clean["review_date"] < clean["oogo_date"]:
        errors.append(("review_date", "De evaluatiedatum ligt voor de OOGO-datum."))
    _controls(clean, {"title": "Titel", "text": "Tekst", "partners": "Een partner",
                      "manual_justification": "Onderbouwing"}, errors)
    return clean, errors


def _target(data: dict, prefix: str, region: str | None,
            members_of: MembersOf | None) -> tuple[dict, Errors]:
    errors: Errors = []

    def err(field: str, message: str) -> None:
        errors.append((f"{prefix}.{field}", message))

    ind_id = _text(data.get("indicator_id"))
    ind = queries.indicator(ind_id) if ind_id else None
    t: dict = {"indicator_id": ind_id, "baseline_period": None, "baseline_value": None,
               "baseline_flags": {}, "target_value": None, "target_period": None,
               "milestones": []}
    if not ind_id:
        err("indicator_id", "Indicator is verplicht voor een doel.")
    elif ind is None:
        err("indicator_id", f"Onbekende indicator '{ind_id}'.")
    kind = ind["period_type"] if ind else None
    unit = ind["unit"] if ind else None

    for field, label in (("baseline_period", "Basisperiode"), ("target_period", "Streefperiode")):
        if blank(data.get(field)):
            err(field, f"{label} is verplicht.")
        elif kind is not None:
            try:
                t[field] = period(data[field], kind)
            except Invalid as exc:
                err(field, f"{label}: {exc}.")
    base_p, goal_p = t["baseline_period"], t["target_period"]
    if base_p and goal_p and period_key(goal_p) <= period_key(base_p):
        err("target_period", f"De streefperiode {goal_p} ligt niet na de basisperiode {base_p}.")

    for field, label in (("target_value", "Streefwaarde"), ("baseline_value", "Basiswaarde")):
        if blank(data.get(field)):
            if field == "target_value":
                err(field, "Streefwaarde is verplicht.")
            continue
        try:
            value = number(data[field])
        except Invalid as exc:
            err(field, f"{label}: {exc}.")
            continue
        if unit is not None and (why := _in_range(value, unit)):
            err(field, f"{label}: {why}.")
            continue
        t[field] = value

    t["milestones"] = _milestones(data.get("milestones"), kind, unit, base_p, goal_p, err)

    if t["baseline_value"] is not None:
        given = data.get("baseline_flags")
        t["baseline_flags"] = dict(given) if isinstance(given, dict) and given \
            else dict(GIVEN_BASELINE)
    elif blank(data.get("baseline_value")) and ind and base_p and region:
        value, flags = _warehouse_baseline(ind_id, region, base_p, members_of)
        if value is None and flags.get("suppressed"):
            err("baseline_value", f"Het cijfer voor {ind_id} in {region} over {base_p} is "
                "geheim (te kleine aantallen); vul de basiswaarde zelf in of kies een andere "
                "basisperiode.")
        elif value is None:
            err("baseline_value", f"Geen cijfer voor {ind_id} in {region} over {base_p} in de "
                "gegevens; vul de basiswaarde zelf in of kies een andere basisperiode.")
        else:
            t["baseline_value"], t["baseline_flags"] = value, flags
    return t, errors


def _milestones(value, kind, unit, base_p, goal_p, err) -> list[dict]:
    if blank(value):
        return []
    if isinstance(value, list | tuple):
        items = [(m.get("period"), m.get("value")) if isinstance(m, dict) else (m, None)
                 for m in value]
    else:
        items = []
        for part in re.split(r"[;\n]", str(value)):
            if not part.strip():
                continue
            p, sep, v = part.partition(":")
            if not sep:
                err("milestones", f"Mijlpaal '{part.strip()[:40]}': schrijf periode: waarde, "
                    "bijvoorbeeld 2025: 12,0; 2026: 11,5.")
                return []
            items.append((p, v))
    out: list[dict] = []
    for p, v in items:
        label = _cell_text(p)
        if kind is None:
            return []
        try:
            mp = period(p, kind)
            mv = number(v) if not blank(v) else None
        except Invalid as exc:
            err("milestones", f"Mijlpaal {label}: {exc}.")
            continue
        if mv is None:
            err("milestones", f"Mijlpaal {label}: waarde ontbreekt.")
            continue
        if unit is not None and (why := _in_range(mv, unit)):
            err("milestones", f"Mijlpaal {mp}: {why}.")
            continue
        if base_p and goal_p and not period_key(base_p) < period_key(mp) < period_key(goal_p):
            err("milestones", f"Mijlpaal {mp} ligt niet tussen de basisperiode {base_p} en de "
                f"streefperiode {goal_p}.")
            continue
        if any(m["period"] == mp for m in out):
            err("milestones", f"Mijlpaal {mp} staat er twee keer in.")
            continue
        out.append({"period": mp, "value": mv})
    return sorted(out, key=lambda m: period_key(m["period"]))


def _warehouse_baseline(indicator_id: str, region: str, period_: str,
                        members_of: MembersOf | None) -> tuple[float | None, dict]:
    """The published figure and its flags (progress.baseline); (None, flags) when secret,
    (None, {}) when there is none."""
    from dashboard.afspraken import progress

    where = members_of(region) if WERKGEBIED_CODE.fullmatch(region) else region
    found = progress.baseline(where, indicator_id, period_)
    if not found:
        return None, {}
    flags = dict(found.get("flags") or {})
    return (None if found.get("value") is None else float(found["value"])), flags


# -- werkgebieden ----------------------------------------------------------------------------
def werkgebied(data: dict) -> tuple[dict, Errors]:
    """Name, description and members [{gemeente_code, weight}] of a werkgebied. Members may be
    a list of dicts or codes, or text 'GM0363; GM0384: 0,5' (weight 1 when left out); every
    code must be a gemeente of the latest layout, each weight above 0 and at most 1."""
    errors: Errors = []
    name = _text(data.get("name"))
    if not name:
        errors.append(("name", "Naam is verplicht."))
    elif len(name) > SHORT_MAX:
        errors.append(("name", f"Naam is langer dan {SHORT_MAX} tekens."))
    description = _text(data.get("description"))
    if len(description) > TEXT_MAX:
        errors.append(("description", f"Beschrijving is langer dan {_count(TEXT_MAX)} tekens."))
    members: list[dict] = []
    raw = data.get("members")
    if isinstance(raw, str):
        raw = [p for p in re.split(r"[;\n]", raw) if p.strip()]
    if raw and len(raw) > WERKGEBIED_MAX_MEMBERS:
        errors.append(("members", f"Een werkgebied heeft hoogstens {WERKGEBIED_MAX_MEMBERS} "
                       f"gemeenten (nu {len(raw)})."))
        raw = []
    for item in raw or []:
        if isinstance(item, dict):
            code, weight = _text(item.get("gemeente_code")).upper(), item.get("weight", 1)
        else:
            code, _, weight = str(item).partition(":")
            code = code.strip().upper()
            weight = weight if weight.strip() else 1
        try:
            w = number(weight)
        except Invalid as exc:
            errors.append(("members", f"Gewicht van {code}: {exc}."))
            continue
        found = queries.region(code) if code else None
        if found is None or found["region_level"] != "gemeente":
            errors.append(("members", f"'{code}' is geen gemeente in de indeling van "
                           f"{queries.latest_classification_year()}."))
        elif not 0 < w <= 1:
            errors.append(("members", f"Gewicht van {code} moet groter dan 0 en hoogstens 1 "
                           f"zijn (nu {_nl(w)})."))
        elif any(m["gemeente_code"] == code for m in members):
            errors.append(("members", f"{code} staat er twee keer in."))
        else:
            members.append({"gemeente_code": code, "weight": w})
    if not members and not any(f == "members" for f, _ in errors):
        errors.append(("members", "Een werkgebied heeft minstens één gemeente."))
    clean = {"name": name, "description": description, "members": members}
    _controls(clean, {"name": "Naam", "description": "Beschrijving"}, errors)
    return clean, errors


# -- duiding ---------------------------------------------------------------------------------
def duiding(data: dict, *, werkgebied_members: MembersOf | None = None) -> tuple[dict, Errors]:
    """An explanation of a figure: indicator, region (or a known WG code), optional period of
    the indicator's kind, text (required), author and organisation."""
    errors: Errors = []
    ind_id = _text(data.get("indicator_id"))
    ind = queries.indicator(ind_id) if ind_id else None
    if not ind_id:
        errors.append(("indicator_id", "Indicator is verplicht."))
    elif ind is None:
        errors.append(("indicator_id", f"Onbekende indicator '{ind_id}'."))
    region = _text(data.get("region_code")).upper()
    if not region:
        errors.append(("region_code", "Regio is verplicht."))
    elif (why := _region_error(region, werkgebied_members)) is not None:
        errors.append(("region_code", _sentence(why)))
    p = None
    if not blank(data.get("period")) and ind is not None:
        try:
            p = period(data["period"], ind["period_type"])
        except Invalid as exc:
            errors.append(("period", f"Periode: {exc}."))
    body = _text(data.get("text"))
    if not body:
        errors.append(("text", "Tekst is verplicht."))
    elif len(body) > TEXT_MAX:
        errors.append(("text", f"Tekst is langer dan {_count(TEXT_MAX)} tekens."))
    clean = {"indicator_id": ind_id, "region_code": region, "period": p, "text": body}
    for field, label in (("author_name", "Naam"), ("organisation", "Organisatie")):
        clean[field] = _text(data.get(field))
        if len(clean[field]) > SHORT_MAX:
            errors.append((field, f"{label} is langer dan {SHORT_MAX} tekens."))
    _controls(clean, {"text": "Tekst", "author_name": "Naam", "organisation": "Organisatie"},
              errors)
    return clean, errors
