"""Readers for the CSV dialects DUO and CBS publish (see ../shared/fixtures/FORMATS.md).

Bytes -> text (encoding detection), text -> a DataFrame of stripped strings with normalised
headers, plus the small value conversions those files need (GM prefix, thousands separator).
Which file means which indicator belongs to the source modules, not here.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from etl.errors import InputError

# The same column under the names different DUO years used.
HEADER_ALIASES = {
    "GEMEENTE NUMMER": "GEMEENTENUMMER",
    "GEMEENTE_NUMMER": "GEMEENTENUMMER",
    "POSTCODE_LEERLING": "POSTCODE LEERLING",
}


def decode(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) if the bytes are valid UTF-8, else cp1252, as DUO's files
    are; bytes that are not text at all are refused."""
    if b"\x00" in data[:4096]:
        raise InputError(file, "geen tekstbestand (binaire inhoud); verwacht CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps them, so a Latin-1 file still reads.
        return data.decode("latin-1")


def normalise_header(name: str) -> str:
    """Upper case, single spaces, stripped, and the yearly variants mapped to one name."""
    clean = re.sub(r"\s+", " ", str(name)).strip().upper()
    return HEADER_ALIASES.get(clean, clean)


def read_duo_csv(path: Path, preamble: int | None = None) -> pd.DataFrame:
    """A DUO open-data CSV: `;`, cp1252 or UTF-8, CRLF, quoted only where needed, padded
    values. Every cell is a stripped string; headers are normalised. `preamble` lines before
    the header are skipped; None finds the header as the first line with at least 3 `;`."""
    file = str(path)
    text = decode(Path(path).read_bytes(), file)
    lines = text.splitlines()
    if preamble is None:
        preamble = next((i for i, line in enumerate(lines) if line.count(";") >= 2), None)
        if preamble is None:
            raise InputError(file, "geen kopregel met ';' gevonden", row=1)
    df = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False,
                     skiprows=preamble, skipinitialspace=False)
    df.columns = [normalise_header(c) for c in df.columns]
    return df.apply(lambda col: col.str.strip())


def gemeente_code(values: pd.Series) -> pd.Series:
    """DUO's `0114` (or `114`) -> CBS's `GM0114`; values already carrying GM are kept."""
    digits = values.astype(str).str.strip().str.upper().str.removeprefix("GM")
    return "GM" + digits.str.zfill(4)


def to_number(values: pd.Series, file: str, column: str, thousands: str = ".",
              decimal: str = ",", first_row: int = 2) -> pd.Series:
    """Counts such as `1.234` or ` 12 ` -> floats; an empty cell -> missing; anything else is
    an InputError naming the row (header = row 1, so the first data row is `first_row`)."""
    text = values.astype(str).str.strip().str.replace(thousands, "", regex=False)
    text = text.str.replace(decimal, ".", regex=False)
    number = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = number.isna() & (text != "")
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(file, f"geen getal: '{values.iloc[pos]}'", row=first_row + pos,
                         column=column)
    return number


def read_statline_csv(path: Path) -> pd.DataFrame:
    """The classic StatLine CSV download: a title line, header rows whose first cells are
    empty, a row of dimension names and units, data, and a `©` footer. Returns a frame whose
    dimension columns keep their names and whose topic columns are named by the last topic
    header row (made unique with the unit when needed); `attrs` holds the title and units."""
    file = str(path)
    text = decode(Path(path).read_bytes(), file)
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=";") if r]
    if len(rows) < 3:
        raise InputError(file, "te weinig regels voor een StatLine-CSV")
    title = rows[0][0].strip()
    body = rows[1:]
    if body and body[-1] and body[-1][0].lstrip().startswith(("©", "\xa9", "(c)")):
        body = body[:-1]
    heads = [r for r in body if r[0].strip() == ""]
    names_row = len(heads)
    names = body[names_row]
    # The first filled header cell ("Onderwerpen") sits above the last dimension column.
    first = next((i for i, h in enumerate(heads[-1]) if h.strip()), len(names)) if heads else 0
    n_dims = first + 1 if heads and heads[-1][first].strip() == "Onderwerpen" else first
    topics = heads[-1] if heads else names
    columns = [n.strip() for n in names[:n_dims]] + [t.strip() for t in topics[n_dims:]]
    if len(set(columns)) < len(columns):
        columns = columns[:n_dims] + [f"{t} ({u.strip()})" for t, u in
                                      zip(columns[n_dims:], names[n_dims:], strict=True)]
    df = pd.DataFrame(body[names_row + 1:], columns=columns).apply(lambda c: c.str.strip())
    df.attrs["title"] = title
    df.attrs["units"] = dict(zip(columns[n_dims:], (u.strip() for u in names[n_dims:]),
                                 strict=True))
    df.attrs["dimensions"] = columns[:n_dims]
    return df
