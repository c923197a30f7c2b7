"""Callbacks of the gemeente profile: the summary and each domain table are drawn in one
request from the page's key {'code', 'reference', 'sort'} (the one store); the
rows are read once per build on the server (`table.rows`) and the duiding of each domain's
regions when its table is drawn. The 'Afspraken' section fills itself (components.agreements)."""

from __future__ import annotations

from dash import Input, Output, callback
from dash.exceptions import PreventUpdate

from dashboard import formatting, ids, queries
from dashboard.components.plain import plain
from dashboard.pages.gemeente import table

PAGE = table.PAGE
STATE = ids.page(PAGE, "state")        # {'code', 'reference', 'sort'} from the address
SUMMARY = ids.page(PAGE, "summary")
CAPTION = ids.page(PAGE, "caption")


def domain_id(domain: str) -> str:
    return ids.page(PAGE, f"domain-{domain}")


def _rows(state) -> tuple[dict, list[dict]]:
    """The gemeente and its rows (with their catalogue entries) for the page's key."""
    gem = table.valid_key(state) if isinstance(state, dict) else None
    if gem is None:
        raise PreventUpdate
    return gem, table.with_catalogue(table.rows(gem["region_code"], state["reference"]))


def draw_summary(state) -> tuple:
    """The summary and the caption."""
    _gem, rows = _rows(state)
    return table.summary(rows, state["reference"]), caption(rows)


def draw_domain(domain: str, state: dict) -> list:
    """The table of one domain: heading, rows and export buttons."""
    gem, rows = _rows(state)
    return table.domain_table(gem, rows, domain, state)


# One request draws the whole profile: the rows are read once per build and worker, and four
# requests side by side would each land on any worker and read them there again.
@callback(Output(SUMMARY, "children"), Output(CAPTION, "children"),
          *[Output(domain_id(d), "children") for d in table.DOMAINS], Input(STATE, "data"))
def draw_profile(state):
    # As plain data: a response with components in it makes Dash's encoder walk all of it in
    # Python (the profile's ~5,000 values: 5 ms) after orjson refused it.
    return plain((*draw_summary(state), *(draw_domain(d, state) for d in table.DOMAINS)))


def caption(rows: list[dict]) -> str:
    demo = any(r["demo"] for r in rows)
    text = (f"Cijfers per indicator uit de bron en periode in de eerste kolom · gemeentelijke "
            f"indeling {queries.latest_classification_year()} (eerdere jaren teruggerekend) · "
            "1,3–1,4% = het cijfer ligt in dat interval (een deel van de gemeenten is geheim), "
            "≥ = geen bovengrens bekend · positie: P50 = midden van alle gemeenten met een "
            "gepubliceerd cijfer · trend: gemeente (doorgetrokken) en Nederland (gestreept), "
            "open punt = voorlopig")
    return text + (f" · {formatting.DEMO_LABEL}" if demo else "")
