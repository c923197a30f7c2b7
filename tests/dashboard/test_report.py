"""The OOGO report: one PDF built by the command line, opened and read as a reader would."""

from __future__ import annotations

import re
import subprocess

import duckdb
import pytest

from dashboard import db, formatting, ids
from dashboard import report as report_cli
from dashboard.export import components, report, report_html

CODE, NAME = "GM0088", "Schiermonnikoog"   # small: secret cells and lower bounds


@pytest.fixture(scope="module")
def pdf(warehouse, tmp_path_factory):
    """The report of a small gemeente, made by `python -m dashboard.report` (the one report
    the test session builds)."""
    out = tmp_path_factory.mktemp("report") / "rapport.pdf"
    assert report_cli.main(["--region", CODE, "--warehouse", str(warehouse),
                            "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def expected_pages(warehouse) -> list[tuple[str, str]]:
    db.configure(warehouse)
    return report_html.pages(report.report_content(CODE))


def _page_text(pdf, n: int) -> str:
    text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text)


def _n_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_report_has_the_expected_pages_each_with_region_period_and_number(pdf, expected_pages):
    """Cover, summary, one page per key indicator, notes: each page names region, period,
    'pagina n van N' and its own title."""
    n = len(expected_pages)
    assert _n_pages(pdf) == n
    titles = [t for t, _ in expected_pages]
    assert titles[:2] == ["Voorblad", "Samenvatting"] and titles[-1] == "Definities"
    assert sum(t.startswith(("Jeugdhulp ·", "Onderwijs ·", "Context ·")) for t in titles) == 5
    for i, title in enumerate(titles, start=1):
        text = _page_text(pdf, i)
        assert f"{NAME} ({CODE})" in text
        assert f"pagina {i} van {n}" in text
        assert "peiljaar 2024" in text
        assert title in text


def test_cover_says_demonstration_in_big_letters_and_lists_the_swvs(pdf):
    """The cover names the region, its SWVs and the data status, and says VOORBEELDCIJFERS."""
    text = _page_text(pdf, 1)
    assert "VOORBEELDCIJFERS" in text and formatting.DEMO_LABEL in text
    assert "SWV primair onderwijs" in text and "PO2101" in text
    assert "voorlopig" in text


def test_summary_holds_the_exact_warehouse_values(pdf, warehouse):
    """Every indicator's latest value of the gemeente and the country, read straight from the
    warehouse and formatted as the report does, is on the summary page; secret is 'geheim'."""
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("""
        SELECT i.indicator_id, i.unit, f.region_code, f.value, f.suppressed, f.lower_bound
        FROM facts f JOIN indicators i USING (indicator_id)
        WHERE f.classification_year = 2024 AND f.region_code IN ($1, 'NL01')
          AND f.period = (SELECT max(period) FROM facts g WHERE g.indicator_id = f.indicator_id
                          AND g.region_code = $1 AND g.classification_year = 2024)
        """, [CODE]).df()
    con.close()
    text = _page_text(pdf, 2)
    assert len(rows) == 2 * 21
    for r in rows.to_dict("records"):
        shown = report.value_text(r, r["unit"], cell=True)
        if r["suppressed"]:
            assert "geheim" in text
        else:
            assert shown in text, (r["indicator_id"], r["region_code"], shown)
    assert any(rows["suppressed"]), "the sample gemeente must have a secret cell"
    assert "↑ hoger" in text or "↓ lager" in text


def test_report_pages_render_to_images(pdf, tmp_path):
    """pdftoppm renders every page (what a reviewer looks at) to a non-empty PNG."""
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == _n_pages(pdf)
    assert all(p.stat().st_size > 8_000 for p in pngs)


def test_unknown_region_is_a_clear_error(warehouse, tmp_path, capsys):
    """An unknown code exits with status 2 and a Dutch message, and writes no file."""
    out = tmp_path / "x.pdf"
    assert report_cli.main(["--region", "GM9999", "--warehouse", str(warehouse),
                            "--out", str(out)]) == 2
    assert "onbekende regiocode" in capsys.readouterr().err
    assert not out.exists()


def test_report_button_is_labelled_and_wired_to_its_region():
    """The page button names what it downloads and carries the region in its id."""
    div = components.report_button(CODE)
    button = div.children[0]
    assert button.id == ids.report_button(CODE)
    assert "OOGO-rapport" in button.children and "PDF" in button.children
    assert "aria-label" in button.to_plotly_json()["props"]
