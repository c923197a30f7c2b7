"""The write buttons of `/afspraak/<id>`: Verwijderen (soft) and Herstellen. Each click goes
through the store with the acting user and the version the page was drawn with; a refusal or
a conflict is shown in Dutch and changes nothing."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboard import auth, ids, store
from dashboard.pages.afspraken import common, detail

CONFLICT = ("Iemand anders heeft deze afspraak intussen gewijzigd (nu versie {version}). Er is "
            "niets veranderd; hieronder staat de huidige versie.")


def act(action: str, state: dict) -> tuple[str, list | None, dict | None]:
    """(Dutch message, new page body or None, new state or None) after delete/restore."""
    agreement_id = common.parse_id((state or {}).get("id"))
    version = (state or {}).get("version")
    if agreement_id is None or isinstance(version, bool) or not isinstance(version, int):
        return "Deze pagina is verouderd; laad haar opnieuw.", None, None
    write = store.agreements.delete if action == "delete" else store.agreements.restore
    try:
        with store.session() as s:
            after = write(s, actor_id=auth.current_actor_id(), agreement_id=agreement_id,
                          expected_version=version)
    except store.errors.Conflict as exc:
        return CONFLICT.format(version=exc.current.get("version")), _body(agreement_id), \
            _state(exc.current)
    except store.errors.StoreError as exc:
        return exc.message, None, None
    words = "verwijderd" if action == "delete" else "hersteld"
    return f"De afspraak is {words}.", _body(agreement_id), _state(after)


def _state(snapshot: dict) -> dict:
    return {"id": snapshot["id"], "version": snapshot["version"]}


def _body(agreement_id: int) -> list | None:
    found = detail.load(agreement_id)
    return detail.body(found) if found else None


@callback(Output(detail.MESSAGE, "children"), Output(detail.BODY, "children"),
          Output(detail.STATE, "data"),
          Input(ids.afspraak_action(ALL), "n_clicks"), State(detail.STATE, "data"),
          prevent_initial_call=True)
def delete_or_restore(clicks, state):
    action = (ctx.triggered_id or {}).get("action")
    if action not in ("delete", "restore") or not any(clicks or []):
        raise PreventUpdate
    message, body, new_state = act(action, state)
    return message, no_update if body is None else body, new_state or no_update
