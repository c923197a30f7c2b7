"""What every agreements page shares: region and indicator labels, Dutch
dates, the logged-in account and its write hints, and reading ids from the address. Layout
pieces and small readers only; no callbacks, no writes."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from dash import dcc, html

from dashboard import auth, queries, store

STATUSES = ("behaald", "op koers", "achter", "niet te beoordelen")
LOCAL_TZ = ZoneInfo("Europe/Amsterdam")
WERKGEBIED = re.compile(r"WG\d{4,5}")
MAX_ID = 2**31 - 1


def slug(status: str) -> str:
    """'op koers' -> 'op-koers' (for CSS classes and the address)."""
    return status.replace(" ", "-")


def status_from_text(text: str) -> str | None:
    """The status a query-string value names ('op-koers', 'op koers', 'Achter'), or None."""
    cleaned = re.sub(r"[-_+ ]+", " ", str(text).strip().lower())
    return cleaned if cleaned in STATUSES else None


def parse_id(text) -> int | None:
    """A positive database id from the address ('12'); None for anything else."""
    text = str(text or "").strip()
    if not re.fullmatch(r"\d{1,10}", text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def werkgebied(code: str) -> dict | None:
    """A live werkgebied by code, or None."""
    if not WERKGEBIED.fullmatch(code or ""):
        return None
    with store.session(readonly=True) as s:
        found = store.werkgebieden.by_code(s, code)
    return found if found and not found.get("deleted_at") else None


def werkgebied_members(code: str) -> list[dict] | None:
    """The members [{gemeente_code, weight}] of a werkgebied code (validation asks this)."""
    found = werkgebied(code)
    return list(found["members"]) if found else None


def region_name(code: str) -> str:
    """'Amsterdam' for GM0363, a werkgebied's name for WG0001, else the code itself."""
    region = queries.region(code or "")
    if region:
        return str(region["region_name"])
    found = werkgebied(code)
    return str(found["name"]) if found else str(code)


def region_label(code: str) -> str:
    """'Amsterdam (GM0363)'; an SWV's name already starts with its code."""
    name = region_name(code)
    return name if name.startswith(code) else f"{name} ({code})"


def region_href(code: str) -> str | None:
    levels = {"gemeente": "/gemeente/", "swv_po": "/swv/", "swv_vo": "/swv/",
              "jeugdregio": "/jeugdregio/"}
    region = queries.region(code or "")
    if region and region["region_level"] in levels:
        return levels[region["region_level"]] + code
    if WERKGEBIED.fullmatch(code or ""):
        return f"/werkgebied/{code}"
    return None


def region_link(code: str):
    href = region_href(code)
    return dcc.Link(region_label(code), href=href) if href else html.Span(region_label(code))


def indicator_label(indicator_id: str) -> str:
    ind = queries.indicator(indicator_id or "")
    return str(ind["label"]) if ind else str(indicator_id)


def nl_date(value) -> str:
    """'2026-03-01' -> '01-03-2026'; empty when there is no date."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day.strftime("%d-%m-%Y")


def nl_datetime(value) -> str:
    """A UTC moment as Dutch local time: '01-12-2026 14:03'."""
    if not value:
        return ""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_TZ).strftime("%d-%m-%Y %H:%M")


def account() -> dict | None:
    """The logged-in account ({id, email, name, role, regions}) or None."""
    return auth.current_account()


def can_write(regions) -> bool:
    """A hint for showing edit buttons; the store checks again on every write."""
    actor_id = auth.current_actor_id()
    if actor_id is None:
        return False
    with store.session(readonly=True) as s:
        return store.rights.can_write(s, actor_id, list(regions))


def agreement_regions(agreement: dict) -> list[str]:
    return sorted({agreement.get("region_code") or "", *(agreement.get("parties") or [])} - {""})


def not_found(what: str = "afspraak", ref: str = "") -> html.Div:
    """The Dutch not-found text (the page answers 200 with it)."""
    shown = str(ref)[:40] + ("…" if len(str(ref)) > 40 else "")
    return html.Div([
        html.H1(f"Deze {what} bestaat niet"),
        html.P(f"Er is geen {what} met nummer “{shown}”." if shown else
               f"Het adres noemt geen {what}."),
        html.P(dcc.Link("Naar alle afspraken", href="/afspraken")),
    ], className="not-found")
