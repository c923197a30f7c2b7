"""Cross-site requests cannot write: a POST naming another site in Origin or Referer gets 403."""

from __future__ import annotations

import pytest

from dashboard import ids
from tests.auth.conftest import PASSWORD, RIK, header_account, login

EVIL = "http://evil.example"


def _search_callback(query: str) -> dict:
    # The start page's search: a real, read-only callback with one input.
    return {"output": f"{ids.SEARCH_RESULTS}.children",
            "outputs": {"id": ids.SEARCH_RESULTS, "property": "children"},
            "inputs": [{"id": ids.SEARCH, "property": "value", "value": query}],
            "changedPropIds": [f"{ids.SEARCH}.value"], "state": []}


@pytest.mark.parametrize("headers", [
    {"Origin": EVIL}, {"Origin": "null"}, {"Referer": EVIL + "/aanval.html"},
    {"Origin": "http://127.0.0.1.evil.example"},
])
def test_cross_site_callback_is_refused(http, headers):
    """/_dash-update-component from another origin answers 403 with a Dutch message."""
    response = http.post(http.base + "/_dash-update-component", json=_search_callback("Amster"),
                         headers=headers)
    assert response.status_code == 403
    assert "andere website" in response.text and "Amsterdam" not in response.text


def test_same_origin_callback_is_answered(http):
    """The same callback from the app's own origin (as Dash sends it) is answered."""
    response = http.post(http.base + "/_dash-update-component", json=_search_callback("Amster"),
                         headers={"Origin": http.base, "Referer": http.base + "/"})
    assert response.status_code == 200 and "Amsterdam" in response.text


def test_callback_without_origin_or_referer_is_answered(http):
    """Non-browser clients send neither header; they carry no browser's cookies either."""
    response = http.post(http.base + "/_dash-update-component", json=_search_callback("Amster"))
    assert response.status_code == 200


def test_cross_site_login_is_refused_and_sets_no_session(http, users):
    """A login form posted from another site (login CSRF) is refused before it is checked."""
    response = http.post(http.base + "/inloggen", allow_redirects=False,
                         data={"email": RIK["email"], "wachtwoord": PASSWORD},
                         headers={"Origin": EVIL})
    assert response.status_code == 403 and "Set-Cookie" not in response.headers
    assert header_account(http) == "Inloggen"


def test_cross_site_logout_is_refused(http, users):
    """Another site cannot log the user out either; the same site can."""
    login(http, RIK["email"])
    refused = http.post(http.base + "/uitloggen", headers={"Origin": EVIL},
                        allow_redirects=False)
    assert refused.status_code == 403
    assert header_account(http).startswith("Ingelogd als Rik")
    http.post(http.base + "/uitloggen", headers={"Origin": http.base}, allow_redirects=False)
    assert header_account(http) == "Inloggen"


def test_cross_site_upload_like_post_is_refused(http):
    """Any POST route is covered, multipart uploads included (Dash sends uploads in callbacks)."""
    response = http.post(http.base + "/_dash-update-component", headers={"Origin": EVIL},
                         files={"bestand": ("eigen.csv", b"a;b\n1;2\n", "text/csv")})
    assert response.status_code == 403


def test_default_ports_compare_equal(app):
    """Origin https://host matches Host host:443; a different port is another origin."""
    from dashboard.auth.security import same_origin

    def check(origin: str, base: str) -> bool:
        with app.server.test_request_context("/inloggen", method="POST", base_url=base,
                                             headers={"Origin": origin}):
            return same_origin()

    assert check("https://monitor.example", "http://monitor.example:443")
    assert check("http://monitor.example:80", "http://monitor.example")
    assert not check("http://monitor.example:8080", "http://monitor.example")
    assert check("HTTPS://Monitor.Example", "http://monitor.example")
