"""Duiding: explanations users write beside a figure (an indicator in a region, optionally one
period). The only functions that write them; each checks the right on the region, writes and
records history in one transaction."""

from __future__ import annotations

import builtins

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
from dashboard.store.models import Duiding

FIELDS = ("indicator_id", "region_code", "period", "text", "author_name", "organisation")


def snapshot(d: Duiding) -> dict:
    """A duiding as a plain JSON-able dict."""
    return {"id": d.id, "version": d.version, "deleted_at": iso(d.deleted_at),
            "created_at": iso(d.created_at), "updated_at": iso(d.updated_at),
            "created_by": d.created_by, "indicator_id": d.indicator_id,
            "region_code": d.region_code, "period": d.period, "text": d.text,
            "author_name": d.author_name, "organisation": d.organisation}


def regions_of(d: Duiding | dict) -> set[str]:
    return {d["region_code"] if isinstance(d, dict) else d.region_code}


def _clean(data: dict, base: dict | None = None) -> dict:
    errors = Errors()
    check_fields(errors, data, FIELDS)
    merged = {**(base or {}), **{k: v for k, v in data.items() if k not in READ_ONLY_FIELDS}}
    clean = {
        "indicator_id": errors.text("indicator_id", merged.get("indicator_id"), "Indicator",
                                    required=True, max_len=100),
        "region_code": errors.region("region_code", merged.get("region_code")),
        "period": errors.text("period", merged.get("period") or None, "Periode",
                              required=False, max_len=40, nullable=True),
        "text": errors.text("text", merged.get("text"), "Tekst", required=True),
        "author_name": errors.text("author_name", merged.get("author_name"), "Naam",
                                   required=False, max_len=200),
        "organisation": errors.text("organisation", merged.get("organisation"), "Organisatie",
                                    required=False, max_len=200),
    }
    errors.raise_if_any()
    return clean


def create(s: Session, *, actor_id, data: dict) -> dict:
    """A new duiding; author and organisation default to the acting user's."""
    clean = _clean(data)
    actor = rights.require(s, actor_id, regions_of(clean))
    clean["author_name"] = clean["author_name"] or actor["name"]
    clean["organisation"] = clean["organisation"] or actor["organisation"]
    now = utcnow()
    d = Duiding(**clean, version=1, created_at=now, updated_at=now, created_by=actor["id"])
    s.add(d)
    s.flush()
    after = snapshot(d)
    _history.record(s, entity_type="duiding", entity_id=d.id, version=1, action="create",
                    actor=actor, before=None, after=after)
    return after


def _load(s, duiding_id, actor_id, expected_version, attempted, *, deleted=False):
    return load_for_writing(s, Duiding, duiding_id, actor_id=actor_id,
                            expected_version=expected_version, regions_of=regions_of,
                            snapshot=snapshot, attempted=attempted, label="Duiding",
                            deleted=deleted)


def update(s: Session, *, actor_id, duiding_id: int, expected_version: int, data: dict) -> dict:
    """Change a duiding; the right is needed on its region as stored and as it will be."""
    d, actor, before = _load(s, duiding_id, actor_id, expected_version, data)
    clean = _clean(data, {k: before[k] for k in FIELDS})
    rights.require(s, actor_id, regions_of(clean))
    for key, value in clean.items():
        setattr(d, key, value)
    return record_change(s, d, actor, before, snapshot, "duiding", "update")


def delete(s: Session, *, actor_id, duiding_id: int, expected_version: int) -> dict:
    """Mark a duiding deleted (it stays, with its history, and can be restored)."""
    d, actor, before = _load(s, duiding_id, actor_id, expected_version, {"action": "delete"})
    return soft_delete(s, d, actor, before, snapshot, "duiding", restore=False)


def restore(s: Session, *, actor_id, duiding_id: int, expected_version: int) -> dict:
    """Bring a deleted duiding back."""
    d, actor, before = _load(s, duiding_id, actor_id, expected_version, {"action": "restore"},
                             deleted=True)
    return soft_delete(s, d, actor, before, snapshot, "duiding", restore=True)


def get(s: Session, duiding_id: int, *, include_deleted: bool = False) -> dict | None:
    d = s.get(Duiding, duiding_id)
    if d is None or (d.deleted_at is not None and not include_deleted):
        return None
    return snapshot(d)


def for_figures(s: Session, *, region_codes: builtins.list[str],
                indicator_ids: builtins.list[str] | None = None) -> builtins.list[dict]:
    """Live duiding of these regions (and indicators), by indicator and region, newest first."""
    if not region_codes or indicator_ids == []:
        return []
    query = (select(Duiding)
             .where(Duiding.deleted_at.is_(None),
                    Duiding.region_code.in_(builtins.list(region_codes)))
             .order_by(Duiding.indicator_id, Duiding.region_code, Duiding.id.desc()))
    if indicator_ids is not None:
        query = query.where(Duiding.indicator_id.in_(builtins.list(indicator_ids)))
    return [snapshot(d) for d in s.scalars(query)]


def list(s: Session, *, region: str | None = None, indicator: str | None = None,
         include_deleted: bool = False) -> builtins.list[dict]:
    """Duiding newest first, optionally of one region and/or indicator."""
    query = select(Duiding).order_by(Duiding.id.desc())
    if not include_deleted:
        query = query.where(Duiding.deleted_at.is_(None))
    if region is not None:
        query = query.where(Duiding.region_code == region)
    if indicator is not None:
        query = query.where(Duiding.indicator_id == indicator)
    return [snapshot(d) for d in s.scalars(query)]


def history(s: Session, duiding_id: int) -> builtins.list[dict]:
    """Every change of a duiding, newest first."""
    return _history.for_entity(s, "duiding", duiding_id)
