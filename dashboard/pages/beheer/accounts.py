"""Accounts management on /beheer: the list of accounts with switch off/on and a new one-time
password per account, the form for a new account and the form for role and regions. Every
write goes through `store.accounts` with the acting user, so the store's beheerder check
decides (a crafted request from anyone else is refused there and changes nothing); a one-time
password is shown once, in the answer to the request that made it, and kept nowhere."""

from __future__ import annotations

import re

import dash
from dash import ALL, Input, Output, State, callback, dcc, html

from dashboard import auth, ids, queries, store
from dashboard.pages import editing
from dashboard.pages.beheer import trail
from dashboard.store import errors

PAGE = ids.BEHEER_PAGE
TABLE = ids.page(PAGE, "accounts")
FEEDBACK = ids.page(PAGE, "account-feedback")
FILTER = ids.page(PAGE, "filter")       # {'soort': entity type or None}: the trail's filter
NEW_EMAIL, NEW_NAME, NEW_ORG = (ids.page(PAGE, f"new-{f}") for f in ("email", "name", "org"))
NEW_ROLE, NEW_REGIONS, NEW_SAVE = (ids.page(PAGE, f"new-{f}") for f in ("role", "regions",
                                                                         "save"))
RIGHTS_EMAIL, RIGHTS_ROLE = ids.page(PAGE, "rights-email"), ids.page(PAGE, "rights-role")
RIGHTS_REGIONS, RIGHTS_SAVE = ids.page(PAGE, "rights-regions"), ids.page(PAGE, "rights-save")
ROW_ACTION = ids.beheer_account(ALL, ALL)
ROLES = ("redacteur", "beheerder")
# A text field with a suggestion list, not dcc.Checklist/RadioItems: in Dash 4 those render a
# control without an accessible name (axe: aria-input-field-name, serious).
ROLE_LABEL = ("Rol: redacteur (mag wijzigen voor de eigen regio's) of beheerder (mag alles, "
              "ook accounts beheren)")


def account_table(users: list[dict]) -> html.Div:
    """Every account with its buttons; never a password or hash (the store returns none)."""
    rows = [html.Tr([
        html.Th(u["email"], scope="row"), html.Td(u["name"], dir="auto"),
        html.Td(u.get("organisation") or "—", dir="auto"), html.Td(u["role"]),
        html.Td(", ".join(u["regions"]) or "—"), html.Td("ja" if u["active"] else "nee"),
        html.Td(editing.moment(u.get("last_login_at")) or "nooit"),
        html.Td([html.Button("Uitschakelen" if u["active"] else "Inschakelen",
                             id=ids.beheer_account("disable" if u["active"] else "enable",
                                                   u["email"]),
                             n_clicks=0, type="button", className="small-button",
                             **{"aria-label": ("Schakel uit: " if u["active"] else
                                               "Schakel in: ") + u["email"]}),
                 html.Button("Nieuw wachtwoord", id=ids.beheer_account("reset", u["email"]),
                             n_clicks=0, type="button", className="small-button",
                             **{"aria-label": f"Nieuw eenmalig wachtwoord voor {u['email']}"})]),
    ]) for u in users]
    heads = ("E-mailadres", "Naam", "Organisatie", "Rol", "Regio's", "Actief",
             "Laatst ingelogd", "Acties")
    return html.Div(html.Table([
        html.Caption(f"{len(users)} accounts", className="caption"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
        html.Tbody(rows)], className="data account-table"), className="table-scroll")


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), control], className="field")


def _role(control_id: str) -> html.Div:
    return _field(ROLE_LABEL, dcc.Input(id=control_id, type="text", value="redacteur",
                                        list=ids.page(PAGE, "role-options"), autoComplete="off",
                                        className="text-input short-input"))


def section(users: list[dict], emails: list[str]) -> html.Section:
    email_list = ids.page(PAGE, "email-options")
    return html.Section([
        html.H2("Accounts"),
        html.Div(account_table(users), id=TABLE),
        html.Div(id=FEEDBACK, **{"aria-live": "polite"}),
        html.Fieldset([
            html.Legend("Nieuw account"),
            _field("E-mailadres", dcc.Input(id=NEW_EMAIL, type="email", className="text-input")),
            _field("Naam", dcc.Input(id=NEW_NAME, type="text", className="text-input")),
            _field("Organisatie", dcc.Input(id=NEW_ORG, type="text", className="text-input")),
            _role(NEW_ROLE),
            _field("Regio's (codes, gescheiden door komma's; bijv. GM0363, PO2707, WG0001)",
                   dcc.Input(id=NEW_REGIONS, type="text", className="text-input")),
            html.Button("Account aanmaken", id=NEW_SAVE, n_clicks=0, type="button",
                        className="primary-button"),
            html.P("Het account krijgt een eenmalig wachtwoord dat hier één keer wordt getoond.",
                   className="caption"),
        ], className="form-fieldset"),
        html.Fieldset([
            html.Legend("Rol en regio's wijzigen"),
            _field("E-mailadres van het account",
                   dcc.Input(id=RIGHTS_EMAIL, type="text", list=email_list, autoComplete="off",
                             className="text-input")),
            _role(RIGHTS_ROLE),
            _field("Regio's (codes, gescheiden door komma's)",
                   dcc.Input(id=RIGHTS_REGIONS, type="text", className="text-input")),
            html.Button("Rechten opslaan", id=RIGHTS_SAVE, n_clicks=0, type="button",
                        className="primary-button"),
            html.Datalist([html.Option(value=e) for e in emails], id=email_list),
            html.Datalist([html.Option(value=r) for r in ROLES], id=ids.page(PAGE, "role-options")),
        ], className="form-fieldset"),
    ], className="accounts")


def region_codes(s, text: str | None) -> list[str]:
    """The codes typed (comma, semicolon or space separated); ValidationError (Dutch) for
    unknown ones. A werkgebied code must name a live werkgebied."""
    codes = list(dict.fromkeys(c.upper() for c in re.split(r"[,;\s]+", text or "") if c))
    unknown = [("regions", f"Onbekende regiocode {code}.") for code in codes
               if not (store.werkgebieden.by_code(s, code) if code.startswith("WG")
                       else queries.region(code))]
    if unknown:
        raise errors.ValidationError(unknown)
    return codes


def refreshed(feedback, state: dict | None) -> tuple:
    """The account table and the (filtered) trail read again for a beheerder, and
    `feedback`; for anyone else only the feedback."""
    with store.session(readonly=True) as s:
        try:
            store.rights.require_beheerder(s, auth.current_actor_id())
        except errors.PermissionDenied:
            return dash.no_update, dash.no_update, feedback
        users = store.accounts.list_users(s)
        entries = trail.entries(s, (state or {}).get("soort"))
    return account_table(users), trail.table(entries), feedback


def _write(action, **kwargs):
    with store.session() as s:
        return action(s, actor_id=auth.current_actor_id(), **kwargs)


def row_action(action: str, email: str) -> html.Div:
    """Switch an account off or on, or give it a new one-time password."""
    try:
        if action == "reset":
            password = _write(store.accounts.reset_password, email=email)
            return one_time_password(email, password, "Nieuw wachtwoord ingesteld")
        _write(store.accounts.disable if action == "disable" else store.accounts.enable,
               email=email)
    except errors.StoreError as exc:
        return editing.error_feedback(exc)
    word = "uitgeschakeld" if action == "disable" else "ingeschakeld"
    return editing.success(f"Account {email} is {word}.")


def one_time_password(email: str, password: str, what: str) -> html.Div:
    return html.Div([html.P(f"{what} voor {email}. Het eenmalige wachtwoord is:"),
                     html.P(html.Code(password, className="one-time-password")),
                     html.P("Geef het veilig door; het wordt niet nog eens getoond en nergens "
                            "bewaard.", className="caption")],
                    className="notice feedback-ok", role="status")


@callback(Output(TABLE, "children"), Output(trail.TABLE, "children"),
          Output(FEEDBACK, "children"), Input(ROW_ACTION, "n_clicks"), State(FILTER, "data"),
          prevent_initial_call=True)
def account_action(clicks, state):
    trigger = dash.ctx.triggered_id
    if not isinstance(trigger, dict) or not any(clicks or []):
        raise dash.exceptions.PreventUpdate
    return refreshed(row_action(trigger["action"], trigger["email"]), state)


def create(email, name, organisation, role, regions) -> html.Div:
    """A new account with a generated one-time password, shown once in the answer."""
    password = store.accounts.generate_password()
    try:
        with store.session() as s:
            actor = auth.current_actor_id()
            store.rights.require_beheerder(s, actor)  # the refusal first, before any look-up
            user = store.accounts.create_user(
                s, actor_id=actor, email=email or "", name=name or "",
                organisation=organisation or "", role=_role_value(role),
                regions=region_codes(s, regions), password=password)
    except errors.StoreError as exc:
        return editing.error_feedback(exc)
    return one_time_password(user["email"], password, "Account aangemaakt")


def _role_value(typed) -> str:
    """The role as typed; the store refuses anything but 'redacteur' and 'beheerder'."""
    return str(typed or "").strip().lower()


@callback(Output(TABLE, "children", allow_duplicate=True),
          Output(trail.TABLE, "children", allow_duplicate=True),
          Output(FEEDBACK, "children", allow_duplicate=True),
          Input(NEW_SAVE, "n_clicks"), State(NEW_EMAIL, "value"), State(NEW_NAME, "value"),
          State(NEW_ORG, "value"), State(NEW_ROLE, "value"), State(NEW_REGIONS, "value"),
          State(FILTER, "data"), prevent_initial_call=True)
def create_account(n_clicks, email, name, organisation, role, regions, state):
    if not n_clicks:
        raise dash.exceptions.PreventUpdate
    return refreshed(create(email, name, organisation, role, regions), state)


def set_rights(email, role, regions) -> html.Div:
    try:
        with store.session() as s:
            actor = auth.current_actor_id()
            store.rights.require_beheerder(s, actor)
            user = store.accounts.set_rights(s, actor_id=actor, email=(email or "").strip(),
                                             role=_role_value(role),
                                             regions=region_codes(s, regions))
    except errors.StoreError as exc:
        return editing.error_feedback(exc)
    return editing.success(f"Rechten van {user['email']}: {user['role']}, regio's "
                           f"{', '.join(user['regions']) or 'geen'}.")


@callback(Output(TABLE, "children", allow_duplicate=True),
          Output(trail.TABLE, "children", allow_duplicate=True),
          Output(FEEDBACK, "children", allow_duplicate=True),
          Input(RIGHTS_SAVE, "n_clicks"), State(RIGHTS_EMAIL, "value"),
          State(RIGHTS_ROLE, "value"), State(RIGHTS_REGIONS, "value"),
          State(FILTER, "data"), prevent_initial_call=True)
def save_rights(n_clicks, email, role, regions, state):
    if not n_clicks:
        raise dash.exceptions.PreventUpdate
    return refreshed(set_rights(email, role, regions), state)
