"""The page of one werkgebied (`/werkgebied/<code>`): its members with their weights, every
indicator's figure for it beside Nederland (drawn on load by `table`), the aggregation rule in
words, the duiding given for it, its history, and delete/restore for those who may write."""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, callback, dcc, html

from dashboard import auth, ids, limits, queries, store
from dashboard.components import duiding as duiding_notes
from dashboard.components import profile as pc
from dashboard.pages import editing
from dashboard.pages.werkgebied import members as mb
from dashboard.pages.werkgebied import table
from dashboard.store import errors

PAGE = ids.WERKGEBIED_PAGE
STATE = ids.page(PAGE, "state")  # {'id', 'code', 'name', 'version', 'members', 'explain'}
FIGURES = ids.page(PAGE, "figures")
ACTIONS = ids.page(PAGE, "actions")
ACTION_FEEDBACK = ids.page(PAGE, "action-feedback")
ACTION = ids.write_action(PAGE, ALL)


def regions_of(wg: dict) -> list[str]:
    """The regions a werkgebied's rights are checked on: its code and its gemeenten."""
    return [wg["code"], *[m["gemeente_code"] for m in wg["members"]]]


def may_write(regions: list[str]) -> bool:
    """A hint for the buttons shown; the store checks the right again on every write."""
    actor = auth.current_actor_id()
    if actor is None:
        return False
    with store.session(readonly=True) as s:
        return store.rights.can_write(s, actor, regions)


def layout(wg: dict, history: list[dict], duidingen: list[dict]) -> html.Div:
    # A werkgebied may be written for its code or any member; its duiding only for its code.
    write, explain = may_write(regions_of(wg)), may_write([wg["code"]])
    last = history[0] if history else {}
    return html.Div([
        html.H1(["Werkgebied ", html.Span(wg["name"], className="region-name", dir="auto")]),
        html.P(f"{wg['code']} · {len(wg['members'])} gemeenten · laatst gewijzigd "
               f"{editing.moment(last.get('at'))} door {last.get('actor_label') or '—'}",
               className="caption"),
        *([html.Div(editing.paragraphs(wg["description"]), dir="auto")]
          if wg.get("description") else []),
        html.Div(actions(wg, write), id=ACTIONS, className="form-actions"),
        html.Div(id=ACTION_FEEDBACK, **{"aria-live": "polite"}),
        html.H2("Gemeenten"),
        member_list(wg["members"]),
        html.H2("Cijfers"),
        html.P(table.RULE_TEXT, className="rule-note"),
        html.Div(html.P("De cijfers worden geladen…", className="caption"), id=FIGURES),
        html.H2("Duiding"),
        duiding_section(wg, duidingen, explain),
        editing.history_list(history),
        dcc.Store(id=STATE, data={"id": wg["id"], "code": wg["code"], "name": wg["name"],
                                  "version": wg["version"], "explain": explain,
                                  "members": [{"gemeente_code": m["gemeente_code"],
                                               "weight": m["weight"]} for m in wg["members"]]}),
    ], className="werkgebied-page")


def actions(wg: dict, write: bool) -> list:
    """Edit and delete for a live werkgebied, restore for a deleted one; a hint otherwise."""
    if wg.get("deleted_at"):
        notice = html.P(f"Dit werkgebied is verwijderd op {editing.moment(wg['deleted_at'])}.",
                        className="notice", role="status")
        return [notice, html.Button("Herstellen", id=ids.write_action(PAGE, "restore"),
                                    n_clicks=0, type="button")] if write else [notice]
    if not write:
        if auth.current_account() is None:
            return [editing.login_hint("dit werkgebied te wijzigen", f"/werkgebied/{wg['code']}")]
        return [html.P("U kunt dit werkgebied bekijken; wijzigen kan wie een account heeft voor "
                       "een van de gemeenten of het werkgebied zelf.", className="caption")]
    return [dcc.Link("Bewerken", href=f"/werkgebied/{wg['code']}/bewerken",
                     className="button-link"),
            html.Button("Verwijderen", id=ids.write_action(PAGE, "delete"), n_clicks=0,
                        type="button", className="danger-button")]


def member_list(members: list[dict]) -> html.Div:
    heads = ("Gemeente", "Code", "Gewicht", "Toelichting")
    rows = [html.Tr([html.Th(dcc.Link(mb.gemeente_name(m["gemeente_code"]),
                                      href=f"/gemeente/{m['gemeente_code']}"), scope="row"),
                     pc.td(m["gemeente_code"], heads[1]),
                     pc.td(mb.weight_text(m["weight"]), heads[2], className="num"),
                     pc.td(mb.weight_note(m) or "telt helemaal mee", heads[3],
                           className="caption")])
            for m in members]
    return html.Div([pc.table_box(html.Table([
        html.Caption("Gemeenten met hun gewicht", className="visually-hidden"),
        html.Thead(html.Tr([html.Th(t, scope="col") for t in heads])),
        html.Tbody(rows)], className="data member-table cards"), "Tabel gemeenten"),
        html.P(mb.WEIGHT_TEXT, className="caption")])


def duiding_section(wg: dict, duidingen: list[dict], write: bool) -> html.Div:
    labels = {r["indicator_id"]: r["label"] for r in queries.indicators().to_dict("records")}
    items = [html.Li([
        html.Div([html.Strong(labels.get(d["indicator_id"], d["indicator_id"])),
                  f" · {d['period']}" if d.get("period") else ""]),
        html.Div(str(d.get("text") or ""), className="duiding-text", dir="auto"),
        html.Div([duiding_notes.byline(d), " · ",
                  dcc.Link(["Bekijken", html.Span(f" (duiding {d['id']})",
                                                  className="visually-hidden")],
                           href=f"/duiding/{d['id']}")],
                 className="duiding-byline"),
    ], className="duiding-entry") for d in duidingen]
    add = dcc.Link("Duiding toevoegen", href=f"/duiding/nieuw?regio={wg['code']}") if write \
        else None
    return html.Div([html.Ul(items, className="duiding-list") if items
                     else html.P("Er is nog geen duiding bij de cijfers van dit werkgebied.",
                                 className="caption"), add])


@callback(Output(FIGURES, "children"), Input(STATE, "data"))
def draw_figures(state):
    if not {"code", "name", "members"} <= limits.mapping(state).keys():
        raise dash.exceptions.PreventUpdate
    wg = {"code": state["code"], "name": state["name"]}
    rows = table.figure_rows(state["members"])
    return table.figures_table(wg, rows, state.get("explain") and not state.get("deleted"))


def change(action: str, state: dict) -> dict:
    """Delete or restore with the version the page showed; returns the stored snapshot."""
    write = store.werkgebieden.delete if action == "delete" else store.werkgebieden.restore
    with store.session() as s:
        return write(s, actor_id=auth.current_actor_id(), werkgebied_id=state["id"],
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
    return (actions(saved, True), editing.success(f"Werkgebied {saved['code']} is {word}."),
            {**state, "version": saved["version"], "deleted": bool(saved.get("deleted_at"))})


def not_found(code: str) -> html.Div:
    return html.Div([html.H1(f"Geen werkgebied gevonden met code “{code}”"),
                     html.P(["Werkgebiedcodes zien eruit als WG0001. ",
                             dcc.Link("Alle werkgebieden", href="/werkgebieden")])],
                    className="not-found")

