"""The hostile corpus (tests/fuzz/corpus.json) against the real app through Flask's test client:
every page with what it loads, every callback with hostile values and with malformed bodies.
No 500, no traceback, no callback raising, malformed bodies 400, each request under 1 s."""

from __future__ import annotations

import json

from dashboard import limits, queries
from tests.fuzz import dash_client as dc

VALUES = [dc.expand(v) for v in dc.CORPUS["values"]]


def _text(layout) -> str:
    return json.dumps(layout, ensure_ascii=False)


def test_every_corpus_page_and_what_it_loads_answers_in_time_without_error(
        app, fuzz_client, callback_map, callback_errors):
    """Each corpus URL renders (200) and every callback its layout fires on load answers 200
    or 204, within the bound, without raising."""
    problems = []
    for url in map(dc.expand, dc.CORPUS["urls"]):
        assert fuzz_client.get(url).status_code < 500, url[:80]
        response, seconds = dc.post(fuzz_client, dc.router_body(url))
        problems += [(url[:80], p) for p in dc.problems(response, seconds, malformed=False)]
        if response.status_code != 200:
            continue
        for body in dc.load_bodies(dc.layout_of(response), callback_map):
            response, seconds = dc.post(fuzz_client, body)
            problems += [(url[:80], body["output"][:60], p)
                         for p in dc.problems(response, seconds, malformed=False)]
    assert problems == [], problems[:20]
    assert callback_errors == [], sorted({e[:160] for e in callback_errors})


def test_hostile_values_in_every_callback_give_a_message_or_no_update(
        fuzz_client, callback_map, callback_errors):
    """Corpus values in every Input and State of every callback (a third of the values per
    callback, a different one in each slot, shifted from one callback to the next so that
    every value reaches every kind of slot) are answered 200 or 204 without raising."""
    problems = []
    for n, (key, cb) in enumerate(sorted(callback_map.items())):
        slots = cb["inputs"] + cb["state"]
        for turn in range(0, len(VALUES), 3):
            def value_of(spec, turn=turn, n=n, slots=slots):
                value = VALUES[(turn + n + slots.index(spec)) % len(VALUES)]
                return dc.typed(spec, value)
            response, seconds = dc.post(fuzz_client, dc.body(key, cb, value_of,
                                                             VALUES[turn]))
            problems += [(key[:60], turn, p)
                         for p in dc.problems(response, seconds, malformed=False)]
    assert problems == [], problems[:20]
    assert callback_errors == [], sorted({e[:160] for e in callback_errors})


def test_malformed_bodies_are_answered_400_without_a_traceback(fuzz_client, callback_map):
    """Mutations of every callback's body (a third of them per callback, in turn), and each
    raw corpus body, get 400 (413 when too large), never a 500 or a traceback."""
    problems = []
    for n, (key, cb) in enumerate(sorted(callback_map.items())):
        good = dc.body(key, cb, lambda spec: None)
        for name, bad in dc.mutations(good)[n % 3::3]:
            response, seconds = dc.post(fuzz_client, bad)
            problems += [(key[:60], name, p)
                         for p in dc.problems(response, seconds, malformed=True)]
    for raw in map(dc.expand, dc.CORPUS["raw_bodies"]):
        response, seconds = dc.post(fuzz_client, raw)
        problems += [(raw[:30], p) for p in dc.problems(response, seconds, malformed=True)]
    huge = json.dumps({"output": "x", "pad": "x" * (limits.CALLBACK_BODY_BYTES + 1)})
    response, _ = dc.post(fuzz_client, huge)
    assert response.status_code == 413
    assert problems == []


def test_repeated_parameters_use_the_first_value_and_say_so(fuzz_client):
    """The four addresses of the issue render their page with the first value and a Dutch
    note, instead of a 500 and a blank page."""
    cases = {
        "/gemeente/GM0363?oordeel=swv_po&oordeel=nederland": '"reference": "swv_po"',
        "/swv/PO2707?indicator=x&indicator=vsv": "PO2707",
        "/indicator/jeugdhulp?regio=GM0363&regio=PO2707": "Amsterdam (GM0363)",
        "/vergelijk?regios=GM0363&regios=PO2707": '"regions": ["GM0363"]',
    }
    for url, first in cases.items():
        response, _ = dc.post(fuzz_client, dc.router_body(url))
        assert response.status_code == 200, url
        text = _text(dc.layout_of(response))
        assert "staat meer dan eens in het adres" in text and first in text, url


def test_overlong_values_are_refused_in_dutch(fuzz_client):
    """A region code past its limit, and any value past the address limit, gets a Dutch
    'te lang' message instead of work."""
    for url in ("/indicator/jeugdhulp?regio=" + "A" * 13,
                "/indicator/jeugdhulp?regio=" + "A" * 10_000,
                "/gemeente/" + "G" * 10_000, "/afspraken?pagina=" + "9" * 5_000):
        response, seconds = dc.post(fuzz_client, dc.router_body(url))
        assert response.status_code == 200 and seconds < dc.MAX_SECONDS, url[:40]
        assert "te lang" in _text(dc.layout_of(response)), url[:40]


def test_unknown_code_suggestions_come_from_one_query(app, monkeypatch):
    """An unknown code is answered with at most two warehouse queries (successors and the
    suggestions), whatever its length; GM03633 suggests Amsterdam."""
    from dashboard.pages.indicator import state

    # Warm the per-build caches (build_info, the region index): only per-request queries count.
    state._region_problem("jeugdhulp", "GM03633", None)
    calls = []
    real = queries.base._df
    monkeypatch.setattr(queries.base, "_df", lambda *a, **k: calls.append(a) or real(*a, **k))
    for code, expected in (("GM03633", "GM0363"), ("AMSTERDAMXYZ", "GM0363"),
                           ("A" * 12, None)):
        calls.clear()
        problem = state._region_problem("jeugdhulp", code, None)
        assert len(calls) <= 2, code
        links = " ".join(href for _label, href in problem.suggestions)
        assert expected is None or f"regio={expected}" in links, code
