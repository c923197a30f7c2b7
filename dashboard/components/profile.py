"""Pieces of the profile tables (gemeente, region and werkgebied pages): cells that name their
column, figure cells (written by `formatting.figure`), the distribution strip and the sparkline
(tiny inline SVG images with a text alternative), the verdict cell and how a verdict names the
region it compares with, the table's scroll container, and the not-found page for an unknown
region code (which searches for suggestions); the other functions take rows the page has
already read.
"""

from __future__ import annotations

import base64
import difflib
import re

import pandas as pd
from dash import dcc, html

from dashboard import formatting, queries, verdict
from dashboard.components.plain import tag
from dashboard.figures import COLORS
from dashboard.formatting import flag, is_missing

ROLE_LABELS = {"self": "Gemeente", "swv_po": "SWV PO", "swv_vo": "SWV VO",
               "jeugdregio": "Jeugdregio", "grootteklasse": "Grootteklasse",
               "nederland": "Nederland"}
# The level of each comparison role (for verdict.applies) and how a verdict names it when
# the region itself is not named.
ROLE_LEVELS = {"self": "gemeente", "swv_po": "swv_po", "swv_vo": "swv_vo",
               "jeugdregio": "jeugdregio", "grootteklasse": "grootteklasse",
               "nederland": "nederland"}
REFERENCE_WORDS = {"nederland": "het land", "swv_po": "het SWV PO", "swv_vo": "het SWV VO",
                   "jeugdregio": "de jeugdregio", "grootteklasse": "de grootteklasse"}
LEVEL_ARTICLES = {"swv_po": "een SWV PO", "swv_vo": "een SWV VO", "jeugdregio": "een jeugdregio",
                  "grootteklasse": "een grootteklasse", "nederland": "het land"}
NOT_APPLICABLE = "n.v.t."
LEVEL_PATHS = {"gemeente": "/gemeente/", "swv_po": "/swv/", "swv_vo": "/swv/",
               "jeugdregio": "/jeugdregio/"}
SPARK_W, SPARK_H, STRIP_W, STRIP_H = 90, 30, 90, 22


def reference_label(role: str, fact: dict | None) -> str:
    """How a verdict names the region it compares with: 'het land', 'SWV VO VO2102',
    'jeugdregio Friesland (Fryslân)', 'de grootteklasse Gemeenten 50.000-100.000 inwoners';
    the role's words when the region is not known."""
    name = short_name(fact["region_name"]) if fact and fact.get("region_name") else None
    if role == "nederland" or not name:
        return REFERENCE_WORDS[role]
    if role.startswith("swv"):
        return f"{ROLE_LABELS[role]} {fact['region_code']}" if name == fact["region_code"] \
            else f"{ROLE_LABELS[role]} {name} ({fact['region_code']})"
    return f"{'jeugdregio' if role == 'jeugdregio' else 'de grootteklasse'} {name}"


def judgement(own: dict, reference: dict, ind: dict, role: str,
              label: str) -> tuple[str, str] | None:
    """`verdict.judge` of `own` against the `role` region's figure; 'niet te beoordelen' when
    the indicator is not shown for that level (VSV for an SWV PO); None when the indicator is
    not judged at all (counts)."""
    if not verdict.judged(ind):
        return None
    if not verdict.applies(ind, ROLE_LEVELS[role]):
        return (f"{verdict.UNJUDGED}: geldt niet voor {LEVEL_ARTICLES[role]}", verdict.UNKNOWN)
    return verdict.judge(own or {}, reference or {}, ind, label)


def basis_title(row) -> str | None:
    """The tooltip of a region's value cell: whether the source publishes the figure for the
    region itself or it is computed from the gemeenten (and then partly secret or not)."""
    text = formatting.basis(row.get("value_basis"), row.get("source"))
    if text and flag(row.get("lower_bound")):
        text += ("; deels geheim: een geheime gemeente telt mee tussen 0 en de drempel van de "
                 "bron (het getoonde interval)")
    return text or None


def unit_note(ind: dict) -> str | None:
    """'per 1.000 kinderen 5-17 jaar' for per-1000 indicators, whose cells are compact."""
    if ind["unit"] != "per_1000":
        return None
    return f"per 1.000 {ind['denominator_label']}"


def share(weight: float) -> str:
    """0.518 -> '52%'."""
    return f"{round(float(weight) * 100):d}%"


def region_href(code: str, level: str) -> str | None:
    prefix = LEVEL_PATHS.get(level)
    return f"{prefix}{code}" if prefix else None


def short_name(name: str) -> str:
    """SWV names carry their member list ('PO2101 — Leeuwarden, … (18 gemeenten)'): keep the
    part before the dash for headers and cells."""
    return str(name).split(" — ")[0]


def _svg_img(svg: str, alt: str, class_name: str) -> dict:
    return tag("Img", src="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
               alt=alt, className=class_name,
               width=SPARK_W if class_name == "sparkline" else STRIP_W,
               height=SPARK_H if class_name == "sparkline" else STRIP_H)


def strip(pct: dict | None, own: dict, ind: dict, name: str) -> dict:
    """Where the gemeente's figure `own` falls among all gemeenten: whiskers p5-p95, box
    p25-p75, median tick and a diamond for the gemeente (a bar across its interval when partly
    secret), with the position in words (`verdict.position`) beside it. Counts get none."""
    if not verdict.judged(ind):
        return tag("Div", "geen positie (aantal)", className="strip-text")
    if not pct or is_missing(pct.get("p05")) or is_missing(pct.get("p95")):
        return tag("Div", "geen verdeling", className="strip-text")
    ends = formatting.interval(own)
    lo, hi = float(pct["p05"]), float(pct["p95"])
    if ends is not None:
        lo, hi = min(lo, ends[0]), max(hi, ends[1] if ends[1] != float("inf") else ends[0])
    span = (hi - lo) or 1.0

    def x(val: float) -> float:
        return round(6 + (min(float(val), hi) - lo) / span * (STRIP_W - 12), 1)

    mid = STRIP_H / 2
    parts = [f'<line x1="{x(pct["p05"])}" x2="{x(pct["p95"])}" y1="{mid}" y2="{mid}" '
             'stroke="#767676" stroke-width="1.5"/>',
             f'<rect x="{x(pct["p25"])}" y="{mid - 5}" '
             f'width="{max(x(pct["p75"]) - x(pct["p25"]), 1)}" height="10" fill="#d9d9d9" '
             'stroke="#767676"/>',
             f'<line x1="{x(pct["p50"])}" x2="{x(pct["p50"])}" y1="{mid - 6}" y2="{mid + 6}" '
             'stroke="#1b1b1b" stroke-width="2"/>']
    shares = None if is_missing(pct.get("rank_pct")) else (
        float(pct["rank_pct"]), float(pct.get("rank_high_pct", pct["rank_pct"])), int(pct["n"]))
    words = verdict.position(shares, ind, f"{int(pct['n'])} gemeenten")
    if ends is not None and words:
        if ends[1] > ends[0]:
            parts.append(f'<line x1="{x(ends[0])}" x2="{x(ends[1])}" y1="{mid}" y2="{mid}" '
                         f'stroke="{COLORS["self"]}" stroke-width="4"/>')
        cx = x(float(own["value"]))
        parts.append(f'<path d="M{cx} {mid - 8} L{cx + 6} {mid} L{cx} {mid + 8} L{cx - 6} {mid} Z" '
                     f'fill="{COLORS["self"]}" stroke="#1b1b1b" stroke-width="1"/>')
        low, high = round(shares[0]), round(shares[1])
        text = f"P{low}" if low == high else f"P{low}–{high}"
    else:
        words = ("positie niet te bepalen (cijfer geheim, ontbreekt of door geheime cijfers te "
                 "onzeker)")
        text = "–"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{STRIP_W}" height="{STRIP_H}" '
           f'viewBox="0 0 {STRIP_W} {STRIP_H}">{"".join(parts)}</svg>')
    q1, q3 = (formatting.figure({"value": float(pct[k])}, ind) for k in ("p25", "p75"))
    alt = f"{name}: {words}. Middelste 50% van de gemeenten tussen {q1} en {q3}"
    return tag("Div", [_svg_img(svg, alt, "strip"),
                       tag("Span", text, className="strip-text", title=words)],
               className="strip-cell")


def sparkline(series: list[tuple], reference: list[tuple], trend_break, ind: dict,
              name: str) -> dict:
    """The gemeente's trend (solid, dots) against Nederland (dashed grey); a dotted vertical line
    marks a trend break; the last point is hollow when provisional. `series` and `reference` are
    [(period, value or None, status)], in period order."""
    periods = sorted({p for p, *_ in series} | {p for p, *_ in reference})
    vals = [v for _, v, _ in series + reference if v is not None]
    if len(periods) < 2 or not vals:
        return tag("Div", "geen reeks", className="strip-text")
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0

    def xy(p: str, v: float) -> str:
        px = 4 + periods.index(p) / (len(periods) - 1) * (SPARK_W - 8)
        py = SPARK_H - 4 - (v - lo) / span * (SPARK_H - 8)
        return f"{px:.1f},{py:.1f}"

    def polyline(points: list[tuple], style: str) -> str:
        # A secret or missing value breaks the line instead of drawing it as 0.
        runs, run = [], []
        for p, v, _ in points:
            if v is None:
                runs, run = runs + [run], []
            else:
                run.append(xy(p, v))
        runs.append(run)
        return "".join(f'<polyline points="{" ".join(r)}" fill="none" {style}/>'
                       for r in runs if len(r) > 1)

    parts = []
    if trend_break and not is_missing(trend_break):
        first = [i for i, p in enumerate(periods) if p[:4] >= str(int(trend_break))]
        if first and first[0] > 0:
            bx = 4 + (first[0] - 0.5) / (len(periods) - 1) * (SPARK_W - 8)
            parts.append(f'<line x1="{bx:.1f}" x2="{bx:.1f}" y1="0" y2="{SPARK_H}" '
                         'stroke="#767676" stroke-dasharray="1,2"/>')
    parts.append(polyline(reference, 'stroke="#4a4a4a" stroke-width="1.2" stroke-dasharray="3,2"'))
    parts.append(polyline(series, f'stroke="{COLORS["self"]}" stroke-width="2"'))
    known = [(p, v, s) for p, v, s in series if v is not None]
    if known:
        p, v, s = known[-1]
        cx, cy = xy(p, v).split(",")
        fill = "#ffffff" if s == "voorlopig" else COLORS["self"]
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{fill}" '
                     f'stroke="{COLORS["self"]}" stroke-width="1.5"/>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_W}" height="{SPARK_H}" '
           f'viewBox="0 0 {SPARK_W} {SPARK_H}">{"".join(parts)}</svg>')
    return tag("Div", _svg_img(svg, _trend_words(series, reference, trend_break, ind, name),
                               "sparkline"), className="spark-cell")


def _trend_words(series, reference, trend_break, ind: dict, name: str) -> str:
    def ends(points):
        known = [(p, v) for p, v, _ in points if v is not None]
        if not known:
            return None
        first, last = (formatting.figure({"value": v}, ind) for v in (known[0][1], known[-1][1]))
        return f"van {first} ({known[0][0]}) naar {last} ({known[-1][0]})"

    text = f"Trend {name}: {ends(series) or 'geen gegevens'}"
    if ends(reference):
        text += f"; Nederland {ends(reference)}"
    if trend_break and not is_missing(trend_break):
        text += f"; trendbreuk in {int(trend_break)}"
    return text


def td(children, label: str, **kwargs) -> dict:
    """A table cell that names its column (`data-label`): below 700 px the tables show each
    row as a card, with that name before every figure. As plain data (`plain.tag`)."""
    return tag("Td", children, **kwargs, **{"data-label": label})


def value_cell(row: dict | None, ind: dict, label: str, className: str = "num",
               **kwargs) -> dict:
    """A figure's table cell (`formatting.figure`, the unit in the header); a secret one may
    wrap ('geheim' over '(< 8)') so it does not widen its column."""
    if not row:
        return td(formatting.MISSING_TEXT, label, className=className, **kwargs)
    secret = " secret" if flag(row.get("suppressed")) else ""
    return td(formatting.figure(row, ind, cell=True), label, className=className + secret,
              **kwargs)


def not_applicable_cell(label: str, level_role: str) -> dict:
    """The cell of a level the indicator is not shown for (VSV for an SWV PO)."""
    return td(tag("Span", NOT_APPLICABLE, title=f"Deze indicator geldt niet voor "
                  f"{LEVEL_ARTICLES[level_role]}"), label, className="num not-applicable")


def table_box(table: html.Table, label: str, hint: str | None = None) -> html.Div:
    """A table in its horizontal scroll container (keyboard-scrollable, named `label`). With a
    `hint` the table is wider than the page by design: the container is a scroll area with a
    sticky first column, and the hint above it says so (hidden below 700 px, where the rows
    are cards)."""
    box = html.Div(table, className="table-scroll scroll-area" if hint else "table-scroll",
                   tabIndex="0", role="region", **{"aria-label": label})
    return html.Div([html.P(hint, className="scroll-hint wide-only"), box]) if hint else box


def verdict_cell(judged: tuple[str, str] | None, label: str = "Oordeel") -> dict:
    """The verdict in words (`verdict.judge`); the mark (direction) and colour only repeat what
    the words say. None (an indicator that is not judged, a count): a dash and why."""
    if judged is None:
        return td(tag("Span", ["—", tag("Span", " geen oordeel bij een aantal",
                                        className="visually-hidden")],
                      title="Een aantal krijgt geen oordeel"), label,
                  className="verdict verdict-none")
    text, kind = judged
    mark = next((m for word, m in (("hoger", "▲"), ("lager", "▼"), ("vergelijkbaar", "≈"))
                 if text.startswith(word)), "?")
    return td(tag("Span", [tag("Span", mark, className="verdict-mark", **{"aria-hidden": "true"}),
                           tag("Span", text)]), label, className=f"verdict verdict-{kind}")


def region_link(code: str, name: str, level: str, text: str | None = None):
    href = region_href(code, level)
    label = text or short_name(name)
    return dcc.Link(label, href=href) if href else html.Span(label)


def suggestions_list(df) -> html.Ul | html.P:
    """Links to the search results offered on a not-found page."""
    if df is None or df.empty:
        return html.P("Geen vergelijkbare namen of codes gevonden.")
    items = []
    for r in df.itertuples(index=False):
        href = region_href(r.region_code, r.region_level)
        if href:
            items.append(html.Li(dcc.Link(f"{short_name(r.region_name)} ({r.region_code})",
                                          href=href)))
    return html.Ul(items, className="suggestions")


def suggestions(code: str) -> pd.DataFrame:
    """Search results for an unknown code: the text itself, its digits, then similar names."""
    text = (code or "").strip()
    found = [queries.search_regions(text, limit=8)] if text else []
    digits = "".join(re.findall(r"\d", text))
    if len(digits) >= 2:
        found.append(queries.search_regions(digits, limit=8))
    names = queries.regions("gemeente")
    close = difflib.get_close_matches(text.lower(), names["region_name"].str.lower().tolist(),
                                      n=5, cutoff=0.6)
    found.append(names[names["region_name"].str.lower().isin(close)][
        ["region_code", "region_name", "region_level"]])
    df = pd.concat([f for f in found if not f.empty] or [found[-1]], ignore_index=True)
    return df.drop_duplicates("region_code").head(10)


def not_found(code: str, level_word: str = "gemeente") -> html.Div:
    """A helpful Dutch page for an unknown code, with search results as suggestions."""
    return html.Div([
        html.H1(f"Geen {level_word} gevonden met code “{code}”"),
        html.P("Controleer de code in de link. Gemeentecodes zien eruit als GM0363, "
               "samenwerkingsverbanden als PO2707 of VO2708, jeugdregio's als JZ01."),
        html.H2("Bedoelde u misschien"),
        suggestions_list(suggestions(code)),
        html.P(dcc.Link("Zoek een gemeente, SWV of jeugdregio", href="/")),
    ], className="not-found")
