"""`python -m etl build --source cbs` end to end, against the local recorded-format CBS server."""

import duckdb
import pytest

from etl.__main__ import main
from tests.etl.cbs_server import RecordedCbs


@pytest.fixture
def cbs(monkeypatch):
    with RecordedCbs() as server:
        monkeypatch.setenv("AOJ_CBS_BASE_URL", server.root)
        yield server


def test_cbs_build_holds_real_figures_only_and_rebuilds_offline(cbs, tmp_path, capsys):
    """A CBS build has no demonstration figures, takes counts from the count tables, logs the
    check against 85098NED's published percentages; an offline rebuild from the cache is
    equal."""
    target = tmp_path / "warehouse.duckdb"
    assert main(["build", "--source", "cbs", "--warehouse", str(target)]) == 0
    assert "CBS-controle jeugdhulp: 10 gemeentecijfers" in capsys.readouterr().err
    query = ("SELECT indicator_id, region_code, period, classification_year, value, suppressed "
             "FROM facts ORDER BY ALL")
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT contains_demo, base_source FROM build_info").fetchone() == (
            False, "cbs")
        assert con.execute("SELECT count(*) FROM facts WHERE demo").fetchone()[0] == 0
        sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM facts").fetchall()}
        assert {"CBS 84134NED", "CBS 85099NED", "CBS 85097NED", "CBS 84780NED",
                "CBS 03759ned"} <= sources
        # Groningen 2022: the warehouse rate is the count over that year's 0-17 population,
        # within rounding of the real published 15,4%.
        jh = con.execute("SELECT value FROM facts WHERE indicator_id = 'jeugdhulp' AND "
                         "region_code = 'GM0014' AND period = '2022' AND "
                         "classification_year = 2022").fetchone()[0]
        assert abs(jh - 15.4) < 0.06
        assert con.execute("SELECT count(*) FROM facts WHERE region_level = 'gemeente' AND "
                           "indicator_id = 'jeugdhulp' AND NOT demo").fetchone()[0] > 0
        # The sample holds a handful of gemeenten, so nothing is computed above them; what
        # CBS publishes for Nederland, a provincie and a jeugdregio is carried as published:
        # its count over its own 03759ned population, with the period's status.
        higher = con.execute(
            "SELECT region_code, period, classification_year, numerator, denominator, value, "
            "status, source, value_basis, computed_value, lower_bound FROM facts "
            "WHERE indicator_id = 'jeugdhulp' AND region_level <> 'gemeente' ORDER BY ALL"
        ).df()
        # Almere alone is SWV PO2401: computed from its gemeente, as every level CBS does not
        # publish.
        assert set(higher[higher.value_basis == "berekend"].region_code) == {"PO2401", "VO2401"}
        higher = higher[higher.value_basis == "gepubliceerd"]
        assert set(higher.region_code) == {"NL01", "PV20", "JZ01"}
        assert higher.computed_value.isna().all() and not higher.lower_bound.any()
        nl23 = higher[(higher.region_code == "NL01") & (higher.period == "2023")]
        # Nederland's figure holds in every layout: its own year's and the latest (2023).
        assert list(nl23.classification_year) == [2023]
        assert nl23.iloc[0].source == "CBS 85099NED" and nl23.iloc[0].status == "voorlopig"
        assert nl23.iloc[0].value == pytest.approx(
            100 * nl23.iloc[0].numerator / nl23.iloc[0].denominator)
        nl19 = higher[(higher.region_code == "NL01") & (higher.period == "2019")]
        assert list(nl19.classification_year) == [2019, 2023]
        assert set(nl19.source) == {"CBS 84134NED"} and set(nl19.status) == {"definitief"}
        # A provincie's figure stays in the layout it was published in.
        assert list(higher[higher.region_code == "PV20"].classification_year) == [
            2019, 2020, 2021, 2022, 2023]
        first = con.execute(query).fetchall()
    served = len(cbs.requests)
    assert main(["build", "--source", "cbs", "--offline", "--warehouse", str(target)]) == 0
    assert len(cbs.requests) == served  # the offline build asked the server nothing
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute(query).fetchall() == first


def test_unreachable_cbs_keeps_the_last_good_warehouse(warehouse, tmp_path, monkeypatch, capsys):
    """Without network and cache the build stops with a clear message; the old file stays."""
    target = tmp_path / "warehouse.duckdb"
    target.write_bytes(warehouse.read_bytes())
    before = target.read_bytes()
    monkeypatch.setenv("AOJ_CBS_BASE_URL", "http://127.0.0.1:9")
    assert main(["build", "--source", "cbs", "--warehouse", str(target)]) == 1
    assert "CBS" in capsys.readouterr().err
    assert target.read_bytes() == before
