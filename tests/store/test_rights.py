"""The one permission check: who may write an object with given regions, read from the database
at the moment of the write."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.store import accounts, rights
from dashboard.store.errors import PermissionDenied

MATRIX = [
    # (who, object regions, allowed)
    ("anonymous", ["GM0363"], False),
    ("beheerder", ["GM0599"], True),
    ("own", ["GM0363"], True),
    ("own", ["GM0344", "GM0363"], True),
    ("other", ["GM0363"], False),
    ("party", ["GM0363", "PO2707"], True),
    ("party", ["GM0363"], False),
    ("disabled", ["GM0363"], False),
]


@pytest.mark.parametrize("who, regions, allowed", MATRIX)
def test_require_and_can_write_agree_on_the_rights_matrix(users, who, regions, allowed):
    """Beheerder always; redacteur when a region is shared; never anonymous or disabled."""
    with store.session() as s:
        assert rights.can_write(s, users[who], regions) is allowed
        if allowed:
            assert rights.require(s, users[who], regions)["id"] == users[who]
        else:
            with pytest.raises(PermissionDenied):
                rights.require(s, users[who], regions)


def test_anonymous_is_asked_to_log_in(users):
    """The anonymous refusal tells the user to log in."""
    with pytest.raises(PermissionDenied) as err, store.session() as s:
        rights.require(s, None, ["GM0363"])
    assert err.value.message == "Log in om te kunnen wijzigen."


def test_an_unknown_account_id_is_refused(users):
    """An id without an account (or not an int) is treated as not logged in."""
    with store.session() as s:
        assert not rights.can_write(s, 99_999, ["GM0363"])
        assert not rights.can_write(s, str(users["beheerder"]), ["GM0363"])
        assert not rights.can_write(s, True, ["GM0363"])


def test_rights_are_read_at_write_time(users):
    """A change of regions or a disable takes effect on the next check, without a new login."""
    with store.session() as s:
        accounts.set_rights(s, actor_id=users["beheerder"], email="amsterdam@example.nl",
                            role="redacteur", regions=["GM0599"])
    with store.session() as s:
        assert not rights.can_write(s, users["own"], ["GM0363"])
        assert rights.can_write(s, users["own"], ["GM0599"])
        accounts.disable(s, actor_id=users["beheerder"], email="amsterdam@example.nl")
        assert not rights.can_write(s, users["own"], ["GM0599"])
    with pytest.raises(PermissionDenied) as err, store.session() as s:
        rights.require(s, users["own"], ["GM0599"])
    assert "uitgeschakeld" in err.value.message


def test_the_refusal_names_the_users_regions_and_the_objects(users):
    """A redacteur of another region is told which regions they have and which it is about."""
    with pytest.raises(PermissionDenied) as err, store.session() as s:
        rights.require(s, users["other"], ["GM0363"])
    assert "GM0344" in err.value.message and "GM0363" in err.value.message
