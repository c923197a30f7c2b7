"""Werkgebieden: regions users compose from (parts of) gemeenten, coded WG0001, WG0002, … from
their id. The only functions that write them; each checks the right on the werkgebied and its
members, writes and records history in one transaction. Their figures are computed by
`dashboard/queries/werkgebied.py`, not here."""

from __future__ import annotations

import builtins
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.store import history as _history
from dashboard.store import rights
from dashboard.store.common import (
    READ_ONLY_FIELDS,
    Errors,
    check_fields,
    iso,
    load_for_writing,
    record_change,
    soft_delete,
    utcnow,
)
from dashboard.store.models import Werkgebied

FIELDS = ("name", "description", "members")
GEMEENTE_RE = re.compile(r"^GM\d{4}$")
MAX_MEMBERS = 1000


def code_for(werkgebied_id: int) -> str:
    """The code of a werkgebied: 'WG' and its id in four digits (WG0001)."""
    return f"WG{werkgebied_id:04d}"


def snapshot(w: Werkgebied) -> dict:
    """A werkgebied as a plain JSON-able dict."""
    return {"id": w.id, "code": w.code, "version": w.version, "deleted_at": iso(w.deleted_at),
            "created_at": iso(w.created_at), "updated_at": iso(w.updated_at),
            "name": w.name, "description": w.description,
            "members": [dict(m) for m in w.members or []]}


def regions_of(w: Werkgebied | dict) -> set[str]:
    """Its own code and its member gemeenten: their redacteuren may write it."""
    code = w.get("code") if isinstance(w, dict) else w.code
    members = w["members"] if isinstance(w, dict) else w.members or []
    return {m["gemeente_code"] for m in members} | ({code} if code else set())


def _members(errors: Errors, value) -> builtins.list[dict]:
    if not isinstance(value, builtins.list | tuple) or not value:
        errors.add("members", "Een werkgebied heeft minstens één gemeente.")
        return []
    if len(value) > MAX_MEMBERS:
        errors.add("members", f"Een werkgebied heeft hoogstens {MAX_MEMBERS} gemeenten.")
        return []
    out = []
    for m in value:
        if not isinstance(m, dict) or set(m) != {"gemeente_code", "weight"}:
            errors.add("members", "Een lid heeft precies een gemeente_code en een weight.")
            continue
        code = errors.region("members", m["gemeente_code"], "Gemeentecode", GEMEENTE_RE,
                             "GM0363")
        weight = errors.number("members", m["weight"], f"Gewicht van {code}", required=True)
        if weight is not None and not 0 < weight <= 1:
            errors.add("members", f"Gewicht van {code} moet groter dan 0 en hoogstens 1 zijn.")
        if code is not None and any(o["gemeente_code"] == code for o in out):
            errors.add("members", f"{code} staat er twee keer in.")
        out.append({"gemeente_code": code, "weight": weight})
    return out


def _clean(data: dict, base: dict | None = None) -> dict:
    errors = Errors()
    check_fields(errors, data, FIELDS)
    merged = {**(base or {}), **{k: v for k, v in data.items() if k not in READ_ONLY_FIELDS}}
    clean = {"name": errors.text("name", merged.get("name"), "Naam", required=True,
                                 max_len=200),
             "description": errors.text("description", merged.get("description"),
                                        "Beschrijving", required=False),
             "members": _members(errors, merged.get("members"))}
    errors.raise_if_any()
    return clean


def create(s: Session, *, actor_id, data: dict) -> dict:
    """A new werkgebied; the right is needed on one of its member gemeenten."""
    clean = _clean(data)
    actor = rights.require(s, actor_id, regions_of(clean))
    now = utcnow()
    w = Werkgebied(**clean, version=1, created_at=now, updated_at=now)
    s.add(w)
    s.flush()
    w.code = code_for(w.id)
    s.flush()
    after = snapshot(w)
    _history.record(s, entity_type="werkgebied", entity_id=w.id, version=1, action="create",
                    actor=actor, before=None, after=after)
    return after


def _load(s, werkgebied_id, actor_id, expected_version, attempted, *, deleted=False):
    return load_for_writing(s, Werkgebied, werkgebied_id, actor_id=actor_id,
                            expected_version=expected_version, regions_of=regions_of,
                            snapshot=snapshot, attempted=attempted, label="Werkgebied",
                            deleted=deleted)


def update(s: Session, *, actor_id, werkgebied_id: int, expected_version: int,
           data: dict) -> dict:
    """Change a werkgebied; the right is needed on it as stored and as it will be."""
    w, actor, before = _load(s, werkgebied_id, actor_id, expected_version, data)
    clean = _clean(data, {k: before[k] for k in FIELDS})
    rights.require(s, actor_id, regions_of({**clean, "code": w.code}))
    for key, value in clean.items():
        setattr(w, key, value)
    return record_change(s, w, actor, before, snapshot, "werkgebied", "update")


def delete(s: Session, *, actor_id, werkgebied_id: int, expected_version: int) -> dict:
    """Mark a werkgebied deleted (its code is never given to another one)."""
    w, actor, before = _load(s, werkgebied_id, actor_id, expected_version,
                             {"action": "delete"})
    return soft_delete(s, w, actor, before, snapshot, "werkgebied", restore=False)


def restore(s: Session, *, actor_id, werkgebied_id: int, expected_version: int) -> dict:
    """Bring a deleted werkgebied back."""
    w, actor, before = _load(s, werkgebied_id, actor_id, expected_version,
                             {"action": "restore"}, deleted=True)
    return soft_delete(s, w, actor, before, snapshot, "werkgebied", restore=True)


def get(s: Session, werkgebied_id: int, *, include_deleted: bool = False) -> dict | None:
    w = s.get(Werkgebied, werkgebied_id)
    if w is None or (w.deleted_at is not None and not include_deleted):
        return None
    return snapshot(w)


def by_code(s: Session, code: str, *, include_deleted: bool = False) -> dict | None:
    """The werkgebied with this code (WG0001), or None."""
    w = s.scalars(select(Werkgebied).where(Werkgebied.code == code)).one_or_none()
    if w is None or (w.deleted_at is not None and not include_deleted):
        return None
    return snapshot(w)


def list(s: Session, *, include_deleted: bool = False) -> builtins.list[dict]:
    """Werkgebieden by code."""
    query = select(Werkgebied).order_by(Werkgebied.id)
    if not include_deleted:
        query = query.where(Werkgebied.deleted_at.is_(None))
    return [snapshot(w) for w in s.scalars(query)]


def history(s: Session, werkgebied_id: int) -> builtins.list[dict]:
    """Every change of a werkgebied, newest first."""
    return _history.for_entity(s, "werkgebied", werkgebied_id)
