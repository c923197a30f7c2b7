"""CSV and XLSX exports of a chart's data: Dutch headers, secret cells, flags, no formulas."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from dashboard import db, queries
from dashboard.components.chart import export_data
from dashboard.export import data

EVIL = '=HYPERLINK("http://evil.example","klik")'


@pytest.fixture(scope="module")
def store(warehouse) -> dict:
    """The chart-data store of a real ranking: every gemeente on thuiszitters in 2023/2024, with an
    injected hostile name and note."""
    db.configure(warehouse)
    df = queries.level_values("thuiszitters_4wk", "gemeente", "2023/2024")
    assert df["suppressed"].any() and df["value"].notna().any()
    df = df.assign(indicator_id="thuiszitters_4wk")
    df.loc[df.index[0], "region_name"] = EVIL
    df.loc[df.index[1], "note"] = "+31 20 123 @ -x"
    return export_data("Thuiszitters, alle gemeenten", "Bron: Leerplichttelling · 2023/2024",
                       df, True)


def _csv_rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel opens it right"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def test_csv_round_trips_values_and_flags(store):
    """Each CSV row reads back (decimal comma) to the stored value, and secret cells stay text."""
    rows = _csv_rows(data.to_csv(store))
    cols = store["columns"]
    assert {"Regiocode", "Regio", "Waarde", "Teller", "Noemer", "Geheim", "Deels geheim",
            "Voorbeeldcijfer"} <= set(rows[0])
    for raw, row in zip(store["rows"], rows, strict=True):
        rec = dict(zip(cols, raw, strict=True))
        assert row["Regiocode"] == rec["region_code"]
        assert row["Voorbeeldcijfer"] == "ja"
        if rec["suppressed"]:
            assert row["Geheim"] == "ja"
            assert row["Waarde"] == row["Teller"] == "geheim"
        elif rec["value"] is not None:
            assert row["Geheim"] == "nee"
            assert _number(row["Waarde"]) == pytest.approx(rec["value"], abs=1e-6)
            assert _number(row["Noemer"]) == pytest.approx(rec["denominator"], abs=1e-6)


def test_secret_cell_is_never_a_number_in_any_export(store):
    """A suppressed gemeente's value and numerator appear only as 'geheim' in CSV and XLSX."""
    frame = data.export_frame(store)
    secret = frame[frame["Geheim"] == "ja"]
    assert len(secret) > 0
    assert set(secret["Waarde"]) == set(secret["Teller"]) == {"geheim"}
    wb = openpyxl.load_workbook(io.BytesIO(data.to_xlsx(store, queries.indicators())))
    ws = wb["Gegevens"]
    header = [c.value for c in ws[5]]
    col_value, col_secret = header.index("Waarde"), header.index("Geheim")
    for row in ws.iter_rows(min_row=6, values_only=True):
        if row[col_secret] == "ja":
            assert row[col_value] == "geheim"


def test_xlsx_round_trips_with_dutch_headers_number_formats_and_notes(store):
    """The XLSX holds the same values, formats numbers, and explains sources and demo figures."""
    wb = openpyxl.load_workbook(io.BytesIO(data.to_xlsx(store, queries.export_definitions(store))))
    ws = wb["Gegevens"]
    assert ws["A1"].value == store["title"]
    assert ws["A3"].value == data.DEMO_NOTE
    sheet = pd.read_excel(io.BytesIO(data.to_xlsx(store, queries.indicators())),
                          sheet_name="Gegevens", header=4, dtype=object)
    raw = pd.DataFrame(store["rows"], columns=store["columns"])
    published = ~raw["suppressed"].astype(bool) & raw["value"].notna()
    assert sheet.loc[published, "Waarde"].astype(float).tolist() == pytest.approx(
        raw.loc[published, "value"].astype(float).tolist())
    header = [c.value for c in ws[5]]
    value_cell = ws.cell(6 + int(published.idxmax()), header.index("Waarde") + 1)
    assert value_cell.number_format == "#,##0.0"
    notes = wb["Toelichting"]
    text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "Thuiszitters langer dan 4 weken" in text and "Leerplichttelling" in text
    assert data.DEMO_NOTE in text and "geheim" in text.lower()


def test_formula_like_names_and_notes_are_neutralised(store):
    """Text starting with = + - @ gets a leading quote in CSV and XLSX, never a formula."""
    rows = _csv_rows(data.to_csv(store))
    assert rows[0]["Regio"] == "'" + EVIL
    assert rows[1]["Opmerking"] == "'+31 20 123 @ -x"
    wb = openpyxl.load_workbook(io.BytesIO(data.to_xlsx(store, queries.indicators())))
    ws = wb["Gegevens"]
    header = [c.value for c in ws[5]]
    cell = ws.cell(6, header.index("Regio") + 1)
    assert cell.value == "'" + EVIL and cell.data_type == "s"
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", f"formula in {c.coordinate}"
    assert data.neutralise("-12") == "'-12" and data.neutralise("\tx") == "'\tx"
    assert data.neutralise(-12.5) == -12.5 and data.neutralise("Amsterdam") == "Amsterdam"


def test_lower_bound_region_is_marked(warehouse):
    """A region figure with a secret member is exported with the lower-bound flag 'ja'."""
    db.configure(warehouse)
    df = queries.level_values("thuiszitters_3mnd", "swv_vo", "2018/2019")
    assert df["lower_bound"].any()
    frame = data.export_frame(export_data("SWV VO", "", df, False))
    flagged = frame[frame["Deels geheim"] == "ja"]
    assert len(flagged) == int(df["lower_bound"].sum())
    assert set(frame["Voorbeeldcijfer"]) == {"ja"}, "the data's own demo flag is kept"


def test_interval_roles_levels_and_booleans_read_dutch():
    """The interval is two columns Ondergrens/Bovengrens (secret rows: geheim), and codes and
    true/false in any column read Dutch: no 'role', 'self', 'swv_po' or 'True'."""
    store = export_data("Trend", "", pd.DataFrame({
        "role": ["self", "swv_po", "nederland"],
        "region_level": ["gemeente", "swv_po", "nederland"],
        "value": [1.3, None, 2.0], "value_low": [1.3, None, 2.0], "value_high": [1.4, None, None],
        "suppressed": [False, True, False], "lower_bound": [True, False, True],
        "computed_lower_bound": [True, False, None]}), False)
    rows = _csv_rows(data.to_csv(store))
    assert list(rows[0]) == ["Rol", "Niveau", "Waarde", "Ondergrens", "Bovengrens", "Geheim",
                             "Deels geheim", "Berekend, deels geheim"]
    assert [r["Rol"] for r in rows] == ["gekozen regio", "SWV PO", "Nederland"]
    assert [r["Niveau"] for r in rows] == ["gemeente", "SWV PO", "Nederland"]
    assert (rows[0]["Ondergrens"], rows[0]["Bovengrens"]) == ("1,3", "1,4")
    assert rows[1]["Ondergrens"] == rows[1]["Bovengrens"] == "geheim"
    assert rows[2]["Bovengrens"] == "", "no upper end known: an empty cell"
    assert [r["Berekend, deels geheim"] for r in rows] == ["ja", "nee", ""]
