"""The writable application database for users' work: accounts, ambities, afspraken with their
targets, werkgebieden, duiding and the append-only history of every change.

Only the functions of this package write to it; each takes the session and the acting user,
checks the right, writes and records history in one transaction:

    from dashboard import store
    with store.session() as s:
        store.agreements.create(s, actor_id=user_id, data={...})
"""

from __future__ import annotations

from dashboard.store import accounts, agreements, duiding, errors, history, rights, werkgebieden
from dashboard.store.engine import (
    configure,
    current_revision,
    current_url,
    database_url,
    dispose,
    engine,
    session,
    upgrade,
)

__all__ = [
    "accounts",
    "agreements",
    "configure",
    "current_revision",
    "current_url",
    "database_url",
    "dispose",
    "duiding",
    "engine",
    "errors",
    "history",
    "rights",
    "session",
    "upgrade",
    "werkgebieden",
]
