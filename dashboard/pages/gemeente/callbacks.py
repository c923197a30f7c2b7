"""Callbacks of the gemeente profile: the rows (with the duiding of every region in them) are
read once into a store when the page opens; the summary and each domain table are then drawn
from it side by side, each in its own request. The 'Afspraken' section fills itself
(components.agreements)."""

from __future__ import annotations

from dash import Input, Output, State, callback

from dashboard import formatting, ids, queries
from dashboard.pages.gemeente import table

PAGE = table.PAGE
STATE = ids.page(PAGE, "state")        # {'code', 'reference', 'sort'} from the address
ROWS = ids.page(PAGE, "rows")          # table.row_data of the gemeente
SUMMARY = ids.page(PAGE, "summary")
CAPTION = ids.page(PAGE, "caption")


def domain_id(domain: str) -> str:
    return ids.page(PAGE, f"domain-{domain}")


@callback(Output(ROWS, "data"), Input(STATE, "data"))
def load_rows(state):
    return table.with_duiding(table.row_data(state["code"], state["reference"]), state["code"])


@callback(Output(SUMMARY, "children"), Output(CAPTION, "children"), Input(ROWS, "data"),
          State(STATE, "data"), prevent_initial_call=True)
def draw_summary(rows, state):
    rows = table.with_catalogue(rows or [])
    return table.summary(rows, state["reference"]), caption(rows)


def draw_domain(domain: str, rows: list[dict] | None, state: dict) -> list:
    """The table of one domain: heading, rows and export buttons."""
    gem = queries.region(state["code"])
    return table.domain_table(gem, table.with_catalogue(rows or []), domain, state["sort"])


for _domain in table.DOMAINS:
    callback(Output(domain_id(_domain), "children"), Input(ROWS, "data"), State(STATE, "data"),
             prevent_initial_call=True)(
        lambda rows, state, domain=_domain: draw_domain(domain, rows, state))


def caption(rows: list[dict]) -> str:
    demo = any(r["demo"] for r in rows)
    text = (f"Cijfers per indicator uit de bron en periode in de eerste kolom · gemeentelijke "
            f"indeling {queries.latest_classification_year()} (eerdere jaren teruggerekend) · "
            "positie: P50 = midden van alle gemeenten met een gepubliceerd cijfer · trend: "
            "gemeente (doorgetrokken) en Nederland (gestreept), open punt = voorlopig")
    return text + (f" · {formatting.DEMO_LABEL}" if demo else "")
