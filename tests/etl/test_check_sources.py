"""`python -m etl check-sources` against the local server: all there, an edition that changed,
a missing table, and CBS out of reach."""

from __future__ import annotations

import json
import time

from etl.__main__ import main
from etl.sources import cbs, odata
from tests.etl.cbs_server import RecordedCbs
from tests.etl.test_cbs_odata import edited_tables


def run(monkeypatch, capsys, root: str) -> tuple[int, str, float]:
    monkeypatch.setenv(odata.BASE_URL_ENV, root)
    started = time.perf_counter()
    code = main(["check-sources"])
    return code, capsys.readouterr().out, time.perf_counter() - started


def test_every_expected_table_topic_and_member_is_found(monkeypatch, capsys):
    """Against tables in the loader's structures every table is 'in orde', in seconds, and
    nothing is cached."""
    with RecordedCbs() as srv:
        code, out, seconds = run(monkeypatch, capsys, srv.root)
    assert code == 0, out
    for table in cbs.TABLES:
        assert f"CBS {table.table_id}: in orde" in out
    assert "CBS 85099NED: in orde (nieuwste periode 2023)" in out
    assert "CBS 84780NED: in orde (nieuwste periode 2022/2023)" in out
    assert f"{len(cbs.TABLES)} van {len(cbs.TABLES)} tabellen in orde" in out
    assert seconds < 15
    assert not any("TypedDataSet" in r for r in srv.requests)  # metadata only


def test_a_changed_edition_names_what_is_missing(monkeypatch, capsys, tmp_path):
    """A count table without 'JR 1 Totaal jeugdreclassering' and a 85098NED topic renamed
    beyond recognition are reported per table; the others stay 'in orde'."""
    def drop_member(spec):
        spec["dimensions"]["VormenVanJeugdzorg"] = [
            m for m in spec["dimensions"]["VormenVanJeugdzorg"] if not m["Title"].startswith("JR")]

    folder = edited_tables(tmp_path / "a", "85099NED", drop_member)

    def rename_topic(spec):
        for p in spec["DataProperties"]:
            if p["Key"] == "JongerenMetJeugdreclassering_5":
                p["Key"], p["Title"] = "Jeugdreclassering_5", "Jeugdreclassering (relatief)"

    spec_file = next(folder.glob("*85098NED*.json"))
    spec = json.loads(spec_file.read_text())
    rename_topic(spec)
    spec_file.write_text(json.dumps(spec))
    with RecordedCbs(folder) as srv:
        code, out, _ = run(monkeypatch, capsys, srv.root)
    assert code == 1
    assert "CBS 85099NED: WIJKT AF" in out and "JR 1 Totaal jeugdreclassering" in out
    assert "CBS 85098NED: WIJKT AF" in out and "JongerenMetJeugdreclassering" in out
    assert "CBS 85097NED: in orde" in out and "4 van 6 tabellen in orde" in out


def test_a_table_that_is_gone_is_reported_not_a_crash(monkeypatch, capsys, tmp_path):
    """A table CBS no longer serves (HTTP 404) is named with CBS's answer."""
    folder = edited_tables(tmp_path, "84780NED", lambda spec: None)
    next(folder.glob("*84780NED*.json")).unlink()
    with RecordedCbs(folder) as srv:
        code, out, _ = run(monkeypatch, capsys, srv.root)
    assert code == 1 and "CBS 84780NED: WIJKT AF" in out and "HTTP 404" in out


def test_without_a_connection_it_says_cbs_cannot_be_reached(monkeypatch, capsys):
    """With nothing listening the command says so at once and exits 2."""
    code, out, seconds = run(monkeypatch, capsys, "http://127.0.0.1:9/ODataApi/odata")
    assert code == 2 and "CBS is niet bereikbaar" in out and "--offline" in out
    assert seconds < 15
