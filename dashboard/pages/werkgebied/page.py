"""Werkgebieden: `/werkgebieden` (the list) and `/werkgebied/<code>`, which also serves
`/werkgebied/nieuw` and `/werkgebied/<code>/bewerken` (one template: Dash matches a path
variable across slashes, and one dispatcher keeps the order of the routes out of the registry).
"""

from __future__ import annotations

import dash
from dash import html

from dashboard import store
from dashboard.pages.werkgebied import detail, form, listing

NEW = "nieuw"
EDIT_SUFFIX = "/bewerken"


def _title(code: str | None = None, **_query) -> str:
    code = (code or "").strip()
    if code == NEW:
        return "Nieuw werkgebied"
    if code.endswith(EDIT_SUFFIX):
        return f"Werkgebied {code.removesuffix(EDIT_SUFFIX).upper()} bewerken"
    return f"Werkgebied {code.upper()}"


def werkgebied_layout(code: str | None = None, **_query) -> html.Div:
    code = (code or "").strip()
    if code == NEW:
        return form.layout(None)
    editing = code.endswith(EDIT_SUFFIX)
    code = code.removesuffix(EDIT_SUFFIX).strip().upper()
    with store.session(readonly=True) as s:
        wg = store.werkgebieden.by_code(s, code, include_deleted=True)
        if wg is None:
            return detail.not_found(code)
        if editing and not wg.get("deleted_at"):
            return form.layout(wg)
        history = store.werkgebieden.history(s, wg["id"])
        duidingen = store.duiding.for_figures(s, region_codes=[code])
    return detail.layout(wg, history, duidingen)


dash.register_page(__name__, path="/werkgebieden", title="Werkgebieden", name="Werkgebieden",
                   layout=listing.layout)
dash.register_page(f"{__name__}_werkgebied", path_template="/werkgebied/<code>", title=_title,
                   name="Werkgebied", layout=werkgebied_layout)
