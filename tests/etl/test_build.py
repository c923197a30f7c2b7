"""The whole build: the documented views, the demonstration data's properties, the atomic swap."""

import ast
import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import build as build_module
from etl.errors import CheckError
from etl.sources import demo

VIEWS = {
    "regions": ["region_code", "region_name", "region_level", "classification_year"],
    "region_members": ["region_code", "gemeente_code", "weight", "classification_year"],
    "indicators": ["indicator_id", "label", "unit", "definition", "numerator_label",
                   "denominator_label", "higher_is_better", "source", "source_table"],
    "facts": ["indicator_id", "region_code", "period", "classification_year", "numerator",
              "denominator", "value", "value_low", "value_high", "status", "suppressed",
              "lower_bound", "demo", "source"],
    "region_aliases": ["alias", "region_code", "kind"],
    "build_info": ["built_at", "code_version", "base_source", "contains_demo"],
}


@pytest.fixture(scope="module")
def con(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as c:
        yield c


@pytest.mark.parametrize("view", VIEWS)
def test_documented_views_have_their_columns(con, view):
    """Each public view has at least the documented columns, in that order."""
    cols = con.table(view).columns
    assert cols[: len(VIEWS[view])] == VIEWS[view]


def test_facts_by_level_holds_the_rows_of_facts(con):
    """facts_by_level, stored for whole-level reads, has the columns and the rows of facts."""
    assert con.table("facts_by_level").columns == con.table("facts").columns
    for a, b in [("facts", "facts_by_level"), ("facts_by_level", "facts")]:
        left = con.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})").fetchone()
        assert left == (0,)


def test_every_level_has_figures_for_every_indicator(con):
    """All eight levels carry every indicator in the latest classification."""
    n = con.execute("""SELECT count(DISTINCT region_level), count(DISTINCT indicator_id)
                       FROM facts WHERE classification_year = 2024""").fetchone()
    assert n == (8, 21)


def test_demo_figures_are_flagged_and_build_info_says_so(con):
    """Every demonstration fact has demo = true; only the population facts are real."""
    by_source = dict(con.execute(
        "SELECT source, bool_and(demo) FROM facts GROUP BY source").fetchall())
    assert by_source["demo"] is True
    assert by_source["CBS 83502NED (benadering)"] is False
    assert con.execute("SELECT contains_demo FROM build_info").fetchone()[0] is True


def test_demo_counts_are_disclosed_like_cbs(con):
    """Gemeente counts are multiples of 5 and no published count is below 8."""
    df = con.execute("""SELECT numerator, suppressed FROM facts
                        WHERE region_level = 'gemeente' AND source = 'demo'
                          AND classification_year = CAST(left(period, 4) AS INT)
                                                    + (period LIKE '%/%')::INT""").df()
    published = df[~df.suppressed]["numerator"]
    assert (published % 5 == 0).all() and (published >= 8).all()
    assert df.suppressed.any()


def test_demo_nederland_is_the_published_series_with_its_source_and_status(con):
    """Where national_figures.csv has the period, Nederland carries that figure (the NJi series
    for youth care, a count over the computed denominator for absoluut verzuim) with its source
    and status, real and never a lower bound; the figure computed from the demonstration
    gemeenten stays beside it, within 2% for youth care; other periods carry the set's own
    national figure (demo, rounded to 5), or the computed one where that is withheld."""
    df = con.execute("""SELECT indicator_id, period, classification_year, value, numerator,
                               denominator, status, lower_bound, demo, source, value_basis,
                               computed_value, computed_lower_bound
                        FROM facts WHERE region_code = 'NL01'""").df()
    rows = demo.national_rows()
    for cy in (None, 2024):  # the period's own layout and the latest one
        at = df[df.classification_year == (df.period.str[-4:].astype(int) if cy is None else cy)]
        jh = at[at.indicator_id == "jeugdhulp"].set_index("period")
        nji = rows[rows.series == "jeugdzorg_pct_tot18_incl_pgb"].set_index("period")
        for period, published in nji["value"].items():
            row = jh.loc[period]
            assert (row.value, row.value_basis, row.source) == (
                published, "gepubliceerd", "https://www.nji.nl/cijfers/jeugdzorg"), period
            assert row.status == ("voorlopig" if period == "2024" else "definitief")
            assert not row.lower_bound and not row.demo
            assert row.computed_value == pytest.approx(published, rel=0.02), period
        # 2015 has one secret gemeente: the set withholds its national figure.
        assert jh.loc["2015"].value_basis == "berekend" and jh.loc["2015"].demo
        assert jh.loc["2015"].value == jh.loc["2015"].computed_value
    av = df[(df.indicator_id == "absoluut_verzuim") & (df.period == "2022/2023")].iloc[0]
    assert av.numerator == 13707 and av.source.startswith("https://nos.nl/")
    assert av.value == pytest.approx(13707 / av.denominator * 1000)
    assert av.computed_lower_bound and not av.lower_bound
    latest = df[(df.indicator_id == "absoluut_verzuim") & (df.period == "2023/2024")].iloc[0]
    assert (latest.value_basis, latest.source, latest.demo) == ("gepubliceerd", "demo", True)
    assert not latest.lower_bound and latest.computed_lower_bound  # the series ends earlier
    assert latest.numerator % 5 == 0 and latest.numerator > latest.computed_value / 1000 * (
        latest.denominator)


def test_published_and_computed_agree_in_the_build_report(warehouse):
    """The build's report compares every published national figure of the demonstration set
    with the one computed from gemeenten; none differs beyond rounding and secret members."""
    with duckdb.connect(str(warehouse), read_only=True) as c:
        (statement,) = build_module.sql_statements("95_published_vs_computed.sql")
        report = c.execute(statement).df()
    assert set(report.region_code) == {"NL01"}
    assert (report.source != "demo").sum() == 40 and (report.source == "demo").sum() > 100
    assert not report.beyond.any()
    assert (report.low <= report.published).all() and (report.published <= report.high).all()


def test_herindeling_dissolved_gemeente_stops_and_merged_one_starts(con):
    """Haaren has figures up to 2020 in its own layout; Eemsdelta from 2021."""
    years = lambda code: sorted(r[0] for r in con.execute(  # noqa: E731
        """SELECT DISTINCT period FROM facts WHERE region_code = ? AND indicator_id = 'jeugdhulp'
           AND classification_year = CAST(period AS INT)""", [code]).fetchall())
    assert years("GM0788")[-1] == "2020"
    assert years("GM1979")[0] == "2021"


def test_latest_period_is_voorlopig(con):
    """Only the last period of each indicator is provisional."""
    df = con.execute("""SELECT indicator_id, period, any_value(status) AS status FROM facts
                        WHERE region_level = 'gemeente' AND value_basis = 'gepubliceerd'
                          AND source = 'demo' GROUP BY ALL""").df()
    last = df.groupby("indicator_id")["period"].transform("max")
    assert (df[df.period == last].status == "voorlopig").all()
    assert (df[df.period != last].status == "definitief").all()


def test_demo_generation_is_deterministic():
    """Two runs of the generator give identical facts."""
    from etl.build import BuildContext
    from etl.reference import load_reference

    ctx = BuildContext(data_dir=Path("."), reference=load_reference())
    pd.testing.assert_frame_equal(demo.load(ctx), demo.load(ctx))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failing_check_leaves_the_old_warehouse_byte_identical(warehouse, tmp_path, monkeypatch):
    """A source with numerator > denominator fails a check; the old file is untouched."""
    target = tmp_path / "w.duckdb"
    target.write_bytes(warehouse.read_bytes())
    before = _digest(target)
    real_load = demo.load

    def broken(ctx):
        facts = real_load(ctx)
        facts.loc[facts.index[0], ["numerator", "suppressed"]] = [10**9, False]
        return facts

    monkeypatch.setattr(demo, "load", broken)
    with pytest.raises(CheckError, match="numerator does not exceed denominator"):
        build_module.build(target, log=lambda _m: None)
    assert _digest(target) == before
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_exception_in_source_leaves_the_old_warehouse_byte_identical(warehouse, tmp_path,
                                                                    monkeypatch):
    """Any exception during the build keeps the previous warehouse."""
    target = tmp_path / "w.duckdb"
    target.write_bytes(warehouse.read_bytes())
    before = _digest(target)

    def boom(ctx):
        raise RuntimeError("network gone")

    monkeypatch.setattr(demo, "load", boom)
    with pytest.raises(RuntimeError):
        build_module.build(target, log=lambda _m: None)
    assert _digest(target) == before
    assert list(tmp_path.iterdir()) == [target]


def test_cli_build_exits_non_zero_with_a_message_on_unknown_source(capsys):
    """The CLI refuses an unknown source with a readable message."""
    from etl.__main__ import main

    with pytest.raises(SystemExit):
        main(["build", "--source", "nope"])
    assert "invalid choice" in capsys.readouterr().err


def test_dashboard_never_imports_etl():
    """The warehouse file is the only contract: no module under dashboard/ imports etl."""
    for path in Path("dashboard").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "etl" or n.startswith("etl.") for n in names), path
