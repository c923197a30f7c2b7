"""Single sign-on through a trusted header: honoured only from a configured proxy address and
only for an existing, active account."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.auth.settings import Settings
from tests.auth.conftest import ANNA, RIK, header_account

HEADER = "X-Forwarded-Email"


def _logins(user_id: int) -> list[dict]:
    with store.session(readonly=True) as s:
        return [h for h in store.history.recent(s, entity_type="account")
                if h["action"] == "login" and h["entity_id"] == user_id]


@pytest.fixture
def sso(auth_settings):
    """The served app trusts X-Forwarded-Email from 127.0.0.1 (where the tests connect from)."""
    auth_settings(trusted_user_header=HEADER, trusted_proxies=frozenset({"127.0.0.1"}))


def test_header_from_a_trusted_proxy_logs_the_account_in_once(http, users, sso):
    """The header names Rik: he is logged in, and one 'login' history row is written."""
    http.headers[HEADER] = RIK["email"].upper()
    assert header_account(http) == "Ingelogd als Rik Jansen (SWV Amsterdam-Diemen)"
    assert "aoj_session" in http.cookies
    for _ in range(3):
        assert header_account(http).startswith("Ingelogd als Rik")
    assert len(_logins(users["rik"]["id"])) == 1


def test_header_from_an_untrusted_address_is_ignored(http, users, auth_settings):
    """The same header from an address not in AOJ_TRUSTED_PROXIES logs nobody in."""
    auth_settings(trusted_user_header=HEADER, trusted_proxies=frozenset({"10.9.8.7"}))
    http.headers[HEADER] = ANNA["email"]
    assert header_account(http) == "Inloggen"
    assert _logins(users["anna"]["id"]) == []


def test_header_is_ignored_unless_configured(http, users, auth_settings):
    """Without AOJ_TRUSTED_USER_HEADER no header is trusted, even from a listed proxy."""
    auth_settings(trusted_user_header=None, trusted_proxies=frozenset({"127.0.0.1"}))
    http.headers[HEADER] = ANNA["email"]
    assert header_account(http) == "Inloggen"


@pytest.mark.parametrize("email", ["nieuw@example.nl", "oud@example.nl"])
def test_header_for_an_unknown_or_disabled_account_logs_nobody_in(http, users, sso, email):
    """No account is created for an unknown address; a disabled one stays out."""
    http.headers[HEADER] = email
    assert header_account(http) == "Inloggen"
    with store.session(readonly=True) as s:
        assert len(store.accounts.list_users(s)) == 3


def test_header_switching_to_another_user_switches_the_session(http, users, sso):
    """When the proxy vouches for someone else, the session follows the proxy."""
    http.headers[HEADER] = RIK["email"]
    assert header_account(http).startswith("Ingelogd als Rik")
    http.headers[HEADER] = ANNA["email"]
    assert header_account(http).startswith("Ingelogd als Anna")
    http.headers[HEADER] = "nieuw@example.nl"
    assert header_account(http) == "Inloggen"


def test_trusted_header_seen_by_a_client_from_the_proxy_address(app, users, auth_settings):
    """Trust is by the connecting address (REMOTE_ADDR), never by X-Forwarded-For."""
    auth_settings(trusted_user_header=HEADER, trusted_proxies=frozenset({"10.0.0.5"}))
    client = app.server.test_client()
    proxied = client.get("/_dash-layout", headers={HEADER: RIK["email"]},
                         environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert "Ingelogd als Rik" in proxied.text
    spoofed = app.server.test_client().get(
        "/_dash-layout", headers={HEADER: RIK["email"], "X-Forwarded-For": "10.0.0.5"},
        environ_base={"REMOTE_ADDR": "10.0.0.6"})
    assert "Ingelogd als" not in spoofed.text


def test_settings_from_the_environment_trust_no_proxy_by_default():
    """AOJ_TRUSTED_USER_HEADER alone trusts nobody; AOJ_TRUSTED_PROXIES is a comma list."""
    alone = Settings.from_env({"AOJ_TRUSTED_USER_HEADER": HEADER})
    assert alone.trusted_user_header == HEADER and not alone.trusts("127.0.0.1")
    both = Settings.from_env({"AOJ_TRUSTED_USER_HEADER": HEADER,
                              "AOJ_TRUSTED_PROXIES": " 127.0.0.1, 10.0.0.5 ,"})
    assert both.trusts("10.0.0.5") and both.trusts("127.0.0.1") and not both.trusts("10.0.0.6")
    assert Settings.from_env({}).session_hours == 8 and not Settings.from_env({}).https
    assert Settings.from_env({"AOJ_HTTPS": "1", "AOJ_SESSION_HOURS": "2"}).session_hours == 2
