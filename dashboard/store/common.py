"""What every write module shares: value formats of snapshots, structural validation helpers,
and the loader-for-writing that checks the right and the version before anything is changed.

Entity-specific rules stay in the entity's module (agreements, duiding, werkgebieden, accounts).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from dashboard.store import history, rights
from dashboard.store.errors import Conflict, NotFound, ValidationError
from dashboard.store.models import iso, utcnow

__all__ = ["Errors", "check_fields", "iso", "load_for_writing", "soft_delete", "utcnow"]

# Any warehouse region code (GM0363, PO2707, VO2708, JZ01, MC01, PV27, GK03, NL01) or a
# werkgebied (WG0001).
REGION_CODE_RE = re.compile(r"^[A-Z]{2}\d{2,5}$")
MAX_TEXT = 20_000
MAX_LINE = 500
# Fields every snapshot carries that a caller cannot set.
READ_ONLY_FIELDS = frozenset({"id", "version", "deleted_at", "created_at", "updated_at",
                              "created_by", "code"})


class Errors:
    """Collects (field, Dutch message) pairs and raises them together."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, field: str, message: str) -> None:
        self.items.append((field, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)

    def text(self, field: str, value: Any, label: str, *, required: bool,
             max_len: int = MAX_TEXT, nullable: bool = False) -> str | None:
        """A text field: kept exactly as given (no stripping), checked for shape only."""
        if value is None:
            if required:
                self.add(field, f"{label} is verplicht.")
            return None if nullable or required else ""
        if not isinstance(value, str):
            self.add(field, f"{label} moet tekst zijn.")
            return None
        if required and not value.strip():
            self.add(field, f"{label} is verplicht.")
        elif len(value) > max_len:
            self.add(field, f"{label} is te lang ({len(value):,} tekens; hoogstens "
                            f"{max_len:,}).".replace(",", "."))
        elif "\x00" in value:
            self.add(field, f"{label} bevat een ongeldig teken (NUL).")
        return value

    def region(self, field: str, value: Any, label: str = "Regiocode",
               pattern: re.Pattern = REGION_CODE_RE,
               example: str = "GM0363, PO2707, JZ01 of WG0001") -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            self.add(field, f"{label} {value!r} is ongeldig (bijvoorbeeld {example}).")
            return None
        return value

    def regions(self, field: str, value: Any, label: str = "Regio's",
                pattern: re.Pattern = REGION_CODE_RE,
                example: str = "GM0363, PO2707, JZ01 of WG0001") -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            self.add(field, f"{label} moet een lijst van regiocodes zijn.")
            return []
        codes = [self.region(field, v, "Regiocode", pattern, example) for v in value]
        codes = [c for c in codes if c is not None]
        if len(set(codes)) != len(codes):
            self.add(field, f"{label} bevat een code meer dan eens.")
        return codes

    def number(self, field: str, value: Any, label: str, *, required: bool) -> float | None:
        if value is None:
            if required:
                self.add(field, f"{label} is verplicht.")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            self.add(field, f"{label} moet een getal zijn.")
            return None
        return float(value)

    def date(self, field: str, value: Any, label: str) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            self.add(field, f"{label} moet een datum zijn (JJJJ-MM-DD).")
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.add(field, f"{label} moet een datum zijn (JJJJ-MM-DD).")
            return None


def check_fields(errors: Errors, data: dict, allowed: Iterable[str]) -> None:
    if not isinstance(data, dict):
        raise ValidationError([("data", "De gegevens ontbreken.")])
    unknown = sorted(set(data) - set(allowed) - READ_ONLY_FIELDS)
    for field in unknown:
        errors.add(field, f"Onbekend veld: {field}.")


def load_for_writing(s: Session, model, object_id: int, *, actor_id, expected_version: int,
                     regions_of: Callable[[Any], Iterable[str]],
                     snapshot: Callable[[Any], dict], attempted: dict, label: str,
                     deleted: bool = False) -> tuple[Any, dict, dict]:
    """The object locked for writing, after the right on it as stored and its version checked.

    Returns (object, acting user, snapshot before the change). `deleted` says which state the
    write needs: False for update/delete (a live object), True for restore.
    """
    obj = s.get(model, object_id, with_for_update=True, populate_existing=True)
    if obj is None:
        raise NotFound(f"{label} {object_id} bestaat niet.")
    actor = rights.require(s, actor_id, regions_of(obj))
    before = snapshot(obj)
    if expected_version != obj.version:
        raise Conflict(current=before, attempted={**attempted, "id": object_id,
                                                  "version": expected_version})
    if not deleted and obj.deleted_at is not None:
        raise NotFound(f"{label} {object_id} is verwijderd; zet het eerst terug.")
    if deleted and obj.deleted_at is None:
        raise ValidationError([("deleted_at", f"{label} {object_id} is niet verwijderd.")])
    return obj, actor, before


def record_change(s: Session, obj, actor: dict, before: dict,
                  snapshot: Callable[[Any], dict], entity_type: str, action: str) -> dict:
    """Bump a changed loaded-for-writing object's version, flush, and record the change in the
    history in the same transaction; returns the new snapshot."""
    obj.version += 1
    obj.updated_at = utcnow()
    s.flush()
    after = snapshot(obj)
    history.record(s, entity_type=entity_type, entity_id=obj.id, version=obj.version,
                   action=action, actor=actor, before=before, after=after)
    return after


def soft_delete(s: Session, obj, actor: dict, before: dict, snapshot: Callable[[Any], dict],
                entity_type: str, *, restore: bool) -> dict:
    """Mark a loaded-for-writing object deleted (or restore it), bump its version, record it."""
    obj.deleted_at = None if restore else utcnow()
    return record_change(s, obj, actor, before, snapshot, entity_type,
                         "restore" if restore else "delete")
