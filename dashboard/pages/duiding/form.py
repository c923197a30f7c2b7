"""The duiding form (`/duiding/nieuw?regio=…&indicator=…&periode=…`, `/duiding/<id>/bewerken`):
indicator, region (or werkgebied), optional period and the text; the author and organisation
come from the logged-in account and the date from the server. Checked by
`afspraken.validation.duiding`, saved by `store.duiding` with the version the form showed."""

from __future__ import annotations

import re

import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard import auth, ids, limits, queries, store
from dashboard.afspraken import validation
from dashboard.pages import editing
from dashboard.store import errors

PAGE = ids.DUIDING_PAGE
FORM = ids.page(PAGE, "form")          # {'id', 'version'}; id None for a new duiding
INDICATOR = ids.page(PAGE, "indicator")
REGION = ids.page(PAGE, "region")
PERIOD = ids.page(PAGE, "period")
TEXT = ids.page(PAGE, "text")
SAVE = ids.page(PAGE, "save")
FEEDBACK = ids.page(PAGE, "feedback")
CODE_IN_LABEL = re.compile(r"\(([A-Za-z0-9_]+)\)\s*$")
REGION_LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie", "nederland")


def werkgebied_members(code: str) -> list[dict] | None:
    """The members of a live werkgebied, for the validation of a WG code."""
    with store.session(readonly=True) as s:
        wg = store.werkgebieden.by_code(s, code)
    return wg["members"] if wg else None


def indicator_label(indicator_id: str | None) -> str:
    ind = queries.indicator(indicator_id) if indicator_id else None
    return f"{ind['label']} ({indicator_id})" if ind else (indicator_id or "")


def region_label(code: str | None) -> str:
    """'Amsterdam (GM0363)', 'PO2707 — …', 'Mijn werkgebied (WG0001)'; the code if unknown."""
    if not code:
        return ""
    found = queries.region(code)
    if found:
        name = found["region_name"]
        return name if name.startswith(code) else f"{name} ({code})"
    if validation.WERKGEBIED_CODE.fullmatch(code):
        with store.session(readonly=True) as s:
            wg = store.werkgebieden.by_code(s, code)
        if wg:
            return f"{wg['name']} ({code})"
    return code


def code_from(text: str | None) -> str:
    """The code in a picked label ('Amsterdam (GM0363)' -> 'GM0363'), else the text itself."""
    text = str(text or "").strip()
    match = CODE_IN_LABEL.search(text)
    return match.group(1) if match else text


def indicator_from(text: str | None) -> str:
    code = code_from(text)
    if queries.indicator(code):
        return code
    named = [r["indicator_id"] for r in queries.indicators().to_dict("records")
             if r["label"].casefold() == code.casefold()]
    return named[0] if named else code


def _options() -> tuple[list[str], list[str]]:
    inds = [indicator_label(i) for i in queries.indicators()["indicator_id"]]
    regions = queries.regions()
    regions = regions[regions["region_level"].isin(REGION_LEVELS)]
    labels = [n if n.startswith(c) else f"{n} ({c})"
              for c, n in zip(regions["region_code"], regions["region_name"], strict=True)]
    with store.session(readonly=True) as s:
        labels += [f"{w['name']} ({w['code']})" for w in store.werkgebieden.list(s)]
    return inds, labels


def query_problems(regio, indicator, periode) -> list[tuple[str, str]]:
    """What is wrong with the values a link prefilled (the text is not asked for yet)."""
    given = {"indicator_id": indicator, "region_code": regio, "period": periode}
    _clean, errs = validation.duiding({**given, "text": "-"},
                                      werkgebied_members=werkgebied_members)
    return [(f, m) for f, m in errs if given.get(f)]


def layout(stored: dict | None, *, regio=None, indicator=None, periode=None) -> html.Div:
    """The form for a new duiding (prefilled from the address) or for a stored one."""
    account = auth.current_account()
    title = "Duiding toevoegen" if stored is None else f"Duiding {stored['id']} bewerken"
    if account is None:
        return html.Div([html.H1(title), editing.login_hint("een duiding te schrijven")])
    d = stored or {"indicator_id": str(indicator or ""), "region_code": str(regio or "").upper(),
                   "period": str(periode or ""), "text": ""}
    problems = [] if stored else query_problems(regio, indicator, periode)
    author = stored or {"author_name": account["name"], "organisation": account["organisation"]}
    inds, regions = _options()
    ind_list, reg_list = ids.page(PAGE, "indicator-options"), ids.page(PAGE, "region-options")
    return html.Div([
        html.H1(title),
        html.P("Een duiding is de eigen uitleg van een regio bij een cijfer: wat erachter zit, "
               "wat de regio eraan doet. Ze staat naast het cijfer op de pagina's en in de "
               "exports.", className="intro"),
        html.Div([html.P("Niet alles uit de link is bruikbaar:"), editing.field_errors(problems)],
                 className="notice", role="status") if problems else None,
        _field("Indicator", dcc.Input(id=INDICATOR, type="text", list=ind_list,
                                      value=indicator_label(d["indicator_id"]),
                                      autoComplete="off", className="text-input")),
        _field("Regio of werkgebied (naam of code)",
               dcc.Input(id=REGION, type="text", list=reg_list, autoComplete="off",
                         value=region_label(d["region_code"]), className="text-input")),
        _field("Periode (optioneel, bijv. 2024 of 2023/2024)",
               dcc.Input(id=PERIOD, type="text", value=d.get("period") or "",
                         className="text-input short-input")),
        _field("Tekst", dcc.Textarea(id=TEXT, value=d.get("text") or "",
                                     className="text-area", maxLength=validation.TEXT_MAX)),
        html.P(f"Auteur: {author['author_name']}"
               + (f" ({author['organisation']})" if author.get("organisation") else "")
               + " — uit het account; de datum zet de server.", className="caption"),
        html.Datalist([html.Option(value=v) for v in inds], id=ind_list),
        html.Datalist([html.Option(value=v) for v in regions], id=reg_list),
        html.Div([html.Button("Opslaan", id=SAVE, n_clicks=0, type="button",
                              className="primary-button"),
                  dcc.Link("Annuleren", href="/" if stored is None else f"/duiding/{d['id']}",
                           className="cancel-link")], className="form-actions"),
        html.Div(id=FEEDBACK, **{"aria-live": "polite"}),
        dcc.Store(id=FORM, data={"id": d.get("id"), "version": d.get("version")}),
    ], className="edit-page duiding-form")


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), control], className="field")


def save(form: dict, indicator, region, period, text) -> tuple[html.Div, str | None]:
    """Validate and save; returns (feedback, address of the saved duiding). The author of a
    new duiding is the logged-in account; an edit keeps the stored author."""
    account = auth.current_account() or {}
    new = form.get("id") is None
    data = {"indicator_id": indicator_from(indicator), "region_code": code_from(region).upper(),
            "period": period, "text": text}
    if new:
        data |= {"author_name": account.get("name", ""),
                 "organisation": account.get("organisation", "")}
    clean, errs = validation.duiding(data, werkgebied_members=werkgebied_members)
    if errs:
        return html.Div([html.P("De duiding is niet opgeslagen:"), editing.field_errors(errs)],
                        className="notice feedback-error", role="alert"), None
    if not new:
        clean = {k: v for k, v in clean.items() if k not in ("author_name", "organisation")}
    try:
        with store.session() as s:
            if new:
                saved = store.duiding.create(s, actor_id=auth.current_actor_id(), data=clean)
            else:
                saved = store.duiding.update(s, actor_id=auth.current_actor_id(),
                                             duiding_id=form["id"],
                                             expected_version=form.get("version"), data=clean)
    except errors.StoreError as exc:
        return editing.error_feedback(exc), None
    return editing.success(f"Duiding {saved['id']} is opgeslagen."), f"/duiding/{saved['id']}"


@callback(Output(FEEDBACK, "children"), Output(ids.URL, "pathname", allow_duplicate=True),
          Output(ids.URL, "search", allow_duplicate=True), Input(SAVE, "n_clicks"),
          State(FORM, "data"), State(INDICATOR, "value"), State(REGION, "value"),
          State(PERIOD, "value"), State(TEXT, "value"), prevent_initial_call=True)
def save_form(n_clicks, form, indicator, region, period, text):
    if not n_clicks:  # the form just appeared (Dash calls back for new components too)
        raise dash.exceptions.PreventUpdate
    feedback, target = save(limits.mapping(form), indicator, region, period, text)
    # The prefilling query (?regio=…) does not belong to the saved duiding's address.
    return feedback, target or dash.no_update, "" if target else dash.no_update
