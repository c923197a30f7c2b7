"""The OOGO report's HTML: fixed-size A4 page divs (Chromium's print ignores CSS @page margin
boxes, so every page carries its own footer "regio · periode · pagina n van N"), inline SVG
charts and plain HTML tables, black-and-white safe. Text only in, HTML string out.
"""

from __future__ import annotations

import re
from html import escape

from dashboard import formatting

LEVEL_NAMES = {"gemeente": "Gemeente", "swv_po": "Samenwerkingsverband primair onderwijs",
               "swv_vo": "Samenwerkingsverband voortgezet onderwijs", "jeugdregio": "Jeugdregio",
               "rmc": "RMC-regio", "provincie": "Provincie", "grootteklasse": "Grootteklasse",
               "nederland": "Nederland"}
SUMMARY_ROWS_PER_PAGE = 24
DEFINITIONS_PER_PAGE = 7

CSS = """
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #000; }
.page { width: 210mm; height: 296mm; padding: 14mm 15mm 0 15mm; position: relative;
        overflow: hidden; page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.page-head { font-size: 8.5pt; color: #333; border-bottom: 0.6pt solid #000;
             padding-bottom: 1.5mm; margin-bottom: 4mm; display: flex;
             justify-content: space-between; }
.page-foot { position: absolute; left: 15mm; right: 15mm; bottom: 9mm; font-size: 8.5pt;
             border-top: 0.6pt solid #000; padding-top: 1.5mm; display: flex;
             justify-content: space-between; }
h1 { font-size: 26pt; margin: 30mm 0 4mm; }
h2 { font-size: 15pt; margin: 0 0 3mm; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; }
.cover-region { font-size: 20pt; font-weight: bold; margin: 0 0 2mm; }
.cover-level { font-size: 12pt; margin: 0 0 10mm; }
.demo-box { border: 2.5pt solid #000; padding: 5mm; margin: 8mm 0; font-size: 20pt;
            font-weight: bold; text-align: center; letter-spacing: 0.5pt; }
.demo-box small { display: block; font-size: 10pt; font-weight: normal; margin-top: 2mm;
                  letter-spacing: 0; }
.real-box { border: 1pt solid #000; padding: 4mm; margin: 8mm 0; font-size: 12pt; }
dl.facts { display: grid; grid-template-columns: 52mm 1fr; gap: 2mm 4mm; font-size: 10.5pt; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table.summary { width: 100%; border-collapse: collapse; font-size: 7.6pt;
                table-layout: fixed; }
table.summary th, table.summary td { border: 0.5pt solid #555; padding: 0.8mm 1.2mm;
                                     vertical-align: top; overflow-wrap: break-word;
                                     hyphens: auto; }
table.summary col.ind { width: 35mm; } table.summary col.per { width: 17mm; }
table.summary col.cmp { width: 22mm; } table.summary col.ver { width: 18mm; }
table.summary th { background: #e6e6e6; text-align: left; overflow-wrap: normal; }
table.summary:not(.trend) td:nth-child(2) { white-space: nowrap; }
table.trend { font-size: 6.8pt; } table.trend th[scope=row] { width: 30mm; font-weight: normal; }
table.summary td.num { text-align: right; white-space: nowrap; }
table.summary td.ind small { color: #333; }
table.summary tbody tr:nth-child(even) td { background: #f5f5f5; }
.chart { margin: 0 0 3mm; break-inside: avoid; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .cap { font-size: 7.5pt; color: #222; margin: 0.5mm 0 0; }
.intro { font-size: 9pt; margin: 0 0 3mm; }
.lead { font-size: 10pt; margin: 0 0 4mm; line-height: 1.35; }
.notes p, .notes li { font-size: 9pt; line-height: 1.35; margin: 0 0 2mm; }
.def { margin: 0 0 3.5mm; font-size: 8.8pt; line-height: 1.3; }
.def b { font-size: 9.5pt; }
"""


def _e(text) -> str:
    return escape("" if text is None else str(text))


def _svg(svg: str) -> str:
    """Make a kaleido SVG scalable (viewBox) so CSS can fit it to the page width."""
    m = re.search(r'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"', svg)
    if m and "viewBox" not in svg[:500]:
        svg = svg.replace("<svg", f'<svg viewBox="0 0 {m.group(1)} {m.group(2)}"', 1)
    return svg


def _cover(c) -> str:
    region = c.region
    rel = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in c.relations)
    kind = (f'<div class="demo-box">VOORBEELDCIJFERS<small>{_e(formatting.DEMO_LABEL)}: '
            "de cijfers in dit rapport zijn gegenereerd om de monitor te laten zien.</small>"
            "</div>" if c.demo else
            '<div class="real-box">Officiële cijfers uit openbare bronnen (zie Toelichting).'
            "</div>")
    return (f"<h1>OOGO-rapport onderwijs–jeugdhulp</h1>"
            f'<p class="cover-region">{_e(region["region_name"])} ({_e(region["region_code"])})'
            f'</p><p class="cover-level">{_e(LEVEL_NAMES.get(region["region_level"], ""))}</p>'
            f"{kind}"
            f'<dl class="facts"><dt>Periode</dt><dd>{_e(c.period_label)} (laatste periode per '
            f"indicator)</dd>{rel}<dt>Datum</dt><dd>{_e(c.date)}</dd>"
            f"<dt>Status gegevens</dt><dd>{_e(c.status)}</dd>"
            f"<dt>Gemeentelijke indeling</dt><dd>{_e(c.classification_year)} (oudere jaren "
            "omgerekend naar deze indeling)</dd></dl>"
            '<p class="intro" style="margin-top:12mm">Voor het op overeenstemming gericht '
            "overleg (OOGO) tussen gemeente en samenwerkingsverbanden passend onderwijs. "
            "Samenvatting op de volgende pagina; per domein de belangrijkste grafieken; "
            "definities, bronnen en regels voor geheimhouding achterin.</p>")


def _summary_pages(c) -> list[tuple[str, str]]:
    pages = []
    for start in range(0, max(len(c.summary_rows), 1), SUMMARY_ROWS_PER_PAGE):
        rows = c.summary_rows[start:start + SUMMARY_ROWS_PER_PAGE]
        head = "".join(f'<th scope="col">{_e(h)}</th>' for h in c.summary_columns)
        n_values = len(c.summary_columns) - 4
        cols = ('<colgroup><col class="ind"><col class="per">' + '<col>' * n_values
                + '<col class="cmp"><col class="ver"></colgroup>')
        body = ""
        for row in rows:
            label, sub = (row[0].split("\n") + [""])[:2]
            cells = [f'<td class="ind">{_e(label)}<br><small>{_e(sub)}</small></td>',
                     f"<td>{_e(row[1])}</td>"]
            cells += [f'<td class="num">{_e(v)}</td>' for v in row[2:-2]]
            cells += [f"<td>{_e(v)}</td>" for v in row[-2:]]
            body += "<tr>" + "".join(cells) + "</tr>"
        intro = ("" if start else
                 '<p class="intro">Laatste cijfer per indicator, vergeleken met de regio\'s en '
                 "het land. ↑/↓: hoger/lager dan Nederland (verschil groter dan 5%); ≈: "
                 "vergelijkbaar; onbepaald: het verschil valt binnen de marge van een "
                 "ondergrens. Oordeel volgt de richting van de indicator (hoger of lager is "
                 "beter). ≥: ondergrens; geheim (< 8): kleine aantallen niet openbaar.</p>")
        pages.append(("Samenvatting", f"<h2>Samenvatting</h2>{intro}"
                      f'<table class="summary">{cols}<thead><tr>{head}</tr></thead>'
                      f"<tbody>{body}</tbody></table>"))
    return pages


def _chart_html(chart) -> str:
    return (f'<div class="chart"><h3>{_e(chart.title)}</h3>{_svg(chart.svg)}'
            f'<p class="cap">{_e(chart.caption)}</p></div>')


def _trend_table(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in rows[0])
    body = "".join("<tr>" + f'<th scope="row">{_e(r[0])}</th>'
                   + "".join(f'<td class="num">{_e(v)}</td>' for v in r[1:]) + "</tr>"
                   for r in rows[1:])
    return (f'<h3>Cijfers bij de grafiek</h3><table class="summary trend"><thead><tr>{head}'
            f"</tr></thead><tbody>{body}</tbody></table>")


def _indicator_pages(c) -> list[tuple[str, str]]:
    return [(f"{p.domain} · {p.label}",
             f'<h2>{_e(p.domain)}: {_e(p.label)}</h2><p class="lead">{_e(p.lead)}</p>'
             + "".join(_chart_html(chart) for chart in p.charts) + _trend_table(p.table))
            for p in c.indicator_pages]


def _notes_pages(c) -> list[tuple[str, str]]:
    demo = (f"<p><b>{_e(formatting.DEMO_LABEL)}.</b> De cijfers in dit rapport zijn "
            "gegenereerd over de echte gemeenten, indelingen en bevolking om de monitor te "
            "laten zien; landelijke niveaus volgen gepubliceerde reeksen. Gebruik ze niet als "
            "statistiek.</p>" if c.demo else "")
    general = (
        '<div class="notes"><h2>Toelichting</h2>' + demo +
        "<p><b>Bronnen.</b> Jeugdhulp, jeugdbescherming en verwijzers: CBS Beleidsinformatie "
        "Jeugd (StatLine 85097NED, 85098NED). Verzuim en thuiszitters: Leerplichttelling "
        "(OCW/Ingrado). Voortijdig schoolverlaten, deelname (v)so/sbo: DUO en CBS. "
        "Jongeren 0-17 jaar: CBS. Per indicator staan bron en tabel hieronder.</p>"
        f"<p><b>Gemeentelijke indeling.</b> Alle cijfers staan in de indeling van "
        f"{_e(c.classification_year)}. Oudere jaren zijn omgerekend: aantallen van "
        "samengevoegde gemeenten opgeteld, gesplitste gemeenten verdeeld naar hun aandeel "
        "jongeren. Zo lopen trendlijnen door over herindelingen heen.</p>"
        "<p><b>Regio's.</b> Een regiocijfer is de som van de tellers gedeeld door de som van de "
        "noemers van de gemeenten, nooit een gemiddelde van percentages. Een gemeente die over "
        "meer samenwerkingsverbanden verdeeld is, telt mee naar het aandeel van haar jongeren "
        "dat in het gebied van dat SWV woont.</p>"
        "<p><b>Geheimhouding.</b> CBS rondt aantallen op gemeenteniveau af op veelvouden van 5 "
        "en houdt kleine aantallen (0-7) geheim; zulke cellen staan als 'geheim (< 8)', nooit "
        "als 0. Een geheime gemeente telt niet mee in het regiocijfer; dat cijfer is dan een "
        "ondergrens (≥). Omdat elk regiocijfer alleen uit openbare gemeentecijfers bestaat, "
        "is een geheim cijfer ook niet terug te rekenen uit een totaal.</p>"
        "<p><b>Voorlopig en definitief.</b> De laatste periode is meestal voorlopig; "
        "definitieve cijfers kwamen in het verleden 1,5 tot 5% hoger uit.</p>"
        "<p><b>Vergelijkbaarheid.</b> Vanaf 2021 leveren meer jeugdhulpaanbieders gegevens "
        "aan: jeugdhulpcijfers vanaf 2021 zijn niet vergelijkbaar met 2015-2020 (trendbreuk, "
        "in de grafieken een gestreepte lijn). Verzuim wordt per gemeente verschillend "
        "geregistreerd; lokale cijfers kunnen afwijken van landelijke bronnen.</p>"
        "<p><b>Lezen in zwart-wit.</b> Lijnen verschillen in streeppatroon en symbool; open "
        "symbolen zijn voorlopige cijfers; de eigen regio is de dikste lijn en in de "
        "positiegrafiek het omlijnde staafje met naam.</p></div>")
    pages = [("Toelichting", general)]
    defs = c.indicators.to_dict("records")
    for start in range(0, len(defs), DEFINITIONS_PER_PAGE):
        body = "".join(
            f'<div class="def"><b>{_e(d["label"])}</b><br>{_e(d["definition"])}<br>'
            f"<i>Teller:</i> {_e(d['numerator_label'])}; <i>noemer:</i> "
            f"{_e(d['denominator_label'])}. <i>Bron:</i> {_e(d['source'])} "
            f"({_e(d['source_table'])}).<br>{_e(d['comparability'] or '')}</div>"
            for d in defs[start:start + DEFINITIONS_PER_PAGE])
        pages.append(("Definities", f'<h2>Definities{" (vervolg)" if start else ""}</h2>'
                      + body))
    return pages


def pages(content) -> list[tuple[str, str]]:
    """(page title, body HTML) for every page, in order."""
    return ([("Voorblad", _cover(content))] + _summary_pages(content)
            + _indicator_pages(content) + _notes_pages(content))


def render(content) -> str:
    """The whole report as one HTML document."""
    all_pages = pages(content)
    n = len(all_pages)
    region = f"{content.region['region_name']} ({content.region['region_code']})"
    demo = f" · {formatting.DEMO_LABEL}" if content.demo else ""
    divs = []
    for i, (title, body) in enumerate(all_pages, start=1):
        divs.append(
            f'<section class="page"><div class="page-head"><span>OOGO-rapport · '
            f"{_e(region)}</span><span>{_e(title)}</span></div>{body}"
            f'<div class="page-foot"><span>{_e(region)} · {_e(content.period_label)}'
            f"{_e(demo)}</span><span>pagina {i} van {n}</span></div></section>")
    return (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            f"<title>OOGO-rapport {_e(region)}</title><style>{CSS}</style></head><body>"
            + "".join(divs) + "</body></html>")
