"""The DUO and CBS CSV dialect readers on real published files (tests/fixtures/duo, cbs/csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.errors import InputError
from etl.sources import csv_dialects as cd
from tests.etl.cbs_server import FIXTURES

DUO = FIXTURES / "duo"
STATLINE = FIXTURES / "cbs" / "csv"
MANNEN = STATLINE / "statline_classic_csv_overgewicht_mannen_first200_latin1.csv"
BEIDE = STATLINE / "statline_classic_csv_overgewicht_mannen_vrouwen_full_latin1.csv"
ADRESSEN = DUO / "duo_po_vestigingen_adressen_2013_first200_plus_latin1_and_quote_rows.csv"


def test_duo_cp1252_file_decodes_fryslan_and_doubled_quotes():
    """The real DUO address file is cp1252: 'Fryslân' survives and "" inside quotes is one "."""
    df = cd.read_duo_csv(ADRESSEN)
    assert len(df) == 205
    assert df["RPA-GEBIED NAAM"].eq("Fryslân").sum() == 3
    assert 'BS "De Maasparel"' in set(df["VESTIGINGSNAAM"])


def test_duo_headers_and_padded_values_are_stripped():
    """The trailing space in 'VESTIGINGSNAAM ' and the blank-padded INTERNETADRES are gone."""
    df = cd.read_duo_csv(ADRESSEN)
    assert "VESTIGINGSNAAM" in df.columns and "VESTIGINGSNAAM " not in df.columns
    assert (df["INTERNETADRES"] == "").sum() >= 2
    assert not df["INTERNETADRES"].str.startswith(" ").any()


def test_gemeentenummer_without_gm_prefix_becomes_cbs_code():
    """DUO's zero-padded 0114 is CBS's GM0114; an unpadded 363 becomes GM0363."""
    df = cd.read_duo_csv(ADRESSEN)
    assert cd.gemeente_code(df["GEMEENTENUMMER"]).iloc[0] == "GM0114"
    assert cd.gemeente_code(pd.Series(["363", "GM0014"])).tolist() == ["GM0363", "GM0014"]


@pytest.mark.parametrize("name", ["duo_leerlingen_2023_utf8bom_preamble.csv",
                                  "duo_vsv_2013_cp1252_thousands.csv"])
def test_yearly_header_variants_map_to_gemeentenummer(name):
    """'GEMEENTE NUMMER' and 'GEMEENTE_NUMMER' are read as GEMEENTENUMMER."""
    df = cd.read_duo_csv(DUO / name)
    assert "GEMEENTENUMMER" in df.columns
    assert cd.gemeente_code(df["GEMEENTENUMMER"]).str.fullmatch(r"GM\d{4}").all()


def test_utf8_bom_file_with_preamble_finds_its_header():
    """A UTF-8-BOM file with two title lines reads from its real header; 'Súdwest' is intact."""
    df = cd.read_duo_csv(DUO / "duo_leerlingen_2023_utf8bom_preamble.csv")
    assert df.columns[0] == "JAAR" and len(df) == 3
    assert df["GEMEENTENAAM"].iloc[1] == "SÚDWEST-FRYSLÂN"
    assert cd.decode("\ufeffJAAR;X".encode(), "f") == "JAAR;X"


def test_thousands_separator_is_removed_from_counts():
    """'  12.345' in a DUO count column is twelve thousand three hundred forty-five."""
    df = cd.read_duo_csv(DUO / "duo_vsv_2013_cp1252_thousands.csv")
    got = cd.to_number(df["AANTAL DEELNEMERS"], "vsv.csv", "AANTAL DEELNEMERS")
    assert got.tolist() == [1204, 987, 12345]


def test_non_numeric_count_names_file_row_and_column():
    """A word in a count column is an InputError at its spreadsheet row."""
    with pytest.raises(InputError) as err:
        cd.to_number(pd.Series(["1.204", "veel"]), "vsv.csv", "AANTAL DEELNEMERS")
    assert (err.value.file, err.value.row, err.value.column) == ("vsv.csv", 3,
                                                                  "AANTAL DEELNEMERS")


def test_statline_classic_csv_drops_title_headers_and_footer():
    """The classic download: title kept in attrs, dimension names, topic names, no © row."""
    df = cd.read_statline_csv(MANNEN)
    assert df.attrs["title"].startswith("Lengte en gewicht van personen")
    assert df.attrs["dimensions"] == ["Geslacht", "Leeftijd", "Cijfersoort", "Perioden"]
    assert list(df.columns[4:]) == ["Ondergewicht", "Normaal gewicht", "Overgewicht",
                                    "Matig overgewicht", "Ernstig overgewicht"]
    assert len(df) == 195 and not df["Geslacht"].str.contains("Statistiek").any()
    assert df.iloc[0].tolist()[:5] == ["Mannen", "4 tot 12 jaar", "Percentages/gemiddelden",
                                       "1981", "6.2"]


def test_statline_full_file_reads_every_data_row():
    """The full 77-line file has 72 data rows between its 4 header lines and the footer."""
    df = cd.read_statline_csv(BEIDE)
    assert len(df) == 72 and df.attrs["units"]["Overgewicht"] == "%"
    assert df.iloc[-1]["Perioden"] == "2016"


def test_binary_input_is_refused():
    """Bytes with NULs are not a CSV of any dialect."""
    with pytest.raises(InputError, match="binair"):
        cd.decode(b"PK\x03\x04\x00\x00", "x.csv")
