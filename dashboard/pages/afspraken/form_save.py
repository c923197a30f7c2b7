"""What the agreement form's Opslaan does: read the typed values into an agreement, check it
(`afspraken.validation`), then create or update it through the store with the version the
form opened with. Errors come back per field; a conflict shows both versions and saves nothing;
a refused right says why."""

from __future__ import annotations

import re

from dash import dcc, html

from dashboard import auth, store
from dashboard.afspraken import validation
from dashboard.pages.afspraken import common, form_targets, history_view
from dashboard.pages.afspraken import form_fields as ff

TARGET_FIELD = re.compile(r"targets\[(\d+)\]\.(\w+)")


def collect(values: dict, slots: list[dict], hidden: list, state: dict) -> tuple[dict, list]:
    """(the agreement as typed, slot index of each target). `slots`: per slot its field texts;
    a hidden or empty slot is no target."""
    region = ff.region_code(values.get("region_code"))
    targets, used = [], []
    stored = state.get("targets") or []
    for i, (typed, is_hidden) in enumerate(zip(slots, hidden, strict=True)):
        if is_hidden or not any(str(typed.get(f) or "").strip() for f in form_targets.FIELDS):
            continue
        target = form_targets.draft(typed)
        targets.append(form_targets.keep_baseline(
            target, stored[i] if i < len(stored) else None, region, state.get("region")))
        used.append(i)
    data = {"ambitie_id": ff.ambitie_id(values.get("ambitie_id")),
            "title": values.get("title") or "", "text": values.get("text") or "",
            "region_code": region, "parties": [c.upper() for c in ff.lines(values.get("parties"))],
            "partners": ff.lines(values.get("partners")), "targets": targets,
            "manual_status": values.get("manual_status") or None,
            "manual_justification": values.get("manual_justification") or None,
            "oogo_date": values.get("oogo_date") or None,
            "review_date": values.get("review_date") or None}
    return data, used


def _slot_field(field: str, used: list[int]) -> str:
    """A validation field name with the target position turned into its form slot."""
    match = TARGET_FIELD.fullmatch(field)
    if match and int(match.group(1)) < len(used):
        return f"targets[{used[int(match.group(1))]}].{match.group(2)}"
    return field


def _ambitie_error(s, value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) or store.agreements.get_ambitie(s, value) is None:
        return "Deze ambitie bestaat niet; kies er een uit de lijst of laat het veld leeg."
    return None


def check(data: dict, used: list[int]) -> tuple[dict, list[tuple[str, str]]]:
    """(clean agreement, [(form field, Dutch message)])."""
    clean, errors = validation.agreement(data, werkgebied_members=common.werkgebied_members)
    with store.session(readonly=True) as s:
        why = _ambitie_error(s, data["ambitie_id"])
    if why:
        errors = [*errors, ("ambitie_id", why)]
    clean["ambitie_id"] = None if why else data["ambitie_id"]
    return clean, [(_slot_field(f, used), m) for f, m in errors]


def save(state: dict, clean: dict) -> dict:
    """Create or update; {'saved': snapshot} or {'errors': [...]} / {'message': component}."""
    actor_id = auth.current_actor_id()
    try:
        with store.session() as s:
            if state.get("mode") == "edit":
                saved = store.agreements.update(
                    s, actor_id=actor_id, agreement_id=int(state["id"]),
                    expected_version=int(state["version"]), data=clean)
            else:
                saved = store.agreements.create(s, actor_id=actor_id, data=clean)
    except store.errors.Conflict as exc:
        return {"message": conflict(exc.current, clean)}
    except store.errors.ValidationError as exc:
        return {"errors": list(exc.errors)}
    except store.errors.StoreError as exc:
        return {"message": html.P(f"Niet opgeslagen: {exc.message}")}
    except (KeyError, TypeError, ValueError):
        return {"message": html.P("Niet opgeslagen: dit formulier is verouderd; laad de pagina "
                                  "opnieuw.")}
    return {"saved": saved}


FIELD_LABELS = {**history_view.FIELDS, "version": "versie"}


def _version_list(a: dict) -> html.Dl:
    items = []
    for key in ("title", "text", "region_code", "parties", "partners", "manual_status",
                "manual_justification", "oogo_date", "review_date"):
        value = a.get(key)
        shown = "; ".join(value) if isinstance(value, list) else str(value or "")
        items += [html.Dt(FIELD_LABELS[key]), html.Dd(shown or "leeg", dir="auto")]
    targets = a.get("targets") or []
    items += [html.Dt("doelen"), html.Dd("; ".join(
        f"{common.indicator_label(t.get('indicator_id'))}: "
        f"{form_targets.number_text(t.get('target_value'))} in {t.get('target_period')}"
        for t in targets) or "geen")]
    return html.Dl(items, className="afspraak-facts")


def conflict(current: dict, attempted: dict) -> html.Div:
    """Both versions side by side: what you typed, and what is stored now (and who saved it)."""
    with store.session(readonly=True) as s:
        entries = store.agreements.history(s, current["id"]) if current.get("id") else []
    last = entries[0] if entries else {}
    who = history_view.actor(last.get("actor_label"), with_email=True)
    return html.Div([
        html.P(html.Strong("Niet opgeslagen: iemand anders heeft deze afspraak gewijzigd "
                           "nadat u het formulier opende.")),
        html.P(f"De opgeslagen versie {current.get('version')} is gewijzigd door {who} op "
               f"{common.nl_datetime(last.get('at') or current.get('updated_at'))}. Er is niets "
               "overschreven. Neem uw wijzigingen over in de opgeslagen versie:"),
        html.Div([html.Section([html.H3("Uw versie (niet opgeslagen)"),
                                _version_list(attempted)], **{"aria-label": "Uw versie"}),
                  html.Section([html.H3(f"Opgeslagen versie {current.get('version')}"),
                                _version_list(current)],
                               **{"aria-label": "Opgeslagen versie"})],
                 className="conflict-panel"),
        html.P(dcc.Link("Open de opgeslagen versie om opnieuw te bewerken",
                        href=f"/afspraak/{current.get('id')}/bewerken", refresh=True)),
    ], className="conflict")
