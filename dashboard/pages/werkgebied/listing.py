"""The list of werkgebieden (`/werkgebieden`): name, code, members and who last changed each,
'Nieuw werkgebied' for logged-in users, and the deleted ones folded away (restored on their
own page)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import auth, store
from dashboard.pages import editing
from dashboard.pages.werkgebied import members as mb

SHOWN_MEMBERS = 6


def read() -> list[dict]:
    """Every werkgebied (deleted ones too) with its latest history entry under 'last'."""
    with store.session(readonly=True) as s:
        found = store.werkgebieden.list(s, include_deleted=True)
        return [{**wg, "last": (store.werkgebieden.history(s, wg["id"]) or [{}])[0]}
                for wg in found]


def members_text(members: list[dict]) -> str:
    names = [mb.gemeente_name(m["gemeente_code"]) + (
        f" ({mb.weight_text(m['weight'])})" if float(m["weight"]) < 1 else "") for m in members]
    rest = len(names) - SHOWN_MEMBERS
    return ", ".join(names[:SHOWN_MEMBERS]) + (f" en {rest} andere" if rest > 0 else "")


def _table(rows: list[dict], caption: str) -> html.Div:
    body = [html.Tr([
        html.Th(dcc.Link(wg["name"], href=f"/werkgebied/{wg['code']}"), scope="row", dir="auto"),
        html.Td(wg["code"]),
        html.Td([html.Strong(f"{len(wg['members'])}: "), members_text(wg["members"])]),
        html.Td([editing.moment(wg["last"].get("at")), html.Br(),
                 wg["last"].get("actor_label") or "—"]),
    ]) for wg in rows]
    return html.Div(html.Table([
        html.Caption(caption, className="visually-hidden"),
        html.Thead(html.Tr([html.Th(t, scope="col") for t in
                            ("Naam", "Code", "Gemeenten", "Laatst gewijzigd")])),
        html.Tbody(body)], className="data werkgebied-list"), className="table-scroll")


def layout(**_query) -> html.Div:
    found = read()
    live = [w for w in found if not w.get("deleted_at")]
    deleted = [w for w in found if w.get("deleted_at")]
    account = auth.current_account()
    new = (html.P(dcc.Link("Nieuw werkgebied", href="/werkgebied/nieuw",
                           className="button-link")) if account
           else editing.login_hint("een nieuw werkgebied te maken", "/werkgebieden"))
    return html.Div([
        html.H1("Werkgebieden"),
        html.P("Een werkgebied is het niveau waarop een afspraak wordt gemaakt als dat geen "
               "standaardindeling is: een OOGO-tafel van één SWV met zijn gemeenten, twee "
               "gemeenten met één wijkteam, een deel van een jeugdregio. Zijn cijfers volgen "
               "dezelfde regel als elk niveau.", className="intro"),
        new,
        _table(live, "Werkgebieden") if live
        else html.P("Er zijn nog geen werkgebieden.", className="caption"),
        html.Details([html.Summary(f"Verwijderde werkgebieden ({len(deleted)})"),
                      _table(deleted, "Verwijderde werkgebieden")]) if deleted else None,
    ], className="werkgebied-list-page")
