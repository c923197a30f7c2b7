"""Data exports: a chart's or table's underlying data (the chart-data store) as CSV and XLSX.

Rules that hold for every file: Dutch headers and Dutch values (roles, levels, ja/nee for
every true/false); a suppressed cell is the text `geheim` with a flag column, never a number;
the interval of a total with secret members is two columns, Ondergrens and Bovengrens; figures
with secret members and demonstration figures are flagged; every text cell that a spreadsheet
could read as a formula (= + - @, tab, CR) is prefixed with a quote. That includes the
'Duiding' column (the regions' own explanations, typed by users).
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dashboard import formatting

SUPPRESSED_CELL = "geheim"
YES, NO = "ja", "nee"
HEADERS = {
    "indicator_id": "Indicator-id", "indicator": "Indicator", "label": "Indicator",
    "region_code": "Regiocode", "region_name": "Regio", "region_level": "Niveau",
    "gemeente_code": "Gemeentecode", "gemeente_name": "Gemeente", "series": "Reeks",
    "period": "Periode", "classification_year": "Indelingsjaar", "unit": "Eenheid",
    "numerator": "Teller", "denominator": "Noemer", "value": "Waarde", "status": "Status",
    "value_low": "Ondergrens", "value_high": "Bovengrens",
    "suppressed": "Geheim", "lower_bound": "Deels geheim", "demo": "Voorbeeldcijfer",
    "source": "Bron", "rounded_to": "Afgerond op", "raw_token": "Teken bron",
    "members_reporting": "Leden met gegevens", "members_total": "Leden totaal",
    "members_suppressed": "Leden geheim", "note": "Opmerking", "weight": "Gewicht",
    "rank": "Rang", "percentile": "Percentiel", "verdict": "Oordeel", "duiding": "Duiding",
    "value_basis": "Basis", "computed_value": "Berekend uit gemeenten",
    "computed_low": "Berekend, ondergrens", "computed_high": "Berekend, bovengrens",
    "computed_lower_bound": "Berekend, deels geheim", "secret_max": "Geheim: hoogstens",
    "role": "Rol", "nederland_value": "Waarde Nederland", "verdict_kind": "Soort oordeel",
}
# Code values some exports carry, in the words the pages use.
LEVEL_NAMES = {"gemeente": "gemeente", "swv_po": "SWV PO", "swv_vo": "SWV VO",
               "jeugdregio": "jeugdregio", "rmc": "RMC-regio", "provincie": "provincie",
               "grootteklasse": "grootteklasse", "nederland": "Nederland",
               "werkgebied": "werkgebied"}
VALUE_NAMES = {
    "role": {**LEVEL_NAMES, "self": "gekozen regio", "region": "regio", "member": "gemeente"},
    "region_level": LEVEL_NAMES,
    "unit": {"pct": "procent", "per_1000": "per 1.000", "count": "aantal"},
    "verdict_kind": {"good": "gunstig", "bad": "ongunstig", "neutral": "neutraal",
                     "unknown": "niet te beoordelen"},
}
# Columns that carry the secret count or anything derived from it.
SECRET_COLUMNS = ("value", "numerator", "value_low", "value_high")
FLAG_COLUMNS = ("suppressed", "lower_bound", "demo")
NUMBER_FORMATS = {"numerator": "#,##0.0", "denominator": "#,##0.0", "value": "#,##0.0",
                  "value_low": "#,##0.0", "value_high": "#,##0.0", "nederland_value": "#,##0.0",
                  "computed_value": "#,##0.0",
                  "weight": "0.000", "members_reporting": "0", "members_total": "0",
                  "members_suppressed": "0", "rounded_to": "0", "classification_year": "0",
                  "rank": "0", "percentile": "0"}
DEMO_NOTE = (f"{formatting.DEMO_LABEL}: deze cijfers zijn gegenereerd om de monitor te laten "
             "zien en mogen niet als statistiek worden gebruikt.")
DISCLOSURE_NOTE = ("Geheim: de bron houdt kleine aantallen (0-7) geheim; zulke cellen staan als "
                   "'geheim', nooit als getal. Deels geheim: een regiocijfer met geheime "
                   "gemeenten; het werkelijke cijfer ligt tussen Ondergrens (alleen de "
                   "gepubliceerde gemeenten) en Bovengrens (elke geheime gemeente op het hoogste "
                   "geheime aantal); een lege Bovengrens: geen bovengrens bekend.")
BASIS_NOTE = ("Basis: 'gepubliceerd' = het cijfer zoals de bron het voor die regio publiceert "
              "(een gemeente, of Nederland, een provincie of jeugdregio waar de bron die zelf "
              "publiceert); 'berekend' = berekend uit de gemeentecijfers; 'aangeleverd' = eigen "
              "registratie.")
DUIDING_NOTE = ("Duiding: de eigen toelichting van de regio bij dat cijfer, ingevoerd door "
                "redacteuren van de regio in de monitor (geen onderdeel van de bron). Per duiding: "
                "tekst — auteur (organisatie), datum van de laatste wijziging, en de periode "
                "waarover het gaat als die is opgegeven; meer duidingen gescheiden door ' | '.")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses (and "repairs") a cell longer than this.
XLSX_CELL_MAX = 32_767


def neutralise(cell):
    """A text cell that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _xlsx_text(cell):
    """A text cell without the control characters XLSX cannot hold, cut to Excel's limit
    (saying so)."""
    if not isinstance(cell, str):
        return cell
    cell = ILLEGAL_CHARACTERS_RE.sub("", cell)
    if len(cell) > XLSX_CELL_MAX:
        tail = " … (ingekort; de volledige tekst staat in de CSV en in de monitor)"
        return cell[:XLSX_CELL_MAX - len(tail)] + tail
    return cell


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def _dutch(v):
    """True/False (Python or numpy) as ja/nee; everything else as is."""
    if isinstance(v, bool | np.bool_):
        return YES if v else NO
    return v


def export_frame(data: dict) -> pd.DataFrame:
    """The store's rows with secret cells replaced by 'geheim', flags as ja/nee, Dutch headers
    and every text cell neutralised."""
    df = pd.DataFrame(data.get("rows") or [], columns=data.get("columns") or [], dtype=object)
    if data.get("demo") and "demo" not in df.columns:
        df["demo"] = True
    if "suppressed" in df.columns:
        secret = df["suppressed"].map(lambda v: bool(v) if not _missing(v) else False)
        for col in SECRET_COLUMNS:
            if col in df.columns:
                df[col] = df[col].where(~secret, SUPPRESSED_CELL)
    for col in FLAG_COLUMNS:
        if col in df.columns:
            df[col] = df[col].map(lambda v: "" if _missing(v) else (YES if v else NO))
    for col, names in VALUE_NAMES.items():
        if col in df.columns:
            df[col] = df[col].map(lambda v, names=names: names.get(v, v))
    df = df.map(lambda v: None if _missing(v) else neutralise(_dutch(v)))
    return df.rename(columns=lambda c: neutralise(HEADERS.get(c, c)))


def to_csv(data: dict) -> bytes:
    """`;`-separated, UTF-8 with BOM (Excel opens it right), decimal comma."""
    buf = io.StringIO()
    frame = export_frame(data)
    # A column holding only missing cells comes back from `map` as float NaN: keep it empty.
    frame = frame.map(lambda v: None if _missing(v) else formatting.number(v, 6).rstrip("0")
                      .rstrip(",").replace(".", "") if isinstance(v, float) else v)
    frame.to_csv(buf, sep=";", index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def _definitions(indicators: pd.DataFrame) -> list[list]:
    rows = [["Indicator", "Definitie", "Teller", "Noemer", "Bron", "Tabel", "Vergelijkbaarheid"]]
    for ind in indicators.itertuples():
        rows.append([ind.label, ind.definition, ind.numerator_label, ind.denominator_label,
                     ind.source, ind.source_table, ind.comparability])
    return rows


def to_xlsx(data: dict, indicators: pd.DataFrame) -> bytes:
    """Sheet 'Gegevens' (title, caption, notes, then the table with Dutch headers and number
    formats) and sheet 'Toelichting' (definitions and sources of `indicators`)."""
    frame = export_frame(data)
    wb = Workbook()
    ws = wb.active
    ws.title = "Gegevens"
    notes = [data.get("title") or "", data.get("caption") or ""]
    if data.get("demo"):
        notes.append(DEMO_NOTE)
    for i, text in enumerate(notes, start=1):
        ws.cell(i, 1, neutralise(text)).font = Font(bold=(i == 1 or text == DEMO_NOTE),
                                                   size=13 if i == 1 else 11)
    header_row = len(notes) + 2
    raw_cols = list(data.get("columns") or [])
    raw_cols += [c for c in ("demo",) if data.get("demo") and c not in raw_cols]
    for j, header in enumerate(frame.columns, start=1):
        ws.cell(header_row, j, header).font = Font(bold=True)
    for i, row in enumerate(frame.itertuples(index=False), start=header_row + 1):
        for j, v in enumerate(row, start=1):
            cell = ws.cell(i, j, _xlsx_text(v))
            fmt = NUMBER_FORMATS.get(raw_cols[j - 1]) if j <= len(raw_cols) else None
            if fmt and isinstance(v, int | float):
                cell.number_format = fmt
            elif v == SUPPRESSED_CELL:
                cell.alignment = Alignment(horizontal="right")
    for j, header in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(10, min(40, len(str(header)) + 4))
        if j <= len(raw_cols) and raw_cols[j - 1] == "duiding":
            ws.column_dimensions[get_column_letter(j)].width = 60
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    if len(frame):
        ws.auto_filter.ref = (f"A{header_row}:{get_column_letter(len(frame.columns))}"
                              f"{header_row + len(frame)}")

    notes_ws = wb.create_sheet("Toelichting")
    intro = [[data.get("title") or ""], [data.get("caption") or ""]]
    if data.get("demo"):
        intro.append([DEMO_NOTE])
    intro += [[DISCLOSURE_NOTE]]
    if "value_basis" in raw_cols:
        intro.append([BASIS_NOTE])
    if "duiding" in raw_cols:
        intro.append([DUIDING_NOTE])
    intro.append([])
    for row in intro + _definitions(indicators):
        notes_ws.append([neutralise(v) for v in row])
    notes_ws.cell(len(intro) + 1, 1).font = Font(bold=True)
    for j, width in enumerate((34, 70, 28, 22, 30, 20, 60), start=1):
        notes_ws.column_dimensions[get_column_letter(j)].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def filename(title: str, ext: str) -> str:
    """'Jongeren met jeugdhulp, Amsterdam' -> 'jongeren-met-jeugdhulp-amsterdam.xlsx'."""
    slug = "".join(c if c.isalnum() else "-" for c in (title or "grafiek").lower())
    slug = "-".join(p for p in slug.split("-") if p)[:80] or "grafiek"
    return f"{slug}.{ext}"
