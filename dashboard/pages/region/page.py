"""Region pages `/swv/<code>` and `/jeugdregio/<code>`: the region beside the country and each
member gemeente on every indicator (split members with their weight), its agreements, and a
bar chart of the members on one indicator (`?indicator=<id>` in the address). The layout draws
the frame; `overview`, `members` and the agreements section fill it, each in its own request.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import dcc, html

from dashboard import cache, ids, queries
from dashboard.components import agreements, chart
from dashboard.components import profile as pc
from dashboard.components.plain import plain
from dashboard.export.components import report_button
from dashboard.pages.region import members as _members  # noqa: F401  (registers its callback)
from dashboard.pages.region import overview as _overview  # noqa: F401  (registers its callback)
from dashboard.pages.region.common import PAGE, STATE, indicators_for, member_label

LEVELS_BY_PATH = {"swv": ("swv_po", "swv_vo"), "jeugdregio": ("jeugdregio",)}
LEVEL_WORDS = {"swv_po": "samenwerkingsverband primair onderwijs",
               "swv_vo": "samenwerkingsverband voortgezet onderwijs", "jeugdregio": "jeugdregio"}


def _title(code: str | None = None, **_query) -> str:
    reg = queries.region((code or "").strip().upper())
    return f"{pc.short_name(reg['region_name'])} — Regio" if reg else "Regio"


def _layout_for(kind: str):
    def layout(code: str | None = None, indicator: str | None = None, **_query):
        return region_layout(kind, code, indicator)
    return layout


dash.register_page(__name__, path_template="/swv/<code>", title=_title, name="SWV",
                   layout=_layout_for("swv"))
dash.register_page(f"{__name__}_jeugdregio", path_template="/jeugdregio/<code>", title=_title,
                   name="Jeugdregio", layout=_layout_for("jeugdregio"))


def region_layout(kind: str, code: str | None, indicator: str | None = None) -> html.Div:
    code = (code or "").strip().upper()
    reg = queries.region(code)
    if not reg or reg["region_level"] not in LEVELS_BY_PATH[kind]:
        return pc.not_found(code, "SWV" if kind == "swv" else "jeugdregio")
    level = reg["region_level"]
    inds = indicators_for(level)
    if indicator not in set(inds["indicator_id"]):
        indicator = inds["indicator_id"].iloc[0]
    return html.Div([
        html.H1([LEVEL_WORDS[level].capitalize(), " ",
                 html.Span(pc.short_name(reg["region_name"]), className="region-name")]),
        report_button(code),
        html.P(f"{reg['region_name']} · gemeentelijke indeling {reg['classification_year']}",
               className="caption"),
        _drawn_members_note(code),
        agreements.section(code),
        html.H2("Alle indicatoren: regio, Nederland en de gemeenten"),
        # Filled on load by `fill_overview`, beside the member chart (`redraw_members`).
        html.Div(html.P("De tabel wordt geladen…", className="caption"),
                 id=ids.page(PAGE, "overview")),
        html.H2("Eén indicator per gemeente"),
        # Toggle buttons, not dcc.Dropdown/RadioItems: in Dash 4 those render a focusable
        # aria-hidden input and an unnamed listbox, which axe flags as serious.
        html.Div([
            html.Span("Kies een indicator:", id=ids.page(PAGE, "picker-label"),
                      className="control-label"),
            _drawn_picker(level, indicator),
        ]),
        chart.chart_block(PAGE, "members", "Gemeenten in de regio"),
        dcc.Store(id=STATE, data={"code": code, "level": level, "indicator": indicator}),
        dcc.Location(id=ids.REGION_URL, refresh=False),
        dcc.Store(id=ids.CURRENT_REGION, data={"code": code, "name": reg["region_name"],
                                               "level": level,
                                               "href": pc.region_href(code, level)}),
        dcc.Store(id=ids.RECENT, storage_type="local"),
    ], className="region-page")


@cache.per_warehouse(maxsize=64)
def _drawn_picker(level: str, indicator: str) -> dict:
    """The buttons of the indicators shown for `level` (`indicator` pressed) as plain data,
    drawn once per build."""
    return plain(html.Div([_picker_button(r, r["indicator_id"] == indicator)
                           for r in indicators_for(level).to_dict("records")],
                          className="indicator-picker", role="group",
                          **{"aria-labelledby": ids.page(PAGE, "picker-label")}))


@cache.per_warehouse(maxsize=256)
def _drawn_members_note(code: str) -> dict:
    """`_members_note` as plain data, read and drawn once per build and region."""
    members = queries.region_member_list(code).rename(columns={"gemeente_code": "region_code"})
    return plain(_members_note(members))


def _picker_button(ind: dict, pressed: bool) -> html.Button:
    return html.Button(ind["label"], id=ids.region_indicator(ind["indicator_id"]), n_clicks=0,
                       className="choice current" if pressed else "choice",
                       **{"aria-pressed": "true" if pressed else "false"})


def _members_note(members: pd.DataFrame) -> html.P:
    split = members[members["weight"] < 1]
    parts = [f"{len(members)} gemeenten: "]
    for i, r in enumerate(members.to_dict("records")):
        parts += [", " if i else "",
                  dcc.Link(member_label(r), href=f"/gemeente/{r['region_code']}")]
    if not split.empty:
        parts.append(". Tussen haakjes: het deel van de jongeren (0-17 jaar) van een gemeente "
                     "die in meerdere samenwerkingsverbanden ligt dat in dit SWV woont; de "
                     "regiocijfers tellen die gemeente naar dat deel mee.")
    return html.P(parts, className="members-note")


