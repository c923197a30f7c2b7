"""The OOGO report's HTML: fixed-size A4 page divs (Chromium's print ignores CSS @page margin
boxes, so every page carries its own footer "regio · periode · pagina n van N"), inline SVG
charts and plain HTML tables, black-and-white safe. Text only in, HTML string out: every text,
users' text (agreements, duiding) included, goes through `_e` (escaped), and long users' text
is shortened to fit its page (the page clips what overflows).
"""

from __future__ import annotations

import re
from html import escape

from dashboard import formatting
from dashboard.components.agreements import STATUS_MARKS
from dashboard.components.duiding import byline

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
table.summary col.ver { width: 30mm; }
table.summary:not(.trend):not(.points) thead th { font-size: 7pt; overflow-wrap: anywhere;
                                                  hyphens: manual; }
table.members { font-size: 7.4pt; } table.members th[scope=row] { width: 42mm;
                                                                  font-weight: normal; }
table.members tbody tr:nth-last-child(-n+2) th, table.members tbody tr:nth-last-child(-n+2) td
    { font-weight: bold; border-top: 0.9pt solid #000; }
table.summary th { background: #e6e6e6; text-align: left; overflow-wrap: normal; }
table.summary:not(.trend) td:nth-child(2) { white-space: nowrap; }
table.trend { font-size: 6.8pt; } table.trend col.name { width: 30mm; }
table.trend th[scope=row] { font-weight: normal; }
table.summary td.num { text-align: right; }
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
.demo-note { border: 1.2pt solid #000; padding: 1.5mm 3mm; margin: 0 0 3mm; font-size: 8.5pt;
             font-weight: bold; }
.rule { border-left: 2pt solid #000; padding: 1mm 0 1mm 3mm; margin: 0 0 3mm; font-size: 8.3pt;
        line-height: 1.35; }
.agreement { border-top: 0.8pt solid #000; padding: 2mm 0 1mm; break-inside: avoid; }
.agreement > h3 { font-size: 11pt; margin: 0 0 1.2mm; overflow-wrap: anywhere; }
.agreement .chart h3 { font-size: 9pt; margin: 1mm 0 0.5mm; }
.agreement p { margin: 0 0 1.2mm; font-size: 8.8pt; line-height: 1.3; overflow-wrap: anywhere; }
.agreement .meta { font-size: 8pt; color: #222; }
.badge { display: inline-block; padding: 0.2mm 1.6mm; font-weight: bold; font-size: 8.5pt;
         margin-right: 1.5mm; white-space: nowrap; }
.badge.status-behaald { border: 0.9pt solid #000; }
.badge.status-op-koers { border: 0.9pt dashed #000; }
.badge.status-achter { border: 2.4pt double #000; }
.badge.status-niet-te-beoordelen { border: 0.9pt dotted #000; }
table.targets { width: 100%; border-collapse: collapse; font-size: 7.8pt; margin: 0 0 1.5mm;
                table-layout: fixed; }
table.targets th, table.targets td { border: 0.5pt solid #555; padding: 0.6mm 1.2mm;
                                     text-align: left; vertical-align: top;
                                     overflow-wrap: anywhere; }
table.targets th { background: #e6e6e6; }
.duiding { border-left: 1.6pt solid #000; padding: 0.5mm 0 0.5mm 2.5mm; margin: 1.5mm 0 2mm;
           max-height: 46mm; overflow: hidden; }
.duiding h3 { font-size: 9pt; margin: 0 0 0.8mm; }
.duiding p { font-size: 8.3pt; line-height: 1.3; margin: 0 0 0.6mm; overflow-wrap: anywhere;
             white-space: pre-line; }
.duiding p.by { font-size: 7.5pt; color: #222; margin-bottom: 1.2mm; white-space: normal; }
table.points col.ind { width: 36mm; } table.points col.per { width: 18mm; }
table.points col.val { width: 23mm; } table.points col.cmp { width: 33mm; }
table.summary.points td:nth-child(2) { white-space: normal; }
table.points col.see { width: 14mm; }
table.points td { overflow-wrap: anywhere; }
table.summary.points td.val { white-space: normal; }
.page-body { height: 250mm; display: flex; flex-direction: column; }
.page-body > * { flex-shrink: 0; }
.page-body > .duiding { flex-shrink: 1; min-height: 8mm; max-height: none; }
"""
# Users' text in the report: a duiding or reason longer than this is shortened (the full
# text is in the monitor and its exports).
DUIDING_CHARS = 420
REASON_CHARS = 400
CLIPPED = " … (ingekort; de volledige tekst staat in de monitor)"
# Usable height of a page body in mm (A4 minus padding, header and footer), and the estimated
# height of the parts of an agreement block, for packing blocks onto pages.
PAGE_BODY_MM = 232
CHART_MM = 64


def _e(text) -> str:
    return escape("" if text is None else str(text))


def _svg(svg: str) -> str:
    """Make a kaleido SVG scalable (viewBox) so CSS can fit it to the page width."""
    m = re.search(r'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"', svg)
    if m and "viewBox" not in svg[:500]:
        svg = svg.replace("<svg", f'<svg viewBox="0 0 {m.group(1)} {m.group(2)}"', 1)
    return svg


def _clip(text, limit: int) -> str:
    text = " ".join(str(text or "").split(" "))
    return text if len(text) <= limit else text[:limit].rstrip() + CLIPPED


def _demo_note(c, what: str) -> str:
    if not c.demo:
        return ""
    return (f'<p class="demo-note">{_e(formatting.DEMO_LABEL)}: {_e(what)}</p>')


def _duiding_html(groups: list[tuple[str | None, list[dict]]], title: str = "Duiding",
                  budget: int = DUIDING_CHARS) -> str:
    """The duiding entries (region label, text, author, organisation, date, period) within a
    text budget; what does not fit is counted, not cut off silently."""
    parts, left, skipped = [], budget, 0
    for label, entries in groups:
        for d in entries:
            if left < 60:
                skipped += 1
                continue
            text = _clip(d.get("text"), left)
            left -= len(text)
            who = f"{label}: " if label else ""
            parts.append(f'<p dir="auto">{_e(who)}{_e(text)}</p>'
                         f'<p class="by">— {_e(byline(d))}</p>')
    if not parts:
        return ""
    more = (f'<p class="by">Nog {skipped} duiding{"en" if skipped > 1 else ""} in de monitor.'
            "</p>" if skipped else "")
    return f'<div class="duiding"><h3>{_e(title)}</h3>{"".join(parts)}{more}</div>'


def _badge(status: str) -> str:
    slug = status.replace(" ", "-")
    return (f'<span class="badge status-{_e(slug)}">{_e(STATUS_MARKS.get(status, "?"))} '
            f"{_e(status)}</span>")


def _agreement_html(b) -> str:
    rows = "".join(f"<tr><td>{_e(t.label)}</td><td>{_e(t.baseline)}</td><td>{_e(t.target)}"
                   f"</td><td>{_e(t.latest)}</td></tr>" for t in b.targets)
    table = ('<table class="targets"><thead><tr><th scope="col">Indicator</th><th scope="col">'
             'Basis</th><th scope="col">Doel</th><th scope="col">Laatste cijfer</th></tr>'
             f"</thead><tbody>{rows}</tbody></table>" if rows else "")
    meta = [f"Gemeten in {b.region}"]
    if b.parties:
        meta.append(f"partijen en partners: {b.parties}")
    if b.dates:
        meta.append(b.dates)
    more = len(b.targets) - len(b.charts)
    charts = "".join(_chart_html(ch) for ch in b.charts)
    if more > 0 and b.charts:
        charts += f'<p class="meta">Nog {more} doel(en) zonder grafiek: zie de tabel.</p>'
    return (f'<div class="agreement"><h3 dir="auto">{_e(b.title)}</h3>'
            f'<p>{_badge(b.status)}<span dir="auto">{_e(_clip(b.reason, REASON_CHARS))}</span>'
            f'</p><p class="meta" dir="auto">{_e(" · ".join(meta))}</p>{table}{charts}'
            + _duiding_html([(None, b.duiding)], "Duiding van de regio", 300) + "</div>")


def _agreement_mm(b) -> float:
    """The estimated height of an agreement block (mm), to pack blocks onto pages."""
    lines = (len(b.title) // 70 + 1) * 6 + (len(_clip(b.reason, REASON_CHARS)) // 95 + 1) * 4.2
    lines += (len(b.region) + len(b.parties) + len(b.dates)) // 110 * 4 + 5
    table = 7 + 5 * len(b.targets) if b.targets else 0
    duiding = min(46, 10 + sum(len(d.get("text") or "") for d in b.duiding) // 100 * 4
                  + 5 * len(b.duiding)) if b.duiding else 0
    return 6 + lines + table + CHART_MM * len(b.charts) + duiding


def _pack(blocks: list, height, first_budget: float) -> list[list]:
    """Blocks in order onto pages of PAGE_BODY_MM (the first page has `first_budget`)."""
    pages, current, left = [], [], first_budget
    for b in blocks:
        h = height(b)
        if current and h > left:
            pages.append(current)
            current, left = [], PAGE_BODY_MM
        current.append(b)
        left -= h
    return pages + [current]


def _agreements_intro(c) -> str:
    name = f"{c.region['region_name']} ({c.region['region_code']})"
    rule = f" {_e(c.status_rule)}" if c.status_rule and c.agreements else ""
    return (f'<p class="intro">Alle afspraken waarin {_e(name)} de gemeten regio of een '
            "partij is, de achterlopende eerst. Per afspraak de status en waarom, en per doel "
            "het gemeten cijfer tegen het afgesproken traject (basis, mijlpalen, streefwaarde)."
            f"{rule}</p>"
            + _demo_note(c, "de gemeten cijfers in de grafieken zijn gegenereerd; de "
                            "afspraken en de duiding zijn door gebruikers ingevoerd."))


def _agreement_layout(c) -> list[list]:
    """The agreement blocks per page."""
    first = PAGE_BODY_MM - 14 - len(_agreements_intro(c)) // 110 * 4.5
    return _pack(c.agreements, _agreement_mm, first) if c.agreements else [[]]


def _agreement_pages(c, layout: list[list]) -> list[tuple[str, str]]:
    intro = _agreements_intro(c)
    if not c.agreements:
        name = f"{c.region['region_name']} ({c.region['region_code']})"
        return [("Afspraken en voortgang", "<h2>Afspraken en voortgang</h2>" + intro
                 + f"<p>Er zijn (nog) geen afspraken vastgelegd voor {_e(name)}. Afspraken "
                 "worden in de monitor toegevoegd door de redacteuren van de regio.</p>")]
    pages = []
    for i, blocks in enumerate(layout):
        head = "<h2>Afspraken en voortgang" + (" (vervolg)" if i else "") + "</h2>"
        pages.append(("Afspraken en voortgang", head + (intro if not i else "")
                      + "".join(_agreement_html(b) for b in blocks)))
    return pages


POINT_PARTS = {"swv": "Grootste verschillen met het SWV",
               "nederland": "Grootste verschillen met Nederland",
               "verandering": "Grootste veranderingen sinds de vorige periode",
               "afspraak": "Afspraken die achterlopen"}
POINT_EMPTY = {"swv": "Geen indicator voldoet aan deze regel.",
               "nederland": "Geen indicator voldoet aan deze regel.",
               "verandering": "Geen indicator voldoet aan deze regel.",
               "afspraak": "Geen afspraak van deze regio loopt achter."}
POINT_ROWS_FIRST, POINT_ROWS = 13, 22
# A talking point's users' text (an agreement's title or reason) fits in a row of 3 lines.
POINT_CHARS = 150


def _point_chunks(c) -> list[list[tuple[str, str, list]]]:
    """The parts of the talking points spread over pages by row count (a heading counts as
    two rows); an empty part stays, with a line saying no figure met the rule."""
    pages, current, left = [], [], POINT_ROWS_FIRST
    for key, title in POINT_PARTS.items():
        if key not in c.talking_points:
            continue
        points = list(c.talking_points[key])
        while True:
            room = max(int(left) - 2, 0)
            if current and (room == 0 or (not points and left < 3)):
                pages.append(current)
                current, left = [], POINT_ROWS
                continue
            take, points = points[:room], points[room:]
            current.append((key, title, take))
            left -= 2 + max(len(take), 1)
            if not points:
                break
    return pages + ([current] if current else [])


POINT_HEADS = ("Indicator", "Periode", "Cijfer", "Vergeleken met", "Wat valt op", "Zie")
AGREEMENT_HEADS = ("Afspraak", "Periode", "Laatste cijfer", "Doel", "Waarom achter", "Zie")


def _point_rows(key: str, points: list, where) -> str:
    if not points:
        return f'<p class="intro">{_e(POINT_EMPTY[key])}</p>'
    body = "".join(
        f'<tr><td dir="auto">{_e(_clip(p.label, POINT_CHARS))}</td>'
        f"<td>{_e(formatting.period(p.period).removeprefix('schooljaar ') if p.period else '')}"
        f'</td><td class="val">{_e(p.value)}</td><td>{_e(p.comparison)}</td>'
        f'<td dir="auto">{_e(_clip(p.note, POINT_CHARS))}</td><td>{_e(where(p))}</td></tr>'
        for p in points)
    heads = "".join(f'<th scope="col">{_e(h)}</th>'
                    for h in (AGREEMENT_HEADS if key == "afspraak" else POINT_HEADS))
    return ('<table class="summary points"><colgroup><col class="ind"><col class="per">'
            '<col class="val"><col class="cmp"><col><col class="see"></colgroup><thead><tr>'
            f"{heads}</tr></thead><tbody>{body}</tbody></table>")


def _talking_pages(c, chunks, where) -> list[tuple[str, str]]:
    pages = []
    for i, parts in enumerate(chunks):
        head = "<h2>Wat valt op" + (" (vervolg)" if i else "") + "</h2>"
        intro = ("" if i else f'<p class="rule"><b>Regel.</b> {_e(c.talking_rule)}</p>'
                 + _demo_note(c, "de cijfers op deze pagina zijn gegenereerd; ze tonen hoe "
                                 "de punten gekozen worden, niet wat er in de regio speelt."))
        body = "".join(f"<h3>{_e(title)}</h3>{_point_rows(key, points, where)}"
                       for key, title, points in parts)
        pages.append(("Wat valt op", head + intro + body))
    return pages


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
            "Eerst de afspraken en wat opvalt, dan de samenvatting van alle indicatoren"
            + (", de gemeenten naast elkaar" if c.members_table else "")
            + " en per domein de belangrijkste grafieken; definities, bronnen en regels voor "
            "geheimhouding achterin.</p>")


def _summary_pages(c) -> list[tuple[str, str]]:
    pages = []
    for start in range(0, max(len(c.summary_rows), 1), SUMMARY_ROWS_PER_PAGE):
        rows = c.summary_rows[start:start + SUMMARY_ROWS_PER_PAGE]
        head = "".join(f'<th scope="col">{_e(h)}</th>' for h in c.summary_columns)
        n_values = len(c.summary_columns) - 3
        cols = ('<colgroup><col class="ind"><col class="per">' + '<col>' * n_values
                + '<col class="ver"></colgroup>')
        body = ""
        for row in rows:
            label, sub = (row[0].split("\n") + [""])[:2]
            cells = [f'<td class="ind">{_e(label)}<br><small>{_e(sub)}</small></td>',
                     f"<td>{_e(row[1])}</td>"]
            cells += [f'<td class="num">{_num(v)}</td>' for v in row[2:-1]]
            cells += [f"<td>{_e(row[-1])}</td>"]
            body += "<tr>" + "".join(cells) + "</tr>"
        intro = ("" if start else
                 '<p class="intro">Laatste cijfer per indicator, vergeleken met de regio\'s en '
                 "het land, met dezelfde woorden als in de monitor. Hoger of lager: het hele "
                 "cijfer ligt meer dan 5% boven of onder dat van het land; vergelijkbaar: "
                 "binnen 5%; niet te beoordelen: door geheime cijfers kan het verschil beide "
                 "kanten op. Gunstig of ongunstig volgt de richting van de indicator. "
                 "1,3–1,4%: een totaal met geheime gemeenten ligt in dit interval (de "
                 "openbare aantallen, plus voor elke geheime gemeente het hoogste aantal dat "
                 "geheim mag blijven); ≥: de bovengrens is niet bekend; geheim (< 8): kleine "
                 "aantallen niet openbaar. Aantallen krijgen geen oordeel.</p>")
        pages.append(("Samenvatting", f"<h2>Samenvatting</h2>{intro}"
                      f'<table class="summary">{cols}<thead><tr>{head}</tr></thead>'
                      f"<tbody>{body}</tbody></table>"))
    return pages


def _members_pages(c) -> list[tuple[str, str]]:
    """A region's member gemeenten side by side on the key indicators (one page)."""
    if not c.members_table:
        return []
    head, *rows = c.members_table
    heads = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    body = "".join("<tr>" + f'<th scope="row">{_e(r[0])}</th>'
                   + "".join(f'<td class="num">{_num(v)}</td>' for v in r[1:]) + "</tr>"
                   for r in rows)
    intro = ('<p class="intro">De gemeenten van de regio naast elkaar op de belangrijkste '
             "indicatoren, elk in de periode van de pagina van die indicator; onderaan de regio "
             "zelf en het land. Tussen haakjes achter een gemeente: het deel van haar jeugd dat "
             "in de regio woont.</p>")
    return [("Gemeenten naast elkaar",
             f"<h2>Gemeenten naast elkaar</h2>{intro}"
             f'<table class="summary members"><thead><tr>{heads}</tr></thead>'
             f"<tbody>{body}</tbody></table>")]


def _chart_html(chart) -> str:
    return (f'<div class="chart"><h3>{_e(chart.title)}</h3>{_svg(chart.svg)}'
            f'<p class="cap">{_e(chart.caption)}</p></div>')


def _num(text) -> str:
    """A figure for a narrow cell: an interval may break after its dash ('1,3–<wbr>1,4%')."""
    return _e(text).replace("–", "–<wbr>")


def _trend_table(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in rows[0])
    body = "".join("<tr>" + f'<th scope="row">{_e(r[0])}</th>'
                   + "".join(f'<td class="num">{_num(v)}</td>' for v in r[1:]) + "</tr>"
                   for r in rows[1:])
    return ('<h3>Cijfers bij de grafiek</h3><table class="summary trend"><colgroup>'
            '<col class="name"></colgroup>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _indicator_pages(c) -> list[tuple[str, str]]:
    # In a fixed-height column the duiding takes the room left under the table, so it never
    # runs into the footer (its text budget keeps it from needing more).
    return [(f"{p.domain} · {p.label}",
             f'<div class="page-body"><h2>{_e(p.domain)}: {_e(p.label)}</h2>'
             f'<p class="lead">{_e(p.lead)}</p>'
             + "".join(_chart_html(chart) for chart in p.charts) + _trend_table(p.table)
             + _duiding_html(p.duiding, "Duiding bij deze cijfers") + "</div>")
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
        "dat in het gebied van dat SWV woont. Waar de bron het cijfer van Nederland, een "
        "provincie of een jeugdregio zelf publiceert, staat hier dat gepubliceerde cijfer, met "
        "de status die de bron geeft; het uit de gemeenten berekende cijfer staat ter controle "
        "in de downloads van de monitor.</p>"
        "<p><b>Geheimhouding.</b> CBS rondt aantallen op gemeenteniveau af op veelvouden van 5 "
        "en houdt kleine aantallen (0-7) geheim; zulke cellen staan als 'geheim (< 8)', nooit "
        "als 0. Een regiocijfer met geheime gemeenten ligt in een bekend interval: van de som "
        "van de openbare gemeenten tot die som plus, voor elke geheime gemeente, het hoogste "
        "aantal dat geheim mag blijven; het staat er als '1,3–1,4%' (of als één cijfer als "
        "beide grenzen afgerond gelijk zijn), in de grafieken als streepje. Alleen waar een "
        "bovengrens niet bekend is staat '≥'. Een oordeel of positie volgt alleen als het hele "
        "interval aan één kant ligt. Omdat elk regiocijfer alleen uit openbare gemeentecijfers "
        "en de publicatieregel bestaat, is een geheim cijfer niet terug te rekenen uit een "
        "totaal.</p>"
        "<p><b>Voorlopig en definitief.</b> De laatste periode is meestal voorlopig; "
        "definitieve cijfers kwamen in het verleden 1,5 tot 5% hoger uit.</p>"
        "<p><b>Vergelijkbaarheid.</b> Vanaf 2021 leveren meer jeugdhulpaanbieders gegevens "
        "aan: jeugdhulpcijfers vanaf 2021 zijn niet vergelijkbaar met 2015-2020 (trendbreuk, "
        "in de grafieken een gestreepte lijn). Verzuim wordt per gemeente verschillend "
        "geregistreerd; lokale cijfers kunnen afwijken van landelijke bronnen.</p>"
        "<p><b>Kleuren en lezen in zwart-wit.</b> De eigen regio is in elke grafiek oranje en "
        "de dikste lijn, het land zwart, andere regio's en gemeenten grijs; lijnen "
        "verschillen ook in streeppatroon en symbool, zodat de grafieken in zwart-wit leesbaar "
        "blijven. Open symbolen zijn voorlopige cijfers; in de positiegrafiek staat de naam "
        "bij het staafje van de eigen regio.</p></div>")
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
    """(page title, body HTML) for every page, in order: cover, agreements, talking points
    (each pointing at the page of its figure), summary, indicators, notes."""
    layout = _agreement_layout(content)
    agreements = _agreement_pages(content, layout)
    summary = _summary_pages(content) + _members_pages(content)
    indicators = _indicator_pages(content)
    chunks = _point_chunks(content)
    summary_at = 2 + len(agreements) + len(chunks)
    page_of = {p.indicator_id: summary_at + len(summary) + i
               for i, p in enumerate(content.indicator_pages)}
    agreement_at = {b.id: 2 + i for i, blocks in enumerate(layout) for b in blocks}

    def where(point) -> str:
        if point.kind == "afspraak":
            return f"p. {agreement_at.get(point.agreement_id, 2)}"
        return f"p. {page_of.get(point.indicator_id, summary_at)}"

    return ([("Voorblad", _cover(content))] + agreements
            + _talking_pages(content, chunks, where) + summary + indicators
            + _notes_pages(content))


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
