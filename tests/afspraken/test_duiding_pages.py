"""The duiding pages: a redacteur adds a duiding from a prefilled link, edits, deletes and
restores it, each step in its history; a bad link is explained; a werkgebied's duiding shows on
its page; crafted callback requests for every kind of user; hostile text stays inert."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from dashboard import store
from tests.afspraken import crafted
from tests.afspraken.conftest import ACCOUNTS, login
from tests.afspraken.test_werkgebied_pages import HOSTILE, _make

pytestmark = pytest.mark.browser
ANCHOR = "DUIDING-TEST"


def _duidingen() -> list[dict]:
    with store.session(readonly=True) as s:
        return store.duiding.list(s, include_deleted=True)


def _get(duiding_id: int) -> dict:
    with store.session(readonly=True) as s:
        return store.duiding.get(s, duiding_id, include_deleted=True)


def _history_size() -> int:
    with store.session(readonly=True) as s:
        return len(store.history.recent(s, limit=100_000))


def _write(text: str, region: str = "GM0363", **extra) -> dict:
    with store.session() as s:
        return store.duiding.create(s, actor_id=store.rights.SYSTEM, data={
            "indicator_id": "jeugdhulp", "region_code": region, "period": "2024",
            "text": text, "author_name": "Systeem", "organisation": "", **extra})


def _save(page) -> None:
    p = page.page
    p.click("#duiding-save")
    p.wait_for_url(re.compile(r"/duiding/\d+$"))
    p.locator("blockquote.duiding-text").wait_for()
    page.settle()


def _id_from(url: str) -> int:
    return int(url.rstrip("/").rsplit("/", 1)[1])


# --- in the browser ---------------------------------------------------------------------------

def test_add_edit_delete_restore_a_duiding(page, served):
    """From /duiding/nieuw?regio=GM0363&indicator=jeugdhulp&periode=2024 to a stored duiding
    with the account as author; then edit, delete and restore, all in its history."""
    login(page, ACCOUNTS["redacteur"]["email"])
    p = page.open("/duiding/nieuw?regio=GM0363&indicator=jeugdhulp&periode=2024")
    assert p.input_value("#duiding-region") == "Amsterdam (GM0363)"
    assert p.input_value("#duiding-indicator").endswith("(jeugdhulp)")
    assert p.input_value("#duiding-period") == "2024"
    assert "Rik Redacteur (Gemeente Amsterdam)" in p.inner_text("#main")
    assert page.axe_violations() == []
    p.fill("#duiding-text", "De stijging komt door de nieuwe wijkteams.\n\nZie ook het plan.")
    _save(page)

    duiding_id = _id_from(p.url)
    stored = _get(duiding_id)
    assert stored["author_name"] == "Rik Redacteur"
    assert stored["organisation"] == "Gemeente Amsterdam"
    assert stored["created_by"] == served.accounts["redacteur"]["id"]
    assert (stored["indicator_id"], stored["region_code"], stored["period"]) == (
        "jeugdhulp", "GM0363", "2024")
    text = p.inner_text("#main")
    today = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).strftime("%d-%m-%Y")
    assert "De stijging komt door de nieuwe wijkteams." in text and today in text
    assert page.axe_violations() == []

    p.get_by_role("link", name="Bewerken", exact=True).click()
    p.locator("#duiding-text").wait_for()
    page.settle()
    assert p.input_value("#duiding-text").startswith("De stijging")
    p.fill("#duiding-text", "De stijging komt door de wijkteams en de wachtlijst.")
    _save(page)
    assert _get(duiding_id)["version"] == 2
    assert "en de wachtlijst" in p.inner_text("blockquote.duiding-text")

    p.get_by_role("button", name="Verwijderen", exact=True).click()
    p.locator("#duiding-action-feedback").filter(has_text="is verwijderd").wait_for()
    assert _get(duiding_id)["deleted_at"] is not None
    p.get_by_role("button", name="Herstellen", exact=True).click()
    p.locator("#duiding-action-feedback").filter(has_text="is hersteld").wait_for()
    assert _get(duiding_id)["deleted_at"] is None

    p = page.open(f"/duiding/{duiding_id}")
    history = p.inner_text("section.history")
    for word in ("aangemaakt", "gewijzigd", "verwijderd", "hersteld"):
        assert word in history
    assert "en de wachtlijst" in history and "Rik Redacteur <redactie@amsterdam.test>" in history
    page.assert_clean()


def test_a_bad_link_is_explained_and_not_saved(page, served):
    """Unknown region, indicator and period from the address are named in Dutch; saving is
    refused by the validation and nothing is stored."""
    login(page, ACCOUNTS["redacteur"]["email"])
    p = page.open("/duiding/nieuw?regio=GM9999&indicator=bestaatniet&periode=abc")
    notice = p.inner_text(".notice")
    assert "GM9999" in notice and "bestaatniet" in notice
    assert page.axe_violations() == []
    before = len(_duidingen())
    p.fill("#duiding-text", "Iets")
    p.click("#duiding-save")
    p.locator("#duiding-feedback").filter(has_text="niet opgeslagen").wait_for()
    assert len(_duidingen()) == before
    page.assert_clean()


def test_anonymous_visitor_is_asked_to_log_in(page, served):
    """The form is not shown to a visitor who is not logged in; a login link is."""
    p = page.open("/duiding/nieuw?regio=GM0363&indicator=jeugdhulp")
    assert p.locator("#duiding-text").count() == 0
    assert p.locator("a[href^='/inloggen']", has_text="Log in").count() == 1
    page.assert_clean()


def test_werkgebied_duiding_shows_on_the_werkgebied_page(page, served):
    """A duiding written for a WG code through the form is listed on that werkgebied's page,
    with a link to the duiding. (Its right is on the WG code itself: here the beheerder.)"""
    wg = _make("Tafel met duiding")
    login(page, ACCOUNTS["beheerder"]["email"])
    p = page.open(f"/duiding/nieuw?regio={wg['code']}&indicator=vsv")
    assert p.input_value("#duiding-region") == f"Tafel met duiding ({wg['code']})"
    p.fill("#duiding-text", "Het werkgebied werkt aan minder uitval.")
    _save(page)
    duiding_id = _id_from(p.url)
    assert _get(duiding_id)["region_code"] == wg["code"]
    p = page.open(f"/werkgebied/{wg['code']}")
    section = p.locator(".duiding-list").inner_text()
    assert "Het werkgebied werkt aan minder uitval." in section and "Bea Beheer" in section
    assert p.locator(f"a[href='/duiding/{duiding_id}']").count() == 1
    page.assert_clean()


def test_hostile_duiding_text_is_inert(page, served):
    """Script, img onerror, a formula, RTL text with emoji and 10,000 characters show as
    plain text on the duiding page and on its werkgebied's page; nothing runs."""
    wg = _make("Tafel voor vijandige tekst")
    long = ("Veel tekst. " * 1000)[:10_000]
    d = _write(HOSTILE + "\n\n" + long, region=wg["code"])
    for path, where in ((f"/duiding/{d['id']}", "blockquote.duiding-text"),
                        (f"/werkgebied/{wg['code']}", ".duiding-list .duiding-text")):
        p = page.open(path)
        assert p.evaluate("() => window.__pwned === undefined")
        assert p.locator("main script, main img[onerror]").count() == 0
        text = p.locator(where).inner_text()
        assert "<script>window.__pwned=1</script>" in text and "=HYPERLINK(" in text
        assert "مرحبا بالعالم" in text and "👩‍👩‍👧" in text
        assert long.strip() in p.locator(where).text_content()
    page.assert_clean()


# --- crafted requests through the real server ---------------------------------------------------

ACTORS = ["anonymous", "redacteur", "ander", "beheerder"]
ALLOWED = {"anonymous": False, "redacteur": True, "ander": False, "beheerder": True}
REFUSAL = {"anonymous": "Log in om te kunnen wijzigen.",
           "ander": "U mag alleen wijzigen voor uw eigen regio's"}


def _cookies(http, actor: str) -> dict:
    return {} if actor == "anonymous" else http.session_cookie(ACCOUNTS[actor]["email"])


def _save_body(deps, form: dict, text: str) -> dict:
    return crafted.body(deps, "duiding-feedback.children", {
        ("duiding-save", "n_clicks"): 1, ("duiding-form", "data"): form,
        ("duiding-indicator", "value"): "jeugdhulp", ("duiding-region", "value"): "GM0363",
        ("duiding-period", "value"): "2024", ("duiding-text", "value"): text,
    }, ("duiding-save", "n_clicks"))


def _delete_body(deps, d: dict) -> dict:
    button = {"action": "delete", "page": "duiding", "type": "write-action"}
    return crafted.body(deps, "duiding-actions.children", {
        ("write-action", "n_clicks"): [(button, 1)],
        ("duiding-state", "data"): {"id": d["id"], "version": d["version"]},
    }, (button, "n_clicks"))


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", ["create", "edit", "delete"])
def test_crafted_duiding_writes_follow_the_rights(served, http, actor, action):
    """A crafted callback as anonymous, redacteur of GM0363, redacteur of GM0479 or beheerder:
    allowed ones change the duiding (author from the account, never from the request),
    refused ones answer in Dutch and change nothing."""
    deps = crafted.dependencies(served.url)
    d = _write(f"{ANCHOR} {action} {actor}")
    text = f"Geschreven door {actor} ({action})"
    form = {"id": None, "version": None, "author_name": "Vervalst", "organisation": "Nep"}
    request = {"create": lambda: _save_body(deps, form, text),
               "edit": lambda: _save_body(deps, {**form, "id": d["id"], "version": 1}, text),
               "delete": lambda: _delete_body(deps, d)}[action]()
    cookies = _cookies(http, actor)  # a first login writes a history row of its own
    before, history = _duidingen(), _history_size()
    response = http.update(request, cookies)
    assert response.status_code == 200, response.text[:500]
    after = _duidingen()
    if not ALLOWED[actor]:
        assert REFUSAL[actor] in crafted.answer_text(response)
        assert after == before and _history_size() == history
    elif action == "delete":
        assert _get(d["id"])["deleted_at"] is not None
    else:
        saved = next(x for x in after if x["text"] == text)
        assert saved["author_name"] == (ACCOUNTS[actor]["name"] if action == "create"
                                        else "Systeem")
        assert "Vervalst" not in {x["author_name"] for x in after}
