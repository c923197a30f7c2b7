"""`python -m etl import FILE`: own registrations stored beside the warehouse, aggregated like
any fact, shown beside (never replacing) public figures; re-import is idempotent."""

import hashlib
import shutil

import duckdb
import pytest

from etl.__main__ import main

HEADER = "region_code;period;indicator_id;numerator;denominator;note\n"


@pytest.fixture
def target(warehouse, tmp_path):
    path = tmp_path / "wh" / "warehouse.duckdb"
    path.parent.mkdir()
    shutil.copyfile(warehouse, path)
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def own_rows(path, source):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT region_code, period, numerator, value FROM facts WHERE source = ? "
            "AND classification_year = 2024 ORDER BY region_code", [source]).fetchall()


def test_import_adds_own_figures_beside_public_ones_and_is_idempotent(target, tmp_path, capsys):
    """An import adds eigen: facts; public facts stay; the same file again changes nothing."""
    own = tmp_path / "verzuim_amsterdam.csv"
    own.write_text(HEADER + "GM0363;2023/2024;thuiszitters_4wk;120;95000;leerplichtregistratie\n"
                   "PO2707;2023/2024;thuiszitters_4wk;130;100000;SWV-registratie\n",
                   encoding="utf-8")
    assert main(["import", str(own), "--warehouse", str(target)]) == 0
    rows = own_rows(target, "eigen:verzuim_amsterdam.csv")
    assert [(r[0], r[2]) for r in rows] == [("GM0363", 120), ("PO2707", 130)]
    with duckdb.connect(str(target), read_only=True) as con:
        public = con.execute("SELECT count(*) FROM facts WHERE region_code = 'GM0363' AND "
                             "indicator_id = 'thuiszitters_4wk' AND source = 'demo'").fetchone()
        assert public[0] > 0
        # One gemeente does not make a national figure.
        assert con.execute("SELECT count(*) FROM facts WHERE region_code = 'NL01' AND "
                           "starts_with(source, 'eigen:')").fetchone()[0] == 0
    before = digest(target)
    assert main(["import", str(own), "--warehouse", str(target)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert digest(target) == before


def test_corrected_file_replaces_its_earlier_facts(target, tmp_path):
    """Importing a corrected file of the same name replaces that file's facts."""
    own = tmp_path / "verzuim.csv"
    own.write_text(HEADER + "GM0363;2023/2024;thuiszitters_4wk;120;95000;eerste versie\n")
    assert main(["import", str(own), "--warehouse", str(target)]) == 0
    own.write_text(HEADER + "GM0363;2023/2024;thuiszitters_4wk;125;95000;gecorrigeerd\n")
    assert main(["import", str(own), "--warehouse", str(target)]) == 0
    assert [r[2] for r in own_rows(target, "eigen:verzuim.csv")] == [125]


def test_broken_file_leaves_warehouse_and_own_folder_untouched(target, tmp_path, capsys):
    """A bad file is refused with file, row and column; nothing changes."""
    before = digest(target)
    bad = tmp_path / "kapot.csv"
    bad.write_text(HEADER + "GM0363;2023/2024;thuiszitters_4wk;veel;95000;\n")
    assert main(["import", str(bad), "--warehouse", str(target)]) == 1
    err = capsys.readouterr().err
    assert "kapot.csv" in err and "numerator" in err
    assert digest(target) == before
    assert not (target.parent / "own" / "kapot.csv").exists()
