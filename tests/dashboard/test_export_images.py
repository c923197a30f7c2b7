"""Chart images (PNG/SVG) from the one kaleido renderer carry their own title and caption."""

from __future__ import annotations

import base64
import struct
import threading
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest

from dashboard import db, figures, formatting, queries
from dashboard.export import images

CAPTION = ("Bron: CBS Beleidsinformatie Jeugd (85098NED) · 2015–2024 · gemeentelijke indeling "
           "2024 · voorlopig")


@pytest.fixture(scope="module")
def chart(warehouse) -> tuple[dict, dict]:
    """A real trend figure as a page shows it (figure dict) and its chart-data store."""
    db.configure(warehouse)
    df = queries.trend_comparison("jeugdhulp", "GM0363")
    fig = figures.trend_figure(df, indicator=queries.indicator("jeugdhulp"))
    data = {"title": "Jongeren met jeugdhulp, Amsterdam",
            "caption": CAPTION + " · " + formatting.DEMO_LABEL, "demo": True}
    return fig.to_plotly_json(), data


@pytest.fixture(scope="session")
def renderer():
    """The process's one kaleido renderer (one Chromium for the whole session)."""
    return images.renderer().start()


def _svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join(t for el in root.iter() for t in (el.text,) if t)


def test_svg_carries_title_caption_and_demo_label(renderer, chart):
    """The SVG's text holds the title, every caption part and the voorbeeldcijfers label."""
    svg = images.chart_image(*chart, "svg")
    text = _svg_text(svg)
    assert chart[1]["title"] in text
    assert formatting.DEMO_LABEL in text
    for part in CAPTION.split(" · "):
        assert part in text, part
    assert text.count(formatting.DEMO_LABEL) == 1, "label once, as subtitle, not again in caption"
    assert "Amsterdam" in text and "Nederland" in text, "the figure's own legend survives"


def test_png_is_print_resolution_and_not_blank(renderer, chart, browser):
    """The PNG is 2700 x 1500 px (900 x 500 at scale 3) and has real ink on it."""
    png = images.chart_image(*chart, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (2700, 1500)
    page = browser.new_page()
    try:
        stats = page.evaluate("""async (src) => {
            const img = new Image(); img.src = src; await img.decode();
            const c = document.createElement('canvas'); c.width = 900; c.height = 500;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0, 900, 500);
            const d = g.getImageData(0, 0, 900, 500).data;
            let n = 0, sum = 0, sq = 0, ink = 0, bottomInk = 0;
            for (let i = 0; i < d.length; i += 4) {
                const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
                n++; sum += y; sq += y * y;
                if (y < 230) { ink++; if (i / 4 / 900 > 465) bottomInk++; }
            }
            const mean = sum / n;
            return {std: Math.sqrt(sq / n - mean * mean), ink: ink / n, bottomInk};
        }""", "data:image/png;base64," + base64.b64encode(png).decode())
    finally:
        page.close()
    assert stats["std"] > 15 and stats["ink"] > 0.01, stats
    assert stats["bottomInk"] > 100, "the caption is printed in the bottom strip of the image"


def test_svg_legend_sits_between_axis_and_caption_and_inside_the_image(renderer, chart,
                                                                        browser):
    """In the SVG the legend (six long region names) lies below the period labels and above
    the caption, overlapping neither, and no entry runs off the image."""
    svg = images.chart_image(*chart, "svg").decode("utf-8")
    page = browser.new_page()
    try:
        page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
        boxes = page.evaluate("""() => {
            const box = (el) => { const r = el.getBoundingClientRect();
                                  return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
            const caption = [...document.querySelectorAll('.annotation')]
                .find(a => a.textContent.startsWith('Bron:'));
            return {legend: box(document.querySelector('.legend')),
                    entries: [...document.querySelectorAll('.legend .traces')].map(box),
                    ticks: [...document.querySelectorAll('.xtick text')].map(box),
                    caption: box(caption.querySelector('text')),
                    width: document.querySelector('svg').getBoundingClientRect().width};
        }""")
    finally:
        page.close()
    legend, caption = boxes["legend"], boxes["caption"]
    assert len(boxes["entries"]) == 6
    assert max(t["b"] for t in boxes["ticks"]) <= min(e["t"] for e in boxes["entries"]) + 1
    assert max(e["b"] for e in boxes["entries"]) <= caption["t"] + 1, (legend, caption)
    assert all(e["r"] <= boxes["width"] for e in boxes["entries"]), boxes["entries"]


def test_ranking_svg_keeps_its_two_line_axis_title_above_the_caption(warehouse, renderer,
                                                                        browser):
    """The ranking names the country in a two-line axis title; in the SVG that title ends
    above the caption instead of running into it."""
    db.configure(warehouse)
    df = queries.level_values("thuiszitters_4wk", "gemeente", "2023/2024")
    fig = figures.distribution_figure(df, indicator=queries.indicator("thuiszitters_4wk"),
                                      highlight="GM0088", national_value=1.3,
                                      level_label="gemeenten")
    svg = images.chart_image(fig, {"title": "Thuiszitters", "caption": CAPTION}, "svg")
    page = browser.new_page()
    try:
        page.set_content(f"<html><body style='margin:0'>{svg.decode('utf-8')}</body></html>")
        title, caption = page.evaluate("""() => {
            const box = (el) => el.getBoundingClientRect();
            const caption = [...document.querySelectorAll('.annotation')]
                .find(a => a.textContent.startsWith('Bron:'));
            const t = box(document.querySelector('.xtitle')), c = box(caption);
            return [{top: t.top, bottom: t.bottom}, {top: c.top, bottom: c.bottom}];
        }""")
    finally:
        page.close()
    assert title["bottom"] <= caption["top"], (title, caption)


def test_renderer_is_safe_from_many_threads(renderer):
    """Images requested from several threads at once each get their own figure back."""
    results: dict[int, bytes] = {}

    def render(i: int) -> None:
        fig = figures.base_layout(go.Figure(go.Bar(x=["a"], y=[1])),
                                  title=f"grafiek-{i}")
        results[i] = images.renderer().render(fig, "svg", width=300, height=200)

    threads = [threading.Thread(target=render, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, svg in results.items():
        assert f"grafiek-{i}" in _svg_text(svg)
    assert len(results) == 6


@pytest.mark.browser
def test_export_buttons_download_chart_image_and_data(page):
    """On the indicator page, the PNG and CSV buttons under a chart download the files."""
    p = page.open("/indicator/jeugdhulp?regio=GM0363")
    block = p.locator(".chart-block").first
    with p.expect_download(timeout=30_000) as png:
        block.get_by_role("button", name="PNG").click()
    assert png.value.suggested_filename.endswith(".png")
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with p.expect_download(timeout=30_000) as csv_file:
        block.get_by_role("button", name="CSV").click()
    content = open(csv_file.value.path(), "rb").read()
    assert content.startswith(b"\xef\xbb\xbf") and b";" in content
    page.assert_clean()
