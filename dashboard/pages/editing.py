"""Pieces the editing pages (werkgebieden, duiding, beheer) share: nl-NL moments, the feedback
for a refused or failed write (a conflict shows both versions side by side), the history list
with its before/after differences in words, and the login hint. Layout only; no store calls.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from dash import dcc, html

from dashboard import formatting
from dashboard.store import errors

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ACTION_WORDS = {"create": "aangemaakt", "update": "gewijzigd", "delete": "verwijderd",
                "restore": "hersteld", "import": "geïmporteerd", "login": "ingelogd",
                "login_failed": "mislukte inlogpoging", "disable": "uitgeschakeld",
                "reset_password": "wachtwoord opnieuw ingesteld", "rights": "rechten gewijzigd"}
ENTITY_WORDS = {"ambitie": "ambitie", "afspraak": "afspraak", "werkgebied": "werkgebied",
                "duiding": "duiding", "account": "account"}
# Field names as a user reads them; anything else is shown by its own name.
FIELD_WORDS = {"name": "naam", "description": "omschrijving", "members": "gemeenten",
               "text": "tekst", "indicator_id": "indicator", "region_code": "regio",
               "period": "periode", "author_name": "auteur", "organisation": "organisatie",
               "title": "titel", "regions": "regio's", "role": "rol", "active": "actief",
               "email": "e-mailadres", "deleted_at": "verwijderd op", "version": "versie"}
# Bookkeeping that changes with every write: not a difference worth reading.
QUIET_FIELDS = {"version", "updated_at", "created_at", "id"}
# Never shown, whatever a history row or snapshot might hold.
SECRET_WORDS = ("password", "hash", "wachtwoord", "secret", "token")
VALUE_MAX = 300


def moment(value) -> str:
    """A UTC moment (datetime or ISO text) as Amsterdam time: '01-12-2026 14:03'."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def is_secret(key: str) -> bool:
    return any(word in str(key).lower() for word in SECRET_WORDS)


def shown_value(value) -> str:
    """A stored value as short plain text (lists joined, long text cut)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return formatting.number(value, 4).rstrip("0").rstrip(",")
    if isinstance(value, list) and value and all(isinstance(v, dict) and "gemeente_code" in v
                                                 for v in value):
        value = ", ".join(f"{v['gemeente_code']} × {shown_value(v.get('weight', 1))}"
                          for v in value)
    elif isinstance(value, (list, tuple)):
        value = ", ".join(shown_value(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps({k: v for k, v in value.items() if not is_secret(k)},
                           ensure_ascii=False, default=str)
    text = str(value)
    return text if len(text) <= VALUE_MAX else text[:VALUE_MAX - 1] + "…"


def differences(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field that differs, in words; secrets left out."""
    before, after = before or {}, after or {}
    out = []
    for key in dict.fromkeys([*before, *after]):
        if key in QUIET_FIELDS or is_secret(key):
            continue
        old, new = shown_value(before.get(key)), shown_value(after.get(key))
        if old != new:
            out.append((FIELD_WORDS.get(key, key), old, new))
    return out


def difference_list(before: dict | None, after: dict | None) -> html.Ul | html.Span:
    diffs = differences(before, after)
    if not diffs:
        return html.Span("geen inhoudelijke wijziging", className="caption")
    return html.Ul([html.Li([html.Strong(f"{field}: "), html.Span(old, className="diff-old"),
                             " → ", html.Span(new, className="diff-new")])
                    for field, old, new in diffs], className="diff-list")


def entry_text(entry: dict) -> str:
    """'werkgebied WG0003 (Tafel Noord), versie 2: gewijzigd'; an account by its address."""
    what = ENTITY_WORDS.get(entry.get("entity_type"), str(entry.get("entity_type")))
    snapshot = entry.get("after") or entry.get("before") or {}
    ident = f" {entry['entity_id']}" if entry.get("entity_id") is not None else ""
    if snapshot.get("email"):
        ident = f" {snapshot['email']}"
    elif snapshot.get("code"):
        ident = f" {snapshot['code']}"
    name = snapshot.get("title") or (snapshot.get("name") if not snapshot.get("email") else None)
    if name:
        ident += f" ({shown_value(name)[:80]})"
    version = f", versie {entry['version']}" if entry.get("version") else ""
    action = ACTION_WORDS.get(entry.get("action"), str(entry.get("action")))
    return f"{what}{ident}{version}: {action}"


def history_list(entries: list[dict], *, heading: str = "Geschiedenis",
                 with_entity: bool = False) -> html.Section:
    """The history of one object (or several, `with_entity`), newest first as given."""
    if not entries:
        body = html.P("Nog geen geschiedenis.", className="caption")
    else:
        body = html.Ol([html.Li([
            html.Div([html.Strong(moment(e.get("at"))), " · ", e.get("actor_label") or "—",
                      " · ", entry_text(e) if with_entity else
                      ACTION_WORDS.get(e.get("action"), str(e.get("action")))
                      + (f" (versie {e['version']})" if e.get("version") else "")]),
            difference_list(e.get("before"), e.get("after")),
        ]) for e in entries], className="history-list", reversed=True)
    return html.Section([html.H2(heading), body], className="history")


def error_feedback(exc: errors.StoreError) -> html.Div:
    """A refused or failed write in Dutch; a conflict with both versions side by side."""
    parts = [html.P(exc.message)]
    if isinstance(exc, errors.PermissionDenied):
        parts.append(html.P("Wijzigen mag alleen wie is ingelogd met een account voor deze "
                            "regio (of als beheerder). Rechten worden bij het opslaan uit de "
                            "database gelezen; vraag een beheerder als u ze mist.",
                            className="caption"))
    if isinstance(exc, errors.ValidationError) and exc.errors:
        parts.append(field_errors(exc.errors))
    if isinstance(exc, errors.Conflict):
        parts.append(conflict_table(exc.current, exc.attempted))
    return html.Div(parts, className="notice feedback-error", role="alert")


def field_errors(errs: list[tuple[str, str]]) -> html.Ul:
    return html.Ul([html.Li(f"{FIELD_WORDS.get(f, f)}: {m}" if f else m) for f, m in errs],
                   className="field-errors")


def conflict_table(current: dict | None, attempted: dict | None) -> html.Div:
    """The stored version beside the one the user tried to save, field by field."""
    current, attempted = current or {}, attempted or {}
    keys = [k for k in dict.fromkeys([*attempted, *current])
            if k not in QUIET_FIELDS and not is_secret(k) and k in attempted]
    rows = [html.Tr([html.Th(FIELD_WORDS.get(k, k), scope="row"),
                     html.Td(shown_value(current.get(k))), html.Td(shown_value(attempted.get(k))),
                     html.Td("verschilt" if current.get(k) != attempted.get(k) else "gelijk")])
            for k in keys]
    version = current.get("version")
    return html.Div([
        html.P(f"De opgeslagen versie{f' ({version})' if version else ''} is gewijzigd na het "
               "openen van dit formulier. Hieronder beide versies; open het formulier opnieuw om "
               "verder te werken vanaf de opgeslagen versie en neem uw wijzigingen over."),
        html.Table([html.Caption("Opgeslagen versie en uw versie", className="visually-hidden"),
                    html.Thead(html.Tr([html.Th("Veld", scope="col"),
                                        html.Th("Opgeslagen versie", scope="col"),
                                        html.Th("Uw versie", scope="col"),
                                        html.Th("", scope="col")])),
                    html.Tbody(rows)], className="data conflict-table"),
    ], className="conflict")


def success(text: str, link: tuple[str, str] | None = None) -> html.Div:
    extra = [" ", dcc.Link(link[0], href=link[1])] if link else []
    return html.Div(html.P([text, *extra]), className="notice feedback-ok", role="status")


def login_hint(what: str, back: str | None = None) -> html.P:
    """Shown instead of an edit button to a visitor who is not logged in. A plain link:
    /inloggen is a Flask route, not a Dash page."""
    href = "/inloggen" + (f"?{urlencode({'volgende': back})}" if back else "")
    return html.P([html.A("Log in", href=href), f" om {what}."], className="caption login-hint")


def paragraphs(text: str | None) -> list:
    """User text as paragraphs of plain text (never HTML), keeping its line breaks."""
    return [html.P(block, className="user-text") for block in str(text or "").split("\n\n")
            if block.strip()] or [html.P("—")]
