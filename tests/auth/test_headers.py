"""Security headers on every response, and a Content-Security-Policy the pages really work under
(checked in Chromium: an empty console, maps and charts drawn)."""

from __future__ import annotations

import pytest

from dashboard.auth import security
from tests.auth.test_origin import EVIL, _search_callback

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (d.split() for d in policy.split(";"))}


def assert_secured(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    csp = _directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert all(v.startswith("'sha256-") for v in csp["script-src"][1:])
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["img-src"] == ["'self'", "data:", "blob:"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/", 200),
    ("GET", "/gemeente/GM0363", 200),
    ("GET", "/inloggen", 200),
    ("GET", "/uitloggen", 200),
    ("GET", "/_dash-layout", 200),
    ("GET", "/assets/style.css", 200),
    ("GET", "/assets/topojson/world_110m.json", 200),
    ("GET", "/_dash-component-suites/plotly/package_data/plotly.min.js", 200),
    ("GET", "/assets/bestaat-niet.css", 404),
    ("PUT", "/inloggen", 405),
])
def test_every_kind_of_response_has_the_security_headers(http, method, path, status):
    """Pages, layout, assets, a file download, the plotly bundle, a 404 and a 405 alike."""
    response = http.request(method, http.base + path)
    assert response.status_code == status
    assert_secured(response)


def test_callback_responses_have_the_security_headers(http):
    """A callback's JSON answer, a refused cross-site one and a failing one carry them too."""
    ok = http.post(http.base + "/_dash-update-component", json=_search_callback("Utre"))
    refused = http.post(http.base + "/_dash-update-component", json=_search_callback("Utre"),
                        headers={"Origin": EVIL})
    broken = http.post(http.base + "/_dash-update-component", json={"output": "geen.children"})
    assert (ok.status_code, refused.status_code) == (200, 403)
    assert broken.status_code >= 400
    for response in (ok, refused, broken):
        assert_secured(response)


def test_rate_limited_response_has_the_security_headers(http, users):
    """The 429 page is a response like any other."""
    for _ in range(11):
        response = http.post(http.base + "/inloggen", data={"email": "x@example.nl"})
    assert response.status_code == 429
    assert_secured(response)


def test_csp_lists_the_hash_of_every_inline_script_dash_writes(app, http):
    """Each inline <script> of the index page has its sha256 in script-src (none left out)."""
    import base64
    import hashlib
    import re

    response = http.get(http.base + "/")
    page = re.sub(r"<!--.*?-->", "", response.text, flags=re.S)  # Dash's IE-only comment
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page, re.S)
    executable = [body for attrs, body in scripts if "application/json" not in attrs]
    assert len(executable) >= 2  # the renderer and at least one clientside callback
    policy = response.headers["Content-Security-Policy"]
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_policy_without_hashes_is_self_only():
    """Without Dash (a bare Flask app) script-src is 'self' alone."""
    policy = _directives(security.content_security_policy())
    assert policy["script-src"] == ["'self'"]


# --- in the browser ---------------------------------------------------------------------

PAGES = [
    ("/", "#search"),
    ("/gemeente/GM0363", "table.profile-table tbody tr"),
    ("/swv/PO2707", ".js-plotly-plot .bars path"),
    ("/jeugdregio/JZ01", ".js-plotly-plot .bars path"),
    ("/indicator/jeugdhulp", ".choroplethlayer path"),
    ("/vergelijk?regios=GM0363,PO2707&indicatoren=jeugdhulp,vsv",
     ".compare-grid .js-plotly-plot .scatterlayer"),
    ("/over", "#main h1"),
    ("/inloggen", "form.auth-form"),
    ("/uitloggen", "#main h1"),
    ("/bestaat/niet", "#main h1"),
]

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture
def csp_page(page):
    """The `page` fixture, also recording securitypolicyviolation events."""
    page.page.add_init_script(COLLECT_VIOLATIONS)
    return page


@pytest.mark.browser
@pytest.mark.parametrize("path, drawn", PAGES)
def test_every_page_type_works_under_the_csp(csp_page, path, drawn):
    """No CSP violation and an empty console on each page type, with its charts or maps drawn."""
    p = csp_page.open(path)
    p.wait_for_selector(drawn, timeout=20_000)
    if path.startswith("/indicator/"):
        assert p.locator(".choroplethlayer path").count() > 10
        assert p.locator(".js-plotly-plot").count() == 3
    assert p.evaluate("window.__csp") == []
    csp_page.assert_clean()


@pytest.mark.browser
def test_csv_download_works_under_the_csp(csp_page):
    """An export button's download (a callback answer turned into a blob) is not blocked."""
    p = csp_page.open("/indicator/jeugdhulp?regio=GM0363")
    block = p.locator(".chart-block").first
    with p.expect_response(lambda r: "/_dash-update-component" in r.url
                           and r.request.method == "POST") as answer:
        with p.expect_download(timeout=30_000) as download:
            block.get_by_role("button", name="CSV").click()
    assert open(download.value.path(), "rb").read(3) == b"\xef\xbb\xbf"
    assert answer.value.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.value.headers["content-security-policy"]
    assert p.evaluate("window.__csp") == []
    csp_page.assert_clean()


@pytest.mark.browser
def test_csp_is_enforced_in_the_browser(csp_page):
    """An injected inline script is refused (so the clean pages above prove something)."""
    p = csp_page.open("/over")
    ran = p.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true;';
        document.body.appendChild(s);
        return window.__injected === true;
    }""")
    assert ran is False
    p.wait_for_function("window.__csp.length > 0")
    assert p.evaluate("window.__csp")[0].startswith("script-src")
