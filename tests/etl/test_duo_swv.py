"""DUO's SWV address files read into names, and the reference naming SWV regions after them."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from etl import reference
from etl.errors import InputError
from etl.sources import duo_swv
from tests.etl.cbs_server import FIXTURES

DUO = FIXTURES / "duo"
PO = DUO / "synthetic_duo_03_adressen_samenwerkingsverbanden_po_cp1252.csv"
VO = DUO / "synthetic_duo_07_adressen_samenwerkingsverbanden_vo_2016_cp1252.csv"


@pytest.mark.parametrize(("raw", "sector", "code"), [
    ("PO 27-07", None, "PO2707"), ("PO27-07", "VO", "PO2707"), ("po2707", None, "PO2707"),
    ("27-07", "VO", "VO2707"), (" 27 - 07 ", "PO", "PO2707"), ("27-07", None, None),
    ("PO 27-7", "PO", None), ("Amsterdam", "PO", None),
])
def test_every_spelling_of_a_code_becomes_the_law_code(raw, sector, code):
    """'PO 27-07', 'PO27-07', 'PO2707' and '27-07' (sector from the file) give 'PO2707'."""
    assert duo_swv.normalise_code(raw, sector) == code


def test_po_file_in_cp1252_with_preamble_quotes_and_a_trailing_space_in_the_header():
    """The PO file: cp1252 accents, a quoted name with doubled quotes, padded place names,
    codes in four spellings, the header 'SAMENWERKINGSVERBAND ' with a trailing space."""
    rows = duo_swv.read(PO).set_index("swv_code")
    assert list(rows.index) == ["PO2707", "PO2706", "PO2001", "PO2002"]
    assert rows.at["PO2001", "swv_name"] == "Passend Onderwijs Súdwest-Fryslân (synthetisch)"
    assert rows.at["PO2002", "swv_name"] == 'SWV "De Friese Wâlden" PO (synthetisch)'
    assert rows.at["PO2002", "plaats"] == "DRACHTEN"


def test_a_later_header_spelling_and_the_sector_from_the_file_name():
    """ADMINISTRATIE_NUMMER / NAAM_SAMENWERKINGSVERBAND are read; '27-07' in a vo file is
    VO2707."""
    assert duo_swv.sector_of(VO) == "VO" and duo_swv.sector_of(PO) == "PO"
    rows = duo_swv.read(VO).set_index("swv_code")["swv_name"]
    assert rows["VO2707"].startswith("Stichting Passend Voortgezet Onderwijs Zaanstreek")
    assert set(rows.index) == {"VO2708", "VO2707", "VO2001"}


def test_a_code_without_sector_in_a_file_that_names_none_is_refused(tmp_path):
    """'27-07' in a file whose name says neither po nor vo stops with the row named."""
    path = tmp_path / "adressen_samenwerkingsverbanden.csv"
    shutil.copy(VO, path)
    with pytest.raises(InputError) as err:
        duo_swv.read(path)
    assert "zonder sector" in str(err.value) and err.value.row == 5  # the file's own line number


def test_names_come_from_every_file_in_data_and_data_duo(tmp_path):
    """Files in data/ and data/duo/ are found by name; other files are ignored."""
    (tmp_path / "duo").mkdir()
    shutil.copy(PO, tmp_path / PO.name)
    shutil.copy(VO, tmp_path / "duo" / VO.name)
    (tmp_path / "leerlingen.csv").write_text("a;b;c\n")
    names = duo_swv.names(tmp_path)
    assert {"PO2707", "VO2708"} <= set(names) and len(names) == 7
    assert duo_swv.names(tmp_path / "nothing") == {}


def test_the_reference_names_an_swv_after_duo_and_keeps_todays_label_without_it():
    """An SWV with a DUO name is 'code: name', which the pages' cut at ' — ' keeps whole; one
    without keeps 'code — largest members'."""
    members = pd.DataFrame({"region_code": ["PO2707", "PO2707", "PO2706"],
                            "gemeente_code": ["GM0363", "GM0384", "GM0479"],
                            "weight": [1.0, 1.0, 1.0]})
    gemeenten = pd.DataFrame({"gemeente_code": ["GM0363", "GM0384", "GM0479"],
                              "gemeente_name": ["Amsterdam", "Diemen", "Zaanstad"],
                              "classification_year": 2024})
    pc4 = pd.DataFrame({"code_2024": ["GM0363", "GM0384", "GM0479"],
                        "pop_0_17": [150_000.0, 6_000.0, 30_000.0]})
    duo = duo_swv.names(DUO)
    named = reference._swv_names(members, gemeenten, pc4, 2024, duo).set_index("region_code")
    assert named.at["PO2707", "region_name"] == (
        "PO2707: Samenwerkingsverband Passend Primair Onderwijs Amsterdam-Diemen (synthetisch)")
    from dashboard.components.profile import short_name

    assert short_name(named.at["PO2707", "region_name"]) == named.at["PO2707", "region_name"]
    plain = reference._swv_names(members, gemeenten, pc4, 2024).set_index("region_code")
    assert plain.at["PO2707", "region_name"] == "PO2707 — Amsterdam, Diemen"
