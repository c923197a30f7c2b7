"""The list's filters and the not-found paths: every filter narrows the list, and repeated,
unknown, hostile or 5,000-character parameters give the unfiltered list with a Dutch note;
unknown or non-numeric ids give the Dutch not-found text. Checked on the layouts and through
the real server's page callback (always 200, never a traceback)."""

from __future__ import annotations

import copy
import json

import pytest

from dashboard import store
from tests.afspraken.conftest import record_update
from tests.conftest import Page

pytestmark = pytest.mark.browser
LONG = "x" * 5000


def layout_text(component) -> str:
    """The visible text of a layout (components or the plain component dicts some parts use),
    with link targets in brackets."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return "".join(layout_text(c) for c in component)
    props = component["props"] if isinstance(component, dict) else \
        component.to_plotly_json()["props"]
    return layout_text(props.get("children")) + (f"[{props['href']}]" if props.get("href")
                                                 else "")


def _create(title: str, region: str, *, parties=(), targets=(), status="op koers") -> dict:
    with store.session() as s:
        return store.agreements.create(s, actor_id=store.rights.SYSTEM, data={
            "title": title, "text": "", "region_code": region, "parties": list(parties),
            "partners": [], "targets": list(targets),
            "manual_status": None if targets else status,
            "manual_justification": None if targets else "Door de regio vastgesteld.",
            "oogo_date": None, "review_date": None, "ambitie_id": None})


@pytest.fixture(scope="module")
def agreements(served):
    target = {"indicator_id": "jeugdhulp", "baseline_period": "2022", "baseline_value": 12.9,
              "baseline_flags": {"source": "opgegeven"}, "target_value": 11.0,
              "target_period": "2027", "milestones": []}
    with store.session() as s:
        wg = store.werkgebieden.create(s, actor_id=store.rights.SYSTEM, data={
            "name": "Zaanstreek", "description": "", "members": [
                {"gemeente_code": "GM0479", "weight": 1.0},
                {"gemeente_code": "GM0439", "weight": 1.0}]})
    return {"jeugdhulp": _create("Jeugdhulp Amsterdam", "GM0363", parties=["PO2707"],
                                 targets=[target]),
            "achter": _create("Verzuim Zaanstad", "GM0479", status="achter"),
            "werkgebied": _create("Zaanstreek samen", wg["code"], targets=[target]),
            "wg": wg["code"]}


def _list_text(**query) -> str:
    from dashboard.pages.afspraken import listing

    return layout_text(listing.layout(**query))


def _titles(text: str) -> set[str]:
    return {t for t in ("Jeugdhulp Amsterdam", "Verzuim Zaanstad", "Zaanstreek samen")
            if t in text}


ALL = {"Jeugdhulp Amsterdam", "Verzuim Zaanstad", "Zaanstreek samen"}


@pytest.mark.parametrize("query, shown", [
    ({}, ALL),
    ({"regio": "GM0363"}, {"Jeugdhulp Amsterdam"}),
    ({"regio": "gm0479"}, {"Verzuim Zaanstad"}),
    ({"partij": "PO2707"}, {"Jeugdhulp Amsterdam"}),
    ({"indicator": "jeugdhulp"}, {"Jeugdhulp Amsterdam", "Zaanstreek samen"}),
    ({"status": "achter"}, {"Verzuim Zaanstad"}),
    ({"status": "niet-te-beoordelen", "indicator": "jeugdhulp"},
     {"Jeugdhulp Amsterdam", "Zaanstreek samen"}),
    ({"status": "behaald"}, set()),
])
def test_each_filter_narrows_the_list(agreements, query, shown):
    """A valid filter (or two) leaves exactly the matching agreements."""
    text = _list_text(**query)
    assert _titles(text) == shown
    assert "genegeerd" not in text


def test_werkgebied_filter_finds_agreements_measured_there(agreements):
    """?regio=WG… lists the agreements measured in that werkgebied."""
    assert _titles(_list_text(regio=agreements["wg"])) == {"Zaanstreek samen"}


@pytest.mark.parametrize("query, note", [
    ({"regio": ["GM0363", "GM0479"]}, "‘regio’ staat meer dan eens in het adres"),
    ({"status": ["achter", "achter"]}, "‘status’ staat meer dan eens in het adres"),
    ({"regio": "GM9999"}, "Onbekende regio ‘GM9999’"),
    ({"partij": "<script>alert(1)</script>"}, "Onbekende partij ‘<script>alert(1)</script>’"),
    ({"indicator": "'; DROP TABLE facts; --"}, "Onbekende indicator"),
    ({"status": "prima"}, "Onbekende status ‘prima’"),
    ({"regio": LONG}, "De waarde van ‘regio’ is te lang"),
    ({"partij": LONG, "indicator": LONG, "status": LONG}, "De waarde van ‘status’ is te lang"),
])
def test_bad_parameters_give_the_unfiltered_list_with_a_note(agreements, query, note):
    """A repeated, unknown, hostile or overlong filter is ignored with a Dutch note."""
    text = _list_text(**query)
    assert note in text and "dit filter is genegeerd" in text
    assert _titles(text) == ALL
    assert LONG not in text


@pytest.mark.parametrize("ref", ["999999", "abc", "0", "-1", "1.5", "9" * 30, LONG,
                                 "1/wissen", "nieuw/extra", "", None, ["1", "2"]])
def test_unknown_agreement_gives_the_dutch_not_found_text(agreements, ref):
    """An unknown, non-numeric or malformed id answers with 'Deze afspraak bestaat niet'."""
    from dashboard.pages.afspraken import routes

    text = layout_text(routes.afspraak(ref, {}))
    assert "Deze afspraak bestaat niet" in text and LONG not in text


@pytest.mark.parametrize("ref", ["999", "abc", "1/wissen", LONG, None])
def test_unknown_ambitie_gives_the_dutch_not_found_text(agreements, ref):
    """An unknown or malformed ambitie address answers with 'Deze ambitie bestaat niet'."""
    from dashboard.pages.afspraken import routes

    text = layout_text(routes.ambitie_view(ref))
    assert "Deze ambitie bestaat niet" in text and LONG not in text


# --- through the real server -------------------------------------------------------------

@pytest.fixture(scope="module")
def page_body(served, browser, agreements):
    """The body of the pages router's callback, as the browser sent it for /afspraken."""
    context = browser.new_context()
    page = Page(context.new_page(), served.url)
    body = record_update(page, lambda: page.open("/afspraken?regio=GM0363"), "_pages_content")
    context.close()
    return body


def _route(http, body: dict, pathname: str, search: str) -> str:
    body = copy.deepcopy(body)
    for item in body["inputs"]:
        item["value"] = {"pathname": pathname, "search": search}[item["property"]]
    r = http.update(body)
    assert r.status_code == 200, r.text[:300]
    text = json.dumps(r.json(), ensure_ascii=False)
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize("search, expected", [
    ("?regio=GM0363&regio=GM0479", "staat meer dan eens in het adres"),
    ("?status=" + LONG, "De waarde van ‘status’ is te lang"),
    ("?regio=" + LONG + "&partij=" + LONG, "is te lang"),
    ("?regio=%3Cscript%3E&status=%00", "Onbekende regio"),
    ("?indicator=jeugdhulp&status=niet-te-beoordelen", "Jeugdhulp Amsterdam"),
    ("?onbekend=1&&&=&regio", "Afspraken"),
])
def test_list_through_the_server_answers_every_address(http, page_body, search, expected):
    """The page callback answers 200 with the Dutch note for every kind of query string."""
    assert expected in _route(http, page_body, "/afspraken", search)


@pytest.mark.parametrize("pathname, expected", [
    ("/afspraak/999999", "Deze afspraak bestaat niet"),
    ("/afspraak/abc", "Deze afspraak bestaat niet"),
    ("/afspraak/" + LONG, "Deze afspraak bestaat niet"),
    ("/afspraak/1/onzin", "Deze afspraak bestaat niet"),
    ("/afspraak/999999/bewerken", "Inloggen nodig"),
    ("/ambitie/abc", "Deze ambitie bestaat niet"),
    ("/ambitie/999/bewerken", "Inloggen nodig"),
])
def test_not_found_paths_through_the_server(http, page_body, pathname, expected):
    """Unknown ids and paths answer 200 with Dutch text, for anonymous visitors too."""
    assert expected in _route(http, page_body, pathname, "")


def test_unknown_id_for_a_logged_in_editor_is_not_found(http, page_body):
    """A logged-in editor asking to edit an unknown agreement gets the not-found text."""
    from tests.afspraken.conftest import ACCOUNTS

    body = copy.deepcopy(page_body)
    for item in body["inputs"]:
        item["value"] = {"pathname": "/afspraak/999999/bewerken", "search": ""}[item["property"]]
    r = http.update(body, http.session_cookie(ACCOUNTS["redacteur"]["email"]))
    assert r.status_code == 200 and "Deze afspraak bestaat niet" in json.dumps(
        r.json(), ensure_ascii=False)


def test_query_parameter_named_like_the_path_variable_is_harmless(http, page_body, agreements):
    """?ref=… (the page's path variable name) or a repeated one gives a page, not an error."""
    for search in ("?ref=abc", "?ref=1&ref=2", f"?ref={agreements['achter']['id']}"):
        _route(http, page_body, f"/afspraak/{agreements['jeugdhulp']['id']}", search)


def test_raw_page_requests_answer_200(served):
    """The HTML of every odd path is served (200) without a traceback."""
    import requests

    for path in ("/afspraak/abc", "/afspraak/" + LONG[:3000], "/afspraken?regio=" + LONG,
                 "/afspraken?regio=a&regio=b", "/ambitie/%00"):
        r = requests.get(served.url + path, timeout=30)
        assert r.status_code == 200 and "Traceback" not in r.text


def test_long_list_is_shown_a_page_at_a_time(agreements):
    """More than a hundred agreements: page 1 holds 100, the rest follow with ?pagina=2; an
    unreadable page number gives page 1 with a note, a too-high one the last page."""
    from dashboard.pages.afspraken import list_groups

    with store.session() as s:
        for n in range(list_groups.PAGE_SIZE):
            store.agreements.create(s, actor_id=store.rights.SYSTEM, data={
                "title": f"Reeks {n:03d}", "text": "", "region_code": "GM0014", "parties": [],
                "partners": [], "targets": [], "manual_status": "behaald",
                "manual_justification": "Klaar.", "oogo_date": None, "review_date": None,
                "ambitie_id": None})
    try:
        first, second = _list_text(), _list_text(pagina="2")
        total = list_groups.PAGE_SIZE + 3
        assert f"{total} afspraken; hier nummer 1 tot en met 100." in first
        assert "Pagina:" in first and "[/afspraken?pagina=2]" in first
        assert f"hier nummer 101 tot en met {total}." in second
        shown = [t for t in (f"Reeks {n:03d}" for n in range(100)) if t in first + second]
        assert len(shown) == 100 and not set(shown) & {t for t in shown if t in first and
                                                        t in second}
        assert "geen paginanummer" in _list_text(pagina="abc")
        assert f"hier nummer 101 tot en met {total}." in _list_text(pagina="99")
        assert "Reeks" not in _list_text(status="achter")
    finally:
        with store.session() as s:
            for a in store.agreements.list(s):
                if a["title"].startswith("Reeks "):
                    store.agreements.delete(s, actor_id=store.rights.SYSTEM,
                                            agreement_id=a["id"], expected_version=a["version"])
