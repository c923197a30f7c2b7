"""A region's own registrations (CSV or XLSX in the documented template) read into facts.

Everything a person can get wrong in such a file is checked here and reported as an InputError
naming file, row (as a spreadsheet shows it: the header is row 1), column and reason. Storing the
file and rebuilding is `etl.own_import`'s job; the template is in docs/SOURCES_AND_IMPORT.md.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from etl.catalogue import BY_ID
from etl.errors import InputError
from etl.sources import FACT_COLUMNS
from etl.sources.csv_dialects import decode

REQUIRED = ("region_code", "period", "indicator_id", "numerator")
OPTIONAL = ("denominator", "note", "status")
# Dutch (and a few English) names people give these columns; compared after lower-casing and
# turning spaces and hyphens into underscores.
ALIASES = {
    "regiocode": "region_code", "gemeentecode": "region_code", "regio": "region_code",
    "region": "region_code", "code": "region_code", "periode": "period", "jaar": "period",
    "schooljaar": "period", "indicator": "indicator_id", "indicatorcode": "indicator_id",
    "teller": "numerator", "aantal": "numerator", "noemer": "denominator",
    "toelichting": "note", "opmerking": "note", "notitie": "note",
}
_TEXT = ("region_code", "period", "indicator_id", "note", "status")
# Patterns as strings so pandas hands them to pyarrow's vectorised regex engine.
_FORMULA = r"^[=+\-@\t\r]"
_MARKUP = r"(?i)<\s*/?\s*[a-z!][^>]*>|javascript:|&lt;\s*script|\bon\w+\s*="
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u2018-\u203a€]|â€")
_PERIOD = re.compile(r"(\d{4})(-H[12])?|(\d{4})[/-](\d{4})")
_STATUS = {"": "definitief", "definitief": "definitief", "voorlopig": "voorlopig"}


def read(path: Path, ctx) -> pd.DataFrame:
    """The file's rows as facts in the contract shape (see etl.sources), or an InputError."""
    path = Path(path)
    name = path.name
    data = path.read_bytes()
    if not data.strip():
        raise InputError(name, "het bestand is leeg")
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() in (".xlsx", ".xlsm"):
        raw = _read_xlsx(path, name)
    else:
        raw = _read_csv(data, name)
    df = _columns(raw, name)
    df = df[(df != "").any(axis=1)]
    if df.empty:
        raise InputError(name, "alleen een kopregel, geen gegevens", row=2)
    rows = df.index.to_series() + 2  # header is row 1
    _check_text(df, rows, name)
    facts = _facts(df, rows, name, ctx)
    return facts[list(FACT_COLUMNS)]


# -- reading ---------------------------------------------------------------------------------
def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        raise InputError(name, "verkeerde tekstcodering (UTF-16 of binair); sla op als CSV "
                               "in UTF-8 of Windows-1252", row=1)
    text = decode(data, name)
    bad = _MOJIBAKE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(name, f"verkeerde tekstcodering: '{bad.group()}' is dubbel gecodeerde "
                               "UTF-8; sla het bestand opnieuw op als UTF-8", row=line)
    header = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in ";,"}
    sep = max(counts, key=counts.get)
    if counts[sep] == 0:
        found = next((repr(s) for s in ("\t", "|", ":") if s in header), "geen")
        raise InputError(name, f"scheidingsteken {found} niet ondersteund; gebruik ; of ,", row=1)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL)
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if not m:
            raise InputError(name, f"onleesbare CSV: {exc}") from exc
        raise InputError(name, f"{m[3]} velden in plaats van {m[1]}: extra scheidingsteken "
                               f"'{sep}' of een kolom te veel", row=int(m[2])) from exc
    df = df.fillna("")
    other = "," if sep == ";" else ";"
    if len(df.columns) > 1:
        # A data row in the other dialect lands whole in the first column.
        rest_empty = (df.iloc[:, 1:] == "").all(axis=1)
        wrong = rest_empty & df.iloc[:, 0].str.contains(other, regex=False)
        if wrong.any():
            raise InputError(name, f"verkeerd scheidingsteken '{other}'; de kopregel gebruikt "
                                   f"'{sep}'", row=int(wrong.idxmax()) + 2)
    return df


def _read_xlsx(path: Path, name: str) -> pd.DataFrame:
    import openpyxl

    try:
        # Formulas are read as their text so an `=HYPERLINK(...)` cell can be refused.
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:
        raise InputError(name, f"geen leesbaar XLSX-bestand ({type(exc).__name__})") from exc
    rows = [[_cell(v) for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    if not rows or not any(rows[0]):
        raise InputError(name, "het bestand is leeg")
    width = max(i + 1 for i, v in enumerate(rows[0]) if v)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    for i, r in enumerate(rows[1:]):
        if any(r[width:]):
            raise InputError(name, "waarde buiten de kolommen van de kopregel", row=i + 2)
    return pd.DataFrame(body, columns=rows[0][:width])


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _columns(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    mapped: dict[str, str] = {}
    for col in raw.columns:
        key = re.sub(r"[\s\-]+", "_", str(col).strip().lower())
        key = ALIASES.get(key, key)
        if key not in REQUIRED + OPTIONAL:
            raise InputError(name, "onbekende kolom; toegestaan: "
                             + ", ".join(REQUIRED + OPTIONAL) + " (of een alias)",
                             row=1, column=str(col))
        if key in mapped.values():
            raise InputError(name, f"kolom '{key}' komt twee keer voor", row=1, column=str(col))
        mapped[col] = key
    for key in REQUIRED:
        if key not in mapped.values():
            raise InputError(name, "verplichte kolom ontbreekt", row=1, column=key)
    df = raw.rename(columns=mapped).astype(str)
    for key in OPTIONAL:
        if key not in df.columns:
            df[key] = ""
    return df.apply(lambda c: c.str.strip())


# -- checks ----------------------------------------------------------------------------------
def _fail(name: str, bad: pd.Series, rows: pd.Series, column: str, reason) -> None:
    """Raise for the first True in `bad`; `reason` may be a function of that cell's index."""
    if bad.any():
        i = bad.idxmax()
        raise InputError(name, reason(i) if callable(reason) else reason,
                         row=int(rows[i]), column=column)


def _check_text(df: pd.DataFrame, rows: pd.Series, name: str) -> None:
    for col in df.columns:
        cells = df[col]
        # Spreadsheet formula injection: refuse what Excel would run (OWASP CSV injection).
        lead = cells.str.contains(_FORMULA)
        if col not in _TEXT:
            lead = cells.str.contains(r"^[=@\t\r]|[A-Za-z]+\(")
        _fail(name, lead, rows, col,
              lambda i, c=cells: f"formule-achtige waarde '{c[i][:40]}' (begint met = + - @)")
        _fail(name, cells.str.contains(_MARKUP), rows, col, "HTML of script is niet toegestaan")


def _facts(df: pd.DataFrame, rows: pd.Series, name: str, ctx) -> pd.DataFrame:
    ind = df["indicator_id"]
    _fail(name, ~ind.isin(list(BY_ID)), rows, "indicator_id",
          lambda i: f"onbekende indicator '{ind[i]}'")
    period = df["period"].str.replace(r"^(\d{4})-(\d{4})$", r"\1/\2", regex=True)
    kind = ind.map({i: x.period_type for i, x in BY_ID.items()})
    shape = period.str.fullmatch(r"\d{4}(-H[12])?").map({True: "year", False: "school_year"})
    school_ok = period.str.fullmatch(r"\d{4}/\d{4}") & (
        pd.to_numeric(period.str[5:9], errors="coerce")
        == pd.to_numeric(period.str[:4], errors="coerce") + 1)
    bad = ~(period.str.fullmatch(r"\d{4}(-H[12])?") | school_ok)
    _fail(name, bad, rows, "period", lambda i: f"onjuiste periode '{df['period'][i]}' "
          "(verwacht 2023, 2023-H1 of 2022/2023)")
    _fail(name, shape != kind, rows, "period", lambda i: f"periode '{period[i]}' past niet bij "
          f"{ind[i]}: verwacht een {'schooljaar' if kind[i] == 'school_year' else 'jaar'}")
    years = {p: ctx.reference.classification_year(p) for p in period.unique()}
    year = period.map(years).astype("int64")
    layouts = set(ctx.reference.gemeenten["classification_year"].astype(int))
    _fail(name, ~year.isin(layouts), rows, "period",
          lambda i: f"geen gemeente-indeling voor {year[i]} (bekend: {min(layouts)}-"
                    f"{max(layouts)})")
    _check_regions(df, rows, name, ctx, year)

    numbers = {}
    for col in ("numerator", "denominator"):
        cells = df[col]
        value = pd.to_numeric(cells.where(cells != ""), errors="coerce")
        _fail(name, value.isna() & (cells != ""), rows, col,
              lambda i, c=cells: f"geen getal: '{c[i]}' (schrijf aantallen zonder "
                                 "scheidingsteken voor duizendtallen)")
        _fail(name, value < 0, rows, col, "negatief aantal")
        _fail(name, value.notna() & (value % 1 != 0), rows, col,
              lambda i, c=cells: f"'{c[i]}' is geen geheel aantal")
        numbers[col] = value
    num, den = numbers["numerator"], numbers["denominator"]
    _fail(name, num.isna(), rows, "numerator", "teller ontbreekt")
    rate = ind.map({i: x.unit in ("pct", "per_1000") for i, x in BY_ID.items()})
    _fail(name, rate & (num > den), rows, "numerator",
          lambda i: f"teller {num[i]:g} is groter dan noemer {den[i]:g}")
    status = df["status"].str.lower().map(_STATUS)
    _fail(name, status.isna(), rows, "status",
          lambda i: f"onbekende status '{df['status'][i]}' (voorlopig of definitief)")

    region = df["region_code"].str.upper()
    key = region + "|" + period + "|" + ind
    dup = key.duplicated()
    first = pd.Series(rows.to_numpy(), index=key.to_numpy())
    first = first[~first.index.duplicated()]
    _fail(name, dup, rows, "region_code",
          lambda i: f"dubbele sleutel {region[i]}, {period[i]}, {ind[i]} (ook in rij "
                    f"{first[key[i]]})")
    return pd.DataFrame({
        "indicator_id": ind, "region_code": region, "period": period,
        "classification_year": year, "numerator": num.astype("float64"),
        "denominator": den.astype("float64"), "status": status, "suppressed": False,
        "rounded_to": pd.array([pd.NA] * len(df), dtype="Int64"), "raw_token": df["numerator"],
        "demo": False, "source": f"eigen:{name}", "note": df["note"].where(df["note"] != ""),
    }).reset_index(drop=True)


def _check_regions(df, rows, name, ctx, year: pd.Series) -> None:
    region = df["region_code"].str.upper()
    g = ctx.reference.gemeenten
    valid = g["gemeente_code"] + "|" + g["classification_year"].astype(str)
    regions = getattr(ctx.reference, "regions", None)
    if regions is not None:
        valid = pd.concat([valid, regions["region_code"] + "|"
                           + regions["classification_year"].astype(str)])
    ok = (region + "|" + year.astype(str)).isin(set(valid))
    if ok.all():
        return
    i = (~ok).idxmax()
    code, y = region[i], int(year[i])
    known = g.loc[g["gemeente_code"] == code, "classification_year"].astype(int)
    if len(known) and y > known.max():
        reason = (f"gemeente {code} bestond niet meer op 1 januari {y} (opgeheven; laatste "
                  f"indelingsjaar {known.max()}); gebruik de code van de opvolger")
    elif len(known):
        reason = f"gemeente {code} bestond nog niet op 1 januari {y} (eerste jaar {known.min()})"
    elif regions is None and not code.startswith("GM"):
        reason = f"regiocode '{code}' niet toegestaan: zonder regio-referentie alleen GM-codes"
    else:
        reason = f"onbekende regiocode '{code}' voor indelingsjaar {y}"
    raise InputError(name, reason, row=int(rows[i]), column="region_code")
