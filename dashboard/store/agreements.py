"""Ambities and afspraken (agreements) with their targets (afspraak_doelen): the only functions
that write them, each checking the right, writing and recording history in one transaction.

Checks here are structural; what needs the warehouse is in `dashboard/afspraken/validation.py`.
"""

from __future__ import annotations

import builtins
import math

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.store import history as _history
from dashboard.store import rights
from dashboard.store.common import (
    MAX_LINE,
    READ_ONLY_FIELDS,
    Errors,
    check_fields,
    iso,
    load_for_writing,
    record_change,
    soft_delete,
    utcnow,
)
from dashboard.store.models import MANUAL_STATUSES, Afspraak, AfspraakDoel, Ambitie

AGREEMENT_FIELDS = ("ambitie_id", "title", "text", "region_code", "parties", "partners",
                    "targets", "manual_status", "manual_justification", "oogo_date",
                    "review_date")
TARGET_FIELDS = ("indicator_id", "baseline_period", "baseline_value", "baseline_flags",
                 "target_value", "target_period", "milestones")
AMBITIE_FIELDS = ("title", "text", "regions")
# Flags of a baseline taken from the warehouse, with the JSON types each must have.
FLAG_TYPES = {"lower_bound": (bool,), "demo": (bool,), "status": (str,), "source": (str,),
              "value_low": (int, float), "value_high": (int, float), "taken_at": (str,),
              "build_id": (str,)}
MAX_TITLE = 500
MAX_TARGETS = 50
MAX_LIST = 200
CREATE_ACTIONS = ("create", "import")
UPDATE_ACTIONS = ("update", "import")


# -- snapshots ---------------------------------------------------------------------------------
def _target_snapshot(t: AfspraakDoel) -> dict:
    return {"indicator_id": t.indicator_id, "baseline_period": t.baseline_period,
            "baseline_value": t.baseline_value, "baseline_flags": t.baseline_flags or {},
            "target_value": t.target_value, "target_period": t.target_period,
            "milestones": t.milestones or []}


def snapshot(a: Afspraak) -> dict:
    """An agreement as a plain JSON-able dict (dates as ISO text)."""
    return {"id": a.id, "version": a.version, "deleted_at": iso(a.deleted_at),
            "created_at": iso(a.created_at), "updated_at": iso(a.updated_at),
            "ambitie_id": a.ambitie_id, "title": a.title, "text": a.text,
            "region_code": a.region_code, "parties": builtins.list(a.parties or []),
            "partners": builtins.list(a.partners or []),
            "targets": [_target_snapshot(t) for t in a.targets],
            "manual_status": a.manual_status, "manual_justification": a.manual_justification,
            "oogo_date": iso(a.oogo_date), "review_date": iso(a.review_date)}


def ambitie_snapshot(a: Ambitie) -> dict:
    return {"id": a.id, "version": a.version, "deleted_at": iso(a.deleted_at),
            "created_at": iso(a.created_at), "updated_at": iso(a.updated_at),
            "title": a.title, "text": a.text, "regions": builtins.list(a.regions or [])}


def regions_of(a: Afspraak | dict) -> set[str]:
    """The regions whose redacteuren may write an agreement: where it is measured, and parties."""
    if isinstance(a, dict):
        return {a["region_code"], *a["parties"]}
    return {a.region_code, *(a.parties or [])}


def _ambitie_regions(a: Ambitie | dict) -> set[str]:
    return set(a["regions"] if isinstance(a, dict) else a.regions or [])


def _editable(full: dict, fields) -> dict:
    return {k: full[k] for k in fields}


# -- validation --------------------------------------------------------------------------------
def _text_list(errors: Errors, field: str, value, label: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, builtins.list | tuple) or len(value) > MAX_LIST:
        errors.add(field, f"{label} moet een lijst van hoogstens {MAX_LIST} teksten zijn.")
        return []
    return [errors.text(field, v, label, required=True, max_len=MAX_LINE) for v in value]


def _flags(errors: Errors, field: str, value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(field, "De kenmerken van de basiswaarde moeten een object zijn.")
        return {}
    for key, flag in value.items():
        if not isinstance(key, str) or len(key) > 50:
            errors.add(field, "Onbekend kenmerk van de basiswaarde.")
        elif flag is not None and not isinstance(flag, str | int | float | bool):
            errors.add(field, f"Kenmerk {key} van de basiswaarde moet een enkele waarde zijn.")
        elif (flag is not None and key in FLAG_TYPES
              and not (isinstance(flag, FLAG_TYPES[key])
                       and (bool in FLAG_TYPES[key] or not isinstance(flag, bool)))):
            errors.add(field, f"Kenmerk {key} van de basiswaarde heeft het verkeerde type.")
        elif isinstance(flag, float) and not math.isfinite(flag):
            errors.add(field, f"Kenmerk {key} van de basiswaarde moet een getal zijn.")
    return dict(value)


def _milestones(errors: Errors, field: str, value) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, builtins.list | tuple) or len(value) > MAX_LIST:
        errors.add(field, "Mijlpalen moeten een lijst van {periode, waarde} zijn.")
        return []
    out = []
    for m in value:
        if not isinstance(m, dict) or set(m) != {"period", "value"}:
            errors.add(field, "Een mijlpaal heeft precies een periode en een waarde.")
            continue
        period = errors.text(field, m["period"], "Periode van een mijlpaal", required=True,
                             max_len=40)
        out.append({"period": period,
                    "value": errors.number(field, m["value"], "Waarde van een mijlpaal",
                                           required=True)})
    return out


def _target(errors: Errors, i: int, value) -> dict:
    prefix = f"targets[{i}]"
    if not isinstance(value, dict):
        errors.add(prefix, "Een doel moet een object zijn.")
        return {}
    for key in sorted(set(value) - set(TARGET_FIELDS) - {"id", "afspraak_id"}):
        errors.add(f"{prefix}.{key}", f"Onbekend veld van een doel: {key}.")
    return {
        "indicator_id": errors.text(f"{prefix}.indicator_id", value.get("indicator_id"),
                                    "Indicator", required=True, max_len=100),
        "baseline_period": errors.text(f"{prefix}.baseline_period",
                                       value.get("baseline_period"), "Basisperiode",
                                       required=False, max_len=40, nullable=True),
        "baseline_value": errors.number(f"{prefix}.baseline_value", value.get("baseline_value"),
                                        "Basiswaarde", required=False),
        "baseline_flags": _flags(errors, f"{prefix}.baseline_flags",
                                 value.get("baseline_flags")),
        "target_value": errors.number(f"{prefix}.target_value", value.get("target_value"),
                                      "Streefwaarde", required=True),
        "target_period": errors.text(f"{prefix}.target_period", value.get("target_period"),
                                     "Streefperiode", required=True, max_len=40),
        "milestones": _milestones(errors, f"{prefix}.milestones", value.get("milestones")),
    }


def _clean(s: Session, data: dict, base: dict | None = None) -> dict:
    """The agreement to store: `base` (the stored one) with `data` laid over it, checked."""
    errors = Errors()
    check_fields(errors, data, AGREEMENT_FIELDS)
    merged = {**(base or {}), **{k: v for k, v in data.items() if k not in READ_ONLY_FIELDS}}
    clean = {
        "title": errors.text("title", merged.get("title"), "Titel", required=True,
                             max_len=MAX_TITLE),
        "text": errors.text("text", merged.get("text"), "Tekst", required=False),
        "region_code": errors.region("region_code", merged.get("region_code")),
        "parties": errors.regions("parties", merged.get("parties"), "Partijen"),
        "partners": _text_list(errors, "partners", merged.get("partners"), "Partner"),
        "manual_status": merged.get("manual_status"),
        "manual_justification": errors.text(
            "manual_justification", merged.get("manual_justification"), "Onderbouwing",
            required=False, nullable=True),
        "oogo_date": errors.date("oogo_date", merged.get("oogo_date"), "OOGO-datum"),
        "review_date": errors.date("review_date", merged.get("review_date"), "Evaluatiedatum"),
        "ambitie_id": merged.get("ambitie_id"),
    }
    if clean["manual_status"] is not None and clean["manual_status"] not in MANUAL_STATUSES:
        errors.add("manual_status", f"Onbekende status {clean['manual_status']!r}; kies uit: "
                                    + ", ".join(MANUAL_STATUSES) + ".")
    targets = merged.get("targets") or []
    if not isinstance(targets, builtins.list | tuple) or len(targets) > MAX_TARGETS:
        errors.add("targets", f"Doelen moeten een lijst van hoogstens {MAX_TARGETS} zijn.")
        targets = []
    clean["targets"] = [_target(errors, i, t) for i, t in enumerate(targets)]
    if not targets and (clean["manual_status"] is None
                        or not (clean["manual_justification"] or "").strip()):
        errors.add("manual_status", "Een afspraak zonder doel met een indicator vraagt om een "
                                    "handmatige status met onderbouwing.")
    ambitie_id = clean["ambitie_id"]
    if ambitie_id is not None:
        found = (s.get(Ambitie, ambitie_id)
                 if isinstance(ambitie_id, int) and not isinstance(ambitie_id, bool) else None)
        if found is None or found.deleted_at is not None:
            errors.add("ambitie_id", f"Ambitie {ambitie_id!r} bestaat niet.")
    errors.raise_if_any()
    return clean


def _clean_ambitie(data: dict, base: dict | None = None) -> dict:
    errors = Errors()
    check_fields(errors, data, AMBITIE_FIELDS)
    merged = {**(base or {}), **{k: v for k, v in data.items() if k not in READ_ONLY_FIELDS}}
    clean = {"title": errors.text("title", merged.get("title"), "Titel", required=True,
                                  max_len=MAX_TITLE),
             "text": errors.text("text", merged.get("text"), "Tekst", required=False),
             "regions": errors.regions("regions", merged.get("regions"))}
    errors.raise_if_any()
    return clean


def _apply(a: Afspraak, clean: dict) -> None:
    for key in AGREEMENT_FIELDS:
        if key != "targets":
            setattr(a, key, clean[key])
    a.targets = [AfspraakDoel(position=i, **t) for i, t in enumerate(clean["targets"])]


# -- ambities ----------------------------------------------------------------------------------
def create_ambitie(s: Session, *, actor_id, data: dict) -> dict:
    """A new ambitie; the right is needed on one of its regions."""
    clean = _clean_ambitie(data)
    actor = rights.require(s, actor_id, clean["regions"])
    now = utcnow()
    a = Ambitie(**clean, version=1, created_at=now, updated_at=now)
    s.add(a)
    s.flush()
    after = ambitie_snapshot(a)
    _history.record(s, entity_type="ambitie", entity_id=a.id, version=1, action="create",
                    actor=actor, before=None, after=after)
    return after


def _load_ambitie(s, ambitie_id, actor_id, expected_version, attempted, *, deleted=False):
    return load_for_writing(s, Ambitie, ambitie_id, actor_id=actor_id,
                            expected_version=expected_version, regions_of=_ambitie_regions,
                            snapshot=ambitie_snapshot, attempted=attempted, label="Ambitie",
                            deleted=deleted)


def update_ambitie(s: Session, *, actor_id, ambitie_id: int, expected_version: int,
                   data: dict) -> dict:
    """Change an ambitie; the right is needed on it as stored and as it will be."""
    a, actor, before = _load_ambitie(s, ambitie_id, actor_id, expected_version, data)
    clean = _clean_ambitie(data, _editable(before, AMBITIE_FIELDS))
    rights.require(s, actor_id, clean["regions"])
    for key, value in clean.items():
        setattr(a, key, value)
    return record_change(s, a, actor, before, ambitie_snapshot, "ambitie", "update")


def delete_ambitie(s: Session, *, actor_id, ambitie_id: int, expected_version: int) -> dict:
    """Mark an ambitie deleted (it stays, with its history, and can be restored)."""
    a, actor, before = _load_ambitie(s, ambitie_id, actor_id, expected_version,
                                     {"action": "delete"})
    return soft_delete(s, a, actor, before, ambitie_snapshot, "ambitie", restore=False)


def restore_ambitie(s: Session, *, actor_id, ambitie_id: int, expected_version: int) -> dict:
    """Bring a deleted ambitie back."""
    a, actor, before = _load_ambitie(s, ambitie_id, actor_id, expected_version,
                                     {"action": "restore"}, deleted=True)
    return soft_delete(s, a, actor, before, ambitie_snapshot, "ambitie", restore=True)


def get_ambitie(s: Session, ambitie_id: int, *, include_deleted: bool = False) -> dict | None:
    a = s.get(Ambitie, ambitie_id)
    if a is None or (a.deleted_at is not None and not include_deleted):
        return None
    return ambitie_snapshot(a)


def list_ambities(s: Session, *, region: str | None = None,
                  include_deleted: bool = False) -> builtins.list[dict]:
    """Ambities in the order they were made, optionally only those of one region."""
    query = select(Ambitie).order_by(Ambitie.id)
    if not include_deleted:
        query = query.where(Ambitie.deleted_at.is_(None))
    found = [ambitie_snapshot(a) for a in s.scalars(query)]
    return [a for a in found if region is None or region in a["regions"]]


def ambitie_history(s: Session, ambitie_id: int) -> builtins.list[dict]:
    """Every change of an ambitie, newest first."""
    return _history.for_entity(s, "ambitie", ambitie_id)


# -- afspraken ---------------------------------------------------------------------------------
def create(s: Session, *, actor_id, data: dict, action: str = "create") -> dict:
    """A new agreement; the right is needed on its region or one of its parties.

    `action="import"` marks it in the history as coming from a spreadsheet."""
    if action not in CREATE_ACTIONS:
        raise ValueError(f"action must be one of {CREATE_ACTIONS}")
    clean = _clean(s, data)
    actor = rights.require(s, actor_id, regions_of(clean))
    now = utcnow()
    a = Afspraak(version=1, created_at=now, updated_at=now)
    _apply(a, clean)
    s.add(a)
    s.flush()
    after = snapshot(a)
    _history.record(s, entity_type="afspraak", entity_id=a.id, version=1, action=action,
                    actor=actor, before=None, after=after)
    return after


def _load(s, agreement_id, actor_id, expected_version, attempted, *, deleted=False):
    return load_for_writing(s, Afspraak, agreement_id, actor_id=actor_id,
                            expected_version=expected_version, regions_of=regions_of,
                            snapshot=snapshot, attempted=attempted, label="Afspraak",
                            deleted=deleted)


def update(s: Session, *, actor_id, agreement_id: int, expected_version: int, data: dict,
           action: str = "update") -> dict:
    """Change an agreement (fields left out of `data` keep their value; `targets` replaces all
    targets); the right is needed on it as stored and as it will be."""
    if action not in UPDATE_ACTIONS:
        raise ValueError(f"action must be one of {UPDATE_ACTIONS}")
    a, actor, before = _load(s, agreement_id, actor_id, expected_version, data)
    clean = _clean(s, data, _editable(before, AGREEMENT_FIELDS))
    rights.require(s, actor_id, regions_of(clean))
    _apply(a, clean)
    return record_change(s, a, actor, before, snapshot, "afspraak", action)


def delete(s: Session, *, actor_id, agreement_id: int, expected_version: int) -> dict:
    """Mark an agreement deleted (it stays, with its history, and can be restored)."""
    a, actor, before = _load(s, agreement_id, actor_id, expected_version, {"action": "delete"})
    return soft_delete(s, a, actor, before, snapshot, "afspraak", restore=False)


def restore(s: Session, *, actor_id, agreement_id: int, expected_version: int) -> dict:
    """Bring a deleted agreement back."""
    a, actor, before = _load(s, agreement_id, actor_id, expected_version,
                             {"action": "restore"}, deleted=True)
    return soft_delete(s, a, actor, before, snapshot, "afspraak", restore=True)


def get(s: Session, agreement_id: int, *, include_deleted: bool = False) -> dict | None:
    a = s.get(Afspraak, agreement_id)
    if a is None or (a.deleted_at is not None and not include_deleted):
        return None
    return snapshot(a)


def list(s: Session, *, region: str | None = None, party: str | None = None,
         indicator: str | None = None, include_deleted: bool = False) -> builtins.list[dict]:
    """Agreements in the order they were made: measured in `region`, with `party` among the
    parties, with a target on `indicator` (each filter optional)."""
    query = select(Afspraak).order_by(Afspraak.id)
    if not include_deleted:
        query = query.where(Afspraak.deleted_at.is_(None))
    if region is not None:
        query = query.where(Afspraak.region_code == region)
    if indicator is not None:
        query = query.where(Afspraak.id.in_(
            select(AfspraakDoel.afspraak_id).where(AfspraakDoel.indicator_id == indicator)))
    found = [snapshot(a) for a in s.scalars(query)]
    return [a for a in found if party is None or party in a["parties"]]


def history(s: Session, agreement_id: int) -> builtins.list[dict]:
    """Every change of an agreement, newest first."""
    return _history.for_entity(s, "afspraak", agreement_id)

