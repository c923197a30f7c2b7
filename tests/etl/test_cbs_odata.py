"""The CBS OData loader against a local server that answers in CBS's recorded formats."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from etl.catalogue import BY_ID
from etl.errors import EtlError, InputError
from etl.sources import FACT_COLUMNS, cbs, odata
from tests.etl.cbs_server import RECORDED, TABLES, RecordedCbs, fake_ctx


@pytest.fixture
def serve(monkeypatch):
    """Starts a recorded server and points the loader at it; yields a starter function."""
    servers = []

    def start(tables=TABLES, **kw):
        srv = RecordedCbs(tables, **kw).__enter__()
        servers.append(srv)
        monkeypatch.setenv(odata.BASE_URL_ENV, srv.root)
        return srv

    yield start
    for srv in servers:
        srv.__exit__(None, None, None)


def _typed_rows(table: str) -> list[dict]:
    return json.loads((TABLES / table / "TypedDataSet.json").read_text())["value"]


def _edited_tables(tmp_path, table: str, edit) -> object:
    """A copy of the fixture tables where `edit(props, rows)` changed one table."""
    target = tmp_path / "tables"
    shutil.copytree(TABLES, target)
    props_file = target / table / "DataProperties.json"
    data_file = target / table / "TypedDataSet.json"
    props, data = json.loads(props_file.read_text()), json.loads(data_file.read_text())
    edit(props["value"], data["value"])
    props_file.write_text(json.dumps(props))
    data_file.write_text(json.dumps(data))
    return target


def _value(df, indicator, region, period):
    hit = df[(df.indicator_id == indicator) & (df.region_code == region) & (df.period == period)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_load_returns_contract_facts_for_catalogue_indicators(serve, tmp_path):
    """Every row has the contract's columns, a catalogue id, a stripped GM code and its year."""
    serve()
    df = cbs.load(fake_ctx(tmp_path))
    assert list(df.columns) == list(FACT_COLUMNS)
    assert set(df.indicator_id) <= set(BY_ID)
    assert {"jeugdhulp", "jeugdreclassering", "verwijzer_overig", "jeugdpopulatie"} <= set(
        df.indicator_id)
    assert df.region_code.str.fullmatch(r"GM\d{4}").all()
    assert set(df.period) == {"2022", "2023"}
    assert (df.period.astype(int) == df.classification_year).all()
    raw = next(r for r in _typed_rows("85098NED")
               if r["RegioS"] == "GM0363    " and r["Perioden"] == "2022JJ00")
    row = _value(df, "jeugdhulp", "GM0363", "2022")
    assert row.numerator == raw["JongerenMetJeugdhulp_4"] and row.raw_token == str(
        int(raw["JongerenMetJeugdhulp_4"]))
    assert row.rounded_to == 5 and not row.demo and row.source == "CBS 85098NED"


def test_period_status_follows_perioden_status(serve, tmp_path):
    """2023 is 'Voorlopig' in Perioden and must be voorlopig; 2022 definitief."""
    serve()
    df = cbs.load(fake_ctx(tmp_path))
    assert set(df[df.period == "2023"].status) == {"voorlopig"}
    assert set(df[df.period == "2022"].status) == {"definitief"}


def test_null_cell_is_suppressed_with_empty_numerator(serve, tmp_path):
    """A null youth-care cell is a secret cell: suppressed, no number, token kept."""
    serve()
    df = cbs.load(fake_ctx(tmp_path))
    row = _value(df, "jeugdreclassering", "GM0034", "2022")
    assert row.suppressed and pd.isna(row.numerator) and row.raw_token == ""
    assert df[df.source == "CBS 85098NED"].suppressed.sum() == 1


def test_referrals_use_total_member_as_denominator_and_sum_other_referrers(serve, tmp_path):
    """verwijzer_* counts come from their member; 'overig' sums three members; total divides."""
    serve()
    df = cbs.load(fake_ctx(tmp_path))
    rows = [r for r in _typed_rows("85097NED")
            if r["RegioS"].strip() == "GM0014" and r["Perioden"] == "2023JJ00"]
    by_key = {r["VerwijzerJeugdzorg"].strip(): r["BegonnenJeugdhulptrajecten_1"] for r in rows}
    huisarts = _value(df, "verwijzer_huisarts", "GM0014", "2023")
    assert huisarts.numerator == by_key["A050786"] and huisarts.denominator == by_key["T001112"]
    overig = _value(df, "verwijzer_overig", "GM0014", "2023")
    assert overig.numerator == by_key["A050790"] + by_key["A050791"] + by_key["A050792"]


def test_sum_with_a_secret_member_is_suppressed_not_a_lower_bound(serve, tmp_path):
    """'overig' over a null 'Geen verwijzer' cell is suppressed with no number."""
    serve()
    df = cbs.load(fake_ctx(tmp_path))
    row = _value(df, "verwijzer_overig", "GM0034", "2022")
    assert row.suppressed and pd.isna(row.numerator)
    assert not _value(df, "verwijzer_huisarts", "GM0034", "2022").suppressed


def test_non_gemeente_regions_in_an_answer_are_skipped(serve, tmp_path):
    """NL01, PV27 and JZ01 rows are dropped even if the server ignores the GM filter."""
    srv = serve()
    srv.region_filter = False
    df = cbs.load(fake_ctx(tmp_path))
    assert df.region_code.str.fullmatch(r"GM\d{4}").all()


def test_population_sums_ages_0_to_17_at_total_sex_and_civil_status(serve, tmp_path):
    """jeugdpopulatie = the 18 single-year ages, Totaal geslacht/burgerlijke staat only."""
    serve()
    df = cbs.load(fake_ctx(tmp_path))
    ages = {f"{10010 + 100 * a}" for a in range(18)}
    expected = sum(r["BevolkingOp1Januari_1"] for r in _typed_rows("03759ned")
                   if r["RegioS"].strip() == "GM0034" and r["Perioden"] == "2022JJ00"
                   and r["Leeftijd"] in ages and r["Geslacht"] == "T001038"
                   and r["BurgerlijkeStaat"] == "T001019")
    row = _value(df, "jeugdpopulatie", "GM0034", "2022")
    assert row.numerator == expected and pd.isna(row.rounded_to)


def test_paging_with_top_and_skip_passes_the_server_limit(serve, tmp_path, monkeypatch):
    """With a row limit below one period's answer the loader pages with $top/$skip."""
    monkeypatch.setattr(odata, "PAGE_SIZE", 20)
    srv = serve(limit=25)
    paged = cbs.load(fake_ctx(tmp_path / "a"))
    assert any("$skip=20" in r for r in srv.requests)
    serve()
    monkeypatch.setattr(odata, "PAGE_SIZE", 10_000)
    whole = cbs.load(fake_ctx(tmp_path / "b"))
    pd.testing.assert_frame_equal(paged, whole)


def test_feed_nextlink_pages_are_followed(serve, tmp_path):
    """A server that pages by itself (odata.nextLink on CBS's host) is followed to the end."""
    srv = serve(feed_page=7)
    df = cbs.load(fake_ctx(tmp_path))
    assert any("$skip=7" in r for r in srv.requests)
    gm_rows = [r for r in _typed_rows("85097NED")
               if r["RegioS"].startswith("GM") and r["Perioden"] == "2022JJ00"]
    assert len(df[(df.source == "CBS 85097NED") & (df.period == "2022")]) == len(gm_rows) / 9 * 6


def test_refused_over_limit_query_gives_clear_error(serve, tmp_path, monkeypatch):
    """An HTTP 500 'more than 10000 records' refusal surfaces as an EtlError with CBS's text."""
    serve(limit=25)
    with pytest.raises(EtlError, match="more than 10000 records"):
        cbs.load(fake_ctx(tmp_path))


def test_network_drop_midway_raises_and_returns_nothing(serve, tmp_path):
    """A connection dropped after two data pages stops the load with a clear message."""
    srv = serve()
    srv.drop_after = 2
    with pytest.raises(EtlError, match="niet bereikbaar"):
        cbs.load(fake_ctx(tmp_path))


def test_unreachable_host_gives_clear_message(tmp_path, monkeypatch):
    """With nothing listening the loader says CBS is unreachable and suggests --offline."""
    monkeypatch.setenv(odata.BASE_URL_ENV, "http://127.0.0.1:9/ODataApi/odata")
    with pytest.raises(EtlError, match="niet bereikbaar.*--offline"):
        cbs.load(fake_ctx(tmp_path))


def test_changed_column_suffix_still_maps(serve, tmp_path):
    """A new edition renumbering JongerenMetJeugdhulp_4 to _7 gives the same facts."""
    def renumber(props, rows):
        for p in props:
            if p["Key"] == "JongerenMetJeugdhulp_4":
                # The title changes too, so only the Key stem can make the match.
                p["Key"], p["Title"] = "JongerenMetJeugdhulp_7", "Jeugdhulp, aantal jongeren"
        for r in rows:
            r["JongerenMetJeugdhulp_7"] = r.pop("JongerenMetJeugdhulp_4")

    serve()
    before = cbs.load(fake_ctx(tmp_path / "a"))
    serve(_edited_tables(tmp_path, "85098NED", renumber))
    after = cbs.load(fake_ctx(tmp_path / "b"))
    pd.testing.assert_frame_equal(before, after)


def test_missing_topic_names_what_the_table_offers(serve, tmp_path):
    """If no DataProperties topic fits, the error lists the topics the edition has."""
    def drop(props, rows):
        props[:] = [p for p in props if not p["Key"].startswith("JongerenMetJeugdbescherming")]

    serve(_edited_tables(tmp_path, "85098NED", drop))
    with pytest.raises(EtlError, match="jeugdbescherming.*JongerenMetJeugdhulp_4"):
        cbs.load(fake_ctx(tmp_path / "d"))


def test_unknown_gemeente_code_for_its_year_stops_the_load(serve, tmp_path):
    """Weesp (GM0457) no longer exists on 1-1-2023: a 2023 row for it is an error, not a drop."""
    def add_weesp(props, rows):
        rows.append({**rows[-1], "ID": len(rows), "RegioS": "GM0457    ",
                     "Perioden": "2023JJ00"})

    serve(_edited_tables(tmp_path, "85098NED", add_weesp))
    with pytest.raises(EtlError, match=r"GM0457 \(2023\)"):
        cbs.load(fake_ctx(tmp_path / "d"))


def test_percentage_topic_becomes_count_over_population(serve, tmp_path):
    """An edition publishing % of youths gives numerator = pct x population / 100."""
    def to_percent(props, rows):
        for p in props:
            if p["Key"] == "JongerenMetJeugdhulp_4":
                p["Unit"] = "%"
        for r in rows:
            r["JongerenMetJeugdhulp_4"] = 12.5

    serve(_edited_tables(tmp_path, "85098NED", to_percent))
    df = cbs.load(fake_ctx(tmp_path / "d"))
    pop = _value(df, "jeugdpopulatie", "GM0014", "2023").numerator
    row = _value(df, "jeugdhulp", "GM0014", "2023")
    assert row.denominator == pop and row.numerator == pytest.approx(0.125 * pop)
    assert row.raw_token == "12.5" and pd.isna(row.rounded_to)


def test_offline_build_uses_only_the_cache(serve, tmp_path, monkeypatch):
    """A second build with offline=True reproduces the first without the server."""
    srv = serve()
    online = cbs.load(fake_ctx(tmp_path))
    srv.__exit__(None, None, None)
    monkeypatch.setenv(odata.BASE_URL_ENV, srv.root)
    offline = cbs.load(fake_ctx(tmp_path, offline=True))
    pd.testing.assert_frame_equal(online, offline)


def test_offline_without_cache_fails_clearly(tmp_path):
    """Offline with an empty cache names the missing URL instead of fetching it."""
    with pytest.raises(EtlError, match="offline: geen antwoord in de cache.*DataProperties"):
        cbs.load(fake_ctx(tmp_path, offline=True))


def test_cache_files_record_url_and_retrieval_time(serve, tmp_path):
    """Every cached body has a sidecar with its URL and an ISO retrieval time."""
    srv = serve()
    cbs.load(fake_ctx(tmp_path))
    sidecars = sorted((tmp_path / "raw" / "cbs").glob("*.meta.json"))
    assert len(sidecars) == len(srv.requests)
    meta = json.loads(sidecars[0].read_text())
    assert meta["url"].startswith(srv.root) and meta["retrieved_at"][:2] == "20"
    body = sidecars[0].with_name(sidecars[0].name.replace(".meta.json", ".json"))
    assert json.loads(body.read_text())["value"] is not None


def test_recorded_untyped_pages_follow_nextlink_and_read_the_empty_cell(serve, tmp_path):
    """CBS's own two UntypedDataSet pages: padded strings parse, '' is a missing cell."""
    srv = serve()
    srv.static[("83599NED/UntypedDataSet", None)] = (
        RECORDED / "83599NED_UntypedDataSet_page1_first200_with_nextLink.json")
    srv.static[("83599NED/UntypedDataSet", "10000")] = (
        RECORDED / "83599NED_UntypedDataSet_page2_skip10000_first200_plus_emptyvalue_row.json")
    client = odata.ODataClient(tmp_path, root=srv.root)
    rows = pd.DataFrame(client.collection("83599NED", "UntypedDataSet"))
    assert len(rows) == 401 and rows.ID.iloc[-1] == 12250
    cells = cbs.parse_cells(rows.OpenstaandeVacatures_1, False, "83599NED", "Openstaande")
    assert cells.value.iloc[0] == 135.5
    assert pd.isna(cells.value.iloc[-1]) and not cells.suppressed.iloc[-1]


def test_symbols_map_to_flags_and_nil_to_zero():
    """'x' is secret, '-' is nil (0), '.' is secret in youth-care tables, junk is an error."""
    cells = cbs.parse_cells(pd.Series([" x", "-", ".", None, "  15"]), True, "t", "c")
    assert cells.suppressed.tolist() == [True, False, True, True, False]
    assert cells.value.tolist()[1] == 0 and cells.value.tolist()[4] == 15
    assert cells.raw_token.tolist() == ["x", "-", ".", "", "15"]
    with pytest.raises(InputError) as err:
        cbs.parse_cells(pd.Series(["1", "abc"]), True, "CBS t", "Kol_1")
    assert (err.value.row, err.value.column) == (2, "Kol_1")
