"""The region aliases in data/ref/region_aliases.csv: read, checked against the layout, shipped
in the package, and refused with file, row and column when a row is wrong."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from etl.errors import InputError
from etl.reference import ALIAS_FILE, REF_DIR, read_aliases

ROOT = Path(__file__).resolve().parents[2]
HEADER = "alias,region_code,region_name,kind\n"


def test_shipped_aliases_name_regions_of_the_latest_layout():
    """Den Haag, Den Bosch and the Dutch name of Súdwest-Fryslân lead to their gemeenten."""
    aliases = read_aliases()
    assert list(aliases.columns) == ["alias", "region_code", "kind"]
    codes = aliases.set_index("alias")["region_code"]
    assert codes["Den Haag"] == "GM0518" and codes["Den Bosch"] == "GM0796"
    assert codes["Zuidwest-Friesland"] == "GM1900" and codes["Dantumadeel"] == "GM1891"
    assert codes["Fryslân"] == "PV21"


@pytest.mark.parametrize(("row", "column", "reason"), [
    ("Den Haag,GM9999,'s-Gravenhage,gangbare naam", "region_code", "onbekende regiocode"),
    ("Den Haag,GM0796,'s-Gravenhage,gangbare naam", "region_name", "niet de naam van GM0796"),
    ("Den Haag,GM0518,'s-Gravenhage,bijnaam", "kind", "onbekende soort 'bijnaam'"),
    (" ,GM0518,'s-Gravenhage,gangbare naam", "alias", "lege alias"),
    ("den haag,GM0518,'s-Gravenhage,gangbare naam", "alias", "dubbele alias"),
])
def test_a_bad_alias_row_is_refused_naming_file_row_and_column(tmp_path, row, column, reason):
    """A wrong row on the third line stops the read with the file, row 3 and its column."""
    path = tmp_path / ALIAS_FILE
    path.write_text(HEADER + "Den Haag,GM0518,'s-Gravenhage,gangbare naam\n" + row + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_aliases(path)
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 3, column)
    assert reason in err.value.reason and f"{ALIAS_FILE}, rij 3, kolom '{column}'" in str(
        err.value)


def test_an_alias_file_without_a_column_is_refused(tmp_path):
    """A missing column is named on the header row."""
    path = tmp_path / ALIAS_FILE
    path.write_text("alias,region_code,kind\nDen Haag,GM0518,gangbare naam\n", encoding="utf-8")
    with pytest.raises(InputError, match="rij 1, kolom 'region_name'"):
        read_aliases(path)


def test_a_bad_alias_stops_the_build_before_anything_is_written(tmp_path, monkeypatch):
    """The real build, reading a data folder whose alias file names an unknown code, fails
    naming the file, row and column, and leaves no warehouse."""
    import etl.build
    import etl.reference as reference

    ref_dir = tmp_path / "data" / "ref"
    ref_dir.mkdir(parents=True)
    for f in REF_DIR.iterdir():
        if f.name != ALIAS_FILE:
            (ref_dir / f.name).symlink_to(f)
    (ref_dir / ALIAS_FILE).write_text(HEADER + "Den Haag,GM0519,'s-Gravenhage,gangbare naam\n",
                                      encoding="utf-8")
    monkeypatch.setattr(reference, "REF_DIR", ref_dir)
    # Uncached, so the build reads this folder even when the process loaded the real one.
    monkeypatch.setattr(etl.build, "load_reference", reference.load_reference.__wrapped__)
    warehouse = tmp_path / "out" / "warehouse.duckdb"
    with pytest.raises(InputError, match=r"region_aliases\.csv, rij 2, kolom 'region_code'"):
        etl.build.build(warehouse, source="demo", log=lambda _m: None)
    assert not warehouse.exists()


def test_the_alias_file_ships_in_the_package():
    """pyproject's package data (etl/data -> data/) takes region_aliases.csv into the wheel, so
    a non-editable install finds it (tests/etl/test_install.py builds from such an install)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["etl"]
    assert (ROOT / "etl" / "data" / "ref" / ALIAS_FILE).is_file()
    assert any(fnmatch.fnmatch(f"data/ref/{ALIAS_FILE}", p) for p in patterns)
    assert not pd.read_csv(ROOT / "etl" / "data" / "ref" / ALIAS_FILE).empty
