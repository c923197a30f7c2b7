"""The CBS OData loader's transport and generic rules against the local server (paging, cache,
failures, symbols, renumbered columns, region checks)."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from etl.catalogue import BY_ID
from etl.errors import EtlError, InputError
from etl.sources import FACT_COLUMNS, cbs, odata
from tests.etl.cbs_server import RECORDED, TABLES, RecordedCbs, fake_ctx


@pytest.fixture
def serve(monkeypatch):
    """Starts a server and points the loader at it; yields a starter function."""
    servers = []

    def start(tables=TABLES, **kw):
        srv = RecordedCbs(tables, **kw).__enter__()
        servers.append(srv)
        monkeypatch.setenv(odata.BASE_URL_ENV, srv.root)
        return srv

    yield start
    for srv in servers:
        srv.__exit__(None, None, None)


@functools.cache
def _shared_load():
    """One load of the fixture tables per test process (both CBS test modules read it); the
    server stays up until the process ends."""
    data_dir = Path(tempfile.mkdtemp(prefix="cbs_shared_"))
    atexit.register(shutil.rmtree, data_dir, True)
    srv = RecordedCbs().__enter__()
    atexit.register(srv.__exit__, None, None, None)
    lines = []
    ctx = fake_ctx(data_dir)
    ctx.log = lines.append
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(odata.BASE_URL_ENV, srv.root)
        df = cbs.load(ctx)
    return df, srv, data_dir, lines


@pytest.fixture
def loaded():
    """The shared load: facts, server, data folder (cache, check file) and logged lines."""
    return _shared_load()


def table_file(folder, table: str):
    return next(f for f in folder.glob("*.json") if table in f.name)


def edited_tables(tmp_path, table: str, edit):
    """A copy of the fixture tables where `edit(spec)` changed one table's JSON."""
    target = tmp_path / "tables"
    shutil.copytree(TABLES, target)
    file = table_file(target, table)
    spec = json.loads(file.read_text())
    edit(spec)
    file.write_text(json.dumps(spec))
    return target


def _population(loaded) -> pd.DataFrame:
    """The population groups of the shared load, as the count readers take them."""
    _df, srv, data_dir, _lines = loaded
    client = odata.ODataClient(data_dir / "raw" / "cbs", offline=True, root=srv.root)
    return cbs.population_groups(cbs.read_table(client, cbs.POPULATION, fake_ctx(data_dir)))


def value(df, indicator, region, period):
    hit = df[(df.indicator_id == indicator) & (df.region_code == region) & (df.period == period)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_load_returns_contract_facts_for_catalogue_indicators(loaded):
    """Every row has the contract's columns, a catalogue id, a stripped GM code and its year."""
    df, _srv, _dir, _lines = loaded
    assert list(df.columns) == [*FACT_COLUMNS, "secret_max"]
    assert set(df.indicator_id) <= set(BY_ID)
    assert df.secret_max[~df.suppressed].isna().all()
    counts = df[df.indicator_id.isin(["jeugdhulp", "jeugdreclassering"]) & df.suppressed]
    assert len(counts) and (counts.secret_max == 7).all()  # CBS: 0-7 is secret
    assert df.secret_max[(df.indicator_id == "vsv")].isna().all()  # no stated rule
    assert {"jeugdhulp", "jeugdreclassering", "verwijzer_overig", "jeugdpopulatie",
            "vsv"} <= set(df.indicator_id)
    assert df.region_code.str.fullmatch(r"GM\d{4}").all()
    assert not df.period.str.contains("H").any()  # half-years are not read
    years = df.period.str[-4:].astype(int)
    assert (years == df.classification_year).all()


def test_period_status_follows_perioden_status(loaded):
    """2023 is 'Voorlopig' in Perioden and must be voorlopig; 2022 definitief."""
    df, _srv, _dir, _lines = loaded
    counts = df[df.source == "CBS 85099NED"]
    assert set(counts[counts.period == "2023"].status) == {"voorlopig"}
    assert set(counts[counts.period == "2022"].status) == {"definitief"}


def test_sum_with_a_secret_member_is_suppressed_not_a_lower_bound(loaded):
    """'overig' over a null 'Geen verwijzer' cell is suppressed with no number; its upper end
    is the published members plus 7 for the secret one."""
    df, _srv, _dir, _lines = loaded
    row = value(df, "verwijzer_overig", "GM0034", "2022")
    assert row.suppressed and pd.isna(row.numerator)
    assert (row.raw_token, row.secret_max) == ("440++290", 440 + 290 + 7)
    assert not value(df, "verwijzer_huisarts", "GM0034", "2022").suppressed


def test_published_levels_are_read_and_other_regions_skipped(serve, tmp_path):
    """NL01, PV and JZ rows the reference knows are read (the warehouse carries them as
    published); LD01, CR01 and a code the reference lacks (PV26 here) are not, even if the
    server ignores the region filter; without a region reference only gemeenten are."""
    srv = serve()
    srv.region_filter = False
    client = odata.ODataClient(tmp_path, root=srv.root)
    lines = []
    ctx = fake_ctx(tmp_path, regions=True)
    ctx.log = lines.append
    for table, higher in ((cbs.PUBLISHED, {"NL01", "PV20"}),
                          (cbs.COUNTS[0], {"NL01", "PV20", "JZ01"})):
        rows = cbs.read_table(client, table, ctx)
        assert set(rows.region_code[~rows.region_code.str.startswith("GM")]) == higher
        assert rows.region_code.str.fullmatch(r"(GM\d{4}|NL01|PV\d\d|JZ\d\d)").all()
        gemeenten_only = cbs.read_table(client, table, fake_ctx(tmp_path))
        assert len(gemeenten_only) and gemeenten_only.region_code.str.startswith("GM").all()
    assert any("PV26" in line for line in lines)
    assert any("LD01" in json.dumps(r) for r in srv.table("85098NED")["TypedDataSet"])


def _all_rows(srv, tmp_path, **kw):
    client = odata.ODataClient(tmp_path, root=srv.root, **kw)
    return client.collection("03759ned", "TypedDataSet",
                             {"$filter": "Perioden eq '2022JJ00'"}, paged=True)


def test_paging_with_top_and_skip_passes_the_server_limit(serve, tmp_path):
    """With a row limit below one answer the client pages with $top/$skip and gets every row
    once, as one unpaged answer has them."""
    whole = _all_rows(serve(), tmp_path / "a")
    srv = serve(limit=250)
    paged = _all_rows(srv, tmp_path / "b", page_size=200)
    assert any("$skip=200" in r for r in srv.requests) and len(whole) > 250
    assert paged == whole


def test_feed_nextlink_pages_are_followed(serve, tmp_path):
    """A server that pages by itself (odata.nextLink on CBS's host) is followed to the end."""
    whole = _all_rows(serve(), tmp_path / "a")
    srv = serve(feed_page=70)
    assert _all_rows(srv, tmp_path / "b") == whole
    assert any("$skip=70" in r for r in srv.requests)


def test_refused_over_limit_query_gives_clear_error(serve, tmp_path):
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


def test_changed_column_suffix_still_maps(serve, tmp_path, loaded):
    """A new edition renumbering JongerenMetJeugdzorg_1 to _7 (title changed too, so only the
    Key stem can match) gives the same facts."""
    def renumber(spec):
        for p in spec["DataProperties"]:
            if p["Key"] == "JongerenMetJeugdzorg_1":
                p["Key"], p["Title"] = "JongerenMetJeugdzorg_7", "Jongeren, aantal"
        for r in spec["TypedDataSet"]:
            r["JongerenMetJeugdzorg_7"] = r.pop("JongerenMetJeugdzorg_1")

    srv = serve(edited_tables(tmp_path, "85099NED", renumber))
    after = cbs.read_counts(odata.ODataClient(tmp_path / "b", root=srv.root),
                            fake_ctx(tmp_path / "b"), _population(loaded))
    before = loaded[0][loaded[0].source == "CBS 85099NED"].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        before, after[after.source == "CBS 85099NED"].reset_index(drop=True)[before.columns],
        check_dtype=False)


def test_missing_topic_names_what_the_table_offers(serve, tmp_path):
    """If no DataProperties topic fits, the error lists the topics the edition has."""
    def drop(spec):
        spec["DataProperties"] = [p for p in spec["DataProperties"]
                                  if not p["Key"].startswith("JongerenMetJeugdbescherming")]

    srv = serve(edited_tables(tmp_path, "85098NED", drop))
    with pytest.raises(EtlError, match="85098NED.*JongerenMetJeugdbescherming.*"
                                       "JongerenMetJeugdhulpInNatura_1"):
        cbs.read_meta(odata.ODataClient(tmp_path / "d", root=srv.root), cbs.PUBLISHED)


def test_unknown_gemeente_code_for_its_year_stops_the_load(serve, tmp_path):
    """Weesp (GM0457) no longer exists on 1-1-2023: a 2023 row for it is an error, not a drop."""
    def add_weesp(spec):
        rows = spec["TypedDataSet"]
        rows.append({**rows[-1], "ID": len(rows), "RegioS": "GM0457    ",
                     "Perioden": "2023JJ00"})

    srv = serve(edited_tables(tmp_path, "85099NED", add_weesp))
    with pytest.raises(EtlError, match=r"GM0457 \(2023\)"):
        cbs.read_table(odata.ODataClient(tmp_path / "d", root=srv.root), cbs.COUNTS[0],
                       fake_ctx(tmp_path / "d"))


def test_offline_build_uses_only_the_cache(loaded, tmp_path, monkeypatch):
    """A second load with offline=True reproduces the first without any server."""
    df, srv, data_dir, _lines = loaded
    served = len(srv.requests)
    monkeypatch.setenv(odata.BASE_URL_ENV, srv.root)
    offline = cbs.load(fake_ctx(data_dir, offline=True))
    pd.testing.assert_frame_equal(df, offline)
    assert len(srv.requests) == served


def test_offline_without_cache_fails_clearly(tmp_path):
    """Offline with an empty cache names the missing URL instead of fetching it."""
    with pytest.raises(EtlError, match="offline: geen antwoord in de cache.*DataProperties"):
        cbs.load(fake_ctx(tmp_path, offline=True))


def test_cache_files_record_url_and_retrieval_time(loaded):
    """Every cached body has a sidecar with its URL and an ISO retrieval time."""
    _df, srv, data_dir, _lines = loaded
    sidecars = sorted((data_dir / "raw" / "cbs").glob("*.meta.json"))
    assert len(sidecars) == len(set(srv.requests))
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
