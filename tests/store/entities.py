"""Test data for every kind of users' work and one uniform way to write it, so the rules that
hold for all of them (rights, versions, soft delete, history) are tested on each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.store import agreements, duiding, werkgebieden


def agreement_data(region: str = "GM0363", parties=("PO2707",), **overrides) -> dict:
    data = {
        "ambitie_id": None,
        "title": "Minder thuiszitters",
        "text": "Samen met het SWV brengen we het aantal thuiszitters terug.",
        "region_code": region,
        "parties": list(parties),
        "partners": ["Leerplicht", "GGD Amsterdam"],
        "targets": [{
            "indicator_id": "thuiszitters",
            "baseline_period": "2022/2023",
            "baseline_value": 12.5,
            "baseline_flags": {"lower_bound": False, "demo": True, "status": "definitief",
                               "source": "duo", "value_low": None, "value_high": None,
                               "taken_at": "2026-11-30T10:00:00+00:00", "build_id": "b-1"},
            "target_value": 8.0,
            "target_period": "2026/2027",
            "milestones": [{"period": "2024/2025", "value": 11.0},
                           {"period": "2025/2026", "value": 9.5}],
        }],
        "manual_status": None,
        "manual_justification": None,
        "oogo_date": "2026-03-12",
        "review_date": "2027-03-01",
    }
    data.update(overrides)
    return data


def ambitie_data(regions=("GM0363", "PO2707"), **overrides) -> dict:
    return {"title": "Elk kind op een passende plek", "text": "Geen kind thuis.",
            "regions": list(regions), **overrides}


def duiding_data(region: str = "GM0363", **overrides) -> dict:
    return {"indicator_id": "jeugdhulp", "region_code": region, "period": "2024",
            "text": "De stijging komt door een nieuwe aanbieder.", "author_name": "Anna",
            "organisation": "Gemeente Amsterdam", **overrides}


def werkgebied_data(members=("GM0363", "GM0384"), **overrides) -> dict:
    return {"name": "Amsterdam en Diemen", "description": "Eén wijkteamgebied.",
            "members": [{"gemeente_code": m, "weight": 1.0 if i == 0 else 0.5}
                        for i, m in enumerate(members)], **overrides}


@dataclass(frozen=True)
class Kind:
    """One kind of users' work: its store functions and data for an object in a region."""

    entity_type: str
    create: Callable
    update: Callable
    delete: Callable
    restore: Callable
    get: Callable
    id_arg: str
    data: Callable[..., dict]      # data of an object the GM0363 redacteur may write
    moved: Callable[[], dict]      # an update that takes the object out of GM0363
    change: dict                   # a harmless update
    text_fields: tuple[str, str]   # a short (≤ 200 characters) and a long text field

    def write(self, action: str, s, *, actor_id, obj_id=None, version=None, data=None):
        """Call create/update/delete/restore the same way for every kind."""
        fn = getattr(self, action)
        if action == "create":
            return fn(s, actor_id=actor_id, data=data if data is not None else self.data())
        kwargs = {self.id_arg: obj_id, "expected_version": version}
        if action == "update":
            kwargs["data"] = data if data is not None else self.change
        return fn(s, actor_id=actor_id, **kwargs)


KINDS = {
    "afspraak": Kind("afspraak", agreements.create, agreements.update, agreements.delete,
                     agreements.restore, agreements.get, "agreement_id", agreement_data,
                     lambda: {"region_code": "GM0599", "parties": []},
                     {"title": "Nog minder thuiszitters"}, ("title", "text")),
    "ambitie": Kind("ambitie", agreements.create_ambitie, agreements.update_ambitie,
                    agreements.delete_ambitie, agreements.restore_ambitie,
                    agreements.get_ambitie, "ambitie_id", ambitie_data,
                    lambda: {"regions": ["GM0599"]}, {"title": "Elk kind telt"},
                    ("title", "text")),
    "duiding": Kind("duiding", duiding.create, duiding.update, duiding.delete, duiding.restore,
                    duiding.get, "duiding_id", duiding_data,
                    lambda: {"region_code": "GM0599"}, {"text": "Toch een andere oorzaak."},
                    ("author_name", "text")),
    "werkgebied": Kind("werkgebied", werkgebieden.create, werkgebieden.update,
                       werkgebieden.delete, werkgebieden.restore, werkgebieden.get,
                       "werkgebied_id", werkgebied_data,
                       lambda: {"members": [{"gemeente_code": "GM0599", "weight": 1.0}]},
                       {"name": "Amsterdam-Diemen"}, ("name", "description")),
}
