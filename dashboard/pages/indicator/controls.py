"""The indicator page's controls, all plain links and a native text input so that they work
with the keyboard and a screen reader: the level and period switches and the table order are
links to the view's URL (the current one marked aria-current); the region is a search field
with a native suggestion list."""

from __future__ import annotations

import re
from html import escape

from dash import dcc, html

from dashboard import cache, formatting, ids, limits, queries, verdict
from dashboard.components import markup
from dashboard.pages.indicator import state

CODE_IN_LABEL = re.compile(r"\(([A-Za-z]{2}\d{2,4})\)\s*$")


def region_label(code: str, name: str) -> str:
    """'Amsterdam (GM0363)'; SWV names already start with their code."""
    return name if name.startswith(code) else f"{name} ({code})"


def region_from_text(text: str | None, level: str) -> str | None:
    """The code of the level's region named in the search field ('Amsterdam (GM0363)',
    'GM0363', or a name or alias typed whole, ignoring case, accents and punctuation: 'den
    haag'); None while the text names no region of the level. Only a whole name counts, so the
    page does not jump to the one region a half-typed name happens to match."""
    text = (limits.text(text, limits.SEARCH_TEXT_CHARS) or "").strip()
    if not text:
        return None
    match = CODE_IN_LABEL.search(text)
    code = (match.group(1) if match else text.split(" ")[0]).upper()
    if code in _codes(level):
        return code
    _code, matches = queries.find_region(text, (level,))
    exact = matches[matches["exact"].astype(bool)] if not matches.empty else matches
    return str(exact["region_code"].iloc[0]) if len(exact) == 1 else None


@cache.per_warehouse(maxsize=8)
def _codes(level: str) -> frozenset[str]:
    """The level's region codes, as a set once per build (342 gemeenten: 0.9 ms a request)."""
    return frozenset(queries.regions(level)["region_code"])


def _choices(label: str, items: list[tuple[str, str, bool]], **attrs) -> html.Div:
    return html.Div([
        html.Span(label, className="choices-label", id=attrs.get("id", "") + "-label"),
        html.Ul([html.Li(html.Span(text, className="choice current", **{"aria-current": "true"})
                         if current else dcc.Link(text, href=href, className="choice"))
                 for text, href, current in items], className="choices",
                **{"aria-labelledby": attrs.get("id", "") + "-label"}),
    ], className="control", id=attrs.get("id"))


def switches(view: state.View) -> list:
    """The level switch (only the levels the indicator is shown for), the period switch and the
    table order, as links for this view."""
    ind = view.indicator_id
    holders = _containing(view.region) if view.region else {}
    levels = [(state.LEVEL_SHORT[lv], state.href(
        ind, region=holders.get(lv), level=lv, period=view.period, sort=view.sort),
        lv == view.level) for lv in queries.MAP_LEVELS if verdict.applies(view.indicator, lv)]
    periods = [(formatting.period(p).replace("schooljaar ", ""), state.href(
        ind, region=view.region, level=view.level, period=p, sort=view.sort), p == view.period)
        for p in queries.indicator_periods(ind)]
    return [_choices("Niveau", levels, id=ids.INDICATOR_LEVEL),
            _choices("Periode", periods, id=ids.INDICATOR_PERIOD)]


def sort_switch(view: state.View) -> html.Div:
    return _choices("Sorteer de tabel op", [
        (label, state.href(view.indicator_id, region=view.region, level=view.level,
                           period=view.period, sort=key), key == view.sort)
        for key, label in state.SORTS.items()], id=ids.page("indicator", "sort"))


@cache.per_warehouse(maxsize=256)
def _containing(code: str) -> dict[str, str]:
    return queries.containing_regions(code)


@cache.per_warehouse(maxsize=16)
def _options(level: str) -> tuple[list[str], str]:
    """The labels of a level's regions, and its datalist options as HTML (`markup`: 342
    option components cost the browser more than all the page's other components)."""
    regions = queries.regions(level)
    labels = [region_label(c, n) for c, n in zip(regions["region_code"], regions["region_name"],
                                                  strict=True)]
    return labels, "".join(f'<option value="{escape(label)}"></option>' for label in labels)


def region_search(view: state.View) -> html.Div:
    regions = queries.regions(view.level)
    labels, options = _options(view.level)
    current = regions[regions["region_code"] == view.region]
    value = region_label(view.region, current["region_name"].iloc[0]) if not current.empty else ""
    list_id = ids.page("indicator", "region-options")
    return html.Div([
        html.Label(f"{state.LEVEL_SHORT[view.level]} (typ een naam of code en kies)",
                   htmlFor=ids.INDICATOR_REGION),
        dcc.Input(id=ids.INDICATOR_REGION, type="search", value=value, list=list_id,
                  autoComplete="off", debounce=False, className="region-input",
                  placeholder="bijv. " + (labels[0] if labels else "")),
        markup.holder(list_id, options),
        html.Datalist(id=list_id),
    ], className="control control-region")
