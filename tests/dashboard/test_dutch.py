"""Dutch everywhere: a list of English words (and M/k numbers) that must not appear in the
visible text of any page type, in any CSV/XLSX export or in the report's HTML."""

from __future__ import annotations

import html as html_lib
import io
import re

import openpyxl
import pytest

from dashboard import queries
from dashboard.export import data as export_data
from dashboard.export import registry
from tests.dashboard.seed_notes import CODE, SWV, seeded_store

# What must never be read: English words of code, pandas or Plotly's toolbar, raw codes, and
# large numbers written the English way ("3,5M", "140k"). Word boundaries keep Dutch words
# ("controle", "rol", "Downloaden") out of it.
ENGLISH = {
    "role": r"(?i)\brole\b",
    "self": r"(?i)\bself\b",
    "Share": r"(?i)\bshare\b",
    "lower/upper bound": r"(?i)\b(lower|upper)[ _]bound\b",
    "value_low/value_high": r"\bvalue_(low|high)\b",
    "true/false": r"(?i)\b(true|false)\b",
    "NaN/None/null": r"\b(NaN|NaT|None|null|undefined)\b|<NA>",
    "Download plot": r"(?i)\bdownload (plot|data|as)\b",
    "Plotly toolbar": r"(?i)produced with plotly|plotly cloud|chart studio|\bzoom (in|out)\b|"
                      r"\bautoscale\b|\breset axes\b|\bbox select\b|\blasso select\b|"
                      r"\btoggle spike lines\b|\bclosest data\b|\bcompare data\b",
    "Loading/Error": r"\b(Loading|Error|Traceback)\b",
    "count/percentile": r"(?i)\b(count|percentile|rank)\b",
    "level codes": r"\bswv_(po|vo)\b",
    "M/k numbers": r"\d\s?[Mk]\b",
    "internal references": r"\(DOMAIN",
}
_PATTERNS = {name: re.compile(p) for name, p in ENGLISH.items()}


def english_in(text: str) -> list[str]:
    """Every listed English word in `text`, as 'name: the match in its context'."""
    found = []
    for name, pattern in _PATTERNS.items():
        for m in pattern.finditer(text):
            found.append(f"{name}: …{text[max(0, m.start() - 40):m.end() + 40]}…")
    return found


def test_the_list_catches_english_and_spares_dutch():
    """The list finds what the issue saw ('role' 'self', 'Share', 'True', '3,5M', '140k',
    'Download plot') and none of the Dutch words that contain such letters."""
    for english in ("role;self", "Share chart", "lower_bound", "True", "false", "NaN",
                    "3,5M", "140k", "Download plot as a png", "(DOMAIN: sbo)", "swv_po",
                    "count", "None"):
        assert english_in(english), english
    dutch = ("Controle van de rol van het SWV PO; zelfstandig; ondergrens en bovengrens; "
             "3,5 mln jongeren, 140.000 leerlingen, 12 km; Downloaden als CSV; niet te "
             "beoordelen; hoger dan 80% van de gemeenten; 1 december 2026")
    assert english_in(dutch) == []


@pytest.fixture(scope="module")
def seeded(app, tmp_path_factory):
    """The served app's store switched to one with agreements, duiding and a werkgebied."""
    with seeded_store(tmp_path_factory.mktemp("dutch-db"), "OOGO-tafel Wadden",
                      {CODE: 1.0, "GM0096": 1.0}) as made:
        yield made


def _exports(seeded) -> list[tuple[str, dict]]:
    """The data of every kind of export, with the key each page puts in its chart stores."""
    from dashboard.pages.indicator import charts, state

    view = state.parse("jeugdreclassering", "PO2101", "swv_po")
    wanted = [("gemeente", f"tabel-{d}", {"code": CODE, "reference": "nederland"})
              for d in ("jeugdhulp", "onderwijs", "context")]
    wanted += [("regio", "overzicht", {"code": SWV}),
               ("regio", "members", {"code": "JZ02", "indicator": "jeugdpopulatie"}),
               ("vergelijk", "jeugdhulp", {"regios": f"{CODE},{SWV},NL01"}),
               ("werkgebied", "cijfers", {"code": seeded["werkgebied"]})]
    # The map and the ranking export the table's columns: the table stands for all three.
    wanted += [("indicator", n, charts.key(view)) for n in ("trend", "tabel")]
    wanted.append(("afspraak", "doel-1", {"id": seeded["agreements"]["own"]}))
    out = []
    for page, name, key in wanted:
        built = registry.build(page, name, key)
        assert built is not None, (page, name, key)
        out.append((f"{page}/{name}", built.data))
    return out


def _xlsx_text(content: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row
                     if c.value is not None)


def test_no_english_in_any_export(seeded):
    """Every export kind (profile tables, region overview and members, compare, werkgebied,
    the indicator page's trend and table, an agreement's chart) reads Dutch in CSV and XLSX:
    headers and values."""
    problems = []
    for name, data in _exports(seeded):
        csv_text = export_data.to_csv(data).decode("utf-8-sig")
        xlsx_text = _xlsx_text(export_data.to_xlsx(data, queries.export_definitions(data)))
        for fmt, text in (("csv", csv_text), ("xlsx", xlsx_text)):
            problems += [f"{name}.{fmt}: {p}" for p in english_in(text)]
    assert not problems, "\n".join(problems)


def _visible(markup: str) -> str:
    """The text and the attributes a reader sees (title, alt, aria-label) of HTML markup."""
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    attrs = re.findall(r'(?i)\b(?:title|alt|aria-label)="([^"]*)"', body)
    text = re.sub(r"(?s)<[^>]+>", " ", body)
    return html_lib.unescape(" ".join([text, *attrs]))


@pytest.mark.parametrize("code", [CODE, SWV])
def test_no_english_in_the_report_html(seeded, code):
    """The OOGO report of a gemeente and of an SWV reads Dutch from cover to last page."""
    from dashboard.export import report, report_html

    problems = english_in(_visible(report_html.render(report.report_content(code))))
    assert not problems, "\n".join(problems)


VISIBLE_JS = """() => {
  const parts = [document.title, document.body.innerText];
  const shown = '[title],[aria-label],[data-title],[placeholder],[alt]';
  for (const el of document.querySelectorAll(shown))
    for (const a of ['title', 'aria-label', 'data-title', 'placeholder', 'alt'])
      if (el.getAttribute(a)) parts.push(el.getAttribute(a));
  for (const t of document.querySelectorAll('svg text')) parts.push(t.textContent);
  return parts.join('\\n');
}"""


def test_no_english_on_any_page_type(page, seeded):
    """Gemeente, SWV, jeugdregio, indicator, vergelijk, werkgebied, afspraken and /over: no
    English in the text, the tooltips and the chart toolbars a reader sees."""
    paths = [f"/gemeente/{CODE}", f"/swv/{SWV}", "/jeugdregio/JZ02",
             "/indicator/jeugdreclassering?regio=PO2101&niveau=swv_po",
             f"/vergelijk?regios={CODE},{SWV}&indicatoren=jeugdhulp,jeugdpopulatie",
             f"/werkgebied/{seeded['werkgebied']}", "/afspraken", "/over"]
    problems = []
    for path in paths:
        p = page.open(path)
        problems += [f"{path}: {w}" for w in english_in(p.evaluate(VISIBLE_JS))]
    assert not problems, "\n".join(problems)
