"""The agreements template on SQLite and a real PostgreSQL: every broken file is refused with
file, row, column and reason and leaves every table as it was; valid files create and update
agreements with baselines from the warehouse; exports are inert and import again unchanged;
the command line does the same with exit status 2 on a refusal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest
from argon2 import PasswordHasher
from sqlalchemy import MetaData, select

from dashboard import db, store
from dashboard.afspraken import spreadsheet, validation
from dashboard.afspraken.spreadsheet import ImportRefused
from tests import pg
from tests.afspraken.fixtures import make_fixtures as fx
from tests.afspraken.fixtures.make_fixtures import too_large, too_many_rows

FIXTURES = Path(__file__).parent / "fixtures"
VALID, BROKEN = FIXTURES / "valid", FIXTURES / "broken"
ROOT = Path(__file__).resolve().parents[2]
with open(FIXTURES / "expected.csv", encoding="utf-8") as _f:
    EXPECTED = list(csv.DictReader(_f, delimiter=";"))
_names = itertools.count(1)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module", autouse=True)
def configured(warehouse):
    """The dashboard reads the session's warehouse, built by the real ETL."""
    old = db.warehouse_path()
    db.configure(warehouse)
    yield warehouse
    db.configure(old)


@pytest.fixture(scope="module")
def pg_server():
    """A real PostgreSQL for this module (tests/pg.py); fails, never skips, when missing."""
    try:
        pg.pg_bin()
    except pg.PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    with pg.postgres_server() as url:
        yield url


@pytest.fixture(autouse=True)
def fast_hasher(monkeypatch):
    """Cheap argon2 parameters: accounts are made for every test on two shared cores."""
    monkeypatch.setattr(store.accounts, "HASHER",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def new_database(backend: str, request, folder: Path) -> str:
    """A fresh database on `backend`, migrated by store.upgrade and configured."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / f'app{next(_names)}.sqlite'}"
    else:
        server = request.getfixturevalue("pg_server")
        name = f"sheets_{next(_names)}"
        url = pg.create_database(server, name)
        request.addfinalizer(lambda: (store.dispose(url), pg.drop_database(server, name)))
    store.upgrade(url)
    store.configure(url)
    return url


def make_users() -> dict:
    with store.session() as s:
        def user(email, role, regions):
            return store.accounts.create_user(
                s, actor_id=store.rights.SYSTEM, email=email, name=email.split("@")[0],
                organisation="Test", role=role, regions=regions, password="x" * 12)["id"]
        return {"beheerder": user("beheer@test.nl", "beheerder", []),
                "amsterdam": user("amsterdam@test.nl", "redacteur", ["GM0363", "PO2707"]),
                "utrecht": user("utrecht@test.nl", "redacteur", ["GM0344"])}


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def users(backend, request, tmp_path) -> dict:
    """A fresh migrated database on this test's backend, with three accounts."""
    new_database(backend, request, tmp_path)
    yield make_users()
    store.configure(None)


def dump() -> dict:
    """Every row of every table of the app database, as text, sorted: equal dumps mean the
    database did not change."""
    meta = MetaData()
    engine = store.engine()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {name: sorted(tuple(str(v) for v in row)
                             for row in conn.execute(select(table)))
                for name, table in meta.tables.items()}


def do_import(source, actor_id, filename=None, **kwargs):
    with store.session() as s:
        return spreadsheet.import_file(source, filename, session=s, actor_id=actor_id, **kwargs)


def fact(warehouse, region, indicator, period) -> float:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT value FROM facts WHERE region_code = ? AND indicator_id = ? AND period = ? "
            "AND classification_year = (SELECT latest_classification_year FROM build_info) "
            "ORDER BY source LIMIT 1", [region, indicator, period]).fetchone()[0]


def agreements() -> list[dict]:
    with store.session(readonly=True) as s:
        return store.agreements.list(s)


# -- the corpus of broken files ----------------------------------------------------------------
@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(request, tmp_path_factory):
    """One database per backend for the corpus, holding agreements and their history already:
    no broken file may change any of it."""
    new_database(request.param, request, tmp_path_factory.mktemp("corpus"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store.accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024,
                                                            parallelism=1))
        people = make_users()
    for name in ("multi_target.csv", "comma_cp1252.csv"):
        do_import(VALID / name, people["beheerder"])
    url = store.current_url()
    store.configure(None)
    return {"url": url, **people}


@pytest.fixture
def corpus(seeded):
    """The corpus database of this backend, configured for this test."""
    store.configure(seeded["url"])
    yield seeded
    store.configure(None)


def test_corpus_has_at_least_20_broken_files_each_with_its_expectation():
    """The brief asks for 20 or more broken files; every file has an expected refusal."""
    files = {p.name for p in BROKEN.iterdir()}
    assert len(EXPECTED) >= 20 and files == {e["file"] for e in EXPECTED}


@pytest.mark.parametrize("case", EXPECTED, ids=[e["file"] for e in EXPECTED])
def test_broken_file_is_refused_naming_file_row_column_and_leaves_the_database(case, corpus):
    """Each broken file raises ImportRefused with the expected (file, row, column, reason)
    among its problems, and every table is unchanged afterwards."""
    before = dump()
    with pytest.raises(ImportRefused) as err:
        do_import(BROKEN / case["file"], corpus["amsterdam"])
    problems = err.value.problems
    assert problems and all(p.file == case["file"] for p in problems)
    row = int(case["row"]) if case["row"] else None
    column = case["column"] or None
    assert any(p.row == row and p.column == column and re.search(case["reason"], p.reason)
               for p in problems), err.value.lines()
    assert dump() == before


def test_every_row_without_the_right_is_named(corpus):
    """A redacteur of Utrecht importing Amsterdam's agreement hears it for each of its rows."""
    with pytest.raises(ImportRefused) as err:
        do_import(VALID / "semicolon_utf8_bom.csv", corpus["utrecht"])
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "regio"), (3, "regio")]
    assert "U mag alleen wijzigen voor uw eigen regio's (GM0344)" in err.value.problems[0].reason


def test_anonymous_import_is_refused(corpus):
    """Without an account (actor None) nothing is written and the reason says to log in."""
    before = dump()
    with pytest.raises(ImportRefused) as err:
        do_import(VALID / "semicolon_utf8_bom.csv", None)
    assert "Log in" in err.value.problems[0].reason and dump() == before


@pytest.mark.parametrize(("make", "reason"), [(too_large, "groter dan 2 MB"),
                                              (too_many_rows, "meer dan 5.000 rijen")])
def test_oversized_files_are_refused(make, reason, corpus):
    """Files over 2 MB or 5,000 rows are refused before any row is checked."""
    data = make()
    before = dump()
    with pytest.raises(ImportRefused) as err:
        do_import(data, corpus["beheerder"], "groot.csv")
    assert re.search(reason, err.value.problems[0].reason), err.value.lines()
    assert dump() == before


def test_a_stored_title_in_the_same_region_is_not_imported_twice(corpus):
    """Importing the same file again without ids is refused instead of doubling agreements."""
    with pytest.raises(ImportRefused) as err:
        do_import(VALID / "multi_target.csv", corpus["beheerder"])
    assert err.value.problems[0][1:3] == (2, "titel")
    assert "er bestaat al een afspraak 'Sterke wijkteams' voor GM0344" in \
        err.value.problems[0].reason


# -- valid files -------------------------------------------------------------------------------
def test_semicolon_file_creates_agreements_with_baselines_from_the_warehouse(users, warehouse):
    """Two agreements; the empty basiswaarde is the published figure, flagged as demo, and the
    history says 'import' by the acting account."""
    result = do_import(VALID / "semicolon_utf8_bom.csv", users["amsterdam"])
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    first, second = agreements()
    assert first["title"] == "Minder jeugdhulp met verblijf"
    assert first["parties"] == ["GM0363", "PO2707"]
    assert first["partners"] == ["GGD Amsterdam", "Samen Sterk"]
    assert (first["oogo_date"], first["review_date"]) == ("2026-03-01", "2027-03-01")
    t = first["targets"][0]
    assert t["baseline_value"] == pytest.approx(fact(warehouse, "GM0363", "jeugdhulp_verblijf",
                                                     "2023"))
    assert t["baseline_flags"]["demo"] is True and t["baseline_flags"]["source"] == "demo"
    assert (t["target_value"], t["target_period"]) == (1.2, "2026")
    assert t["milestones"] == [{"period": "2024", "value": 1.3},
                               {"period": "2025", "value": 1.25}]
    assert second["targets"][0]["baseline_value"] == pytest.approx(
        fact(warehouse, "PO2707", "thuiszitters_4wk", "2022/2023"))
    with store.session(readonly=True) as s:
        entry = store.agreements.history(s, first["id"])[0]
    assert entry["action"] == "import" and entry["actor_label"] == \
        "amsterdam <amsterdam@test.nl>"


def test_comma_cp1252_file_keeps_accents_decimal_commas_and_a_given_baseline(users):
    """Windows-1252 text, ',' separator, quoted decimal commas; a given baseline is kept."""
    do_import(VALID / "comma_cp1252.csv", users["beheerder"])
    (a,) = agreements()
    assert (a["title"], a["text"], a["partners"]) == (
        "Coördinatie verzuim", "Eén aanpak, één loket", ["Café de Buurt"])
    t = a["targets"][0]
    assert (t["baseline_value"], t["baseline_flags"], t["target_value"]) == (
        6.5, {"source": "opgegeven"}, 5.25)
    assert t["milestones"] == [{"period": "2023/2024", "value": 6.0},
                               {"period": "2024/2025", "value": 5.5}]
    assert a["oogo_date"] == "2025-09-15"


def test_xlsx_with_dutch_aliases_reads_the_afspraken_sheet(users, warehouse):
    """Headers like 'Datum OOGO' and 'Nulmeting', real number and date cells, the sheet named
    Afspraken behind another: one agreement with two targets."""
    do_import(VALID / "aliases.xlsx", users["beheerder"])
    (a,) = agreements()
    assert (a["region_code"], a["oogo_date"], a["review_date"], a["partners"]) == (
        "GM0518", "2025-10-01", "2026-10-01", ["Veilig Thuis"])
    gi, jr = a["targets"]
    assert gi["baseline_value"] == pytest.approx(fact(warehouse, "GM0518", "verwijzer_gi",
                                                      "2023"))
    assert gi["milestones"] == [{"period": "2024", "value": 10.5},
                                {"period": "2025", "value": 10.0}]
    assert (jr["indicator_id"], jr["baseline_value"], jr["target_value"]) == (
        "jeugdreclassering", 0.4, 0.3)


def test_rows_with_the_same_title_and_region_form_one_agreement(users):
    """Three rows (titel and regio in other capitals on the last) are one agreement with three
    targets, the shared cells filled once."""
    result = do_import(VALID / "multi_target.csv", users["utrecht"])
    assert result.created == 1
    (a,) = agreements()
    assert [t["indicator_id"] for t in a["targets"]] == ["jeugdhulp", "jeugdbescherming", "vsv"]
    assert (a["title"], a["region_code"], a["parties"]) == (
        "Sterke wijkteams", "GM0344", ["GM0344", "PO2601"])


def test_update_with_id_and_versie_changes_the_target_and_keeps_the_baseline(users):
    """The update file changes streefwaarde; the stored baseline and its flags (taken_at) stay,
    and the columns the file lacks (partners, dates) keep their values."""
    do_import(VALID / "semicolon_utf8_bom.csv", users["amsterdam"])
    before = agreements()[0]
    result = do_import(VALID / "update_id_versie.csv", users["amsterdam"])
    assert (result.created, result.updated) == (0, 1)
    after = agreements()[0]
    assert (after["id"], after["version"]) == (before["id"], 2)
    assert after["targets"][0]["target_value"] == 1.1
    for key in ("baseline_value", "baseline_flags", "milestones"):
        assert after["targets"][0][key] == before["targets"][0][key]
    assert (after["partners"], after["oogo_date"]) == (before["partners"], before["oogo_date"])
    assert len(agreements()) == 2


def test_a_stale_versie_is_refused_and_nothing_changes(users):
    """Importing the update file a second time: versie 1 is stale now, so it is refused."""
    do_import(VALID / "semicolon_utf8_bom.csv", users["amsterdam"])
    do_import(VALID / "update_id_versie.csv", users["amsterdam"])
    before = dump()
    with pytest.raises(ImportRefused) as err:
        do_import(VALID / "update_id_versie.csv", users["amsterdam"])
    assert err.value.problems[0][1:3] == (2, "versie")
    assert "versie 1 is verouderd" in err.value.problems[0].reason
    assert dump() == before


def test_a_conflict_raised_by_the_store_refuses_the_file(users, monkeypatch):
    """When the agreement changes between the check and the write, the store's Conflict
    becomes a refusal on versie and the earlier writes of the file are undone."""
    do_import(VALID / "semicolon_utf8_bom.csv", users["amsterdam"])
    do_import(VALID / "update_id_versie.csv", users["amsterdam"])
    stale = {**agreements()[0], "version": 1}
    real_get = store.agreements.get
    monkeypatch.setattr(store.agreements, "get",
                        lambda s, i, **kw: stale if i == stale["id"] else real_get(s, i, **kw))
    # A new agreement first (written, then undone), then the update that meets the Conflict.
    data = "\r\n".join([
        "id;versie;" + fx.HEAD,
        ";;" + fx.line({**fx.GOOD, "titel": "Nieuw", "indicator": "jeugdhulp",
                        "streefwaarde": "11", "mijlpalen": ""}.values()),
        "1;1;" + fx.line({**fx.GOOD, "streefwaarde": "1,0"}.values())])
    before = dump()
    with pytest.raises(ImportRefused) as err:
        do_import(data.encode(), users["amsterdam"], "race.csv")
    assert isinstance(err.value.__cause__, store.errors.Conflict)
    assert err.value.problems[0][1:3] == (3, "versie")
    assert dump() == before


def test_a_store_error_halfway_undoes_the_earlier_writes_even_if_the_caller_commits(
        users, monkeypatch):
    """The second create fails in the store: the first is rolled back (a savepoint), even
    though the caller catches the refusal inside its session and commits."""
    real_create = store.agreements.create
    calls = []

    def failing(s, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise store.errors.ValidationError([("title", "Kapot in de opslag.")])
        return real_create(s, **kwargs)

    monkeypatch.setattr(store.agreements, "create", failing)
    before = dump()
    with store.session() as s:
        with pytest.raises(ImportRefused) as err:
            spreadsheet.import_file(VALID / "semicolon_utf8_bom.csv", session=s,
                                    actor_id=users["amsterdam"])
    assert len(calls) == 2
    assert err.value.problems == [("semicolon_utf8_bom.csv", 3, "titel", "Kapot in de opslag.")]
    assert dump() == before


# -- exports -----------------------------------------------------------------------------------
HOSTILE = {
    "title": '=HYPERLINK("http://evil.example","klik")',
    "text": "<script>alert(1)</script>\n<img src=x onerror=alert(2)>",
    "partners": ["@SUM(1+1)", "-2+3", "'al een quote"],
    "manual_justification": "+31 6 1234 5678\tbellen",
}


def hostile_agreement(actor_id) -> dict:
    """An agreement typed in the interface with text a spreadsheet would run, and a target."""
    clean, errors = validation.agreement({
        "region_code": "GM0363", "parties": "GM0363", "manual_status": "achter",
        "targets": [{"indicator_id": "jeugdhulp", "baseline_period": "2023",
                     "target_value": "11,25", "target_period": "2026",
                     "milestones": "2024: 12,1"}], **HOSTILE})
    assert errors == []
    with store.session() as s:
        return store.agreements.create(s, actor_id=actor_id, data=clean)


def exported(kind: str) -> bytes:
    from dashboard.afspraken import overview

    rows = spreadsheet.export_rows(overview.with_status(agreements()))
    return spreadsheet.to_xlsx(rows) if kind == "xlsx" else spreadsheet.to_csv(rows)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_export_imports_again_unchanged_with_hostile_text_inert(kind, users):
    """Every valid file plus hostile text, exported and read back: no formula in any cell,
    nothing written (no new version, no history) and the hostile text exactly as typed."""
    for name in ("semicolon_utf8_bom.csv", "comma_cp1252.csv", "aliases.xlsx",
                 "multi_target.csv"):
        do_import(VALID / name, users["beheerder"])
    hostile = hostile_agreement(users["amsterdam"])
    data = exported(kind)
    if kind == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(data))
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        texts = [c.value for c in cells if isinstance(c.value, str)]
    else:
        assert data.startswith(b"\xef\xbb\xbf")
        texts = [v for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
                 for v in row]
    assert not [t for t in texts if t.startswith(FORMULA_START)]
    assert "'" + HOSTILE["title"] in texts
    before = dump()
    result = do_import(data, users["beheerder"], f"export.{kind}")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert dump() == before
    with store.session(readonly=True) as s:
        stored = store.agreements.get(s, hostile["id"])
    assert {k: stored[k] for k in HOSTILE} == HOSTILE


def test_an_edited_export_updates_only_the_changed_agreement(users):
    """Change one streefwaarde in the exported CSV: one update, the rest unchanged."""
    for name in ("semicolon_utf8_bom.csv", "multi_target.csv"):
        do_import(VALID / name, users["beheerder"])
    text = exported("csv").decode("utf-8-sig").replace(";11,5;2026;", ";11;2026;")
    result = do_import(text.encode("utf-8"), users["beheerder"], "bewerkt.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert [t["target_value"] for t in agreements()[2]["targets"]] == [11.0, 1.0, 2.5]
    assert len(agreements()) == 3


def test_csv_export_uses_semicolons_decimal_commas_and_dutch_dates(users):
    """The CSV is for Dutch Excel: ';', decimal comma, dd-mm-jjjj, the status column filled."""
    do_import(VALID / "comma_cp1252.csv", users["beheerder"])
    rows = list(csv.DictReader(io.StringIO(exported("csv").decode("utf-8-sig")),
                               delimiter=";"))
    assert rows[0]["streefwaarde"] == "5,25" and rows[0]["basiswaarde"] == "6,5"
    assert rows[0]["oogo_datum"] == "15-09-2025"
    assert rows[0]["mijlpalen"] == "2023/2024: 6; 2024/2025: 5,5"
    assert rows[0]["berekende_status"] in ("behaald", "op koers", "achter",
                                           "niet te beoordelen")
    assert rows[0]["basis_bron"] == "opgegeven"


def test_xlsx_export_explains_columns_status_rule_demo_and_date(users):
    """The Toelichting sheet names every column, the status rule, the demo note and the
    export date in nl-NL form."""
    from dashboard.afspraken import status
    from dashboard.export.data import DEMO_NOTE

    do_import(VALID / "semicolon_utf8_bom.csv", users["beheerder"])
    when = dt.datetime(2026, 12, 1, 9, 5)
    wb = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_xlsx(agreements(),
                                                               exported_at=when)))
    assert wb.sheetnames == ["Afspraken", "Toelichting"]
    notes = [c.value for row in wb["Toelichting"].iter_rows() for c in row if c.value]
    assert "Geëxporteerd op 01-12-2026 09:05" in notes
    assert status.RULE_TEXT_NL in notes and DEMO_NOTE in notes
    assert {c.name for c in spreadsheet.COLUMNS} <= set(notes)
    without = openpyxl.load_workbook(io.BytesIO(spreadsheet.to_xlsx(agreements(),
                                                                    contains_demo=False)))
    assert DEMO_NOTE not in [c.value for row in without["Toelichting"].iter_rows()
                             for c in row]
    header = [c.value for c in wb["Afspraken"][1]]
    assert header == [c.name for c in spreadsheet.COLUMNS]
    assert wb["Afspraken"]["Q2"].number_format == "dd-mm-yyyy"


def test_the_template_documentation_names_every_column_and_alias():
    """docs/AFSPRAKEN_TEMPLATE.md lists each column with each of its aliases."""
    doc = (ROOT / "docs" / "AFSPRAKEN_TEMPLATE.md").read_text(encoding="utf-8")
    for c in spreadsheet.COLUMNS:
        line = next((x for x in doc.splitlines() if x.startswith(f"| `{c.name}` |")), None)
        assert line is not None, c.name
        assert all(a in line for a in c.aliases), (c.name, line)


# -- the command line --------------------------------------------------------------------------
def cli(*args, database: str, warehouse: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AOJ_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "dashboard.afspraken", *args,
                           "--warehouse", str(warehouse), "--database", database],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


@pytest.fixture
def sqlite_users(request, tmp_path) -> dict:
    """A fresh migrated SQLite database with the three accounts."""
    new_database("sqlite", request, tmp_path)
    yield make_users()
    store.configure(None)


def test_cli_imports_refuses_with_exit_2_and_exports(sqlite_users, warehouse, tmp_path):
    """import prints the counts and writes as 'systeem (CLI)'; a broken file prints one
    FILE:ROW:COLUMN line per problem, exits 2 and changes nothing; --as applies an account's
    rights; export writes an XLSX and a CSV that read back."""
    url = store.current_url()
    ok = cli("import", str(VALID / "multi_target.csv"), database=url, warehouse=warehouse)
    assert ok.returncode == 0, ok.stderr
    assert "multi_target.csv: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd" in ok.stdout
    with store.session(readonly=True) as s:
        assert store.history.recent(s, limit=1)[0]["actor_label"] == "systeem (CLI)"

    before = dump()
    bad = cli("import", str(BROKEN / "pct_above_100.csv"), database=url, warehouse=warehouse)
    assert bad.returncode == 2
    assert bad.stderr.splitlines()[0] == (
        "pct_above_100.csv:2:streefwaarde: Streefwaarde: 120 ligt buiten het bereik van een "
        "percentage (0 en 100).")
    denied = cli("import", str(VALID / "semicolon_utf8_bom.csv"), "--as", "utrecht@test.nl",
                 database=url, warehouse=warehouse)
    assert denied.returncode == 2
    assert [line.split(": ", 1)[0] for line in denied.stderr.splitlines()[:2]] == [
        "semicolon_utf8_bom.csv:2:regio", "semicolon_utf8_bom.csv:3:regio"]
    assert dump() == before

    for out in (tmp_path / "afspraken.xlsx", tmp_path / "afspraken.csv"):
        done = cli("export", "--out", str(out), database=url, warehouse=warehouse)
        assert done.returncode == 0, done.stderr
        assert "1 afspraken, 3 rijen" in done.stdout
        again = cli("import", str(out), database=url, warehouse=warehouse)
        assert again.returncode == 0 and "0 nieuw, 0 bijgewerkt, 1 ongewijzigd" in again.stdout


@pytest.mark.parametrize("backend", ["postgresql"])
def test_cli_writes_to_postgresql_given_by_database(users, warehouse):
    """--database with a PostgreSQL URL: the import lands there; a refusal exits 2 there too."""
    url = store.current_url()
    ok = cli("import", str(VALID / "aliases.xlsx"), database=url, warehouse=warehouse)
    assert ok.returncode == 0, ok.stderr
    assert [a["title"] for a in agreements()] == ["Minder verwijzingen via de GI"]
    before = dump()
    bad = cli("import", str(BROKEN / "formula_cell.xlsx"), database=url, warehouse=warehouse)
    assert bad.returncode == 2
    assert bad.stderr.startswith("formula_cell.xlsx:3:streefwaarde: formule in de cel")
    assert dump() == before


def test_cli_migrates_a_new_database_beside_the_warehouse_copy(tmp_path, warehouse):
    """Without --database and $AOJ_DATABASE_URL the CLI makes app.sqlite beside the warehouse
    and migrates it first."""
    copy = tmp_path / "warehouse.duckdb"
    copy.write_bytes(Path(warehouse).read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AOJ_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "dashboard.afspraken", "import",
                           str(VALID / "comma_cp1252.csv"), "--warehouse", str(copy)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "app.sqlite").exists()
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    assert store.current_revision(url) is not None
    store.dispose(url)
