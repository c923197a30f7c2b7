"""The detail page `/afspraak/<id>`: title, text, ambitie, parties and partners, where it is
measured, the OOGO and review dates, each target with its trajectory and status, the duiding,
and the history. Editors get Bewerken / Verwijderen (soft) or, once deleted, Herstellen; those
buttons' callbacks are in `detail_callbacks`. The trajectory charts' exports are built from
the agreement's id (`export`)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids, store
from dashboard.afspraken import overview
from dashboard.components.agreements import status_badge
from dashboard.export import registry
from dashboard.pages.afspraken import common, history_view, targets_view

PAGE = ids.AFSPRAAK_PAGE
STATE = ids.page(PAGE, "state")        # {'id', 'version'} as the page was drawn
BODY = ids.page(PAGE, "body")
MESSAGE = ids.page(PAGE, "message")


def load(agreement_id: int) -> dict | None:
    """Everything the page shows: agreement (deleted too), ambitie, history, duiding."""
    with store.session(readonly=True) as s:
        agreement = store.agreements.get(s, agreement_id, include_deleted=True)
        if agreement is None:
            return None
        ambitie = (store.agreements.get_ambitie(s, agreement["ambitie_id"], include_deleted=True)
                   if agreement.get("ambitie_id") else None)
        entries = store.agreements.history(s, agreement_id)
        indicators = [t["indicator_id"] for t in agreement.get("targets") or []]
        duidingen = store.duiding.for_figures(s, region_codes=[agreement["region_code"]],
                                              indicator_ids=indicators) if indicators else []
    return {"agreement": agreement, "ambitie": ambitie, "history": entries,
            "duidingen": duidingen}


def page(agreement_id: int | None, ref: str = "") -> html.Div:
    """The whole page, or the Dutch not-found text for an unknown id."""
    found = load(agreement_id) if agreement_id else None
    if found is None:
        return common.not_found("afspraak", ref)
    agreement = found["agreement"]
    return html.Div([
        dcc.Store(id=STATE, data={"id": agreement["id"], "version": agreement["version"]}),
        html.Div(id=MESSAGE, role="status", className="form-message"),
        html.Div(body(found), id=BODY),
    ], className="afspraak-page")


def body(found: dict) -> list:
    agreement = found["agreement"]
    [rated] = overview.with_status([agreement])
    measured = overview.series([agreement])
    account = common.account()
    may_edit = account is not None and common.can_write(common.agreement_regions(agreement))
    duidingen = found["duidingen"]
    return [
        html.P(dcc.Link("← Alle afspraken", href="/afspraken"), className="caption"),
        html.H1(agreement["title"], dir="auto", className="user-text"),
        _deleted_note(agreement, found["history"], account),
        _buttons(agreement, may_edit),
        _facts(rated, found["ambitie"]),
        html.H2("Tekst van de afspraak") if agreement.get("text") else None,
        html.P(agreement["text"], className="user-text", dir="auto")
        if agreement.get("text") else None,
        _manual(rated),
        *[targets_view.target_block(
            rated, t, i, measured.get(overview.target_key(agreement, t), []),
            [d for d in duidingen if d.get("indicator_id") == t.get("indicator_id")],
            may_edit=may_edit)
          for i, t in enumerate(rated["targets"])],
        history_view.history_list(found["history"], with_email=account is not None),
    ]


def _deleted_note(agreement: dict, entries: list[dict], account) -> html.P | None:
    if not agreement.get("deleted_at"):
        return None
    entry = history_view.last_action(entries, "delete") or {}
    who = history_view.actor(entry.get("actor_label"), with_email=account is not None)
    return html.P(f"Deze afspraak is verwijderd op "
                  f"{common.nl_datetime(entry.get('at') or agreement['deleted_at'])} door "
                  f"{who}. Ze telt niet mee in lijsten en rapporten tot ze is hersteld.",
                  className="deleted-note", role="note")


def _buttons(agreement: dict, may_edit: bool) -> html.Div | None:
    if not may_edit:
        return None
    if agreement.get("deleted_at"):
        return html.Div(html.Button("Herstellen", id=ids.afspraak_action("restore"),
                                    n_clicks=0, type="button", className="action-button"),
                        className="afspraken-actions")
    return html.Div([
        dcc.Link("Bewerken", href=f"/afspraak/{agreement['id']}/bewerken",
                 className="action-link primary"),
        html.Button("Verwijderen", id=ids.afspraak_action("delete"), n_clicks=0,
                    type="button", className="action-button danger"),
    ], className="afspraken-actions")


def _facts(rated: dict, ambitie: dict | None) -> html.Dl:
    parties = rated.get("parties") or []
    rows = [
        ("Ambitie", dcc.Link(ambitie["title"], href=f"/afspraken#ambitie-{ambitie['id']}")
         if ambitie and not ambitie.get("deleted_at") else "geen"),
        ("Gemeten in", common.region_link(rated["region_code"])),
        ("Partijen", _join([common.region_link(c) for c in parties]) if parties else "geen"),
        ("Overige partners", "; ".join(rated.get("partners") or []) or "geen"),
        ("OOGO-datum", common.nl_date(rated.get("oogo_date")) or "niet opgegeven"),
        ("Evaluatiedatum", common.nl_date(rated.get("review_date")) or "niet opgegeven"),
        ("Status", [status_badge(rated["status"]), " ", html.Span(rated.get("reason") or ""),
                    html.P(overview.COMBINE_TEXT_NL, className="rule-text")
                    if len(rated.get("targets") or []) > 1 else None]),
        ("Versie", f"{rated['version']}, laatst gewijzigd op "
                   f"{common.nl_datetime(rated.get('updated_at'))}"),
    ]
    items = []
    for label, value in rows:
        items += [html.Dt(label), html.Dd(value, dir="auto")]
    return html.Dl(items, className="afspraak-facts")


def _join(parts: list) -> list:
    out = []
    for i, part in enumerate(parts):
        out += [", "] if i else []
        out.append(part)
    return out


def _manual(rated: dict) -> html.Section | None:
    if rated.get("targets") or not rated.get("manual_status"):
        return None
    return html.Section([
        html.H2("Status vastgesteld door de regio"),
        html.P([status_badge(rated["manual_status"]), " ",
                html.Span("Deze afspraak heeft geen indicator; de regio stelde de status vast.")]),
        html.P(rated.get("manual_justification") or "", className="user-text", dir="auto"),
    ])


@registry.register(PAGE)
def export(name: str, key: dict) -> registry.Export | None:
    """The trajectory chart `doel-<n>` of the agreement the key {'id'} names."""
    number = name.removeprefix("doel-")
    agreement_id = key.get("id")
    if not (number.isdigit() and len(number) <= 3) or type(agreement_id) is not int:
        return None
    found = load(agreement_id)
    targets = found["agreement"].get("targets") or [] if found else []
    if not 1 <= int(number) <= len(targets):
        return None
    [rated] = overview.with_status([found["agreement"]])
    target = rated["targets"][int(number) - 1]
    rows = overview.series([found["agreement"]]).get(overview.target_key(rated, target), [])
    figure, _shown, _caption, data, _title = targets_view.chart_parts(rated, target, rows)
    return registry.Export(data, figure)
