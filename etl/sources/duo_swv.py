"""DUO's "Samenwerkingsverbanden passend onderwijs" address files read into SWV names per code.

Drop one or more such files (PO "03." / VO "07." address files, `;`-separated, cp1252 or UTF-8)
in `data/` or `data/duo/` and the reference names each SWV region after them. The header
spellings drift between years (`ADMINISTRATIENUMMER`, `ADMINISTRATIE_NUMMER`, trailing spaces,
...), and the code is written "PO 27-07", "PO27-07", "PO2707" or "27-07"; a code without its
sector takes it from the file name (po/primair or vo/voortgezet).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from etl.errors import InputError
from etl.sources.csv_dialects import decode, read_duo_csv

FILE_PATTERN = re.compile(r"samenwerkingsverband", re.I)
CODE_COLUMNS = ("ADMINISTRATIENUMMER", "ADMINISTRATIE NUMMER", "SWV CODE", "CODE SWV",
                "CODE SAMENWERKINGSVERBAND", "SAMENWERKINGSVERBANDCODE", "SWV")
NAME_COLUMNS = ("NAAM SAMENWERKINGSVERBAND", "SAMENWERKINGSVERBANDNAAM", "NAAM SWV", "NAAM",
                "SAMENWERKINGSVERBAND")
_CODE = re.compile(r"(?:(PO|VO)\s*)?(\d{2})\s*-?\s*(\d{2})")


def find_files(folder: Path) -> list[Path]:
    """The SWV address files in `folder` and `folder/duo`, in name order."""
    folder = Path(folder)
    found = [p for d in (folder, folder / "duo") if d.is_dir() for p in d.iterdir()
             if p.suffix.lower() in (".csv", ".txt") and FILE_PATTERN.search(p.name)]
    return sorted(found, key=lambda p: p.name)


def sector_of(path: Path) -> str | None:
    """PO or VO as the file name tells ("..._po.csv", "primair"), else None."""
    name = Path(path).stem.lower()
    po = re.search(r"(^|[^a-z])po([^a-z]|$)|primair", name)
    vo = re.search(r"(^|[^a-z])vo([^a-z]|$)|voortgezet", name)
    return "PO" if po and not vo else "VO" if vo and not po else None


def normalise_code(raw: str, sector: str | None) -> str | None:
    """'PO 27-07', 'PO27-07', 'PO2707', '27-07' (sector from the file) -> 'PO2707'."""
    m = _CODE.fullmatch(str(raw).strip().upper())
    if not m or not (m[1] or sector):
        return None
    return f"{m[1] or sector}{m[2]}{m[3]}"


def read(path: Path) -> pd.DataFrame:
    """One address file -> swv_code, swv_name, plaats (plaats may be empty)."""
    file = str(path)
    df = read_duo_csv(Path(path))
    df.columns = [re.sub(r"[\s_]+", " ", c).strip() for c in df.columns]
    code_col = next((c for c in CODE_COLUMNS if c in df.columns), None)
    name_col = next((c for c in NAME_COLUMNS if c in df.columns and c != code_col), None)
    if code_col is None or name_col is None:
        raise InputError(file, "geen kolommen voor code en naam van het samenwerkingsverband "
                         f"(gevonden: {', '.join(df.columns)})", row=1)
    sector = sector_of(path)
    codes = df[code_col].map(lambda v: normalise_code(v, sector))
    bad = codes.isna() & df[code_col].ne("")
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raw = df[code_col].iloc[pos]
        why = ("code zonder sector en de bestandsnaam noemt geen po of vo"
               if _CODE.fullmatch(raw.strip().upper()) else f"onleesbare code '{raw}'")
        raise InputError(file, why, row=_header_line(Path(path)) + pos + 1, column=code_col)
    out = pd.DataFrame({"swv_code": codes, "swv_name": df[name_col],
                        "plaats": df["PLAATSNAAM"] if "PLAATSNAAM" in df else ""})
    return out[out["swv_code"].notna() & out["swv_name"].ne("")].reset_index(drop=True)


def _header_line(path: Path) -> int:
    """The 1-based line of the header, as read_duo_csv finds it (first line with 2+ ';')."""
    lines = decode(path.read_bytes(), str(path)).splitlines()
    return next((i + 1 for i, line in enumerate(lines) if line.count(";") >= 2), 1)


def names(folder: Path) -> dict[str, str]:
    """SWV code -> name from every address file in `folder` (a later file name wins)."""
    out: dict[str, str] = {}
    for path in find_files(folder):
        rows = read(path)
        out.update(dict(zip(rows["swv_code"], rows["swv_name"], strict=True)))
    return out
