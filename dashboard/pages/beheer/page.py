"""`/beheer`, for beheerders only: accounts management (`accounts`) and the audit trail
(`trail`). Anyone else gets a Dutch message and no data is read for them; the writes are
refused by the store as well, whatever request reaches them."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import auth, store
from dashboard.pages import editing
from dashboard.pages.beheer import accounts, trail
from dashboard.store import errors


def layout(soort: str | None = None, **_query) -> html.Div:
    account = auth.current_account()
    if account is None:
        return html.Div([html.H1("Beheer"), editing.login_hint("accounts te beheren", "/beheer")])
    with store.session(readonly=True) as s:
        try:
            store.rights.require_beheerder(s, account["id"])
        except errors.PermissionDenied as exc:
            return html.Div([html.H1("Beheer"), html.P(exc.message, className="notice",
                                                        role="status")])
        users = store.accounts.list_users(s)
        rows = trail.entries(s, soort)
    return html.Div([
        html.H1("Beheer"),
        accounts.section(users, [u["email"] for u in users]),
        trail.section(rows, soort),
        dcc.Store(id=accounts.FILTER, data={"soort": trail.kind(soort)}),
    ], className="beheer-page")


dash.register_page(__name__, path="/beheer", title="Beheer", name="Beheer")
