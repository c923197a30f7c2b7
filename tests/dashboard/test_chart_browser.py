"""The indicator page's charts in Chromium on a phone (390 px): a Dutch toolbar without a cloud
upload or logo, period labels and legend entries that never run together."""

from __future__ import annotations

import pytest

# Every toolbar title plotly.js has in English for the buttons these charts show.
ENGLISH_TITLES = {"Zoom", "Pan", "Zoom in", "Zoom out", "Autoscale", "Reset axes", "Reset",
                  "Reset view", "Box Select", "Lasso Select", "Download plot as a PNG",
                  "Share chart...", "Produced with Plotly.js"}

BOXES = """(graph) => {
    const box = (el) => { const r = el.getBoundingClientRect();
                          return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
    return {
        svg: box(graph.querySelector('.main-svg')),
        ticks: [...graph.querySelectorAll('.xtick text')].map(box),
        entries: [...graph.querySelectorAll('.legend .traces')].map(box),
        texts: [...graph.querySelectorAll('.legend .traces text')].map(box),
    };
}"""


def _overlap(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] - 0.5 and b["l"] < a["r"] - 0.5 and a["t"] < b["b"] - 0.5 \
        and b["t"] < a["b"] - 0.5


@pytest.mark.browser
def test_charts_on_a_phone_have_a_dutch_toolbar_and_labels_that_do_not_collide(page):
    """At 390 px the toolbar titles are Dutch, with no Share/Cloud button and no Plotly logo;
    the trend's period labels and legend entries do not overlap and stay inside the chart."""
    page.page.set_viewport_size({"width": 390, "height": 900})
    p = page.open("/indicator/jeugdhulp?regio=GM0363")
    p.wait_for_selector(".js-plotly-plot .modebar-btn", state="attached")
    titles = p.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .modebar-btn')]"
                        ".map(b => b.getAttribute('data-title'))")
    assert len(titles) >= 8
    assert not ENGLISH_TITLES & set(titles), titles
    assert {"Inzoomen", "Uitzoomen", "Verschuiven"} <= set(titles)
    assert not [t for t in titles if "share" in t.lower() or "cloud" in t.lower()]
    assert p.locator(".modebar-btn--logo, [data-title*='Plotly']").count() == 0

    trend = p.locator(".js-plotly-plot").nth(2)
    trend.scroll_into_view_if_needed()
    boxes = trend.evaluate(BOXES)
    ticks, entries, texts, svg = boxes["ticks"], boxes["entries"], boxes["texts"], boxes["svg"]
    labels = trend.evaluate("(g) => [...g.querySelectorAll('.xtick text')]"
                            ".map(t => t.textContent)")
    assert labels[-1] == "2024" and len(labels) >= 4, labels
    assert not [(a, b) for i, a in enumerate(ticks) for b in ticks[i + 1:] if _overlap(a, b)]
    assert len(entries) == 6, "self, SWV PO, SWV VO, jeugdregio, grootteklasse, Nederland"
    assert not [(a, b) for i, a in enumerate(entries) for b in entries[i + 1:]
                if _overlap(a, b)]
    assert not [(t, e) for t in ticks for e in entries if _overlap(t, e)]
    assert all(svg["l"] - 1 <= t["l"] and t["r"] <= svg["r"] + 1 for t in texts), texts
    page.assert_clean()
