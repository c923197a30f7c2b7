"""Download and upload on /afspraken: the list as Excel and CSV in the template; an upload
that is refused lists every problem (file, row, column, reason) and changes nothing; a valid
one imports; an anonymous or oversized upload is refused by the server."""

from __future__ import annotations

import base64
import copy
import io
import json
from pathlib import Path

import openpyxl
import pytest

from dashboard import store
from dashboard.afspraken import spreadsheet
from tests.afspraken.conftest import ACCOUNTS, record_update
from tests.conftest import Page

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parent / "fixtures"
UPLOAD_INPUT = "#afspraken-upload input[type=file]"


def _count() -> int:
    with store.session(readonly=True) as s:
        return len(store.agreements.list(s, include_deleted=True))


def _history_rows() -> int:
    with store.session(readonly=True) as s:
        return len(store.history.recent(s, limit=10_000, entity_type="afspraak"))


@pytest.fixture(scope="module")
def one_agreement(served):
    with store.session() as s:
        return store.agreements.create(s, actor_id=store.rights.SYSTEM, data={
            "title": "Eén plek voor elk kind", "text": "", "region_code": "GM0363",
            "parties": ["PO2707"], "partners": ["GGD"], "targets": [],
            "manual_status": "op koers", "manual_justification": "Loopt.",
            "oogo_date": "2026-03-01", "review_date": None, "ambitie_id": None})


def test_refused_upload_lists_every_problem_and_saves_nothing(http, new_page, one_agreement):
    """A file with a row outside the redacteur's region is refused whole, with row and column."""
    page = new_page(http.browser_cookies(ACCOUNTS["redacteur"]["email"]))
    p = page.open("/afspraken")
    before, history = _count(), _history_rows()
    p.set_input_files(UPLOAD_INPUT, str(FIXTURES / "broken" / "no_right_for_region.csv"))
    table = p.locator(".import-refused")
    table.wait_for()
    text = table.inner_text()
    assert "Het bestand is niet ingelezen; er is niets opgeslagen." in text
    rows = [r.inner_text() for r in table.locator("tbody tr").all()]
    assert any(r.startswith("no_right_for_region.csv\t3\tregio\t") for r in rows), rows
    assert _count() == before and _history_rows() == history
    assert page.axe_violations() == []
    page.assert_clean()


def test_valid_upload_imports_every_agreement(http, new_page, one_agreement):
    """The beheerder's valid template file creates its agreements, as the message says."""
    page = new_page(http.browser_cookies(ACCOUNTS["beheerder"]["email"]))
    p = page.open("/afspraken")
    before = _count()
    p.set_input_files(UPLOAD_INPUT, str(FIXTURES / "valid" / "semicolon_utf8_bom.csv"))
    p.locator("text=semicolon_utf8_bom.csv is ingelezen: 2 nieuw").wait_for()
    assert _count() == before + 2
    page.open("/afspraken")
    assert p.get_by_role("link", name="Minder thuiszitters").count() == 1
    page.assert_clean()


def test_download_gives_the_list_in_the_template(page, one_agreement):
    """Excel and CSV downloads hold the listed agreements in the template's columns."""
    p = page.open("/afspraken?regio=GM0363")
    with p.expect_download() as xlsx_info:
        p.click("#afspraken-download-xlsx")
    with p.expect_download() as csv_info:
        p.click("#afspraken-download-csv")
    assert xlsx_info.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(xlsx_info.value.path()).read_bytes()))
    sheet = book["Afspraken"]
    header = [c.value for c in sheet[1]]
    assert tuple(header) == spreadsheet.EXPORT_COLUMNS
    titles = [row[header.index("titel")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Eén plek voor elk kind" in titles
    assert all(t != "Minder thuiszitters" for t in titles)   # measured in PO2707: filtered out
    text = Path(csv_info.value.path()).read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[:3] == header[:3]
    assert "Eén plek voor elk kind" in text and "01-03-2026" in text
    page.assert_clean()


@pytest.fixture(scope="module")
def upload_body(served, http, browser, one_agreement):
    """The upload callback's body as the browser sent it (a refused file, nothing saved)."""
    context = browser.new_context()
    context.add_cookies(http.browser_cookies(ACCOUNTS["redacteur"]["email"]))
    page = Page(context.new_page(), served.url)
    p = page.open("/afspraken")
    body = record_update(page, lambda: p.set_input_files(
        UPLOAD_INPUT, str(FIXTURES / "broken" / "missing_title.csv")), "afspraken-upload-result")
    context.close()
    return body


def _with_file(body: dict, data: bytes, name: str) -> dict:
    body = copy.deepcopy(body)
    for item in body["inputs"] + body["state"]:
        if item["property"] == "contents":
            item["value"] = "data:text/csv;base64," + base64.b64encode(data).decode()
        if item["property"] == "filename":
            item["value"] = name
    return body


def test_anonymous_upload_is_refused_by_the_server(http, upload_body):
    """A valid file posted without a login is refused in Dutch and creates nothing."""
    before = _count()
    data = (FIXTURES / "valid" / "semicolon_utf8_bom.csv").read_bytes()
    r = http.update(_with_file(upload_body, data, "anoniem.csv"))
    said = json.dumps(r.json(), ensure_ascii=False)
    assert r.status_code == 200 and "niet ingelezen" in said and "Log in" in said
    assert _count() == before


def test_oversized_or_garbled_upload_is_refused(http, upload_body):
    """More than 2 MB, or contents that are not a data URL, are refused before reading."""
    cookies = http.session_cookie(ACCOUNTS["beheerder"]["email"])
    before = _count()
    big = _with_file(upload_body, b"titel;regio\n" + b"x" * (2 * 1024 * 1024 + 10), "groot.csv")
    garbled = _with_file(upload_body, b"", "kapot.csv")
    for item in garbled["inputs"]:
        if item["property"] == "contents":
            item["value"] = "geen data-url"
    for body in (big, garbled):
        r = http.update(body, cookies)
        assert r.status_code == 200
        assert "er is niets opgeslagen" in json.dumps(r.json(), ensure_ascii=False)
    assert _count() == before


def test_upload_is_offered_to_logged_in_users_only(page):
    """An anonymous visitor sees the downloads but no upload."""
    p = page.open("/afspraken")
    assert p.locator("#afspraken-download-xlsx").count() == 1
    assert p.locator("#afspraken-upload").count() == 0
