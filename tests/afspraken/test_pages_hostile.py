"""Hostile text in an agreement's title, text and partners (script and image tags, a spreadsheet
formula, 10,000 characters, right-to-left Arabic with emoji) shows inert and exactly as typed on
the list and the detail page, and is escaped in the page's HTML."""

from __future__ import annotations

import re

import pytest
import requests

from dashboard import store
from tests.afspraken.conftest import ACCOUNTS
from tests.conftest import Page

pytestmark = pytest.mark.browser
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://x","y")'
ARABIC = "خفض عدد الطلاب المنقطعين 👩‍👧‍👦🚸"
LONG = ("Lange tekst " + IMG + " ") * 400
TITLES = [SCRIPT, IMG, FORMULA, ARABIC]


def _stored(title: str) -> dict:
    with store.session(readonly=True) as s:
        [found] = [a for a in store.agreements.list(s) if a["title"] == title]
    return found


@pytest.fixture(scope="module")
def hostile(served, http, browser):
    """One agreement typed into the form (script title, long text, formula and Arabic
    partners) and three more through the store, each titled with one hostile text."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.add_cookies(http.browser_cookies(ACCOUNTS["redacteur"]["email"]))
    page = Page(context.new_page(), served.url)
    p = page.open("/afspraak/nieuw?regio=GM0363")
    p.fill("#afspraak-form-title", SCRIPT)
    p.fill("#afspraak-form-text", LONG)
    p.fill("#afspraak-form-partners", f"{FORMULA}\n{ARABIC}")
    p.fill("#afspraak-form-manual-status", "achter")
    p.fill("#afspraak-form-manual-justification", IMG)
    p.click("#afspraak-form-save")
    p.wait_for_url(re.compile(r".*/afspraak/\d+$"))
    context.close()
    with store.session() as s:
        for title in TITLES[1:]:
            store.agreements.create(s, actor_id=store.rights.SYSTEM, data={
                "title": title, "text": title, "region_code": "GM0363", "parties": [],
                "partners": [title], "targets": [], "manual_status": "op koers",
                "manual_justification": title, "oogo_date": None, "review_date": None,
                "ambitie_id": None})
    return {t: _stored(t) for t in TITLES}


def _watch_dialogs(page) -> list[str]:
    fired: list[str] = []

    def seen(dialog):
        fired.append(dialog.message)
        dialog.dismiss()
    page.page.on("dialog", seen)
    return fired


def _escaped(html: str) -> None:
    assert SCRIPT not in html and "<img src=x" not in html and '<img src="x"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_form_kept_every_character_as_typed(hostile):
    """The store holds the typed text exactly (no stripping, no rewriting)."""
    first = hostile[SCRIPT]
    assert first["text"] == LONG.strip() or first["text"] == LONG
    assert first["partners"] == [FORMULA, ARABIC]
    assert first["manual_justification"] == IMG


def test_list_shows_hostile_titles_as_text(page, hostile):
    """/afspraken lists each hostile title as plain link text; no dialog fires."""
    fired = _watch_dialogs(page)
    p = page.open("/afspraken")
    for title in TITLES:
        assert p.get_by_role("link", name=title, exact=True).count() == 1
    assert FORMULA in p.locator("main").inner_text() and ARABIC in p.locator("main").inner_text()
    _escaped(p.content())
    assert fired == []
    page.assert_clean()


@pytest.mark.parametrize("title", TITLES)
def test_detail_shows_hostile_text_inert(page, served, hostile, title):
    """/afspraak/<id> shows title, text, partners and justification as typed, inert."""
    fired = _watch_dialogs(page)
    a = hostile[title]
    p = page.open(f"/afspraak/{a['id']}")
    assert p.locator("h1").inner_text() == title
    main = p.locator("main").inner_text()
    for part in (*a["partners"], a["manual_justification"]):
        assert part in main
    if title == SCRIPT:
        assert main.count("Lange tekst " + IMG) == 400
        _escaped(p.content())
    assert p.locator("main img[src='x']").count() == 0 and p.locator("main script").count() == 0
    assert fired == []
    page.assert_clean()
    served_html = requests.get(f"{served.url}/afspraak/{a['id']}", timeout=30).text
    assert SCRIPT not in served_html and IMG not in served_html
