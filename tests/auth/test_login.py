"""Logging in and out: the pages, the messages, the lockout, the rate limit and the header."""

from __future__ import annotations

import pytest
from flask import Flask

from dashboard import auth, store
from dashboard.store import rights
from tests.auth.conftest import ANNA, PASSWORD, RIK, alert, header_account, login

WRONG = "Onbekend e-mailadres of onjuist wachtwoord."
LOCKED = "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."


@pytest.mark.browser
def test_login_and_logout_in_the_browser_show_in_the_header(page, users):
    """The header offers 'Inloggen', then names the user after login, then offers it again."""
    p = page.open("/over")
    header = p.locator(".site-header .account")
    assert header.inner_text() == "Inloggen"
    header.get_by_role("link", name="Inloggen").click()
    p.wait_for_url("**/inloggen")
    p.get_by_label("E-mailadres").fill(ANNA["email"])
    p.get_by_label("Wachtwoord").fill(PASSWORD)
    p.get_by_role("button", name="Inloggen").click()
    p.wait_for_url("**/over")
    page.settle()
    assert header.inner_text() == (
        "Ingelogd als Anna de Vries (Gemeente Amsterdam) · Beheer · Uitloggen")
    header.get_by_role("link", name="Uitloggen").click()
    p.wait_for_url("**/uitloggen")
    p.get_by_role("button", name="Uitloggen").click()
    p.wait_for_url("**/over")
    page.settle()
    assert header.inner_text() == "Inloggen"
    page.assert_clean()


@pytest.mark.browser
def test_login_page_is_accessible_and_shows_the_refusal(page, users):
    """A wrong password re-shows the form with the Dutch message; axe finds nothing serious."""
    p = page.open("/inloggen")
    assert page.axe_violations() == []
    p.get_by_label("E-mailadres").fill(ANNA["email"])
    p.get_by_label("Wachtwoord").fill("niet het wachtwoord")
    p.get_by_role("button", name="Inloggen").click()
    assert p.get_by_role("alert").inner_text() == WRONG
    assert p.get_by_label("E-mailadres").input_value() == ANNA["email"]
    assert page.axe_violations() == []
    page.assert_clean()


def test_wrong_password_and_unknown_address_get_the_same_message(http, users):
    """Neither the message nor the status tells a known address from an unknown one."""
    wrong = login(http, ANNA["email"], "niet het wachtwoord")
    unknown = login(http, "niemand@example.nl", "niet het wachtwoord")
    assert (wrong.status_code, alert(wrong.text)) == (200, WRONG)
    assert (unknown.status_code, alert(unknown.text)) == (200, WRONG)
    assert "aoj_session" not in http.cookies
    assert header_account(http) == "Inloggen"


@pytest.mark.parametrize("email", [ANNA["email"], "niemand@example.nl"])
def test_five_failures_lock_the_address_for_15_minutes(http, users, email):
    """The fifth failure locks the address, known or not; then even the right password fails."""
    messages = [alert(login(http, email, f"fout {i}").text) for i in range(5)]
    assert messages == [WRONG] * 4 + [LOCKED]
    assert "15 minuten" in LOCKED
    assert alert(login(http, email).text) == LOCKED
    assert header_account(http) == "Inloggen"


def test_other_addresses_are_not_locked_by_someone_elses_failures(http, users):
    """The lockout is per address: Rik still logs in after Anna's address was locked."""
    for i in range(5):
        login(http, ANNA["email"], f"fout {i}")
    assert login(http, RIK["email"]).status_code == 303
    assert header_account(http) == "Ingelogd als Rik Jansen (SWV Amsterdam-Diemen)"


def test_disabled_account_cannot_log_in(http, users):
    """A disabled account is refused with the store's message and gets no session."""
    response = login(http, "oud@example.nl")
    assert response.status_code == 200 and "uitgeschakeld" in alert(response.text)
    assert header_account(http) == "Inloggen"


def test_login_post_is_rate_limited_per_address(http, users):
    """The eleventh login POST within a minute gets the Dutch 429 page; GET still works."""
    statuses = [login(http, "niemand@example.nl", "x").status_code for _ in range(10)]
    assert statuses == [200] * 10
    limited = login(http, ANNA["email"])
    assert limited.status_code == 429
    assert "Te veel inlogpogingen" in limited.text and '<html lang="nl">' in limited.text
    assert http.get(http.base + "/inloggen").status_code == 200


def test_login_sets_a_session_and_the_header_names_the_user(http, users):
    """After login the Dash header says who is logged in; after logout it offers login again."""
    response = login(http, RIK["email"], volgende="/gemeente/GM0363")
    assert response.status_code == 303 and response.headers["Location"] == "/gemeente/GM0363"
    assert header_account(http) == "Ingelogd als Rik Jansen (SWV Amsterdam-Diemen)"
    assert "U bent ingelogd als Rik Jansen" in http.get(http.base + "/uitloggen").text
    out = http.post(http.base + "/uitloggen", headers={"Origin": http.base},
                    allow_redirects=False)
    assert out.status_code == 303
    assert header_account(http) == "Inloggen"


def test_email_address_is_matched_without_case_or_spaces(http, users):
    """' Anna@Example.NL ' logs in as anna@example.nl."""
    assert login(http, " Anna@Example.NL ").status_code == 303
    assert header_account(http).startswith("Ingelogd als Anna de Vries")


def test_disabling_an_account_logs_it_out_on_the_next_request(http, users):
    """The account is read on every request: once disabled, its open session counts for nothing."""
    login(http, RIK["email"])
    assert header_account(http).startswith("Ingelogd als Rik")
    with store.session() as s:
        store.accounts.disable(s, actor_id=rights.SYSTEM, email=RIK["email"])
    assert header_account(http) == "Inloggen"
    with store.session() as s:
        store.accounts.enable(s, actor_id=rights.SYSTEM, email=RIK["email"])
    assert header_account(http) == "Inloggen"


def test_current_account_and_actor_id_inside_a_request(app, users):
    """current_account() gives the public fields only; outside a request both give None."""
    client = app.server.test_client()
    client.post("/inloggen", data={"email": RIK["email"], "wachtwoord": PASSWORD})
    with client:
        client.get("/inloggen")
        assert auth.current_account() == {
            "id": users["rik"]["id"], "email": RIK["email"], "name": RIK["name"],
            "organisation": RIK["organisation"], "role": "redacteur",
            "regions": ["GM0363", "PO2707"]}
        assert auth.current_actor_id() == users["rik"]["id"]
    assert auth.current_account() is None and auth.current_actor_id() is None


def test_anonymous_request_has_no_account(app, users):
    """Without a session, current_actor_id() is None (the store then refuses every write)."""
    with app.server.test_request_context("/"):
        assert auth.current_account() is None and auth.current_actor_id() is None
    with Flask("bare").test_request_context("/"):
        assert auth.current_account() is None


def test_rate_limit_cannot_be_dodged_with_x_forwarded_for(http, users):
    """From an untrusted address a made-up X-Forwarded-For changes nothing: still limited."""
    for _ in range(10):
        login(http, "niemand@example.nl", "x")
    http.headers["X-Forwarded-For"] = "192.0.2.99"
    assert login(http, "niemand@example.nl", "x").status_code == 429


def test_rate_limit_behind_a_trusted_proxy_counts_each_client(http, users, auth_settings):
    """Behind a proxy in AOJ_TRUSTED_PROXIES the limit is per forwarded client address."""
    auth_settings(trusted_proxies=frozenset({"127.0.0.1"}))
    http.headers["X-Forwarded-For"] = "203.0.113.9, 192.0.2.1"
    for _ in range(10):
        login(http, "niemand@example.nl", "x")
    assert login(http, "niemand@example.nl", "x").status_code == 429
    http.headers["X-Forwarded-For"] = "192.0.2.2"
    assert login(http, RIK["email"]).status_code == 303
