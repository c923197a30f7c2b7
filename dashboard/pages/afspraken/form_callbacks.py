"""Callbacks of the agreement form: the live preview of each target (on blur or Enter), adding
and removing target slots, adding a party from the search field, and Opslaan. What was sent is
checked for shape first: a crafted request gets a Dutch message, never a server error."""

from __future__ import annotations

from dash import ALL, MATCH, Input, Output, State, callback, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import ids, limits
from dashboard.pages.afspraken import form, form_save, form_targets
from dashboard.pages.afspraken import form_fields as ff

FORM = form.FORM
TFIELDS = form_targets.FIELDS
STALE = "Niet opgeslagen: dit formulier is verouderd of onvolledig; laad de pagina opnieuw."


def _text(value) -> str | None:
    return value if value is None or isinstance(value, str) else None


@callback(Output(ids.afspraak_target_part("baseline", MATCH), "children"),
          Output(ids.afspraak_target_part("preview", MATCH), "children"),
          *[Input(ids.afspraak_target(f, MATCH), "value") for f in TFIELDS[:4]],
          Input(ids.afspraak_target("milestones", MATCH), "n_blur"),
          Input(form.F["region_code"], "value"),
          State(ids.afspraak_target("milestones", MATCH), "value"), State(form.STATE, "data"))
def draw_preview(ind, base_p, goal_v, goal_p, _blur, region, milestones, state):
    index = (ctx.outputs_list[0]["id"] or {}).get("index")
    state = limits.mapping(state)
    stored = (state or {}).get("targets") or []
    values = dict(zip(TFIELDS, map(_text, (ind, base_p, goal_v, goal_p, milestones)),
                      strict=True))
    mine = stored[index] if isinstance(index, int) and 0 <= index < len(stored) else None
    return form_targets.preview(_text(region), values, mine, (state or {}).get("region"))


@callback(Output(ids.afspraak_target_part("fieldset", ALL), "hidden"),
          *[Output(ids.afspraak_target(f, ALL), "value") for f in TFIELDS],
          Input(form.ADD_TARGET, "n_clicks"),
          Input(ids.afspraak_target_part("remove", ALL), "n_clicks"),
          State(ids.afspraak_target_part("fieldset", ALL), "hidden"), prevent_initial_call=True)
def add_or_remove_target(_add, _removes, hidden):
    hidden = [bool(h) for h in hidden or []]
    unchanged = [no_update] * len(hidden)
    if ctx.triggered_id == form.ADD_TARGET:
        if all(not h for h in hidden):
            raise PreventUpdate
        hidden[hidden.index(True)] = False
        return hidden, *[unchanged] * len(TFIELDS)
    index = (ctx.triggered_id or {}).get("index")
    if not isinstance(index, int) or not 0 <= index < len(hidden) or not any(_removes or []):
        raise PreventUpdate
    hidden[index] = True
    cleared = [("" if i == index else no_update) for i in range(len(hidden))]
    return hidden, *[cleared] * len(TFIELDS)


def add_code(pick: str | None, current: str | None) -> tuple[str, str]:
    """(the textarea with the picked region's code added, the emptied search field)."""
    code = ff.region_code(_text(pick))
    if not code:
        raise PreventUpdate
    codes = ff.lines(_text(current))
    if code not in codes:
        codes.append(code)
    return "\n".join(codes), ""


@callback(Output(form.F["parties"], "value"), Output(ids.page(FORM, "parties-pick"), "value"),
          Input(ids.page(FORM, "parties-add"), "n_clicks"),
          Input(ids.page(FORM, "parties-pick"), "n_submit"),
          State(ids.page(FORM, "parties-pick"), "value"), State(form.F["parties"], "value"),
          prevent_initial_call=True)
def add_party(_clicks, _submit, pick, current):
    return add_code(pick, current)


def error_outputs(errors: list[tuple[str, str]]) -> tuple[list, list[tuple[str, str]]]:
    """(children per error box on the page, errors that have no box there)."""
    boxes = [o["id"]["field"] for o in ctx.outputs_list[1]]
    by_field: dict[str, list[str]] = {}
    for field, message in errors:
        by_field.setdefault(field, []).append(message)
    return ([" ".join(by_field.get(b, [])) for b in boxes],
            [(f, m) for f, m in errors if f not in boxes])


def summary(errors: list[tuple[str, str]]) -> html.Div:
    return html.Div([html.P(html.Strong(
        f"Niet opgeslagen: {len(errors)} fout{'' if len(errors) == 1 else 'en'}. Zie de "
        "meldingen bij de velden.")), html.Ul([html.Li(m) for _f, m in errors])])


def _slots(lists: tuple, hidden) -> list[dict] | None:
    if not isinstance(hidden, list) or any(not isinstance(v, list) or len(v) != len(hidden)
                                           for v in lists):
        return None
    return [dict(zip(TFIELDS, (_text(v[i]) for v in lists), strict=True))
            for i in range(len(hidden))]


@callback(Output(form.MESSAGE, "children"), Output(ids.form_error(FORM, ALL), "children"),
          Output(form.GOTO, "href"), Input(form.SAVE, "n_clicks"), State(form.STATE, "data"),
          *[State(form.F[n], "value") for n in form.FIELDS],
          *[State(ids.afspraak_target(f, ALL), "value") for f in TFIELDS],
          State(ids.afspraak_target_part("fieldset", ALL), "hidden"), prevent_initial_call=True)
def save(clicks, state, *values):
    if not clicks:  # Dash 4 may fire on insertion despite prevent_initial_call: only a click saves
        raise PreventUpdate
    fields, lists, hidden = values[:len(form.FIELDS)], values[len(form.FIELDS):-1], values[-1]
    slots = _slots(lists, hidden)
    if not isinstance(state, dict) or slots is None:
        return STALE, error_outputs([])[0], no_update
    data, used = form_save.collect(dict(zip(form.FIELDS, map(_text, fields), strict=True)),
                                   slots, [bool(h) for h in hidden], state)
    clean, errors = form_save.check(data, used)
    result = {"errors": errors} if errors else form_save.save(state, clean)
    if "saved" in result:
        return "Opgeslagen.", error_outputs([])[0], f"/afspraak/{result['saved']['id']}"
    if "errors" in result:
        boxes, _rest = error_outputs(result["errors"])
        return summary(result["errors"]), boxes, no_update
    return result["message"], error_outputs([])[0], no_update
