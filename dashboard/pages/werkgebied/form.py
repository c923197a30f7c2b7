"""The werkgebied form (`/werkgebied/nieuw`, `/werkgebied/<code>/bewerken`): name, description
and members — typed gemeenten or all gemeenten of an SWV or jeugdregio with their weights —
checked by `afspraken.validation.werkgebied` and saved by `store.werkgebieden` with the version
the form was opened at, so a concurrent change is shown instead of overwritten."""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, callback, dcc, html

from dashboard import auth, ids, limits, store
from dashboard.afspraken import validation
from dashboard.pages import editing
from dashboard.pages.werkgebied import members as mb
from dashboard.store import errors

PAGE = ids.WERKGEBIED_PAGE
FORM = ids.page(PAGE, "form")                # {'id', 'code', 'version'}; id None for a new one
MEMBERS = ids.page(PAGE, "members")          # [{gemeente_code, weight, from?}]
NAME = ids.page(PAGE, "name")
DESCRIPTION = ids.page(PAGE, "description")
MEMBER_TEXT = ids.page(PAGE, "member-text")
MEMBER_ADD = ids.page(PAGE, "member-add")
SHORTCUT_TEXT = ids.page(PAGE, "shortcut-text")
SHORTCUT_ADD = ids.page(PAGE, "shortcut-add")
MEMBER_FEEDBACK = ids.page(PAGE, "member-feedback")
MEMBER_TABLE = ids.page(PAGE, "member-table")
SAVE = ids.page(PAGE, "save")
FEEDBACK = ids.page(PAGE, "feedback")
WEIGHT = ids.werkgebied_member("weight", ALL)
REMOVE = ids.werkgebied_member("remove", ALL)


def layout(werkgebied: dict | None) -> html.Div:
    """The form, empty for a new werkgebied or filled with the stored one."""
    new = werkgebied is None
    wg = werkgebied or {"name": "", "description": "", "members": []}
    title = "Nieuw werkgebied" if new else f"Werkgebied {wg['code']} bewerken"
    if auth.current_account() is None:
        return html.Div([html.H1(title), editing.login_hint("een werkgebied te maken of te "
                                                             "wijzigen")])
    gem_list, reg_list = ids.page(PAGE, "gemeente-options"), ids.page(PAGE, "region-options")
    return html.Div([
        html.H1(title),
        html.P("Een werkgebied is het niveau waarop een afspraak wordt gemaakt als dat geen "
               "standaardindeling is: een OOGO-tafel van één SWV met zijn gemeenten, twee "
               "gemeenten met één wijkteam, een deel van een jeugdregio.", className="intro"),
        _field("Naam", dcc.Input(id=NAME, type="text", value=wg["name"], maxLength=200,
                                 className="text-input")),
        _field("Omschrijving (optioneel)",
               dcc.Textarea(id=DESCRIPTION, value=wg.get("description") or "",
                            className="text-area")),
        html.Fieldset([
            html.Legend("Gemeenten"),
            _field("Gemeente toevoegen: typ een naam of code (meerdere gescheiden door ;)",
                   dcc.Input(id=MEMBER_TEXT, type="text", list=gem_list, autoComplete="off",
                             className="text-input", placeholder="bijv. Zaanstad of GM0479"),
                   html.Button("Toevoegen", id=MEMBER_ADD, n_clicks=0, type="button")),
            _field("Of neem alle gemeenten over van een SWV of jeugdregio",
                   dcc.Input(id=SHORTCUT_TEXT, type="text", list=reg_list, autoComplete="off",
                             className="text-input", placeholder="bijv. PO2701 of JZ01"),
                   html.Button("Gemeenten overnemen", id=SHORTCUT_ADD, n_clicks=0,
                               type="button")),
            html.Datalist([html.Option(value=mb.label(g["region_code"], g["region_name"]))
                           for g in mb.gemeenten()], id=gem_list),
            html.Datalist([html.Option(value=r["label"]) for r in mb.shortcut_regions()],
                          id=reg_list),
            html.Div(id=MEMBER_FEEDBACK, role="status", **{"aria-live": "polite"}),
            html.Div(mb.member_table(wg["members"]), id=MEMBER_TABLE),
            html.P(mb.WEIGHT_TEXT, className="caption"),
        ], className="form-fieldset"),
        html.Div([html.Button("Opslaan", id=SAVE, n_clicks=0, type="button",
                              className="primary-button"),
                  dcc.Link("Annuleren", href="/werkgebieden" if new
                           else f"/werkgebied/{wg['code']}", className="cancel-link")],
                 className="form-actions"),
        html.Div(id=FEEDBACK, **{"aria-live": "polite"}),
        dcc.Store(id=FORM, data={"id": wg.get("id"), "code": wg.get("code"),
                                 "version": wg.get("version")}),
        dcc.Store(id=MEMBERS, data=[dict(m) for m in wg["members"]]),
    ], className="edit-page werkgebied-form")


def _field(label: str, control, *extra) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), html.Div([control, *extra],
                                                                    className="field-row")],
                    className="field")


def _typed(values, field_ids) -> dict[str, str]:
    return {i["gemeente"]: v for i, v in zip(field_ids or [], values or [], strict=False)}


def changed_members(trigger, current: list[dict], member_text: str | None,
                    shortcut_text: str | None) -> tuple[list[dict], list[str], bool]:
    """(members, Dutch messages, clear the typed text) after one button of the form."""
    if isinstance(trigger, dict):
        return [m for m in current if m["gemeente_code"] != trigger["gemeente"]], [], False
    if trigger in (SHORTCUT_ADD, SHORTCUT_TEXT):
        code = mb.shortcut_code(shortcut_text)
        if code is None:
            found = f"Geen SWV of jeugdregio gevonden voor ‘{shortcut_text or ''}’."
            return current, [found], False
        added = mb.region_members(code)
        return mb.merge(current, added), [f"{len(added)} gemeenten van {code} overgenomen."], True
    codes, problems = mb.parse(member_text)
    return mb.merge(current, [{"gemeente_code": c, "weight": 1.0} for c in codes]), problems, \
        not problems


@callback(Output(MEMBERS, "data"), Output(MEMBER_FEEDBACK, "children"),
          Output(MEMBER_TEXT, "value"), Output(SHORTCUT_TEXT, "value"),
          Input(MEMBER_ADD, "n_clicks"), Input(MEMBER_TEXT, "n_submit"),
          Input(SHORTCUT_ADD, "n_clicks"), Input(SHORTCUT_TEXT, "n_submit"),
          Input(REMOVE, "n_clicks"),
          State(MEMBER_TEXT, "value"), State(SHORTCUT_TEXT, "value"), State(MEMBERS, "data"),
          State(WEIGHT, "value"), State(WEIGHT, "id"), prevent_initial_call=True)
def edit_members(add, add_enter, take, take_enter, removes, member_text, shortcut_text, current,
                 weights, weight_ids):
    trigger = dash.ctx.triggered_id
    if not any([add, add_enter, take, take_enter, *(removes or [])]):
        raise dash.exceptions.PreventUpdate
    current = mb.with_typed_weights(limits.records(current, "gemeente_code", "weight"),
                                    _typed(weights, weight_ids))
    new, messages, clear = changed_members(trigger, current, member_text, shortcut_text)
    is_shortcut = trigger in (SHORTCUT_ADD, SHORTCUT_TEXT)
    feedback = html.Ul([html.Li(m) for m in messages], className="caption") if messages else ""
    return (new, feedback,
            "" if clear and not is_shortcut else dash.no_update,
            "" if clear and is_shortcut else dash.no_update)


@callback(Output(MEMBER_TABLE, "children"), Input(MEMBERS, "data"), prevent_initial_call=True)
def draw_members(current):
    return mb.member_table(limits.records(current, "gemeente_code"))


def save(form: dict, name, description, current: list[dict]) -> tuple[html.Div, str | None]:
    """Validate and save; returns (feedback, address to go to after a successful save)."""
    data = {"name": name, "description": description,
            "members": [{"gemeente_code": m["gemeente_code"], "weight": m["weight"]}
                        for m in current]}
    clean, errs = validation.werkgebied(data)
    if errs:
        return html.Div([html.P("Het werkgebied is niet opgeslagen:"), editing.field_errors(errs)],
                        className="notice feedback-error", role="alert"), None
    try:
        with store.session() as s:
            if form.get("id") is None:
                saved = store.werkgebieden.create(s, actor_id=auth.current_actor_id(), data=clean)
            else:
                saved = store.werkgebieden.update(
                    s, actor_id=auth.current_actor_id(), werkgebied_id=form["id"],
                    expected_version=form.get("version"), data=clean)
    except errors.StoreError as exc:
        return editing.error_feedback(exc), None
    return editing.success(f"Werkgebied {saved['code']} is opgeslagen."), \
        f"/werkgebied/{saved['code']}"


@callback(Output(FEEDBACK, "children"), Output(ids.URL, "pathname", allow_duplicate=True),
          Input(SAVE, "n_clicks"), State(FORM, "data"), State(NAME, "value"),
          State(DESCRIPTION, "value"), State(MEMBERS, "data"), State(WEIGHT, "value"),
          State(WEIGHT, "id"), prevent_initial_call=True)
def save_form(n_clicks, form, name, description, current, weights, weight_ids):
    if not n_clicks:  # the form just appeared (Dash calls back for new components too)
        raise dash.exceptions.PreventUpdate
    current = mb.with_typed_weights(limits.records(current, "gemeente_code", "weight"),
                                    _typed(weights, weight_ids))
    feedback, target = save(form or {}, name, description, current)
    return feedback, target or dash.no_update
