"""The agreements template in and out: a CSV or XLSX of agreements (one row per target) read,
checked and written through the store as one all-or-nothing import, and agreements written
back out in the same template (CSV or XLSX with a Toelichting sheet).

A file is refused whole when any row is wrong: every problem names file, row (the header is
row 1), column and a Dutch reason, and nothing is written. The columns are declared once in
COLUMNS; docs/AFSPRAKEN_TEMPLATE.md describes them for users. This module reads the warehouse
only through `validation` and `dashboard.queries`, and writes only through `dashboard.store`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from dashboard import store
from dashboard.afspraken import validation
from dashboard.export.data import DEMO_NOTE, neutralise
from dashboard.store.errors import Conflict, NotFound, PermissionDenied, StoreError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
SHEET = "Afspraken"
NOTES_SHEET = "Toelichting"


@dataclass(frozen=True)
class Column:
    name: str  # the header the template and every export use
    field: str  # the validation/store field it fills ("" for columns only an export fills)
    level: str  # "afspraak" (shared by the rows of one agreement), "doel", or "uitvoer"
    required: bool  # must be in the header row (the cells may still be empty where allowed)
    meaning: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("id", "id", "afspraak", False,
           "Nummer van een bestaande afspraak die u wilt bijwerken; leeg voor een nieuwe.",
           ("afspraak_id", "afspraaknummer", "nummer")),
    Column("versie", "version", "afspraak", False,
           "Versie van de afspraak toen u haar exporteerde; is zij intussen gewijzigd, dan "
           "wordt het bestand geweigerd en gaat er niets verloren.", ("version",)),
    Column("titel", "title", "afspraak", True, "Korte naam van de afspraak (verplicht).",
           ("title", "naam", "afspraak")),
    Column("regio", "region_code", "afspraak", True,
           "Code van de regio waar gemeten wordt: gemeente (GM0363), SWV (PO2707, VO2708), "
           "jeugdregio (JZ01) of werkgebied (WG0001).",
           ("regiocode", "region_code", "region", "meetregio", "gebied")),
    Column("tekst", "text", "afspraak", True, "Wat is afgesproken, in gewone woorden.",
           ("text", "omschrijving", "beschrijving")),
    Column("ambitie", "ambitie_id", "afspraak", False,
           "Nummer of precieze titel van de ambitie waar de afspraak onder valt.",
           ("ambitie_id", "ambition")),
    Column("partijen", "parties", "afspraak", True,
           "Regiocodes van de partijen die de afspraak maken, gescheiden door ;.",
           ("parties", "partij", "betrokken_partijen")),
    Column("partners", "partners", "afspraak", False,
           "Andere partners (vrije tekst), gescheiden door ;.",
           ("partner", "samenwerkingspartners")),
    Column("indicator", "indicator_id", "doel", True,
           "Indicator-id van het doel (zie de pagina Over), bijvoorbeeld jeugdhulp.",
           ("indicator_id", "indicatorcode")),
    Column("basisperiode", "baseline_period", "doel", True,
           "Periode van de beginwaarde: een jaar (2023) of schooljaar (2022/2023), zoals de "
           "indicator die kent.", ("baseline_period", "basisjaar", "uitgangsperiode")),
    Column("basiswaarde", "baseline_value", "doel", False,
           "Beginwaarde in de eenheid van de indicator; leeg: de monitor neemt het cijfer van "
           "de basisperiode over (en ververst het daarna nooit).",
           ("baseline_value", "nulmeting", "uitgangswaarde")),
    Column("streefwaarde", "target_value", "doel", True,
           "De afgesproken waarde, in de eenheid van de indicator (12,5 of 12.5).",
           ("target_value", "doelwaarde", "doel")),
    Column("streefperiode", "target_period", "doel", True,
           "Periode waarin de streefwaarde bereikt moet zijn; ligt na de basisperiode.",
           ("target_period", "streefjaar", "doeljaar", "doelperiode")),
    Column("mijlpalen", "milestones", "doel", False,
           "Tussenstappen als periode: waarde, gescheiden door ;, bijvoorbeeld "
           "'2025: 12,0; 2026: 11,5'; tussen basis- en streefperiode.",
           ("milestones", "tussendoelen")),
    Column("handmatige_status", "manual_status", "afspraak", False,
           "Alleen als de status niet uit de cijfers volgt: behaald, op koers, achter of niet "
           "te beoordelen (met onderbouwing).", ("manual_status", "status_handmatig")),
    Column("onderbouwing", "manual_justification", "afspraak", False,
           "Waarom de handmatige status geldt.",
           ("manual_justification", "onderbouwing_status", "toelichting_status")),
    Column("oogo_datum", "oogo_date", "afspraak", False,
           "Datum van het OOGO waarin de afspraak is gemaakt (dd-mm-jjjj).",
           ("oogo_date", "datum_oogo", "oogo")),
    Column("evaluatiedatum", "review_date", "afspraak", False,
           "Wanneer de afspraak wordt geëvalueerd (dd-mm-jjjj); niet voor de OOGO-datum.",
           ("review_date", "evaluatie_datum", "evaluatie")),
    Column("berekende_status", "", "uitvoer", False,
           "Alleen in exports: de status volgens de statusregel op het moment van exporteren; "
           "bij import genegeerd."),
    Column("basis_bron", "", "uitvoer", False,
           "Alleen in exports: waar de basiswaarde vandaan komt (cijfers van de monitor met "
           "hun kenmerken, of opgegeven); bij import genegeerd."),
)
BY_NAME = {c.name: c for c in COLUMNS}
ALIASES = {a: c.name for c in COLUMNS for a in (c.name, *c.aliases)}
FIELD_COLUMN = {c.field: c.name for c in COLUMNS if c.field}
TARGET_COLUMNS = tuple(c.name for c in COLUMNS if c.level == "doel")
SHARED_COLUMNS = tuple(c.name for c in COLUMNS if c.level == "afspraak")
NUMERIC_COLUMNS = ("id", "versie", "basiswaarde", "streefwaarde")

_FORMULA_TEXT = re.compile(r"^[=+\-@\t\r]")
# Numbers may be negative (refused later as out of range), but not a formula or a function.
_FORMULA_NUMBER = re.compile(r"^[=+@\t\r]|[A-Za-z]+\s*\(")
_QUOTED = ("=", "+", "-", "@", "\t", "\r", "'")
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u2018-\u203a€]|â€")
_WHOLE = re.compile(r"\d+")


class Problem(NamedTuple):
    file: str
    row: int | None
    column: str | None
    reason: str

    def line(self) -> str:
        """'file:row:column: reason' (row and column empty when the problem is the file)."""
        return f"{self.file}:{self.row or ''}:{self.column or ''}: {self.reason}"


class ImportRefused(StoreError):
    """The file was not imported: `.problems` lists every (file, row, column, reason)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "; ".join(p.line() for p in self.problems[:5])
        more = f" (en nog {len(self.problems) - 5})" if len(self.problems) > 5 else ""
        super().__init__(f"Het bestand is niet ingelezen; er is niets opgeslagen. {shown}{more}")

    def lines(self) -> list[str]:
        return [p.line() for p in self.problems]


@dataclass
class ImportResult:
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[int] = field(default_factory=list)


@dataclass
class _Row:
    number: int
    cells: dict


@dataclass
class _Group:
    rows: list[_Row]
    agreement_id: int | None = None


# -- reading the file ------------------------------------------------------------------------
def _refuse(name: str, reason: str, row: int | None = None, column: str | None = None):
    raise ImportRefused([Problem(name, row, column, reason)])


def read_rows(data: bytes, name: str) -> tuple[list[_Row], set[str]]:
    """The file's data rows with canonical column names, and the columns the header has;
    file-level problems are refused."""
    if len(data) > MAX_BYTES:
        _refuse(name, f"het bestand is groter dan 2 MB ({len(data) / 1024 / 1024:.1f} MB); "
                "splits het in kleinere bestanden".replace(".", ",", 1))
    if not data.strip():
        _refuse(name, "het bestand is leeg")
    is_xlsx = data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        header, records = _read_xlsx(data, name)
    else:
        header, records = _read_csv(data, name)
    names = _columns(header, name)
    problems: list[Problem] = []
    rows: list[_Row] = []
    for number, values in records:
        # A spreadsheet may have formatted empty cells right of the table; a CSV row with an
        # extra field has a separator too many (often an unquoted decimal comma).
        extra = values[len(names):]
        if extra and (not is_xlsx or any(not validation.blank(v) for v in extra)):
            problems.append(Problem(name, number, None, f"{len(values)} velden in plaats van "
                                    f"{len(names)}: een scheidingsteken te veel (staat er een "
                                    "decimale komma zonder aanhalingstekens?)"))
            continue
        cells = {}
        for col, value in zip(names, values, strict=False):
            if col is not None:
                cells[col] = value
        if all(validation.blank(v) for v in cells.values()):
            continue
        rows.append(_Row(number, cells))
    if problems:
        raise ImportRefused(problems)
    if not rows:
        _refuse(name, "alleen een kopregel, geen afspraken", row=2)
    if len(rows) > MAX_ROWS:
        _refuse(name, f"meer dan {MAX_ROWS:,} rijen ({len(rows):,}); splits het bestand"
                .replace(",", "."), row=rows[MAX_ROWS].number)
    return rows, {n for n in names if n is not None}


def _read_csv(data: bytes, name: str) -> tuple[list, list[tuple[int, list]]]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        _refuse(name, "verkeerde tekstcodering (UTF-16 of binair); sla op als CSV in UTF-8 of "
                "Windows-1252", row=1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (gescheiden door lijstscheidingsteken)" on a Dutch Windows is cp1252;
        # cp1252 leaves five bytes undefined, which Latin-1 maps.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    bad = _MOJIBAKE.search(text)
    if bad:
        _refuse(name, f"verkeerde tekstcodering: '{bad.group()}' is dubbel gecodeerde UTF-8; sla "
                "het bestand opnieuw op als UTF-8", row=text.count("\n", 0, bad.start()) + 1)
    first = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in ";,"}
    sep = max(counts, key=counts.get)
    if counts[sep] == 0:
        found = next((repr(s) for s in ("\t", "|") if s in first), "geen")
        _refuse(name, f"scheidingsteken {found} niet ondersteund; gebruik ; of ,", row=1)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        _refuse(name, f"onleesbare CSV: {exc}")
    # A record is a spreadsheet row; blank lines count as rows, as a spreadsheet shows them.
    start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if start is None:
        _refuse(name, "het bestand is leeg")
    other = "," if sep == ";" else ";"
    for i, r in enumerate(records[start + 1:], start=start + 2):
        # A row in the other dialect lands whole in its first cell.
        if len(r) == 1 and r[0].count(other) >= 2:
            _refuse(name, f"verkeerd scheidingsteken '{other}'; de kopregel gebruikt '{sep}'",
                    row=i)
    return records[start], [(i + 1, r) for i, r in enumerate(records) if i > start]


def _read_xlsx(data: bytes, name: str) -> tuple[list, list[tuple[int, list]]]:
    import openpyxl

    try:
        # Formulas are read as formulas (data_only=False) so that they can be refused.
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        _refuse(name, f"geen leesbaar XLSX-bestand ({type(exc).__name__})")
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        header: list | None = None
        records: list[tuple[int, list]] = []
        problems: list[Problem] = []
        for number, cells in enumerate(ws.iter_rows(), start=1):
            values = []
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    column = (header[len(values)] if header and len(values) < len(header)
                              else None)
                    problems.append(Problem(name, number, _canonical(column),
                                            "formule in de cel; typ de waarde zelf in"))
                    values.append(None)
                else:
                    values.append(_xlsx_value(cell.value))
            if header is None:
                if any(not validation.blank(v) for v in values):
                    header = values
                continue
            records.append((number, values))
            if len(records) > MAX_ROWS + 1000:
                break
    finally:
        wb.close()
    if header is None:
        _refuse(name, "het bestand is leeg")
    if problems:
        raise ImportRefused(problems)
    while header and validation.blank(header[-1]):
        header.pop()
    return header, records


def _xlsx_value(v):
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    return v


def _canonical(header) -> str | None:
    if header is None:
        return None
    key = re.sub(r"[\s\-]+", "_", str(header).strip().lower())
    return ALIASES.get(key)


def _columns(header: list, name: str) -> list[str | None]:
    problems: list[Problem] = []
    names: list[str | None] = []
    for raw in header:
        if validation.blank(raw):
            names.append(None)
            continue
        col = _canonical(raw)
        text = str(raw).strip()
        if col is None:
            problems.append(Problem(name, 1, text, "onbekende kolom; toegestaan: "
                                    + ", ".join(BY_NAME) + " (of een alias, zie "
                                    "docs/AFSPRAKEN_TEMPLATE.md)"))
        elif col in names:
            problems.append(Problem(name, 1, text, f"kolom '{col}' komt twee keer voor"))
        names.append(col)
    for c in COLUMNS:
        if c.required and c.name not in names:
            problems.append(Problem(name, 1, c.name, "verplichte kolom ontbreekt"))
    if problems:
        raise ImportRefused(problems)
    return names


def _cell_problems(rows: list[_Row], name: str) -> list[Problem]:
    """Formula-like text (what a spreadsheet would run) is refused; a leading quote that an
    export put before such text is taken off again."""
    problems = []
    for row in rows:
        for col, value in row.cells.items():
            if not isinstance(value, str):
                continue
            pattern = _FORMULA_NUMBER if col in NUMERIC_COLUMNS else _FORMULA_TEXT
            if pattern.search(value):
                problems.append(Problem(name, row.number, col,
                                        f"formule-achtige waarde '{value[:40]}' (begint met "
                                        "= + - of @); is het tekst, zet er dan een ' voor"))
            elif value.startswith("'") and value[1:2] in _QUOTED and value[1:2]:
                row.cells[col] = value[1:]
    return problems


# -- grouping rows into agreements -----------------------------------------------------------
def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if validation.blank(value) else str(value).strip()


def _whole(value) -> int | None:
    text = _text(value)
    return int(text) if _WHOLE.fullmatch(text) else None


def _groups(rows: list[_Row], name: str, problems: list[Problem]) -> list[_Group]:
    """Rows with the same id, or else the same titel and regio, are one agreement."""
    by_id: dict[int, _Group] = {}
    by_title: dict[tuple[str, str], _Group] = {}
    groups: list[_Group] = []
    pending = []
    for row in rows:
        raw = row.cells.get("id")
        if validation.blank(raw):
            if not validation.blank(row.cells.get("versie")):
                problems.append(Problem(name, row.number, "versie",
                                        "versie zonder id: vul ook het id van de afspraak in"))
            pending.append(row)
            continue
        agreement_id = _whole(raw)
        if agreement_id is None:
            problems.append(Problem(name, row.number, "id", f"id '{_text(raw)[:20]}' is geen "
                                    "geheel getal"))
            continue
        group = by_id.get(agreement_id)
        if group is None:
            group = by_id[agreement_id] = _Group([], agreement_id)
            groups.append(group)
        group.rows.append(row)
        key = _title_key(row)
        if key is not None:
            by_title.setdefault(key, group)
    for row in pending:
        key = _title_key(row)
        group = by_title.get(key) if key is not None else None
        if group is None:
            group = _Group([])
            groups.append(group)
            if key is not None:
                by_title[key] = group
        group.rows.append(row)
    for group in groups:
        group.rows.sort(key=lambda r: r.number)
    return sorted(groups, key=lambda g: g.rows[0].number)


def _title_key(row: _Row) -> tuple[str, str] | None:
    title, region = _text(row.cells.get("titel")), _text(row.cells.get("regio"))
    return (title.casefold(), region.upper()) if title and region else None


def _shared(group: _Group, name: str, problems: list[Problem]) -> dict[str, tuple]:
    """Per shared column: (value, row it came from). Later rows may repeat it or leave it
    empty; a different value is a problem."""
    found: dict[str, tuple] = {}
    for row in group.rows:
        for col in SHARED_COLUMNS:
            value = row.cells.get(col)
            if validation.blank(value):
                continue
            if col not in found:
                found[col] = (value, row.number)
            elif _same(found[col][0], value, col) is False:
                problems.append(Problem(
                    name, row.number, col, f"verschilt van rij {found[col][1]} van dezelfde "
                    "afspraak; herhaal dezelfde waarde of laat de cel leeg"))
    return found


def _same(a, b, col: str) -> bool:
    if col in ("regio", "partijen"):
        return _text(a).upper() == _text(b).upper()
    if col == "titel":
        return _text(a).casefold() == _text(b).casefold()
    if col in ("oogo_datum", "evaluatiedatum"):
        try:
            return validation.date(a) == validation.date(b)
        except validation.Invalid:
            return _text(a) == _text(b)
    return _text(a) == _text(b)


# -- checking and writing --------------------------------------------------------------------
@dataclass
class _Plan:
    group: _Group
    data: dict
    target_rows: list[int]
    first_row: int
    existing: dict | None = None
    expected_version: int | None = None


def import_file(path_or_bytes: str | Path | bytes, filename: str | None = None, *, session,
                actor_id, werkgebied_members: validation.MembersOf | None = None
                ) -> ImportResult:
    """Validate every row of the file, then create or update its agreements in `session`.

    Raises ImportRefused listing every problem when anything is wrong (including a missing
    right or a stale versie); then nothing has been written, even if the caller commits."""
    if isinstance(path_or_bytes, bytes | bytearray):
        data, name = bytes(path_or_bytes), filename or "bestand"
    else:
        path = Path(path_or_bytes)
        name = filename or path.name
        if path.stat().st_size > MAX_BYTES:
            _refuse(name, "het bestand is groter dan 2 MB; splits het in kleinere bestanden")
        data = path.read_bytes()
    rows, present = read_rows(data, name)
    problems = _cell_problems(rows, name)
    if problems:
        raise ImportRefused(problems)
    members_of = werkgebied_members or _store_members(session)
    plans = [p for group in _groups(rows, name, problems)
             if (p := _plan(group, name, session, actor_id, members_of, present, problems))]
    _duplicates_in_store(plans, name, session, problems)
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return _write(plans, name, session, actor_id)


def _store_members(s) -> validation.MembersOf:
    def members(code: str) -> list[dict] | None:
        found = store.werkgebieden.by_code(s, code)
        return None if found is None or found.get("deleted_at") else found["members"]
    return members


def _plan(group: _Group, name: str, s, actor_id, members_of, present: set[str],
          problems: list[Problem]) -> _Plan | None:
    """What to write for one agreement, or None after adding its problems. On an update a
    column the file does not have keeps the stored value; an empty cell empties it."""
    before = len(problems)
    shared = _shared(group, name, problems)

    def get(col):
        return shared.get(col, (None, None))[0]

    first = group.rows[0].number
    plan = _Plan(group, {}, [], first)
    if group.agreement_id is not None:
        existing = store.agreements.get(s, group.agreement_id, include_deleted=True)
        id_row = shared["id"][1]
        if existing is None:
            problems.append(Problem(name, id_row, "id", f"afspraak {group.agreement_id} bestaat "
                                    "niet; laat id leeg voor een nieuwe afspraak"))
            return None
        if existing.get("deleted_at"):
            problems.append(Problem(name, id_row, "id", f"afspraak {group.agreement_id} is "
                                    "verwijderd; zet haar eerst terug"))
            return None
        plan.existing = existing
        plan.expected_version = existing["version"]
        if "versie" in shared:
            version = _whole(shared["versie"][0])
            if version is None:
                problems.append(Problem(name, shared["versie"][1], "versie",
                                        "versie is geen geheel getal"))
            elif version != existing["version"]:
                problems.append(Problem(
                    name, shared["versie"][1], "versie", f"versie {version} is verouderd: "
                    f"afspraak {group.agreement_id} is intussen gewijzigd (nu versie "
                    f"{existing['version']}); exporteer opnieuw en breng uw wijziging daarin "
                    "aan"))
            plan.expected_version = version

    ambitie_id = _ambitie(get("ambitie"), s)
    if plan.existing and "ambitie" not in present:
        ambitie_id = plan.existing["ambitie_id"]
    if isinstance(ambitie_id, str):
        problems.append(Problem(name, shared["ambitie"][1], "ambitie", ambitie_id))
        ambitie_id = None
    data = {"ambitie_id": ambitie_id, "title": get("titel"), "text": get("tekst"),
            "region_code": get("regio"), "parties": _text(get("partijen")),
            "partners": _text(get("partners")), "manual_status": get("handmatige_status"),
            "manual_justification": get("onderbouwing"), "oogo_date": get("oogo_datum"),
            "review_date": get("evaluatiedatum"), "targets": []}
    if plan.existing:
        for col in SHARED_COLUMNS:
            field_name = BY_NAME[col].field
            if col not in present and field_name in data and field_name != "ambitie_id":
                data[field_name] = plan.existing[field_name]
    for row in group.rows:
        cells = row.cells
        if all(validation.blank(cells.get(c)) for c in TARGET_COLUMNS):
            continue
        target = {BY_NAME[c].field: cells.get(c) for c in TARGET_COLUMNS}
        _keep_stored(target, plan.existing, present)
        data["targets"].append(target)
        plan.target_rows.append(row.number)

    clean, errors = validation.agreement(data, werkgebied_members=members_of)
    for field_name, message in errors:
        row, col = _where(field_name, shared, plan)
        problems.append(Problem(name, row, col, message))
    plan.data = clean
    if len(problems) == before:
        regions = {clean["region_code"], *clean["parties"]}
        if plan.existing:
            regions |= {plan.existing["region_code"], *plan.existing["parties"]}
        try:
            store.rights.require(s, actor_id, regions)
        except PermissionDenied as exc:
            problems += [Problem(name, r.number, "regio", f"geen recht: {exc.message}")
                         for r in group.rows]
    return plan if len(problems) == before else None


def _where(field_name: str, shared: dict, plan: _Plan) -> tuple[int, str | None]:
    m = re.fullmatch(r"targets\[(\d+)\]\.(\w+)", field_name)
    if m:
        return plan.target_rows[int(m[1])], FIELD_COLUMN.get(m[2], m[2])
    col = FIELD_COLUMN.get(field_name)
    return (shared[col][1] if col in shared else plan.first_row), col


def _ambitie(value, s) -> int | None | str:
    """The ambitie's id, None when empty, or a Dutch reason why it cannot be found."""
    if validation.blank(value):
        return None
    number = _whole(value)
    if number is not None:
        found = store.agreements.get_ambitie(s, number)
        return number if found and not found.get("deleted_at") else f"ambitie {number} " \
            "bestaat niet"
    title = _text(value).casefold()
    matches = [a["id"] for a in store.agreements.list_ambities(s)
               if a["title"].strip().casefold() == title and not a.get("deleted_at")]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return f"geen ambitie met de titel '{_text(value)[:60]}'"
    return (f"meer ambities heten '{_text(value)[:60]}' (nummers "
            f"{', '.join(map(str, matches))}); vul het nummer in")


def _keep_stored(target: dict, existing: dict | None, present: set[str]) -> None:
    """An update keeps the stored baseline (and its flags) of the same indicator and period
    when the row leaves basiswaarde empty or repeats it: a rebuild never refreshes it. Without
    a mijlpalen column the stored milestones of that indicator stay."""
    if not existing:
        return
    for stored in existing.get("targets") or []:
        if stored["indicator_id"] != _text(target.get("indicator_id")):
            continue
        if "mijlpalen" not in present:
            target["milestones"] = stored["milestones"]
        if stored["baseline_period"] != _period_text(target.get("baseline_period")):
            return
        given = target.get("baseline_value")
        if not validation.blank(given):
            try:
                if not math.isclose(validation.number(given), stored["baseline_value"] or 0,
                                    rel_tol=1e-9, abs_tol=1e-9):
                    return
            except validation.Invalid:
                return
        target["baseline_value"] = stored["baseline_value"]
        target["baseline_flags"] = stored.get("baseline_flags") or {}
        return


def _period_text(value) -> str:
    text = _text(value)
    m = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", text)
    return f"{m[1]}/{m[2]}" if m else text.replace(" ", "")


def _duplicates_in_store(plans: list[_Plan], name: str, s, problems: list[Problem]) -> None:
    """A new agreement with the titel and regio of a stored one is refused: importing the same
    file twice must not double the agreements."""
    stored: dict[str, list[dict]] = {}
    for plan in plans:
        if plan.existing is not None:
            continue
        region = plan.data["region_code"]
        if region not in stored:
            stored[region] = store.agreements.list(s, region=region)
        for a in stored[region]:
            if (a["region_code"] == region
                    and a["title"].strip().casefold() == plan.data["title"].casefold()):
                problems.append(Problem(
                    name, plan.first_row, "titel", f"er bestaat al een afspraak '"
                    f"{a['title'][:60]}' voor {region} (id {a['id']}, versie {a['version']}); "
                    "vul id en versie in om haar bij te werken"))
                break


_COMPARED = ("ambitie_id", "title", "text", "region_code", "parties", "partners",
             "manual_status", "manual_justification", "oogo_date", "review_date")
_TARGET_COMPARED = ("indicator_id", "baseline_period", "baseline_value", "baseline_flags",
                    "target_value", "target_period", "milestones")


def _unchanged(clean: dict, existing: dict) -> bool:
    if any((clean.get(k) or None) != (existing.get(k) or None) for k in _COMPARED):
        return False
    old, new = existing.get("targets") or [], clean["targets"]
    return len(old) == len(new) and all(
        (a.get(k) or None) == (b.get(k) or None) for a, b in zip(old, new, strict=True)
        for k in _TARGET_COMPARED)


def _write(plans: list[_Plan], name: str, s, actor_id) -> ImportResult:
    result = ImportResult(name)
    # A savepoint: a store error halfway undoes the earlier writes of this file even when the
    # caller catches the refusal and commits its session.
    with s.begin_nested():
        for plan in plans:
            try:
                if plan.existing is None:
                    snap = store.agreements.create(s, actor_id=actor_id, data=plan.data,
                                                  action="import")
                    result.created += 1
                elif _unchanged(plan.data, plan.existing):
                    result.unchanged += 1
                    result.ids.append(plan.existing["id"])
                    continue
                else:
                    snap = store.agreements.update(
                        s, actor_id=actor_id, agreement_id=plan.existing["id"],
                        expected_version=plan.expected_version, data=plan.data,
                        action="import")
                    result.updated += 1
            except StoreError as exc:
                raise ImportRefused(_store_problems(exc, plan, name)) from exc
            result.ids.append(snap["id"])
    return result


def _store_problems(exc: StoreError, plan: _Plan, name: str) -> list[Problem]:
    if isinstance(exc, store.errors.ValidationError) and exc.errors:
        return [Problem(name, *_where(f, {}, plan), m) for f, m in exc.errors]
    column = {Conflict: "versie", PermissionDenied: "regio", NotFound: "id"}.get(type(exc))
    return [Problem(name, plan.first_row, column, exc.message)]


# -- writing the file ------------------------------------------------------------------------
EXPORT_COLUMNS = tuple(c.name for c in COLUMNS)


def _status_label(status) -> str | None:
    if status is None or isinstance(status, str):
        return status
    if isinstance(status, dict):
        return status.get("label") or status.get("status")
    return getattr(status, "label", None) or getattr(status, "status", None)


def _baseline_source(flags: dict | None) -> str:
    flags = flags or {}
    if not flags:
        return ""
    if flags.get("source") == validation.GIVEN_BASELINE["source"]:
        return "opgegeven"
    parts = ["uit de cijfers"]
    if flags.get("source"):
        parts.append(f"bron {flags['source']}")
    if flags.get("status"):
        parts.append(str(flags["status"]))
    if flags.get("lower_bound"):
        parts.append("deels geheim (marge door geheime gemeenten)")
    if flags.get("demo"):
        parts.append("voorbeeldcijfer")
    return ", ".join(parts)


def _date(value) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def export_rows(agreements_with_status: Iterable[dict]) -> pd.DataFrame:
    """One row per target (one row for an agreement without targets) in the template's
    columns. Each agreement is a store snapshot, optionally with a `status` (text, or a dict
    with `label`/`status`) for the agreement and per target in `targets[i]["status"]`."""
    records = []
    for a in agreements_with_status:
        shared = {
            "id": a.get("id"), "versie": a.get("version"), "titel": a.get("title"),
            "regio": a.get("region_code"), "tekst": a.get("text") or None,
            "ambitie": a.get("ambitie_id"), "partijen": "; ".join(a.get("parties") or []) or None,
            "partners": "; ".join(a.get("partners") or []) or None,
            "handmatige_status": a.get("manual_status"),
            "onderbouwing": a.get("manual_justification"),
            "oogo_datum": _date(a.get("oogo_date")), "evaluatiedatum": _date(a.get("review_date")),
        }
        targets = a.get("targets") or []
        if not targets:
            records.append({**shared, "berekende_status": _status_label(a.get("status"))})
        for t in targets:
            records.append({
                **shared, "indicator": t.get("indicator_id"),
                "basisperiode": t.get("baseline_period"), "basiswaarde": t.get("baseline_value"),
                "streefwaarde": t.get("target_value"), "streefperiode": t.get("target_period"),
                "mijlpalen": "; ".join(f"{m['period']}: {_exact(m['value'])}"
                                       for m in t.get("milestones") or []) or None,
                "berekende_status": _status_label(t.get("status", a.get("status"))),
                "basis_bron": _baseline_source(t.get("baseline_flags")) or None,
            })
    frame = pd.DataFrame(records, columns=list(EXPORT_COLUMNS), dtype=object)
    return frame.astype(object).where(frame.notna(), None)


def _exact(v: float) -> str:
    """The shortest text that reads back as the same float, with a decimal comma."""
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return np.format_float_positional(float(v), trim="-").replace(".", ",")


def _guard(value):
    """Text a spreadsheet would run as a formula gets a leading quote (export.data's
    `neutralise`); text that starts with a quote gets one more, so import can take exactly
    one off and every text reads back as it was."""
    if isinstance(value, str) and value.startswith("'"):
        return "'" + value
    return neutralise(value)


def _xlsx_text(value):
    """Guarded text without the control characters an XLSX cannot hold (validation refuses
    them, but an export must not fail on an agreement stored another way)."""
    if not isinstance(value, str):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", _guard(value))


def _frame(rows) -> pd.DataFrame:
    return rows if isinstance(rows, pd.DataFrame) else export_rows(rows)


def to_csv(rows) -> bytes:
    """`;`-separated, UTF-8 with BOM, decimal comma, dates dd-mm-jjjj: Excel opens it right and
    the file imports again unchanged. `rows`: export_rows' frame or the agreements."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    frame = _frame(rows)
    writer.writerow(frame.columns)
    for record in frame.itertuples(index=False):
        writer.writerow([_csv_cell(v) for v in record])
    return buf.getvalue().encode("utf-8-sig")


def _csv_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _exact(v)
    if isinstance(v, dt.date):
        return v.strftime("%d-%m-%Y")
    return _guard(str(v))


def to_xlsx(rows, *, contains_demo: bool | None = None, exported_at: dt.datetime | None = None
            ) -> bytes:
    """Sheet 'Afspraken' in the template (header in row 1, so it imports again unchanged) and
    sheet 'Toelichting': what each column means, the status rule, the demonstration note when
    the warehouse holds demonstration figures, and the export date."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from dashboard import queries
    from dashboard.afspraken import status

    frame = _frame(rows)
    if contains_demo is None:
        contains_demo = bool(queries.build_info().get("contains_demo"))
    exported_at = exported_at or dt.datetime.now()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for record in frame.itertuples(index=False):
        ws.append([_xlsx_text(v) for v in record])
    for j, col in enumerate(frame.columns, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = 40 if col in ("tekst", "onderbouwing") else 16
        for cell in ws[letter][1:]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd-mm-yyyy"
            elif isinstance(cell.value, float):
                cell.number_format = "0.0##"
    ws.freeze_panes = "A2"

    notes = wb.create_sheet(NOTES_SHEET)
    lines = [["Afspraken — export uit de monitor onderwijs–jeugdhulp"],
             [f"Geëxporteerd op {exported_at.strftime('%d-%m-%Y %H:%M')}"]]
    if contains_demo:
        lines.append([DEMO_NOTE])
    lines += [[], ["Statusregel"], [status.RULE_TEXT_NL], [],
              ["Dit blad kunt u aanpassen en weer inlezen (python -m dashboard.afspraken import "
               "of de knop op /afspraken): een rij met id werkt die afspraak bij, een rij zonder "
               "id maakt een nieuwe. Tekst die met = + - @ of ' begint, staat hier met een extra "
               "' ervoor, zodat een spreadsheet haar niet uitvoert; bij inlezen gaat die er weer "
               "af."], [], ["Kolom", "Verplicht", "Betekenis", "Ook toegestaan als kop"]]
    header_row = len(lines)
    for c in COLUMNS:
        lines.append([c.name, "ja" if c.required else "nee", c.meaning, ", ".join(c.aliases)])
    for line in lines:
        notes.append([_xlsx_text(v) for v in line])
    notes.cell(1, 1).font = Font(bold=True, size=13)
    notes.cell(lines.index(["Statusregel"]) + 1, 1).font = Font(bold=True)
    for cell in notes[header_row]:
        cell.font = Font(bold=True)
    for j, width in enumerate((22, 10, 90, 50), start=1):
        notes.column_dimensions[get_column_letter(j)].width = width
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def filename(ext: str, when: dt.date | None = None) -> str:
    """'afspraken-2026-12-01.xlsx'."""
    return f"afspraken-{(when or dt.date.today()).isoformat()}.{ext}"
