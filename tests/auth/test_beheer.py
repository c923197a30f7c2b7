"""/beheer: a beheerder creates an account (its one-time password shown once and working),
switches it off and on, gives it a new password and new rights, and reads the audit trail;
anyone else gets a Dutch message without any data being read, and every crafted /beheer
request from them is refused by the store and changes nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from dashboard import store
from dashboard.store.models import User
from tests.afspraken import crafted
from tests.auth.conftest import ANNA, PASSWORD, RIK, login

NEW = {"email": "nina@example.nl", "name": "Nina Nieuw", "organisation": "SWV Zaanstreek"}
MOMENT = re.compile(r"\b\d{2}-\d{2}-\d{4} \d{2}:\d{2}\b")
BEHEERDER_ONLY = "Alleen een beheerder kan accounts beheren."
NOT_LOGGED_IN = "Log in om te kunnen wijzigen."


def _browser_login(page, email: str, password: str = PASSWORD) -> None:
    p = page.page
    p.goto(page.base_url + "/inloggen?volgende=/beheer")
    p.get_by_label("E-mailadres").fill(email)
    p.get_by_label("Wachtwoord").fill(password)
    p.get_by_role("button", name="Inloggen").click()
    p.wait_for_url("**/beheer")
    page.settle()


def _state() -> tuple:
    """Everything an account action could change: accounts, hashes, history."""
    with store.session(readonly=True) as s:
        hashes = dict(s.execute(select(User.email, User.password_hash)).all())
        return (store.accounts.list_users(s), hashes,
                len(store.history.recent(s, limit=100_000)))


def _password_shown(p) -> str:
    box = p.locator("#beheer-account-feedback code.one-time-password")
    box.wait_for()
    return box.inner_text().strip()


def _row_button(p, label: str):
    return p.get_by_role("button", name=label, exact=True)


# --- in the browser ---------------------------------------------------------------------------

@pytest.mark.browser
def test_new_account_logs_in_with_its_one_time_password_shown_once(page, users, http):
    """The beheerder makes an account; the password shown once works at /inloggen, is not
    shown again after a reload, and no hash ever reaches the page."""
    _browser_login(page, ANNA["email"])
    p = page.page
    assert page.axe_violations() == []
    p.fill("#beheer-new-email", NEW["email"])
    p.fill("#beheer-new-name", NEW["name"])
    p.fill("#beheer-new-org", NEW["organisation"])
    p.fill("#beheer-new-regions", "GM0479, po2707")
    p.click("#beheer-new-save")
    password = _password_shown(p)
    assert re.fullmatch(r"(\w{4}-){3}\w{4}", password)
    assert NEW["email"] in p.inner_text("#beheer-accounts")
    with store.session(readonly=True) as s:
        made = store.accounts.user_by_email(s, NEW["email"])
        stored_hash = s.scalars(select(User.password_hash)
                                .where(User.email == NEW["email"])).one()
    assert (made["role"], made["regions"]) == ("redacteur", ["GM0479", "PO2707"])
    assert stored_hash not in p.content() and "argon2" not in p.content()
    assert login(http, NEW["email"], password).status_code == 303

    page.open("/beheer")
    assert password not in p.content()
    assert page.axe_violations() == []
    page.assert_clean()


@pytest.mark.browser
def test_disable_enable_reset_and_rights_from_the_account_list(page, users, http):
    """Uitschakelen stops the login, Inschakelen restores it, Nieuw wachtwoord replaces the
    password (shown once), and the rights form changes role and regions."""
    _browser_login(page, ANNA["email"])
    p = page.page
    _row_button(p, f"Schakel uit: {RIK['email']}").click()
    p.locator("#beheer-account-feedback").filter(has_text="is uitgeschakeld").wait_for()
    refused = login(http, RIK["email"])
    assert refused.status_code == 200 and "uitgeschakeld" in refused.text
    _row_button(p, f"Schakel in: {RIK['email']}").click()
    p.locator("#beheer-account-feedback").filter(has_text="is ingeschakeld").wait_for()
    assert login(http, RIK["email"]).status_code == 303

    _row_button(p, f"Nieuw eenmalig wachtwoord voor {RIK['email']}").click()
    password = _password_shown(p)
    assert login(http, RIK["email"]).status_code == 200          # the old one no longer works
    assert login(http, RIK["email"], password).status_code == 303

    p.fill("#beheer-rights-email", RIK["email"])
    p.fill("#beheer-rights-regions", "GM0363 JZ13")
    p.fill("#beheer-rights-role", "beheerder")
    p.click("#beheer-rights-save")
    p.locator("#beheer-account-feedback").filter(has_text="Rechten van").wait_for()
    with store.session(readonly=True) as s:
        rik = store.accounts.user_by_email(s, RIK["email"])
    assert (rik["role"], rik["regions"]) == ("beheerder", ["GM0363", "JZ13"])
    p.fill("#beheer-rights-regions", "XX9999")
    p.click("#beheer-rights-save")
    p.locator("#beheer-account-feedback").filter(has_text="Onbekende regiocode XX9999").wait_for()
    page.assert_clean()


@pytest.mark.browser
def test_audit_trail_is_newest_first_readable_and_filtered(page, users):
    """The trail names who, when (nl-NL) and what with a before/after difference in words,
    newest first; ?soort=werkgebied shows only werkgebied changes."""
    with store.session() as s:
        wg = store.werkgebieden.create(s, actor_id=users["anna"]["id"], data={
            "name": "Tafel Noord", "description": "",
            "members": [{"gemeente_code": "GM0363", "weight": 1.0}]})
        store.werkgebieden.update(s, actor_id=users["anna"]["id"], werkgebied_id=wg["id"],
                                  expected_version=1, data={"name": "Tafel Noord-Oost"})
    _browser_login(page, ANNA["email"])
    p = page.open("/beheer?soort=werkgebied")
    rows = p.locator("table.trail-table > tbody > tr")
    assert rows.count() == 2
    first = rows.nth(0).inner_text()
    assert "werkgebied" in first and "gewijzigd" in first and "Anna de Vries" in first
    assert "naam: Tafel Noord → Tafel Noord-Oost" in first.replace("\n", " ").replace("\t", " ")
    assert MOMENT.search(first)
    assert "aangemaakt" in rows.nth(1).inner_text()
    everything = page.open("/beheer").locator("table.trail-table > tbody > tr")
    assert everything.count() > 2 and "ingelogd" in everything.nth(0).inner_text()
    assert page.axe_violations() == []
    page.assert_clean()


@pytest.mark.browser
def test_non_beheerder_gets_a_dutch_message_and_no_data_is_read(page, users, monkeypatch):
    """A redacteur and an anonymous visitor see a Dutch message; the accounts and the trail
    are not even read for them."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("read for a non-beheerder")

    p = page.open("/beheer")
    assert p.locator("a[href^='/inloggen']", has_text="Log in").count() == 1
    _browser_login(page, RIK["email"])
    monkeypatch.setattr(store.accounts, "list_users", refuse)
    monkeypatch.setattr(store.history, "recent", refuse)
    p = page.open("/beheer")
    assert BEHEERDER_ONLY in p.inner_text("#main")
    assert ANNA["email"] not in p.content() and p.locator("#beheer-accounts").count() == 0
    page.assert_clean()
    assert page.axe_violations() == []


# --- crafted requests through the real server ---------------------------------------------------

def _body(deps, action: str, email: str) -> dict:
    """The crafted callback of one /beheer action on the account `email`."""
    if action == "create":
        return crafted.body(deps, "beheer-account-feedback", {
            ("beheer-new-save", "n_clicks"): 1, ("beheer-new-email", "value"): "indringer@x.nl",
            ("beheer-new-name", "value"): "Indringer", ("beheer-new-role", "value"): "beheerder",
            ("beheer-new-regions", "value"): ""}, ("beheer-new-save", "n_clicks"))
    if action == "rights":
        return crafted.body(deps, "beheer-account-feedback", {
            ("beheer-rights-save", "n_clicks"): 1, ("beheer-rights-email", "value"): email,
            ("beheer-rights-role", "value"): "beheerder",
            ("beheer-rights-regions", "value"): ""}, ("beheer-rights-save", "n_clicks"))
    button = {"action": action, "email": email, "type": "beheer-account"}
    return crafted.body(deps, "beheer-account-feedback", {
        ("beheer-account", "n_clicks"): [(button, 1)]}, (button, "n_clicks"))


def _update(http, request: dict):
    return http.post(http.base + "/_dash-update-component", json=request,
                     headers={"Origin": http.base})


@pytest.mark.parametrize("action", ["create", "disable", "enable", "reset", "rights"])
@pytest.mark.parametrize("actor", ["anonymous", "redacteur"])
def test_crafted_beheer_request_from_a_non_beheerder_changes_nothing(users, http, base_url,
                                                                     actor, action):
    """Every /beheer action sent as a crafted callback by an anonymous visitor or a redacteur
    is refused by the store with a Dutch message: accounts, hashes and history stay as they
    were."""
    if actor == "redacteur":
        assert login(http, RIK["email"]).status_code == 303
    deps = crafted.dependencies(base_url)
    target = "oud@example.nl" if action == "enable" else ANNA["email"]
    before = _state()
    response = _update(http, _body(deps, action, target))
    assert response.status_code == 200, response.text[:500]
    answer = crafted.answer_text(response)
    assert (NOT_LOGGED_IN if actor == "anonymous" else BEHEERDER_ONLY) in answer
    assert "wachtwoord is" not in answer
    assert _state() == before


@pytest.mark.parametrize("action", ["create", "disable", "reset", "rights"])
def test_crafted_beheer_request_from_the_beheerder_is_carried_out(users, http, base_url,
                                                                  action):
    """The same crafted requests from the beheerder do change the account (so the refusals
    above are the rights check, not a malformed request)."""
    assert login(http, ANNA["email"]).status_code == 303
    deps = crafted.dependencies(base_url)
    before = _state()
    response = _update(http, _body(deps, action, RIK["email"]))
    assert response.status_code == 200, response.text[:500]
    after = _state()
    assert after[2] == before[2] + 1
    with store.session(readonly=True) as s:
        rik = store.accounts.user_by_email(s, RIK["email"])
        made = store.accounts.user_by_email(s, "indringer@x.nl")
    changed = {"create": made is not None, "disable": not rik["active"],
               "reset": after[1][RIK["email"]] != before[1][RIK["email"]],
               "rights": rik["role"] == "beheerder"}
    assert changed[action]
