"""The OOGO report: one PDF built by the command line (with agreements and duiding in a fresh
app database, hostile texts among them), opened and read as a reader would."""

from __future__ import annotations

import re
import subprocess

import duckdb
import pytest

from dashboard import db, figures, formatting, ids, queries, store, verdict
from dashboard import report as report_cli
from dashboard.export import components, report, report_html, talking_points
from tests.dashboard.seed_notes import HOSTILE, seed

CODE, NAME = "GM0088", "Schiermonnikoog"   # small: secret cells and lower bounds


@pytest.fixture(scope="module")
def app_db(warehouse, tmp_path_factory):
    """A fresh app database with the agreements and duiding of tests/dashboard/seed_notes.py."""
    previous = store.current_url()
    db.configure(warehouse)
    url = f"sqlite:///{tmp_path_factory.mktemp('report-db') / 'app.sqlite'}"
    made = seed(url)
    yield {"url": url, **made}
    store.configure(previous)
    store.dispose(url)


@pytest.fixture(scope="module")
def pdf(warehouse, app_db, tmp_path_factory):
    """The report of a small gemeente, made by `python -m dashboard.report` (the one report
    the test session builds)."""
    out = tmp_path_factory.mktemp("report") / "rapport.pdf"
    assert report_cli.main(["--region", CODE, "--warehouse", str(warehouse),
                            "--database-url", app_db["url"], "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def expected_pages(warehouse, app_db) -> list[tuple[str, str]]:
    db.configure(warehouse)
    store.configure(app_db["url"])
    return report_html.pages(report.report_content(CODE))


def _page_text(pdf, n: int) -> str:
    text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text)


def _page_of(pdf, title: str) -> int:
    """The first page whose header carries `title`."""
    return next(i for i in range(1, _n_pages(pdf) + 1)
                if f"OOGO-rapport · {NAME} ({CODE}) {title}" in _page_text(pdf, i))


def _n_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_report_has_the_expected_pages_each_with_region_period_and_number(pdf, expected_pages):
    """Cover, agreements, talking points, summary, one page per key indicator, notes: each page
    names region, period, 'pagina n van N' and its own title."""
    n = len(expected_pages)
    assert _n_pages(pdf) == n
    titles = [t for t, _ in expected_pages]
    first = titles.index("Samenvatting")
    assert titles[0] == "Voorblad" and titles[-1] == "Definities"
    assert set(titles[1:first]) == {"Afspraken en voortgang", "Wat valt op"}
    assert titles.index("Wat valt op") > titles.index("Afspraken en voortgang")
    # Two key charts for jeugdhulp and onderwijs each; the population (a count with one
    # period: no trend, and counts get no position) has no page of its own.
    assert sum(t.startswith(("Jeugdhulp ·", "Onderwijs ·")) for t in titles) == 4
    assert not [t for t in titles if t.startswith("Context ·")]
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
        SELECT i.indicator_id, i.unit, i.decimals, f.region_code, f.value, f.value_low,
               f.value_high, f.suppressed, f.lower_bound
        FROM facts f JOIN indicators i USING (indicator_id)
        WHERE f.classification_year = 2024 AND f.region_code IN ($1, 'NL01')
          AND f.period = (SELECT max(period) FROM facts g WHERE g.indicator_id = f.indicator_id
                          AND g.region_code = $1 AND g.classification_year = 2024)
        """, [CODE]).df()
    con.close()
    # An interval may break after its dash in a narrow cell.
    text = _page_text(pdf, _page_of(pdf, "Samenvatting")).replace("– ", "–")
    assert len(rows) == 2 * 21
    for r in rows.to_dict("records"):
        shown = formatting.figure(r, r, cell=True)
        if r["suppressed"]:
            assert "geheim" in text
        else:
            assert shown in text, (r["indicator_id"], r["region_code"], shown)
    assert any(rows["suppressed"]), "the sample gemeente must have a secret cell"
    assert "lager dan het land" in text and "≈" not in text and "↑" not in text


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


def test_agreements_section_lists_every_agreement_with_status_reason_and_chart(pdf, app_db):
    """'Afspraken en voortgang' lists each agreement of the region with its status and
    reason, a trajectory chart per target, and says the figures are demonstration figures."""
    start = _page_of(pdf, "Afspraken en voortgang")
    text = " ".join(_page_text(pdf, i) for i in range(start, _page_of(pdf, "Wat valt op")))
    for title in ("Eén loket voor ouders", "Minder jongeren in de jeugdhulp op Schiermonnikoog",
                  "Passend onderwijs dichtbij huis"):
        assert title in text
    assert "! achter Vastgesteld door de regio: Het loket is nog niet open" in text
    assert "? niet te beoordelen" in text and "Afgesproken traject" in text
    assert "Gemeten in PO2101" in text and "doel 6,0% in 2027" in text
    assert formatting.DEMO_LABEL in _page_text(pdf, start).split("pagina")[0]


def test_talking_points_page_prints_its_rule_and_the_agreement_behind(pdf):
    """'Wat valt op' prints the selection rule, says the figures are demonstration figures,
    and lists the agreement that is behind, pointing at its page."""
    text = _page_text(pdf, _page_of(pdf, "Wat valt op"))
    assert re.sub(r"\s+", " ", talking_points.rule_text(swv=True))[:200] in text
    assert "Voorbeeldcijfers — geen officiële statistiek: de cijfers op deze pagina" in text
    assert "Afspraken die achterlopen" in text and "Eén loket voor ouders" in text
    assert re.search(r"Eén loket voor ouders .* p\. 2", text)


def test_hostile_duiding_is_plain_text_in_the_pdf(pdf):
    """Markup, a formula, right-to-left text and a 10,000-character duiding come out of the PDF
    as text (the long one shortened, saying so), beside the figures they explain."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "<script>window.__pwned = 1</script><img src=x" in flat
    assert '=HYPERLINK("http://evil.example/","klik hier")' in flat
    assert "שלום עולם" in flat and "مرحبا" in flat
    assert HOSTILE["long"][:300] in flat and "(ingekort; de volledige tekst staat in de monitor)" \
        in flat
    assert HOSTILE["long"] not in flat
    page = _page_text(pdf, _page_of(pdf, "Jeugdhulp · Jongeren met jeugdhulp"))
    assert "Duiding bij deze cijfers" in page and "Bea Beheer (Gemeente Test)" in page
    assert "Duiding over een oud jaar" not in page          # about 2019, the page shows 2024


def test_talking_points_of_a_larger_gemeente_point_at_summary_figures(warehouse, app_db):
    """For Leeuwarden the rule finds differences; every value a difference point prints is in
    the summary table (or its more precise form), and a change's earlier value is the
    warehouse's figure of that period."""
    content = report.report_content("GM0080")
    points = content.talking_points
    assert points["nederland"] and points["swv"] and points["verandering"]
    summary = " ".join(" ".join(r) for r in content.summary_rows)

    def in_summary(shown: str) -> bool:
        digits = re.search(r"[\d.]+(,\d+)?", shown).group(0)
        value = float(digits.replace(".", "").replace(",", "."))
        return any(formatting.number(value, d) in summary for d in (0, 1))

    for p in points["swv"] + points["nederland"] + points["verandering"]:
        assert p.label in summary and in_summary(p.value), p
        if p.kind != "verandering":
            assert in_summary(p.comparison.rsplit(": ", 1)[1]), p
    series = queries.report_series(["GM0080"], queries.latest_classification_year())
    for p in points["verandering"]:
        period, shown = p.comparison.rsplit(": ", 1)
        row = series[(series["indicator_id"] == p.indicator_id)
                     & (series["period"].map(formatting.period) == period)].iloc[0]
        assert formatting.figure(row.to_dict(), queries.indicator(p.indicator_id)) == shown, p
    assert "Zo zijn deze punten gekozen" in content.talking_rule


def test_many_agreements_behind_run_onto_further_pages_each_listed_once(warehouse, app_db):
    """Forty agreements behind spread the talking points over pages ('vervolg'), each listed
    exactly once, and the page numbers still count every page."""
    content = report.report_content(CODE)
    behind = [talking_points.Point("afspraak", None, f"Afspraak nummer {i:02d}", None, "–",
                                   "", "achter", "", 0.0, 1) for i in range(40)]
    content.talking_points = {**content.talking_points, "afspraak": behind}
    pages = report_html.pages(content)
    talking = [body for title, body in pages if title == "Wat valt op"]
    assert len(talking) >= 2 and "Wat valt op (vervolg)" in talking[1]
    text = "".join(talking)
    assert all(text.count(f"Afspraak nummer {i:02d}<") == 1 for i in range(40))
    assert "pagina 1 van" in report_html.render(content)


VERDICT_WORDS = re.compile(r"(hoger|lager) dan het land(, (gunstig|ongunstig))?"
                           r"|vergelijkbaar met het land|niet te beoordelen: .+"
                           r"|geen oordeel \(aantal\)")


def test_swv_po_report_shows_po_indicators_and_its_gemeenten_side_by_side(warehouse, app_db):
    """A PO SWV's report leaves out the VO indicators (no VSV key chart: the next PO one takes
    its place), sets its member gemeenten side by side in a table and on every key indicator
    page, draws no ranking of all SWVs (and no 3,3 mln country line beside a count's members),
    and words its verdicts as verdict.judge does."""
    code = "PO2101"
    content = report.report_content(code)
    inds = queries.indicators().to_dict("records")
    shown = {row[0].split("\n")[0] for row in content.summary_rows}
    not_po = {i["label"] for i in inds if not verdict.applies(i, "swv_po")}
    assert not_po and not shown & not_po, shown & not_po
    keys = [p.indicator_id for p in content.indicator_pages]
    assert "vsv" not in keys and "deelname_sbo" in keys, keys
    members = queries.region_member_list(code)
    head, *rows = content.members_table
    assert [r[0].split(" (")[0] for r in rows[:len(members)]] == list(members["region_name"])
    assert len(rows) == len(members) + 2 and len(head) == 1 + len(keys)
    for page in content.indicator_pages:
        titles = [c.title for c in page.charts]
        assert not [t for t in titles if t.startswith("Positie")], titles
        bars = next(c.figure for c in page.charts
                    if c.title.startswith("De gemeenten naast elkaar"))
        assert len(bars.data[0].y) == len(members)
        assert bars.data[0].marker.color[0] == figures.COLORS["other"]
    assert all(VERDICT_WORDS.fullmatch(r[-1]) for r in content.summary_rows), \
        [r[-1] for r in content.summary_rows if not VERDICT_WORDS.fullmatch(r[-1])]
    population = next(p for p in content.indicator_pages if p.indicator_id == "jeugdpopulatie")
    counts = population.charts[-1].figure
    assert not counts.layout.shapes, "no region or country line among a count's members"
    assert counts.layout.xaxis.tickformat == ",.0f"
    html = report_html.render(content)
    assert "Gemeenten naast elkaar" in html and "≈" not in html


def test_gemeente_report_has_a_jeugdregio_column_and_judges_no_count(warehouse, app_db):
    """A gemeente's summary has a jeugdregio column beside its SWVs, the population count gets
    no verdict, and the key pages rank the gemeente among all gemeenten, highlighted (or,
    where its figure is secret, named in the note)."""
    content = report.report_content(CODE)
    heads = [h.replace("\u00ad", "") for h in content.summary_columns]
    assert heads[3:-1] == ["SWV PO", "SWV VO", "Jeugdregio", "Grootteklasse", "Nederland"]
    population = next(r for r in content.summary_rows if r[0].startswith("Jongeren 0-17"))
    assert population[-1] == "geen oordeel (aantal)"
    judged = [r[-1] for r in content.summary_rows if r is not population]
    assert judged and all(VERDICT_WORDS.fullmatch(v) for v in judged)
    secret = 0
    for page in content.indicator_pages:
        ranking = next(c.figure for c in page.charts if c.title.startswith("Positie"))
        if f"{NAME} geheim" in page.lead:
            secret += 1
            assert any(f"{NAME}: geheim (< 8)" in (a.text or "")
                       for a in ranking.layout.annotations)
        else:
            assert figures.COLORS["self"] in {t.marker.color for t in ranking.data}
    assert secret < len(content.indicator_pages)
