"""The append-only audit trail: one row per change, written in the change's own transaction.

Rows hold JSON snapshots before and after, the actor as they were called at the time, and the
UTC moment. They never hold a password or a password hash.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.store.models import ACTIONS, ENTITY_TYPES, History, iso, utcnow

ANONYMOUS_LABEL = "anoniem"


def record(s: Session, *, entity_type: str, entity_id: int | None, version: int | None,
           action: str, actor: dict | None, before: dict | None, after: dict | None) -> dict:
    """Add a history row to the session's transaction (flushed with the change itself)."""
    if entity_type not in ENTITY_TYPES or action not in ACTIONS:
        raise ValueError(f"unknown history entry {entity_type}/{action}")
    for snapshot in (before, after):
        if snapshot and ("password" in snapshot or "password_hash" in snapshot):
            raise ValueError("a password never goes into the history")
    row = History(entity_type=entity_type, entity_id=entity_id, version=version, action=action,
                  actor_id=actor["id"] if actor else None,
                  actor_label=actor["label"] if actor else ANONYMOUS_LABEL,
                  at=utcnow(), before=before, after=after)
    s.add(row)
    s.flush()
    return entry(row)


def entry(row: History) -> dict:
    return {"id": row.id, "entity_type": row.entity_type, "entity_id": row.entity_id,
            "version": row.version, "action": row.action, "actor_id": row.actor_id,
            "actor_label": row.actor_label, "at": iso(row.at), "before": row.before,
            "after": row.after}


def recent(s: Session, *, limit: int = 200, entity_type: str | None = None) -> list[dict]:
    """The latest history rows, newest first, optionally of one entity type."""
    query = select(History).order_by(History.id.desc()).limit(limit)
    if entity_type is not None:
        query = query.where(History.entity_type == entity_type)
    return [entry(row) for row in s.scalars(query)]


def for_entity(s: Session, entity_type: str, entity_id: int) -> list[dict]:
    """Every history row of one object, newest first."""
    query = (select(History).where(History.entity_type == entity_type,
                                   History.entity_id == entity_id)
             .order_by(History.id.desc()))
    return [entry(row) for row in s.scalars(query)]
