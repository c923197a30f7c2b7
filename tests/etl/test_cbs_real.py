"""The CBS loader on the real tables' structures (tests/fixtures/cbs_real): the real 85098NED
rows as a check, counts from the count tables over their age groups, population per year, the
85097NED topic tree and VSV from 84780NED."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from etl.errors import EtlError
from etl.sources import cbs, odata
from tests.etl.cbs_server import FIXTURES, RecordedCbs, fake_ctx
from tests.etl.test_cbs_odata import (  # noqa: F401 - loaded and serve are fixtures
    _population,
    edited_tables,
    loaded,
    serve,
    value,
)

REAL_ROWS = FIXTURES / "cbs_real" / "85098NED_rows_2022_cbsodataR.csv"


@pytest.fixture
def shared(request):
    """The shared load: its facts, the check file it wrote and the lines it logged."""
    df, _srv, data_dir, lines = request.getfixturevalue("loaded")
    check = pd.read_csv(data_dir / "raw" / "cbs" / cbs.CHECK_FILE, dtype={"period": str})
    return df, check, lines


def real_rows() -> list[dict]:
    with REAL_ROWS.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def test_the_ten_real_2022_rows_are_read_as_published(tmp_path, monkeypatch):
    """85098NED's real 2022 gemeente rows come through the loader as the printed percentages,
    NA as a secret cell, under their real topic keys."""
    with RecordedCbs() as srv:
        monkeypatch.setenv(odata.BASE_URL_ENV, srv.root)
        client = odata.ODataClient(tmp_path, root=srv.root)
        rows = cbs.read_table(client, cbs.PUBLISHED, fake_ctx(tmp_path))
    rows = rows[rows.period == "2022"].set_index("region_code")
    names = {"JongerenMetJeugdhulpInNatura_1": "jeugdhulp",
             "JongerenMetJeugdhMetVerblInNat_2": "jeugdhulp_verblijf",
             "JongerenMetJeugdbescherming_3": "jeugdbescherming",
             "JeugdbeschEnJeugdhMetVerblInNat_4": "jeugdbescherming_verblijf",
             "JongerenMetJeugdreclassering_5": "jeugdreclassering"}
    real = real_rows()
    assert sorted(rows.index) == sorted(r["RegioS"] for r in real)
    for r in real:
        for key, name in names.items():
            got = rows.at[r["RegioS"], name]
            if r[key] == "NA":
                assert pd.isna(got) and rows.at[r["RegioS"], f"{name}_suppressed"]
            else:
                assert got == float(r[key])


def test_recomputed_rates_match_the_published_percentages_within_rounding(shared):
    """Counts over the year's population reproduce every comparable real 2022 percentage
    within the published rounding plus the rounding of the counts to 5."""
    df, check, lines = shared
    real = {(r["RegioS"], k): float(r[k]) for r in real_rows() for k in r
            if k.endswith(("_1", "_2", "_3", "_5")) and r[k] != "NA"}
    youth = check[check.indicator_id != "vsv"]
    # Every published figure whose counts are not secret is compared (Ameland's 7,9 included).
    assert len(youth) >= 30 and not youth.beyond.any()
    assert ((youth.recomputed - youth.published).abs() <= youth.tolerance + 1e-9).all()
    row = youth[(youth.indicator_id == "jeugdhulp") & (youth.region_code == "GM0014")].iloc[0]
    assert row.published == real[("GM0014", "JongerenMetJeugdhulpInNatura_1")] == 15.4
    jh = value(df, "jeugdhulp", "GM0014", "2022")
    assert 100 * jh.numerator / jh.denominator == pytest.approx(row.recomputed, abs=1e-3)
    assert any("CBS-controle jeugdhulp: 10 gemeentecijfers" in line and "0 wijken" in line
               for line in lines)


def test_a_count_that_disagrees_with_the_published_rate_is_reported(serve, tmp_path, loaded):  # noqa: F811
    """A count table whose JB 1 for Groningen 2022 is 30% higher makes the check name it in the
    log; the facts are still the counts."""
    def inflate(spec):
        for r in spec["TypedDataSet"]:
            if (r["RegioS"].strip(), r["Perioden"], r["VormenVanJeugdzorg"].strip()) == (
                    "GM0014", "2022JJ00", "A027919"):
                r["JongerenMetJeugdzorg_1"] = 5 * round(r["JongerenMetJeugdzorg_1"] * 1.3 / 5)

    srv = serve(edited_tables(tmp_path, "85099NED", inflate))
    ctx = fake_ctx(tmp_path / "d")
    lines = []
    ctx.log = lines.append
    client = odata.ODataClient(tmp_path / "d", root=srv.root)
    population = _population(loaded)
    counts = cbs.read_counts(client, ctx, population)
    published = cbs.read_table(client, cbs.PUBLISHED, ctx)
    cbs._report(ctx, cbs.compare_published(counts, population, published))
    line = next(x for x in lines if x.startswith("CBS-controle jeugdbescherming"))
    assert "1 wijken meer af" in line and "GM0014 2022: 1.82 vs 1.4" in line
    assert value(counts, "jeugdbescherming", "GM0014", "2022").numerator == 655


def test_counts_come_from_the_count_table_members_with_their_age_groups(shared):
    """JH 1, JH 122, JB 1 over 0-17 and JR 1 over 12-22 of the same year; counts keep
    rounded_to 5 and the table as source; a secret member stays secret."""
    df, _check, _lines = shared
    pop = df[df.indicator_id == "jeugdpopulatie"].set_index(["region_code", "period"])
    for indicator in ("jeugdhulp", "jeugdhulp_verblijf", "jeugdbescherming"):
        row = value(df, indicator, "GM0080", "2022")
        assert row.denominator == pop.loc[("GM0080", "2022"), "numerator"]
        assert row.rounded_to == 5 and row.source == "CBS 85099NED"
    jr = value(df, "jeugdreclassering", "GM0080", "2022")
    assert jr.denominator > pop.loc[("GM0080", "2022"), "numerator"] * 0.5  # 11 ages, not 18
    assert "12-22 jaar op 1 januari 2022" in jr.note
    secret = value(df, "jeugdreclassering", "GM0047", "2022")  # Veendam: NA in 85098NED
    assert secret.suppressed and pd.isna(secret.numerator)
    assert set(df[df.period <= "2020"].source) <= {"CBS 84134NED", "CBS 03759ned"}


def test_the_denominator_is_the_population_of_each_year(shared):
    """2023 rates divide by the 1 January 2023 population, 2019 by 2019's."""
    df, _check, _lines = shared
    d = {p: value(df, "jeugdhulp", "GM0034", p).denominator for p in ("2019", "2022", "2023")}
    assert d["2019"] < d["2022"] < d["2023"]
    assert d["2023"] == value(df, "jeugdpopulatie", "GM0034", "2023").numerator


def test_a_year_without_population_leaves_the_denominator_to_the_build(serve, tmp_path):  # noqa: F811
    """Without a 2023 population in 03759ned the 2023 count has no denominator of its own and
    says the build's 2021 estimate is used."""
    def drop_2023(spec):
        spec["Perioden"] = [p for p in spec["Perioden"] if not p["Key"].startswith("2023")]

    srv = serve(edited_tables(tmp_path, "03759ned", drop_2023))
    client, ctx = odata.ODataClient(tmp_path / "d", root=srv.root), fake_ctx(tmp_path / "d")
    population = cbs.population_groups(cbs.read_table(client, cbs.POPULATION, ctx))
    row = value(cbs.read_counts(client, ctx, population), "jeugdhulp", "GM0034", "2023")
    assert pd.isna(row.denominator) and "2021" in row.note and "2023" in row.note


def test_a_successor_year_is_not_read_from_the_predecessor(serve, tmp_path, loaded):  # noqa: F811
    """If 84134NED also had 2021, the 2021 counts still come from 85099NED."""
    def add_2021(spec):
        spec["Perioden"].append({**spec["Perioden"][-1], "Key": "2021JJ00", "Title": "2021"})
        spec["TypedDataSet"] += [{**r, "Perioden": "2021JJ00", "KeyNotSeen_1": 5.0}
                                 for r in spec["TypedDataSet"] if r["Perioden"] == "2020JJ00"]

    srv = serve(edited_tables(tmp_path, "84134NED", add_2021))
    client, ctx = odata.ODataClient(tmp_path / "d", root=srv.root), fake_ctx(tmp_path / "d")
    df = cbs.read_counts(client, ctx, _population(loaded))
    assert set(df[df.period == "2021"].source) == {"CBS 85099NED"}
    assert any("2021JJ00" in r and "84134NED" in r for r in srv.requests)


def test_referrals_take_the_grand_total_under_the_root_of_the_topic_tree(shared, tmp_path):
    """'Totaal begonnen trajecten' occurs in three blocks; the one under 'Totaal
    jeugdhulptrajecten in natura' is read, whatever order DataProperties lists them in."""
    df, _check, _lines = shared
    spec = RecordedCbs().table("85097NED")
    props = spec["DataProperties"]
    by_id = {p["ID"]: p for p in props}
    totals = [p for p in props if p["Title"] == "Totaal begonnen trajecten"]
    assert len(totals) == 3

    def root(p):
        while p["ParentID"] is not None:
            p = by_id[p["ParentID"]]
        return p["Title"]

    grand = next(p["Key"] for p in totals if root(p) == "Totaal jeugdhulptrajecten in natura")
    members = {m["Title"]: m["Key"] for m in spec["dimensions"]["VerwijzerJeugdzorg"]}
    cell = {r["VerwijzerJeugdzorg"]: r[grand] for r in spec["TypedDataSet"]
            if r["RegioS"].strip() == "GM0014" and r["Perioden"] == "2023JJ00"}
    row = value(df, "verwijzer_huisarts", "GM0014", "2023")
    assert row.numerator == cell[members["Huisarts"]]
    assert row.denominator == cell[members["Totaal verwijzers"]]
    overig = value(df, "verwijzer_overig", "GM0014", "2023")
    assert overig.numerator == sum(cell[members[t]] for t in (
        "Rechter, Officier van Justitie", "Geen verwijzer", "Verwijzer onbekend"))
    # Listed last, the grand total is still the one picked.
    reordered = [p for p in props if p["Key"] != grand] + [by_id[next(
        p["ID"] for p in totals if p["Key"] == grand)]]
    picked, problem = cbs._topic(reordered, cbs.REFERRALS.topics[0])
    assert problem is None and picked["Key"] == grand


def test_a_tree_without_the_root_total_is_refused_naming_the_candidates(serve, tmp_path):  # noqa: F811
    """If no block sits under the root total (an edition renamed it), the load stops."""
    def rename(spec):
        for p in spec["DataProperties"]:
            if p["Title"] == "Totaal jeugdhulptrajecten in natura" and p["Type"] == "TopicGroup":
                p["Title"] = "Alle trajecten"

    srv = serve(edited_tables(tmp_path, "85097NED", rename))
    with pytest.raises(EtlError, match="85097NED.*totaal begonnen trajecten.*onder"):
        cbs.read_meta(odata.ODataClient(tmp_path / "d", root=srv.root), cbs.REFERRALS)


def test_vsv_per_gemeente_is_leavers_over_pupils_per_school_year(shared):
    """84780NED at Geslacht T001038: VoortijdigSchoolverlaters_2 / Leerlingen_1 for the school
    year in the period title, the published percentage checked; a secret cell stays secret."""
    df, check, _lines = shared
    spec = RecordedCbs().table("84780NED")
    raw = next(r for r in spec["TypedDataSet"] if r["Regiokenmerken"].strip() == "GM0080"
               and r["Geslacht"].strip() == "T001038" and r["Perioden"] == "2022JJ00")
    row = value(df, "vsv", "GM0080", "2022/2023")
    assert (row.numerator, row.denominator) == (raw["VoortijdigSchoolverlaters_2"],
                                                raw["Leerlingen_1"])
    assert row.classification_year == 2023 and row.source == "CBS 84780NED"
    vsv = check[check.indicator_id == "vsv"]
    assert len(vsv) > 10 and not vsv.beyond.any()
    assert df[(df.indicator_id == "vsv") & df.suppressed].shape[0] == 1
