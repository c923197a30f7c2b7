"""Test helper: a fresh application database with a beheerder, agreements and duiding (hostile
texts among them) for Schiermonnikoog (GM0088) and its SWV PO2101, written through the store
as the pages and the command line would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard import store
from dashboard.store import rights

CODE, SWV = "GM0088", "PO2101"
HOSTILE = {
    "script": "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> "
              "Duiding met opmaak die tekst moet blijven",
    "formula": '=HYPERLINK("http://evil.example/","klik hier")',
    "long": ("Lange duiding. " * 700)[:10_000],
    "rtl": "שלום עולם — مرحبا بالعالم 👋🏽 عدد الأطفال",
}
ADMIN = {"email": "beheer@example.nl", "name": "Bea Beheer", "organisation": "Gemeente Test",
         "password": "een-lang-wachtwoord-1"}


def seed(url: str) -> dict:
    """Migrate `url`, configure the store for it and fill it; returns the ids made."""
    store.upgrade(url)
    store.configure(url)
    with store.session() as s:
        admin = store.accounts.create_user(s, actor_id=rights.SYSTEM, role="beheerder",
                                           regions=[], **ADMIN)
        me = admin["id"]

        def duiding(indicator, region, text, period=None):
            return store.duiding.create(s, actor_id=me, data={
                "indicator_id": indicator, "region_code": region, "period": period,
                "text": text, "author_name": ADMIN["name"],
                "organisation": ADMIN["organisation"]})["id"]

        notes = {
            "script": duiding("jeugdhulp", CODE, HOSTILE["script"], "2024"),
            "old": duiding("jeugdhulp", CODE, "Duiding over een oud jaar", "2019"),
            "formula": duiding("jeugdbescherming", CODE, HOSTILE["formula"]),
            "long": duiding("vsv", CODE, HOSTILE["long"]),
            "rtl": duiding("thuiszitters_4wk", CODE, HOSTILE["rtl"]),
            "swv": duiding("jeugdhulp", SWV, "SWV-duiding: meer hulp via de wijkteams"),
        }

        def agreement(**data):
            base = {"ambitie_id": None, "text": "", "parties": [], "partners": [],
                    "targets": [], "manual_status": None, "manual_justification": None,
                    "oogo_date": "2024-11-15", "review_date": None}
            return store.agreements.create(s, actor_id=me, data={**base, **data})["id"]

        agreements = {
            "own": agreement(
                title="Minder jongeren in de jeugdhulp op Schiermonnikoog", region_code=CODE,
                parties=[SWV], partners=["Huisartsen Schiermonnikoog"],
                targets=[{"indicator_id": "jeugdhulp", "baseline_period": "2022",
                          "baseline_value": 8.8, "baseline_flags": {}, "target_value": 6.0,
                          "target_period": "2027",
                          "milestones": [{"period": "2024", "value": 7.5}]}]),
            "party": agreement(
                title="Passend onderwijs dichtbij huis", region_code=SWV, parties=[CODE],
                targets=[{"indicator_id": "jeugdhulp", "baseline_period": "2021",
                          "baseline_value": 12.9, "baseline_flags": {}, "target_value": 14.5,
                          "target_period": "2026", "milestones": []}]),
            "manual": agreement(
                title="Eén loket voor ouders", region_code=CODE, manual_status="achter",
                manual_justification="Het loket is nog niet open: de werving loopt."),
        }
    return {"admin": me, "notes": notes, "agreements": agreements}


@contextmanager
def seeded_store(folder: Path, werkgebied: str, members: dict[str, float]) -> Iterator[dict]:
    """The store switched to a fresh database in `folder` filled by `seed`, plus a werkgebied
    named `werkgebied` of `members` (gemeente code -> weight); the ids made, with the
    werkgebied's code under 'werkgebied'. The previous store is back afterwards."""
    previous = store.current_url()
    url = f"sqlite:///{folder / 'app.sqlite'}"
    made = seed(url)
    try:
        with store.session() as s:
            made["werkgebied"] = store.werkgebieden.create(s, actor_id=rights.SYSTEM, data={
                "name": werkgebied, "description": "",
                "members": [{"gemeente_code": c, "weight": w} for c, w in members.items()],
            })["code"]
        yield made
    finally:
        store.configure(previous)
        store.dispose(url)
