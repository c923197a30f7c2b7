"""The 'Afspraken' section of the gemeente, SWV and jeugdregio pages, the status badge and the
short agreement lists of the indicator page: the agreements where a region is measured or a
party, each with its status, indicators, latest figure and a link to /afspraak/<id>.

`section` draws the frame in the page's layout; `fill_section` (its callback) reads the
agreements and draws the list on load, so the page's own figures are not kept waiting. Reads
only: the store's list functions and the batched statuses (`dashboard.afspraken.overview`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from dash import Input, Output, callback, dcc, html, no_update
from flask import has_request_context

from dashboard import formatting, ids, limits, queries

STATUSES = ("achter", "op koers", "behaald", "niet te beoordelen")
# The mark repeats the word, so a badge reads the same in black and white (the border style
# differs too, see components.css); colour is never the only carrier.
STATUS_MARKS = {"behaald": "✓", "op koers": "→", "achter": "!", "niet te beoordelen": "?"}
ADD_LABEL = "Afspraak toevoegen"


def status_class(status: str | None) -> str:
    return "status-" + (status if status in STATUS_MARKS else "niet te beoordelen").replace(
        " ", "-")


def status_badge(status: str | None) -> html.Span:
    """'! achter' as a badge: mark and word, a border style per status."""
    status = status if status in STATUS_MARKS else "niet te beoordelen"
    return html.Span([html.Span(STATUS_MARKS[status], className="status-mark",
                                **{"aria-hidden": "true"}), status],
                     className=f"status-badge {status_class(status)}")


def region_agreements(code: str, indicator_id: str | None = None) -> list[dict]:
    """The live agreements where `code` is the measured region or a party (optionally on one
    indicator), each once, behind ones first."""
    from dashboard import store

    with store.session(readonly=True) as s:  # one read: parties are filtered in Python anyway
        found = [a for a in store.agreements.list(s, indicator=indicator_id)
                 if a["region_code"] == code or code in a["parties"]]
    return sorted(found, key=lambda a: str(a.get("title") or "").lower())


def statuses(agreements: list[dict], measured: dict | None = None) -> list[dict]:
    """The agreements with their status, reason and latest figures (`overview.with_status`:
    one warehouse read for all; `measured` when the series are already read), behind ones
    first."""
    from dashboard.afspraken import overview

    out = overview.with_status(agreements, measured=measured)
    return sorted(out, key=lambda a: STATUSES.index(a["status"])
                  if a["status"] in STATUSES else len(STATUSES))


def may_add(code: str) -> bool:
    """Whether the visitor is logged in (the form checks the right itself)."""
    if not has_request_context():
        return False
    try:
        from dashboard import auth
    except ImportError:
        return False
    return auth.current_account() is not None


def _labels() -> dict[str, dict]:
    return {r["indicator_id"]: r for r in queries.indicators().to_dict("records")}


def latest_text(latest: dict | None, ind: dict | None) -> str:
    """'12,3% (2024, voorlopig)' for the newest figure of a target."""
    if not latest or ind is None:
        return formatting.MISSING_TEXT
    text = formatting.figure(latest, ind)
    extra = [formatting.period(str(latest["period"]))] if latest.get("period") else []
    if latest.get("status") == "voorlopig":
        extra.append("voorlopig")
    if latest.get("demo"):
        extra.append("voorbeeldcijfer")
    return text + (f" ({', '.join(extra)})" if extra else "")


def target_text(target: dict, ind: dict | None) -> str:
    """'doel 10,0% in 2027'."""
    v = target.get("target_value")
    if formatting.is_missing(v) or ind is None:
        return ""
    period = target.get("target_period")
    return f"doel {formatting.figure({'value': float(v)}, ind)}" + (
        f" in {formatting.period(str(period))}" if period else "")


def _target_lines(a: dict, labels: dict) -> list:
    latest = {item.get("indicator_id"): item for item in a.get("latest") or []}
    lines = []
    for t in a.get("targets") or []:
        ind = labels.get(t.get("indicator_id"))
        name = ind["label"] if ind else str(t.get("indicator_id"))
        parts = [f"laatste cijfer {latest_text(latest.get(t.get('indicator_id')), ind)}"]
        if target_text(t, ind):
            parts.append(target_text(t, ind))
        lines.append(html.Li([html.Span(name, className="agreement-indicator"), ": ",
                              "; ".join(parts)]))
    if not lines:
        lines.append(html.Li("zonder streefwaarde (status door de regio vastgesteld)"))
    return lines


def _measured_note(a: dict, here: str | None) -> html.P | None:
    """Where an agreement is measured, when that is not the page's own region."""
    code = a.get("region_code")
    if not code or code == here:
        return None
    region = queries.region(code)
    name = str(region["region_name"]).split(" — ")[0] if region else code
    label = name if name.startswith(code) else f"{name} ({code})"
    return html.P(f"Gemeten in {label}; deze regio is partij.", className="agreement-meta")


def agreement_item(a: dict, labels: dict, *, heading: str = "h3",
                   here: str | None = None) -> html.Li:
    """One agreement: title (link), badge, reason, where it is measured (when elsewhere than
    `here`), its indicators with latest figure and target."""
    title = getattr(html, heading.capitalize())(
        dcc.Link(str(a.get("title") or f"Afspraak {a['id']}"), href=f"/afspraak/{a['id']}"),
        className="agreement-title")
    return html.Li([
        html.Div([title, status_badge(a["status"])], className="agreement-head"),
        html.P(a.get("reason"), className="agreement-reason", dir="auto")
        if a.get("reason") else None,
        _measured_note(a, here),
        html.Ul(_target_lines(a, labels), className="agreement-targets"),
    ], className=f"agreement {status_class(a['status'])}")


def agreement_list(agreements: list[dict], *, heading: str = "h3",
                   here: str | None = None) -> html.Ul:
    labels = _labels()
    return html.Ul([agreement_item(a, labels, heading=heading, here=here) for a in agreements],
                   className="agreement-list")


def empty_state(code: str, name: str, logged_in: bool) -> html.Div:
    if logged_in:
        return html.Div([
            html.P(f"Er zijn nog geen afspraken vastgelegd voor {name}."),
            html.P(dcc.Link(ADD_LABEL, href="/afspraak/nieuw?" + urlencode({"regio": code}),
                            className="agreement-add")),
        ], className="agreements-empty")
    return html.Div(html.P(
        f"Er zijn nog geen afspraken vastgelegd voor {name}. Afspraken worden toegevoegd door "
        "de redacteuren van de regio."), className="agreements-empty")


def section_body(code: str) -> list:
    """The list of the region's agreements with badges, or the empty state."""
    region = queries.region(code) or {"region_name": code}
    name = str(region["region_name"]).split(" — ")[0]
    found = statuses(region_agreements(code))
    logged_in = may_add(code)
    if not found:
        return [empty_state(code, name, logged_in)]
    add = (html.P(dcc.Link(ADD_LABEL, href="/afspraak/nieuw?" + urlencode({"regio": code}),
                           className="agreement-add")) if logged_in else None)
    n = {s: sum(a["status"] == s for a in found) for s in STATUSES}
    summary = ", ".join(f"{n[s]} {s}" for s in STATUSES if n[s])
    lists = html.P(["In het overzicht: ",
                    dcc.Link(f"gemeten in {name}", href="/afspraken?" + urlencode({"regio": code})),
                    " · ", dcc.Link(f"{name} als partij",
                                    href="/afspraken?" + urlencode({"partij": code}))])
    return [html.P(f"{len(found)} afspraken waarin {name} de gemeten regio of een partij is: "
                   f"{summary}.", className="caption"),
            agreement_list(found, here=code), lists, add]


def section(code: str) -> html.Section:
    """The frame of the 'Afspraken' section; `fill_section` draws its list on load."""
    return html.Section([
        html.H2("Afspraken", id=ids.AGREEMENTS_HEADING),
        html.Div(html.P("De afspraken worden geladen…", className="caption"),
                 id=ids.AGREEMENTS_BODY, **{"aria-live": "polite"}),
        dcc.Store(id=ids.AGREEMENTS_STATE, data={"region": code}),
    ], className="agreements-section", **{"aria-labelledby": ids.AGREEMENTS_HEADING})


@callback(Output(ids.AGREEMENTS_BODY, "children"), Input(ids.AGREEMENTS_STATE, "data"))
def fill_section(state):
    code = limits.mapping(state).get("region")
    return section_body(code) if isinstance(code, str) else no_update
