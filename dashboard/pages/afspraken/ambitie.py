"""The ambitie form: `/ambitie/nieuw` and `/ambitie/<id>/bewerken` (titel, tekst, regio's), and
its Opslaan. An ambitie groups agreements on `/afspraken`; writing one goes through the store
with the version the form opened with, like an agreement."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import auth, ids, queries, store
from dashboard.pages.afspraken import common, form, form_callbacks, history_view
from dashboard.pages.afspraken import form_fields as ff

FORM = "ambitie-form"
STATE = ids.page(FORM, "state")      # {'id', 'version'} at opening (id None: new)
F = {"title": ids.page(FORM, "title"), "text": ids.page(FORM, "text"),
     "regions": ids.page(FORM, "region-codes")}
SAVE = ids.page(FORM, "save")
MESSAGE = ids.page(FORM, "message")
GOTO = ids.page(FORM, "goto")


def page(ref: str, ambitie_id: int | None, *, edit: bool) -> html.Div:
    if common.account() is None:
        return form.login_needed("/ambitie/nieuw" if not edit else f"/ambitie/{ref}")
    if not edit:
        return _form("Nieuwe ambitie", {}, {"id": None, "version": None})
    with store.session(readonly=True) as s:
        found = store.agreements.get_ambitie(s, ambitie_id) if ambitie_id else None
        entries = store.agreements.ambitie_history(s, ambitie_id) if found else []
    if found is None:
        return common.not_found("ambitie", ref)
    if not common.can_write(found.get("regions") or []):
        return html.Div([html.H1("Ambitie bewerken"), html.P(
            "U heeft geen schrijfrecht voor deze ambitie: ze gaat over "
            f"{', '.join(found.get('regions') or []) or 'geen regio'}.", className="notice",
            role="status")])
    return html.Div([
        _form("Ambitie bewerken", found, {"id": found["id"], "version": found["version"]}),
        history_view.history_list(entries, with_email=True)])


def _form(title: str, a: dict, state: dict) -> html.Div:
    return html.Div([
        html.H1(title),
        html.P("Een ambitie is het gedeelde doel waaronder afspraken vallen. Velden met een * "
               "zijn verplicht."),
        html.Div(id=MESSAGE, role="alert", className="form-message"),
        ff.field(FORM, "title", "Titel *", ff.text_input(F["title"], a.get("title"))),
        ff.field(FORM, "text", "Tekst", ff.textarea(F["text"], a.get("text"), rows=6)),
        ff.field(FORM, "regions", "Regio's (codes, één per regel)",
                 ff.textarea(F["regions"], "\n".join(a.get("regions") or []), rows=3),
                 hint="De gemeenten, samenwerkingsverbanden of werkgebieden van deze ambitie."),
        ff.region_picker(FORM, "regions", "Regio zoeken en toevoegen"),
        html.Div([html.Button("Opslaan", id=SAVE, n_clicks=0, type="button",
                              className="action-button primary"),
                  dcc.Link("Annuleren", href="/afspraken")], className="afspraken-actions"),
        dcc.Store(id=STATE, data=state),
        dcc.Location(id=GOTO, refresh="callback-nav"),
        ff.datalists(FORM),
    ], className="ambitie-form")


def check(values: dict) -> tuple[dict, list[tuple[str, str]]]:
    title = (values.get("title") or "").strip()
    regions = [c.upper() for c in ff.lines(values.get("regions"))]
    errors = [] if title else [("title", "Titel is verplicht.")]
    errors += [("regions", f"Onbekende regiocode ‘{c[:20]}’.") for c in regions
               if not (queries.region(c) or common.werkgebied(c))]
    return {"title": title, "text": (values.get("text") or "").strip(),
            "regions": list(dict.fromkeys(regions))}, errors


def save(state: dict, data: dict) -> tuple[str | html.Div, str | None]:
    """(Dutch message, address to go to on success)."""
    actor_id = auth.current_actor_id()
    try:
        with store.session() as s:
            if state.get("id"):
                saved = store.agreements.update_ambitie(
                    s, actor_id=actor_id, ambitie_id=int(state["id"]),
                    expected_version=int(state["version"]), data=data)
            else:
                saved = store.agreements.create_ambitie(s, actor_id=actor_id, data=data)
    except store.errors.Conflict as exc:
        return (f"Niet opgeslagen: iemand anders heeft deze ambitie intussen gewijzigd (nu "
                f"versie {exc.current.get('version')}: ‘{exc.current.get('title')}’). Er is "
                "niets overschreven; laad de pagina opnieuw en neem uw wijziging over.", None)
    except store.errors.StoreError as exc:
        return f"Niet opgeslagen: {exc.message}", None
    except (KeyError, TypeError, ValueError):
        return form_callbacks.STALE, None
    return "Opgeslagen.", f"/afspraken#ambitie-{saved['id']}"


@callback(Output(F["regions"], "value"), Output(ids.page(FORM, "regions-pick"), "value"),
          Input(ids.page(FORM, "regions-add"), "n_clicks"),
          Input(ids.page(FORM, "regions-pick"), "n_submit"),
          State(ids.page(FORM, "regions-pick"), "value"), State(F["regions"], "value"),
          prevent_initial_call=True)
def add_region(_clicks, _submit, pick, current):
    return form_callbacks.add_code(pick, current)


@callback(Output(MESSAGE, "children"), Output(ids.form_error(FORM, ALL), "children"),
          Output(GOTO, "href"), Input(SAVE, "n_clicks"), State(STATE, "data"),
          *[State(F[n], "value") for n in F], prevent_initial_call=True)
def save_ambitie(clicks, state, *values):
    if not clicks:  # Dash 4 may fire on insertion despite prevent_initial_call: only a click saves
        raise PreventUpdate
    typed = dict(zip(F, (v if isinstance(v, str) else None for v in values), strict=True))
    data, errors = check(typed)
    boxes = [o["id"]["field"] for o in ctx.outputs_list[1]]
    shown = [" ".join(m for f, m in errors if f == b) for b in boxes]
    if errors:
        return form_callbacks.summary(errors), shown, no_update
    if not isinstance(state, dict):
        return form_callbacks.STALE, shown, no_update
    message, goto = save(state, data)
    return message, shown, goto or no_update
