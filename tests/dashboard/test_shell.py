"""The page shell: demo banner, footer, 404 page, in the real browser."""

from dashboard import formatting


def test_demo_banner_is_shown_on_every_page(page):
    """A warehouse with demonstration figures shows the voorbeeldcijfers banner."""
    p = page.open("/bestaat-niet")
    assert formatting.DEMO_LABEL in p.locator(".demo-banner").inner_text()
    page.assert_clean()


def test_unknown_address_shows_dutch_not_found_page(page):
    """An unknown path answers with the Dutch not-found page, not a traceback."""
    p = page.open("/dit/is/geen/pagina")
    assert "Deze pagina bestaat niet" in p.locator("h1").inner_text()
    page.assert_clean()
    assert page.axe_violations() == []


def test_nl_number_format():
    """Numbers use a decimal comma and a thousands point; flags change the text."""
    assert formatting.number(1234.5, 1) == "1.234,5"
    pct = {"unit": "pct"}
    assert formatting.figure({"value": 12.345}, pct) == "12,3%"
    assert formatting.figure({"value": 12.3, "lower_bound": True}, pct) == "≥ 12,3%"
    assert formatting.figure({"value": None, "suppressed": True, "secret_max": 7},
                             pct) == "geheim (< 8)"


def test_footer_date_reads_dutch(app):
    """The footer writes the build date as '2 december 2026', never ISO."""
    import re

    from dashboard import queries
    from dashboard.components import shell

    text = shell.footer().children
    assert f"gebouwd op {formatting.date_long(queries.build_info()['built_at'])} ·" in text
    assert re.search(r"\d{4}-\d{2}-\d{2}", text) is None
