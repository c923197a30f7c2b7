"""Property-based fuzzing (Hypothesis) of every callback and every page: any JSON in any Input
and State of any callback, any query string (repeated, empty, long, unicode parameters) and any
path segment on any page. The corpus's promises hold: no 500, no callback raising, each request
under 1 s. Derandomized and without a database, so a run is repeatable and leaves nothing."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import dash_client as dc

FUZZ = settings(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
# Keys the app's stores use, so that dicts look like a store often enough to get far in.
KEYS = ("code", "name", "members", "region", "indicator", "level", "period", "sort", "id",
        "version", "regions", "indicators", "targets", "reference", "gemeente_code", "weight",
        "explain", "deleted", "rows", "page")
SCALARS = (st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=400)
           | st.sampled_from(["GM0363", "PO2707", "JZ13", "jeugdhulp", "vsv", "2023", "nederland"]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=6)
                    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner,
                                      max_size=6), max_leaves=25)
WILDCARDS = st.text(max_size=40) | st.integers() | st.sampled_from(["jeugdhulp", "kaart"])

PATHS = ("/", "/indicator/jeugdhulp", "/indicator/vsv", "/gemeente/GM0363", "/gemeente/GM0788",
         "/swv/PO2707", "/jeugdregio/JZ13", "/vergelijk", "/afspraken", "/werkgebieden", "/over",
         "/beheer", "/duiding/nieuw", "/afspraak/nieuw", "/ambitie/nieuw", "/werkgebied/nieuw")
SEGMENTS = ("/indicator/", "/gemeente/", "/swv/", "/jeugdregio/", "/afspraak/", "/ambitie/",
            "/duiding/", "/werkgebied/")
PARAMETERS = ("regio", "niveau", "periode", "sorteer", "oordeel", "van", "indicator", "regios",
              "indicatoren", "pagina", "partij", "status", "soort", "naam")
VALUES = st.text(max_size=300) | st.sampled_from(
    ["GM0363", "PO2707", "GM0363,PO2707", "jeugdhulp", "2023", "2023/2024", "swv_po", "oordeel",
     "1", "-1", "", "x" * 201])
QUERIES = st.lists(st.tuples(st.sampled_from(PARAMETERS) | st.text(min_size=1, max_size=20),
                             VALUES), max_size=8)
URLS = st.builds(lambda path, query: path + ("?" + urlencode(query) if query else ""),
                 st.sampled_from(PATHS) | st.builds(lambda p, s: p + quote(s, safe=""),
                                                    st.sampled_from(SEGMENTS),
                                                    st.text(max_size=300)),
                 QUERIES)


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_any_json_in_any_callback_is_answered_without_error(fuzz_client, callback_map,
                                                            callback_errors, data):
    """A callback drawn from the app's callback map, with JSON of any shape in each Input and
    State, answers 200 or 204 within the bound and does not raise."""
    key = data.draw(st.sampled_from(sorted(callback_map)), label="callback")
    cb = callback_map[key]
    slots = cb["inputs"] + cb["state"]
    values = [data.draw(JSON, label=f"{s['id']}.{s['property']}") for s in slots]
    body = dc.body(key, cb, lambda spec: dc.typed(spec, values[slots.index(spec)]),
                   data.draw(WILDCARDS, label="wildcard"))
    response, seconds = dc.post(fuzz_client, body)
    assert dc.problems(response, seconds, malformed=False) == []
    assert callback_errors == []


@settings(FUZZ, max_examples=30)
@given(url=URLS)
def test_any_address_renders_its_page_and_what_it_loads(fuzz_client, callback_map,
                                                       callback_errors, url):
    """Any path and query string gives a page (200) whose load callbacks answer without error,
    each within the bound."""
    response, seconds = dc.post(fuzz_client, dc.router_body(url))
    assert dc.problems(response, seconds, malformed=False) == []
    for body in dc.load_bodies(dc.layout_of(response), callback_map):
        response, seconds = dc.post(fuzz_client, body)
        assert dc.problems(response, seconds, malformed=False) == [], body["output"]
    assert callback_errors == []
