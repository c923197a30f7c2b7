"""Duiding and werkgebieden: round trips, their codes, the lookups pages use, and their
structural checks."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.store import duiding, werkgebieden
from dashboard.store.errors import ValidationError
from tests.store.entities import duiding_data, werkgebied_data


def test_duiding_round_trip(users):
    """A duiding reads back as written, with who made it."""
    with store.session() as s:
        created = duiding.create(s, actor_id=users["own"], data=duiding_data())
    with store.session() as s:
        stored = duiding.get(s, created["id"])
    assert stored == created
    assert {k: stored[k] for k in duiding_data()} == duiding_data()
    assert stored["created_by"] == users["own"] and stored["version"] == 1


def test_duiding_author_defaults_to_the_acting_user(users):
    """Without author and organisation the acting user's name and organisation are used."""
    with store.session() as s:
        created = duiding.create(s, actor_id=users["own"], data=duiding_data(
            author_name="", organisation=None, period=None))
    assert (created["author_name"], created["organisation"], created["period"]) == (
        "Amsterdam", "Gemeente Test", None)


def test_duiding_for_figures_finds_live_duiding_of_the_regions_and_indicators(users):
    """for_figures returns live duiding of the asked regions (and indicators), newest first."""
    with store.session() as s:
        write = lambda **kw: duiding.create(  # noqa: E731
            s, actor_id=users["beheerder"], data=duiding_data(**kw))
        a = write()
        b = write(text="Tweede duiding.")
        c = write(region="PO2707", indicator_id="vsv")
        gone = write(region="PO2707")
        duiding.delete(s, actor_id=users["beheerder"], duiding_id=gone["id"],
                       expected_version=1)
        write(region="GM0599")
    with store.session() as s:
        ids = lambda **kw: [d["id"] for d in duiding.for_figures(s, **kw)]  # noqa: E731
        assert ids(region_codes=["GM0363"]) == [b["id"], a["id"]]
        assert ids(region_codes=["GM0363", "PO2707"]) == [b["id"], a["id"], c["id"]]
        assert ids(region_codes=["GM0363", "PO2707"], indicator_ids=["vsv"]) == [c["id"]]
        assert ids(region_codes=[]) == [] and ids(region_codes=["GM0363"], indicator_ids=[]) == []
        assert [d["id"] for d in duiding.list(s, region="PO2707", include_deleted=True)] == [
            gone["id"], c["id"]]


@pytest.mark.parametrize("field, change", [
    ("text", {"text": ""}),
    ("indicator_id", {"indicator_id": None}),
    ("region_code", {"region": "gm0363"}),
    ("period", {"period": 2024}),
])
def test_duiding_structural_errors(users, field, change):
    """A duiding without text, indicator or a valid region code is refused."""
    with pytest.raises(ValidationError) as err, store.session() as s:
        duiding.create(s, actor_id=users["beheerder"], data=duiding_data(**change))
    assert field in [f for f, _ in err.value.errors]


def test_werkgebied_round_trip_code_and_lookups(users):
    """Werkgebieden get WG + four digits from their id and are found by code."""
    with store.session() as s:
        first = werkgebieden.create(s, actor_id=users["own"], data=werkgebied_data())
        second = werkgebieden.create(s, actor_id=users["beheerder"],
                                     data=werkgebied_data(members=("GM0599",), name="Rotterdam"))
    assert (first["code"], second["code"]) == ("WG0001", "WG0002")
    with store.session() as s:
        assert werkgebieden.get(s, first["id"]) == first
        assert {k: first[k] for k in werkgebied_data()} == werkgebied_data()
        assert werkgebieden.by_code(s, "WG0002") == second
        assert werkgebieden.by_code(s, "WG0009") is None
        werkgebieden.delete(s, actor_id=users["beheerder"], werkgebied_id=second["id"],
                            expected_version=1)
        assert werkgebieden.by_code(s, "WG0002") is None
        assert werkgebieden.by_code(s, "WG0002", include_deleted=True)["deleted_at"]
        assert werkgebieden.list(s) == [first]
        assert [w["code"] for w in werkgebieden.list(s, include_deleted=True)] == [
            "WG0001", "WG0002"]
        assert werkgebieden.history(s, first["id"])[0]["after"] == first


def test_a_werkgebied_code_cannot_be_changed(users):
    """The code is derived from the id: data cannot set or change it."""
    with store.session() as s:
        wg = werkgebieden.create(s, actor_id=users["own"],
                                 data={**werkgebied_data(), "code": "WG0042"})
        changed = werkgebieden.update(s, actor_id=users["own"], werkgebied_id=wg["id"],
                                      expected_version=1, data={"code": "WG0042", "name": "X"})
    assert wg["code"] == changed["code"] == "WG0001"


@pytest.mark.parametrize("members", [
    [],
    [{"gemeente_code": "PO2707", "weight": 1}],
    [{"gemeente_code": "GM0363", "weight": 0}],
    [{"gemeente_code": "GM0363", "weight": 1.5}],
    [{"gemeente_code": "GM0363", "weight": "1"}],
    [{"gemeente_code": "GM0363"}],
    [{"gemeente_code": "GM0363", "weight": 1}, {"gemeente_code": "GM0363", "weight": 0.5}],
    "GM0363",
])
def test_werkgebied_members_must_be_gemeenten_with_weights(users, members):
    """Members are distinct gemeenten, each with a weight above 0 and at most 1."""
    with pytest.raises(ValidationError) as err, store.session() as s:
        werkgebieden.create(s, actor_id=users["beheerder"],
                            data={**werkgebied_data(), "members": members})
    assert [f for f, _ in err.value.errors] == ["members"] * len(err.value.errors)
