"""The session cookie's flags and lifetime, and where the return address may point."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import itsdangerous.timed
import pytest
from flask import Flask

from dashboard import auth
from dashboard.auth.views import local_path
from tests.auth.conftest import PASSWORD, RIK, header_account, login


def _flags(set_cookie: str) -> dict:
    name_value, *attrs = [part.strip() for part in set_cookie.split(";")]
    flags = {"name": name_value.split("=", 1)[0]}
    for attr in attrs:
        key, _, value = attr.partition("=")
        flags[key.lower()] = value or True
    return flags


def test_session_cookie_is_httponly_lax_and_expires_after_8_hours(http, users):
    """The login cookie: HttpOnly, SameSite=Lax, not Secure over http, Expires 8 hours ahead."""
    response = login(http, RIK["email"])
    flags = _flags(response.headers["Set-Cookie"])
    assert flags["name"] == "aoj_session"
    assert flags["httponly"] is True and flags["samesite"] == "Lax"
    assert "secure" not in flags
    expires = parsedate_to_datetime(flags["expires"])
    assert abs(expires - (datetime.now(UTC) + timedelta(hours=8))) < timedelta(minutes=2)


def test_cookie_is_not_renewed_on_every_request(http, users):
    """A login lasts 8 hours from logging in: later responses do not push the expiry on."""
    login(http, RIK["email"])
    response = http.get(http.base + "/_dash-layout")
    assert "Ingelogd als Rik" in response.text
    assert "Set-Cookie" not in response.headers


def test_cookie_is_secure_when_the_request_came_in_over_https(app, users):
    """Behind a TLS proxy that gunicorn trusts (wsgi.url_scheme https) the cookie gets Secure."""
    client = app.server.test_client()
    response = client.post("/inloggen", base_url="https://monitor.example",
                           data={"email": RIK["email"], "wachtwoord": PASSWORD},
                           headers={"Origin": "https://monitor.example"})
    assert response.status_code == 303
    assert _flags(response.headers["Set-Cookie"])["secure"] is True


def _bare_app(tmp_path, app_db) -> Flask:
    server = Flask("bare")
    auth.init_app(server, warehouse_path=tmp_path / "warehouse.duckdb", database_url=app_db)
    return server


def test_cookie_is_secure_with_aoj_https(monkeypatch, tmp_path, users, app_db):
    """AOJ_HTTPS=1 marks the cookie Secure even when the app itself sees plain http."""
    monkeypatch.setenv("AOJ_HTTPS", "1")
    client = _bare_app(tmp_path, app_db).test_client()
    response = client.post("/inloggen", data={"email": RIK["email"], "wachtwoord": PASSWORD})
    assert response.status_code == 303
    assert _flags(response.headers["Set-Cookie"])["secure"] is True


def test_session_older_than_its_lifetime_is_refused_by_the_server(monkeypatch, tmp_path, users,
                                                                  app_db):
    """The server checks the cookie's signed age too: a replayed old cookie is anonymous."""
    monkeypatch.setenv("AOJ_SESSION_HOURS", str(5 / 3600))
    server = _bare_app(tmp_path, app_db)
    server.add_url_rule("/wie", "wie", lambda: str(auth.current_actor_id()))
    response = server.test_client().post("/inloggen",
                                         data={"email": RIK["email"], "wachtwoord": PASSWORD})
    value = response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]

    def who_with_the_cookie() -> str:
        # A new client each time, given the bare cookie without its Expires: only the
        # server's own check of the signed timestamp can refuse it.
        client = server.test_client()
        client.set_cookie("aoj_session", value)
        return client.get("/wie").text

    assert who_with_the_cookie() == str(users["rik"]["id"])
    # Seven seconds later on the signer's clock (whole seconds: 7 > 5 s whatever the rounding),
    # without waiting for them.
    now = int(time.time())
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda _: now + 7)
    assert who_with_the_cookie() == "None"


def test_a_forged_cookie_is_ignored(http, users):
    """A session cookie not signed with the app's key logs nobody in."""
    from flask.sessions import SecureCookieSessionInterface

    forger = Flask("forger")
    forger.secret_key = "not the key of the monitor, but long enough to sign with"
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    http.cookies.set("aoj_session", serializer.dumps({"_user_id": str(users["anna"]["id"])}))
    assert header_account(http) == "Inloggen"


@pytest.mark.parametrize("target", [
    "//evil.example/", "///evil.example", "http://evil.example/", "https://evil.example",
    "/\\evil.example", "\\\\evil.example", "\\/evil.example", "javascript:alert(1)",
    "evil.example", " //evil.example", "/\t/evil.example", "/\n/evil.example", "",
])
def test_return_address_outside_this_site_is_refused(http, users, target):
    """?volgende= pointing elsewhere (or looking like it) sends the user to the start page."""
    response = login(http, RIK["email"], volgende=target)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert local_path(target) == "/"
    out = http.post(http.base + "/uitloggen", data={"volgende": target},
                    headers={"Origin": http.base}, allow_redirects=False)
    assert out.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/gemeente/GM0363", "/indicator/jeugdhulp?regio=GM0363",
                                    "/vergelijk?regios=GM0363,PO2707#kaart", "/%5Cevil.example"])
def test_return_address_on_this_site_is_followed(http, users, target):
    """A local path, with its query, is where the user lands after logging in."""
    response = login(http, RIK["email"], volgende=target)
    assert response.headers["Location"] == target


def test_login_form_returns_to_the_page_the_link_was_clicked_on(http, users):
    """Without ?volgende, the form takes the same-site Referer as its return address."""
    form = http.get(http.base + "/inloggen",
                    headers={"Referer": http.base + "/gemeente/GM0363?tab=1"}).text
    assert 'name="volgende" value="/gemeente/GM0363?tab=1"' in form
    other = http.get(http.base + "/inloggen", headers={"Referer": "http://evil.example/x"}).text
    assert 'name="volgende" value="/"' in other
    bad = http.get(http.base + "/inloggen", params={"volgende": "//evil.example"}).text
    assert 'name="volgende" value="/"' in bad
