"""The agreement form: `/afspraak/nieuw` (optionally `?regio=GM0363&indicator=jeugdhulp&ambitie=3`)
and `/afspraak/<id>/bewerken`. The layout is drawn here; the preview, the target slots and the
save are in `form_callbacks`, what a save does in `form_save`. The version the form opened with
travels in a store, so a save over someone else's change is a conflict, not an overwrite."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids, queries, store
from dashboard.pages.afspraken import common, form_targets
from dashboard.pages.afspraken import form_fields as ff

FORM = form_targets.FORM
STATE = ids.page(FORM, "state")    # {'mode', 'id', 'version', 'targets', 'region'} at opening
FIELDS = ("ambitie_id", "title", "text", "region_code", "parties", "partners", "manual_status",
          "manual_justification", "oogo_date", "review_date")
F = {name: ids.page(FORM, name.replace("_", "-")) for name in FIELDS}
ADD_TARGET = ids.page(FORM, "add-target")
SAVE = ids.page(FORM, "save")
MESSAGE = ids.page(FORM, "message")
GOTO = ids.page(FORM, "goto")


def login_needed(path: str) -> html.Div:
    return html.Div([
        html.H1("Inloggen nodig"),
        html.P(["Alleen ingelogde redacteuren en beheerders kunnen afspraken toevoegen of "
                "wijzigen. ", dcc.Link("Log in", href=f"/inloggen?volgende={path}"),
                " en probeer het opnieuw."], role="status"),
        html.P(dcc.Link("Naar alle afspraken", href="/afspraken")),
    ])


def _ambities() -> list[dict]:
    with store.session(readonly=True) as s:
        return store.agreements.list_ambities(s)


def new_page(query: dict) -> html.Div:
    """The empty form, prefilled from ?regio=, ?indicator= and ?ambitie= when they are valid."""
    if common.account() is None:
        return login_needed("/afspraak/nieuw")

    def one(key: str) -> str:
        value = query.get(key)
        return value.strip() if isinstance(value, str) and len(value) <= 40 else ""

    region = one("regio").upper()
    region = region if queries.region(region) or common.werkgebied(region) else ""
    indicator = one("indicator") if queries.indicator(one("indicator")) else ""
    ambities = _ambities()
    amb_id = common.parse_id(one("ambitie"))
    initial = {"region_code": region,
               "ambitie_id": amb_id if any(a["id"] == amb_id for a in ambities) else None,
               "targets": [{"indicator_id": indicator}] if indicator else []}
    state = {"mode": "create", "id": None, "version": None, "targets": [], "region": None}
    return _form("Nieuwe afspraak", initial, state, ambities)


def edit_page(agreement_id: int | None, ref: str) -> html.Div:
    """The form filled with the stored agreement, or why it cannot be edited."""
    if common.account() is None:
        return login_needed(f"/afspraak/{agreement_id or ''}/bewerken")
    with store.session(readonly=True) as s:
        agreement = store.agreements.get(s, agreement_id, include_deleted=True) \
            if agreement_id else None
    if agreement is None:
        return common.not_found("afspraak", ref)
    regions = common.agreement_regions(agreement)
    if not common.can_write(regions):
        return html.Div([html.H1("Afspraak bewerken"), html.P(
            f"U heeft geen schrijfrecht voor deze afspraak: ze gaat over {', '.join(regions)}, "
            "niet over uw regio's.", role="status", className="notice"),
            html.P(dcc.Link("Terug naar de afspraak", href=f"/afspraak/{agreement['id']}"))])
    if agreement.get("deleted_at"):
        return html.Div([html.H1("Afspraak bewerken"), html.P(
            "Deze afspraak is verwijderd. Herstel haar eerst op de pagina van de afspraak.",
            role="status", className="notice"),
            html.P(dcc.Link("Naar de afspraak", href=f"/afspraak/{agreement['id']}"))])
    state = {"mode": "edit", "id": agreement["id"], "version": agreement["version"],
             "targets": agreement.get("targets") or [], "region": agreement["region_code"]}
    return _form("Afspraak bewerken", agreement, state, _ambities())


def _section(legend: str, children: list) -> html.Fieldset:
    return html.Fieldset([html.Legend(legend), *children], className="target-fieldset")


def _form(title: str, a: dict, state: dict, ambities: list[dict]) -> html.Div:
    amb = next((x for x in ambities if x["id"] == a.get("ambitie_id")), None)
    region = a.get("region_code") or ""
    region_text = common.region_label(region) if region else ""
    regions = ids.page(FORM, "regions")
    return html.Div([
        html.H1(title),
        html.P("Velden met een * zijn verplicht. Getallen schrijft u met een decimale komma."),
        html.Div(id=MESSAGE, role="alert", className="form-message"),
        _section("De afspraak", [
            ff.field(FORM, "ambitie_id", "Ambitie (optioneel)",
                     ff.text_input(F["ambitie_id"], ff.ambitie_label(amb),
                                   list_id=ids.page(FORM, "ambities")),
                     hint="Kies een bestaande ambitie uit de lijst of laat het veld leeg."),
            ff.field(FORM, "title", "Titel *", ff.text_input(F["title"], a.get("title"))),
            ff.field(FORM, "text", "Tekst van de afspraak",
                     ff.textarea(F["text"], a.get("text"), rows=6)),
            ff.field(FORM, "region_code", "Gemeten in (regio of werkgebied) *",
                     ff.text_input(F["region_code"], region_text, list_id=regions),
                     hint="Typ een naam of code en kies uit de lijst, bijvoorbeeld GM0363."),
            ff.field(FORM, "parties", "Partijen (codes, één per regel)",
                     ff.textarea(F["parties"], "\n".join(a.get("parties") or []), rows=3)),
            ff.region_picker(FORM, "parties", "Partij zoeken en toevoegen"),
            ff.field(FORM, "partners", "Overige partners (één per regel)",
                     ff.textarea(F["partners"], "\n".join(a.get("partners") or []), rows=3),
                     hint="Bijvoorbeeld een jeugdzorgaanbieder of de GGD."),
        ]),
        html.H2("Doelen"),
        html.P("Per indicator een doel: de basiswaarde komt uit de cijfers van de monitor."),
        *form_targets.slots(a.get("targets") or []),
        html.Button("Nog een doel toevoegen", id=ADD_TARGET, n_clicks=0, type="button",
                    className="action-button"),
        _section("Zonder indicator", [
            html.P("Heeft de afspraak geen doel met een indicator, geef dan zelf de status "
                   "en onderbouw die.", className="hint"),
            ff.field(FORM, "manual_status", "Handmatige status",
                     ff.text_input(F["manual_status"], a.get("manual_status") or "",
                                   list_id=ids.page(FORM, "statuses")),
                     hint="behaald, op koers, achter of niet te beoordelen"),
            ff.field(FORM, "manual_justification", "Onderbouwing",
                     ff.textarea(F["manual_justification"], a.get("manual_justification"))),
        ]),
        _section("Data", [
            ff.field(FORM, "oogo_date", "OOGO-datum",
                     ff.text_input(F["oogo_date"], common.nl_date(a.get("oogo_date"))),
                     hint="dd-mm-jjjj"),
            ff.field(FORM, "review_date", "Evaluatiedatum",
                     ff.text_input(F["review_date"], common.nl_date(a.get("review_date"))),
                     hint="dd-mm-jjjj"),
        ]),
        html.Div([html.Button("Opslaan", id=SAVE, n_clicks=0, type="button",
                              className="action-button primary"),
                  dcc.Link("Annuleren", href=f"/afspraak/{state['id']}" if state["id"]
                           else "/afspraken")], className="afspraken-actions"),
        dcc.Store(id=STATE, data=state),
        dcc.Location(id=GOTO, refresh="callback-nav"),
        ff.datalists(FORM),
        ff.ambitie_datalist(FORM, ambities),
    ], className="afspraak-form")
