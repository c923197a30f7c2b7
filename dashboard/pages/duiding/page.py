"""Duiding pages: `/duiding/<id>` shows one duiding (text, indicator, region, period, author,
organisation, dates) with edit, delete/restore and its history; the same template serves
`/duiding/nieuw` and `/duiding/<id>/bewerken` (the form, in `form`)."""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, callback, dcc, html

from dashboard import auth, ids, limits, queries, store
from dashboard.components import profile as pc
from dashboard.pages import editing
from dashboard.pages.duiding import form
from dashboard.store import errors

PAGE = ids.DUIDING_PAGE
NEW = "nieuw"
EDIT_SUFFIX = "/bewerken"
STATE = ids.page(PAGE, "state")        # {'id', 'version'}
ACTIONS = ids.page(PAGE, "actions")
ACTION_FEEDBACK = ids.page(PAGE, "action-feedback")
ACTION = ids.write_action(PAGE, ALL)


def _title(ident: str | None = None, **_query) -> str:
    ident = (ident or "").strip()
    if ident == NEW:
        return "Duiding toevoegen"
    if ident.endswith(EDIT_SUFFIX):
        return f"Duiding {ident.removesuffix(EDIT_SUFFIX)} bewerken"
    return f"Duiding {ident}"


def duiding_layout(ident: str | None = None, regio=None, indicator=None, periode=None,
                   **_query) -> html.Div:
    ident = (ident or "").strip()
    if ident == NEW:
        return form.layout(None, regio=regio, indicator=indicator, periode=periode)
    edit = ident.endswith(EDIT_SUFFIX)
    number = ident.removesuffix(EDIT_SUFFIX).strip()
    if not number.isdigit():
        return not_found(number)
    with store.session(readonly=True) as s:
        d = store.duiding.get(s, int(number), include_deleted=True)
        history = store.duiding.history(s, int(number)) if d else []
    if d is None:
        return not_found(number)
    if edit and not d.get("deleted_at"):
        return form.layout(d)
    return show(d, history)


def figure_href(d: dict) -> str:
    """Where the figure the duiding explains is shown."""
    code = d["region_code"]
    if code.startswith("WG"):
        return f"/werkgebied/{code}"
    found = queries.region(code)
    href = pc.region_href(code, found["region_level"]) if found else None
    return href or f"/indicator/{d['indicator_id']}?regio={code}"


def may_write(d: dict) -> bool:
    actor = auth.current_actor_id()
    if actor is None:
        return False
    with store.session(readonly=True) as s:
        return store.rights.can_write(s, actor, [d["region_code"]])


def actions(d: dict, write: bool) -> list:
    if d.get("deleted_at"):
        notice = html.P(f"Deze duiding is verwijderd op {editing.moment(d['deleted_at'])}.",
                        className="notice", role="status")
        return [notice, html.Button("Herstellen", id=ids.write_action(PAGE, "restore"),
                                    n_clicks=0, type="button")] if write else [notice]
    if not write:
        if auth.current_account() is None:
            return [editing.login_hint("deze duiding te wijzigen", f"/duiding/{d['id']}")]
        return [html.P("Wijzigen kan wie een account heeft voor deze regio.",
                       className="caption")]
    return [dcc.Link("Bewerken", href=f"/duiding/{d['id']}/bewerken", className="button-link"),
            html.Button("Verwijderen", id=ids.write_action(PAGE, "delete"), n_clicks=0,
                        type="button", className="danger-button")]


def show(d: dict, history: list[dict]) -> html.Div:
    ind = queries.indicator(d["indicator_id"])
    label = ind["label"] if ind else d["indicator_id"]
    region = form.region_label(d["region_code"])
    facts = [("Indicator", label), ("Regio", region),
             ("Periode", d.get("period") or "niet aan één periode gebonden"),
             ("Auteur", d.get("author_name") or "—"), ("Organisatie", d.get("organisation") or "—"),
             ("Geschreven", editing.moment(d.get("created_at"))),
             ("Laatst gewijzigd", editing.moment(d.get("updated_at"))),
             ("Versie", str(d.get("version")))]
    return html.Div([
        html.H1(f"Duiding bij {label}"),
        html.P([dcc.Link(f"Naar de cijfers van {region}", href=figure_href(d))],
               className="caption"),
        html.Div(actions(d, may_write(d)), id=ACTIONS, className="form-actions"),
        html.Div(id=ACTION_FEEDBACK, **{"aria-live": "polite"}),
        html.Blockquote(editing.paragraphs(d.get("text")), className="duiding-text",
                        dir="auto"),
        html.Dl([part for k, v in facts for part in (html.Dt(k), html.Dd(v, dir="auto"))],
                className="facts-list"),
        editing.history_list(history),
        dcc.Store(id=STATE, data={"id": d["id"], "version": d["version"]}),
    ], className="duiding-page")


def change(action: str, state: dict) -> dict:
    write = store.duiding.delete if action == "delete" else store.duiding.restore
    with store.session() as s:
        return write(s, actor_id=auth.current_actor_id(), duiding_id=state["id"],
                     expected_version=state["version"])


@callback(Output(ACTIONS, "children"), Output(ACTION_FEEDBACK, "children"),
          Output(STATE, "data"), Input(ACTION, "n_clicks"), State(STATE, "data"),
          prevent_initial_call=True)
def delete_or_restore(clicks, state):
    trigger = dash.ctx.triggered_id
    if (not isinstance(trigger, dict) or not any(clicks or [])
            or not {"id", "version"} <= limits.mapping(state).keys()):
        raise dash.exceptions.PreventUpdate
    try:
        saved = change(trigger["action"], state)
    except errors.StoreError as exc:
        return dash.no_update, editing.error_feedback(exc), dash.no_update
    word = "verwijderd" if trigger["action"] == "delete" else "hersteld"
    return (actions(saved, True), editing.success(f"Duiding {saved['id']} is {word}."),
            {**state, "version": saved["version"]})


def not_found(ident: str) -> html.Div:
    return html.Div([html.H1(f"Geen duiding gevonden met nummer “{ident}”"),
                     html.P(dcc.Link("Naar de startpagina", href="/"))], className="not-found")


dash.register_page(__name__, path_template="/duiding/<ident>", title=_title, name="Duiding",
                   layout=duiding_layout)
