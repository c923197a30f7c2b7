"""The history of an agreement or ambitie as Dutch text: who changed what when, newest first
("gewijzigd door … op …" with the fields that changed). Reads store history entries only."""

from __future__ import annotations

import re

from dash import html

from dashboard.pages.afspraken import common

ACTIONS = {"create": "aangemaakt", "update": "gewijzigd", "delete": "verwijderd",
           "restore": "hersteld", "import": "ingelezen uit een bestand"}
FIELDS = {"title": "titel", "text": "tekst", "ambitie_id": "ambitie", "region_code": "regio",
          "parties": "partijen", "partners": "overige partners", "targets": "doelen",
          "manual_status": "handmatige status", "manual_justification": "onderbouwing",
          "oogo_date": "OOGO-datum", "review_date": "evaluatiedatum", "regions": "regio's",
          "deleted_at": "verwijderd"}
SHORT = 80
EMAIL = re.compile(r"\s*<[^<>]*>\s*$")


def actor(label: str | None, *, with_email: bool) -> str:
    """The actor as recorded ('Naam <email>'); without the address for visitors who are not
    logged in, so the public page does not hand out e-mail addresses."""
    label = label or "onbekend"
    return label if with_email else EMAIL.sub("", label) or "onbekend"


def _short(value) -> str:
    if value is None or value == "" or value == []:
        return "leeg"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return f"‘{text[:SHORT]}{'…' if len(text) > SHORT else ''}’"


def _target_words(before: list, after: list) -> str:
    old = {t.get("indicator_id") for t in before or []}
    new = {t.get("indicator_id") for t in after or []}
    parts = []
    if new - old:
        parts.append("toegevoegd: " + ", ".join(sorted(common.indicator_label(i)
                                                       for i in new - old)))
    if old - new:
        parts.append("weggehaald: " + ", ".join(sorted(common.indicator_label(i)
                                                       for i in old - new)))
    return "doelen " + ("; ".join(parts) if parts else "aangepast (waarden of perioden)")


def changes(before: dict | None, after: dict | None) -> list[str]:
    """'titel: ‘oud’ → ‘nieuw’' per changed field, in the order of FIELDS."""
    if not before or not after:
        return []
    out = []
    for key, label in FIELDS.items():
        if key in ("deleted_at",) or before.get(key) == after.get(key):
            continue
        if key == "targets":
            out.append(_target_words(before.get(key), after.get(key)))
        elif key in ("oogo_date", "review_date"):
            out.append(f"{label}: {common.nl_date(before.get(key)) or 'leeg'} → "
                       f"{common.nl_date(after.get(key)) or 'leeg'}")
        else:
            out.append(f"{label}: {_short(before.get(key))} → {_short(after.get(key))}")
    return out


def last_action(entries: list[dict], action: str) -> dict | None:
    return next((e for e in entries if e.get("action") == action), None)


def history_list(entries: list[dict], *, with_email: bool) -> html.Section:
    items = []
    for e in entries:
        verb = ACTIONS.get(e.get("action"), str(e.get("action")))
        head = (f"Versie {e.get('version')}: {verb} door "
                f"{actor(e.get('actor_label'), with_email=with_email)} op "
                f"{common.nl_datetime(e.get('at'))}")
        details = changes(e.get("before"), e.get("after")) if e.get("action") in (
            "update", "import") else []
        items.append(html.Li([html.Span(head, dir="auto"),
                              html.Ul([html.Li(d, dir="auto") for d in details],
                                      className="history-changes") if details else None]))
    return html.Section([
        html.H2("Geschiedenis"),
        html.Ol(items, className="history-list", reversed=True) if items else
        html.P("Nog geen wijzigingen vastgelegd.", className="caption"),
    ], className="afspraak-history", **{"aria-label": "Geschiedenis"})
