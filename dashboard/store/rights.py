"""Who may write what: the one permission check every store write passes, read from the
database at write time (never from the login cookie).

A user may write an object when active and either beheerder, or redacteur with one of the
object's regions among their own. Which regions an object has is decided by its module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.orm import Session

from dashboard.store.errors import PermissionDenied
from dashboard.store.models import User

# Regions a redacteur can be given: gemeente, SWV PO/VO, jeugdregio, werkgebied.
USER_REGION_RE = re.compile(r"^(GM\d{4}|PO\d{2,4}|VO\d{2,4}|JZ\d{2}|WG\d{4,5})$")
SYSTEM_LABEL = "systeem (CLI)"

NOT_LOGGED_IN = "Log in om te kunnen wijzigen."
NOT_ACTIVE = "Uw account is uitgeschakeld; u kunt niets wijzigen."
BEHEERDER_ONLY = "Alleen een beheerder kan accounts beheren."


class _System:
    """The actor of command-line writes made without an account (`actor_id=rights.SYSTEM`)."""

    def __repr__(self) -> str:
        return "rights.SYSTEM"


SYSTEM = _System()
SYSTEM_USER = {"id": None, "email": None, "name": SYSTEM_LABEL, "organisation": "",
               "role": "beheerder", "active": True, "regions": [], "label": SYSTEM_LABEL}


def user_dict(user: User) -> dict:
    """The public view of an account: never the password hash."""
    return {"id": user.id, "email": user.email, "name": user.name,
            "organisation": user.organisation, "role": user.role, "active": user.active,
            "regions": [r.region_code for r in user.regions]}


def actor(s: Session, actor_id) -> dict:
    """The acting user, active, with a `label` ("Naam <email>") for the history."""
    if actor_id is None:
        raise PermissionDenied(NOT_LOGGED_IN)
    if actor_id is SYSTEM:
        return dict(SYSTEM_USER)
    if isinstance(actor_id, bool) or not isinstance(actor_id, int):
        raise PermissionDenied(NOT_LOGGED_IN)
    user = s.get(User, actor_id, populate_existing=True)
    if user is None:
        raise PermissionDenied(NOT_LOGGED_IN)
    if not user.active:
        raise PermissionDenied(NOT_ACTIVE)
    return {**user_dict(user), "label": f"{user.name} <{user.email}>"}


def _allowed(user: dict, regions: Iterable[str]) -> bool:
    if user["role"] == "beheerder":
        return True
    return user["role"] == "redacteur" and not set(user["regions"]).isdisjoint(regions)


def require(s: Session, actor_id, regions: Iterable[str]) -> dict:
    """The acting user if they may write an object with these regions; else PermissionDenied."""
    regions = sorted(set(regions))
    user = actor(s, actor_id)
    if not _allowed(user, regions):
        own = ", ".join(user["regions"]) or "geen"
        raise PermissionDenied(
            f"U mag alleen wijzigen voor uw eigen regio's ({own}); dit gaat over "
            f"{', '.join(regions) or 'geen regio'}.")
    return user


def require_beheerder(s: Session, actor_id) -> dict:
    """The acting user if they are an active beheerder (account management)."""
    user = actor(s, actor_id)
    if user["role"] != "beheerder":
        raise PermissionDenied(BEHEERDER_ONLY)
    return user


def can_write(s: Session, actor_id, regions: Iterable[str]) -> bool:
    """Whether `require` would pass: for hints in the interface, never instead of `require`."""
    try:
        require(s, actor_id, regions)
    except PermissionDenied:
        return False
    return True
