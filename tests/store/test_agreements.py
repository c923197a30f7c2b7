"""Ambities and afspraken with their targets: round trips, updates, filters and the structural
checks of the store."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard import store
from dashboard.store import agreements
from dashboard.store.errors import ValidationError
from tests.store.entities import agreement_data, ambitie_data

READ_ONLY = ("id", "version", "deleted_at", "created_at", "updated_at")


def editable(snapshot: dict) -> dict:
    return {k: v for k, v in snapshot.items() if k not in READ_ONLY}


def test_agreement_round_trip(users):
    """Every field of an agreement, its targets included, reads back as written, JSON-able."""
    with store.session() as s:
        ambitie = agreements.create_ambitie(s, actor_id=users["own"], data=ambitie_data())
        data = agreement_data(ambitie_id=ambitie["id"])
        created = agreements.create(s, actor_id=users["own"], data=data)
    with store.session() as s:
        stored = agreements.get(s, created["id"])
    assert stored == created
    assert editable(stored) == data
    assert stored["version"] == 1 and stored["deleted_at"] is None
    assert dt.datetime.fromisoformat(stored["created_at"]).tzinfo == dt.UTC
    assert json.loads(json.dumps(stored)) == stored


def test_ambitie_round_trip_and_list(users):
    """An ambitie reads back as written and is listed by region."""
    with store.session() as s:
        a = agreements.create_ambitie(s, actor_id=users["own"], data=ambitie_data())
        b = agreements.create_ambitie(s, actor_id=users["beheerder"],
                                      data=ambitie_data(regions=["GM0599"], title="Ander"))
    with store.session() as s:
        assert agreements.get_ambitie(s, a["id"]) == a
        assert editable(a) == ambitie_data()
        assert agreements.list_ambities(s) == [a, b]
        assert agreements.list_ambities(s, region="PO2707") == [a]
        assert agreements.ambitie_history(s, a["id"])[0]["after"] == a


def test_agreement_without_targets_round_trip(users):
    """An agreement measured by hand: no targets, a manual status with its justification."""
    data = agreement_data(targets=[], manual_status="op koers",
                          manual_justification="Zie het verslag van het OOGO.",
                          oogo_date=None, review_date=None, parties=[], partners=[])
    with store.session() as s:
        created = agreements.create(s, actor_id=users["own"], data=data)
    with store.session() as s:
        assert editable(agreements.get(s, created["id"])) == data


def test_dates_may_be_given_as_date_objects(users):
    """A date object is stored and returned as YYYY-MM-DD."""
    with store.session() as s:
        created = agreements.create(s, actor_id=users["own"], data=agreement_data(
            oogo_date=dt.date(2026, 5, 1), review_date=None))
    assert (created["oogo_date"], created["review_date"]) == ("2026-05-01", None)


def test_update_keeps_left_out_fields_and_replaces_targets(users):
    """An update lays `data` over the stored agreement; `targets` replaces all of them."""
    with store.session() as s:
        created = agreements.create(s, actor_id=users["own"], data=agreement_data())
    second = {"indicator_id": "vsv", "baseline_period": "2023", "baseline_value": 2.0,
              "baseline_flags": {}, "target_value": 1.5, "target_period": "2026",
              "milestones": []}
    with store.session() as s:
        updated = agreements.update(
            s, actor_id=users["own"], agreement_id=created["id"], expected_version=1,
            data={"title": "Nieuwe titel", "targets": [created["targets"][0], second]})
    assert updated["version"] == 2 and updated["title"] == "Nieuwe titel"
    assert updated["text"] == created["text"] and updated["targets"][1] == second
    with store.session() as s:
        again = agreements.update(s, actor_id=users["own"], agreement_id=created["id"],
                                  expected_version=2, data={"targets": [second]})
        assert agreements.get(s, created["id"])["targets"] == [second]
        rows = agreements.history(s, created["id"])
    assert [r["version"] for r in rows] == [3, 2, 1]
    assert rows[0]["before"] == updated and rows[0]["after"] == again
    assert rows[0]["actor_label"] == "Amsterdam <amsterdam@example.nl>"
    assert dt.datetime.fromisoformat(rows[0]["at"]).tzinfo == dt.UTC


def test_update_accepts_a_whole_snapshot_as_data(users):
    """A snapshot read from the store (with id, version, dates) can be sent back as data."""
    with store.session() as s:
        created = agreements.create(s, actor_id=users["own"], data=agreement_data())
    with store.session() as s:
        updated = agreements.update(s, actor_id=users["own"], agreement_id=created["id"],
                                    expected_version=1, data={**created, "text": "Anders."})
    assert updated["text"] == "Anders." and updated["id"] == created["id"]


def test_list_filters_by_region_party_and_indicator(users):
    """list() finds agreements by measured region, by party and by target indicator."""
    with store.session() as s:
        a = agreements.create(s, actor_id=users["beheerder"], data=agreement_data())
        b = agreements.create(s, actor_id=users["beheerder"], data=agreement_data(
            region="PO2707", parties=["GM0599"], targets=[{
                **agreement_data()["targets"][0], "indicator_id": "vsv"}]))
        c = agreements.create(s, actor_id=users["beheerder"], data=agreement_data(region="JZ01"))
        agreements.delete(s, actor_id=users["beheerder"], agreement_id=c["id"],
                          expected_version=1)
    with store.session() as s:
        ids = lambda **kw: [x["id"] for x in agreements.list(s, **kw)]  # noqa: E731
        assert ids() == [a["id"], b["id"]]
        assert ids(include_deleted=True) == [a["id"], b["id"], c["id"]]
        assert ids(region="PO2707") == [b["id"]]
        assert ids(party="PO2707") == [a["id"]]
        assert ids(party="GM0599") == [b["id"]]
        assert ids(indicator="vsv") == [b["id"]]
        assert ids(indicator="thuiszitters", region="GM0363") == [a["id"]]
        assert ids(region="GM0001") == []
        assert agreements.get(s, c["id"]) is None


def test_import_is_recorded_as_such(users):
    """A spreadsheet import writes 'import' into the history instead of create/update."""
    with store.session() as s:
        created = agreements.create(s, actor_id=users["own"], data=agreement_data(),
                                    action="import")
        agreements.update(s, actor_id=users["own"], agreement_id=created["id"],
                          expected_version=1, data={"title": "x"}, action="import")
        assert [r["action"] for r in agreements.history(s, created["id"])] == [
            "import", "import"]
    with pytest.raises(ValueError), store.session() as s:
        agreements.create(s, actor_id=users["own"], data=agreement_data(), action="delete")


BAD = [
    ("title", {"title": ""}),
    ("title", {"title": "   "}),
    ("title", {"title": None}),
    ("region_code", {"region_code": "Amsterdam"}),
    ("region_code", {"region_code": None}),
    ("parties", {"parties": ["GM0363", "niet-een-code"]}),
    ("parties", {"parties": "PO2707"}),
    ("partners", {"partners": [""]}),
    ("manual_status", {"manual_status": "prima"}),
    ("manual_status", {"targets": [], "manual_status": None}),
    ("manual_status", {"targets": [], "manual_status": "achter", "manual_justification": " "}),
    ("oogo_date", {"oogo_date": "12-03-2026"}),
    ("ambitie_id", {"ambitie_id": 999}),
    ("targets[0].indicator_id", {"targets": [{**agreement_data()["targets"][0],
                                               "indicator_id": ""}]}),
    ("targets[0].target_value", {"targets": [{**agreement_data()["targets"][0],
                                               "target_value": "acht"}]}),
    ("targets[0].target_value", {"targets": [{**agreement_data()["targets"][0],
                                               "target_value": float("nan")}]}),
    ("targets[0].baseline_flags", {"targets": [{**agreement_data()["targets"][0],
                                                 "baseline_flags": {"demo": "ja"}}]}),
    ("targets[0].milestones", {"targets": [{**agreement_data()["targets"][0],
                                             "milestones": [{"period": "2025"}]}]}),
    ("targets[0].colour", {"targets": [{**agreement_data()["targets"][0], "colour": "red"}]}),
]


@pytest.mark.parametrize("field, change", BAD, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD)])
def test_structural_errors_are_refused_with_the_field_named(users, field, change):
    """Each malformed agreement is refused with a Dutch message on the right field."""
    with pytest.raises(ValidationError) as err, store.session() as s:
        agreements.create(s, actor_id=users["beheerder"], data=agreement_data(**change))
    assert field in [f for f, _ in err.value.errors]
    assert all(message for _, message in err.value.errors)
    with store.session() as s:
        assert agreements.list(s, include_deleted=True) == []


def test_deleted_ambitie_cannot_be_linked(users):
    """An agreement cannot point at a deleted ambitie."""
    with store.session() as s:
        a = agreements.create_ambitie(s, actor_id=users["own"], data=ambitie_data())
        agreements.delete_ambitie(s, actor_id=users["own"], ambitie_id=a["id"],
                                  expected_version=1)
    with pytest.raises(ValidationError) as err, store.session() as s:
        agreements.create(s, actor_id=users["own"], data=agreement_data(ambitie_id=a["id"]))
    assert err.value.errors[0][0] == "ambitie_id"
