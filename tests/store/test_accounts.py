"""Accounts: creation and management by beheerders, argon2 passwords, login with lockout, and
the password hash kept out of everything that leaves the store."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from dashboard import store
from dashboard.store import accounts, rights
from dashboard.store.errors import LoginRefused, NotFound, PermissionDenied, ValidationError
from dashboard.store.models import User
from tests.store.conftest import PASSWORD, make_user

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def login(email: str, password: str, now: dt.datetime | None = None) -> dict | str:
    """Log in in a session of its own, as the login route does; the refusal's message if any."""
    try:
        with store.session() as s:
            return accounts.authenticate(s, email, password, now=now)
    except LoginRefused as exc:
        return exc.message


def everything_dumped(s) -> str:
    """Every history row, snapshot and account listing as one JSON text."""
    return json.dumps([store.history.recent(s, limit=10_000), accounts.list_users(s)])


def test_create_user_round_trip(db_url):
    """A created account reads back with its e-mail lower-cased, role and sorted regions."""
    user_id = make_user(" Jan.Jansen@Example.NL ", regions=("PO2707", "GM0363"), name="Jan")
    with store.session() as s:
        user = accounts.get_user(s, user_id)
        assert user == {"id": user_id, "email": "jan.jansen@example.nl", "name": "Jan",
                        "organisation": "Gemeente Test", "role": "redacteur", "active": True,
                        "regions": ["GM0363", "PO2707"]}
        assert accounts.user_by_email(s, "JAN.jansen@example.nl") == user
        assert accounts.get_user(s, user_id + 1000) is None
        listed, = accounts.list_users(s)
        assert listed["email"] == "jan.jansen@example.nl" and listed["last_login_at"] is None


def test_password_is_stored_as_an_argon2id_hash(db_url, monkeypatch):
    """The stored password is an argon2id hash (with the library's default parameters)."""
    monkeypatch.setattr(accounts, "HASHER", accounts.PasswordHasher())
    make_user("a@example.nl")
    with store.session() as s:
        stored = s.scalars(select(User.password_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert isinstance(login("a@example.nl", PASSWORD), dict)


@pytest.mark.parametrize("email", ["a@example.nl", "A@EXAMPLE.NL", " a@example.nl"])
def test_duplicate_email_is_refused_whatever_its_case(db_url, email):
    """A second account with the same address, in any case, is a validation error."""
    make_user("a@example.nl")
    with pytest.raises(ValidationError) as err:
        make_user(email)
    assert err.value.errors[0][0] == "email" and "al een account" in err.value.message


@pytest.mark.parametrize("field, kwargs", [
    ("role", {"role": "admin"}),
    ("regions", {"regions": ("Amsterdam",)}),
    ("regions", {"regions": ("GM363",)}),
    ("regions", {"regions": ()}),
    ("password", {"password": "kort"}),
])
def test_invalid_account_data_is_refused(db_url, field, kwargs):
    """Unknown role, malformed region code, a redacteur without regions, short password."""
    with pytest.raises(ValidationError) as err:
        make_user("a@example.nl", **kwargs)
    assert field in [f for f, _ in err.value.errors]
    with store.session() as s:
        assert accounts.list_users(s) == []


@pytest.mark.parametrize("who", ["anonymous", "own", "disabled_beheerder"])
def test_only_active_beheerders_manage_accounts(db_url, who):
    """Anonymous users, redacteuren and disabled beheerders cannot create or change accounts."""
    actor = {"anonymous": None, "own": make_user("r@example.nl"),
             "disabled_beheerder": make_user("b@example.nl", "beheerder", (), active=False)}[who]
    target = make_user("t@example.nl")
    calls = [
        lambda s: accounts.create_user(s, actor_id=actor, email="n@example.nl", name="N",
                                       role="beheerder", regions=[], password=PASSWORD),
        lambda s: accounts.disable(s, actor_id=actor, email="t@example.nl"),
        lambda s: accounts.enable(s, actor_id=actor, email="t@example.nl"),
        lambda s: accounts.reset_password(s, actor_id=actor, email="t@example.nl"),
        lambda s: accounts.set_rights(s, actor_id=actor, email="t@example.nl",
                                      role="beheerder", regions=[]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied), store.session() as s:
            call(s)
    with store.session() as s:
        assert accounts.get_user(s, target)["role"] == "redacteur"
        assert accounts.user_by_email(s, "n@example.nl") is None


def test_beheerder_manages_accounts_and_history_records_it(db_url):
    """Disable, enable, set_rights by a beheerder each leave a history row naming them."""
    admin = make_user("beheer@example.nl", "beheerder", (), name="Bea Beheer")
    make_user("t@example.nl")
    with store.session() as s:
        assert accounts.disable(s, actor_id=admin, email="t@example.nl")["active"] is False
        assert accounts.enable(s, actor_id=admin, email="T@example.nl")["active"] is True
        user = accounts.set_rights(s, actor_id=admin, email="t@example.nl", role="redacteur",
                                   regions=["PO2707", "JZ01"])
        assert user["regions"] == ["JZ01", "PO2707"]
    with store.session() as s:
        rows = store.history.recent(s, entity_type="account")
    assert [r["action"] for r in rows[:3]] == ["rights", "update", "disable"]
    assert {r["actor_label"] for r in rows[:3]} == {"Bea Beheer <beheer@example.nl>"}
    assert rows[0]["before"]["regions"] == ["GM0363"]
    assert rows[0]["after"]["regions"] == ["JZ01", "PO2707"]


def test_managing_an_unknown_account_is_not_found(db_url):
    """Disable, reset and set_rights on an address without an account raise NotFound."""
    admin = make_user("beheer@example.nl", "beheerder", ())
    with pytest.raises(NotFound), store.session() as s:
        accounts.disable(s, actor_id=admin, email="niemand@example.nl")
    with pytest.raises(NotFound), store.session() as s:
        accounts.reset_password(s, actor_id=admin, email="niemand@example.nl")


def test_last_active_beheerder_cannot_be_switched_off_by_an_account(db_url):
    """A beheerder cannot disable or demote the last active beheerder (the CLI still can)."""
    admin = make_user("beheer@example.nl", "beheerder", ())
    with pytest.raises(ValidationError), store.session() as s:
        accounts.disable(s, actor_id=admin, email="beheer@example.nl")
    with pytest.raises(ValidationError), store.session() as s:
        accounts.set_rights(s, actor_id=admin, email="beheer@example.nl", role="redacteur",
                            regions=["GM0363"])
    second = make_user("tweede@example.nl", "beheerder", ())
    with store.session() as s:
        accounts.disable(s, actor_id=second, email="beheer@example.nl")
        accounts.disable(s, actor_id=rights.SYSTEM, email="tweede@example.nl")
        assert [u["active"] for u in accounts.list_users(s)] == [False, False]


def test_authenticate_accepts_the_right_password_only(db_url):
    """The right password logs in (case-insensitive address); a wrong one or unknown address
    gets the same message."""
    user_id = make_user("a@example.nl")
    assert login(" A@Example.nl", PASSWORD)["id"] == user_id
    assert login("a@example.nl", PASSWORD + "x") == accounts.LOGIN_FAILED
    assert login("onbekend@example.nl", PASSWORD) == accounts.LOGIN_FAILED
    assert accounts.LOGIN_FAILED == "Onbekend e-mailadres of onjuist wachtwoord."
    with store.session() as s:
        assert accounts.list_users(s)[0]["last_login_at"] is not None
        actions = [r["action"] for r in store.history.recent(s)]
    assert actions == ["login_failed", "login", "create"]


def test_lockout_after_five_failures_looks_the_same_for_known_and_unknown(db_url):
    """Five failures lock an address for 15 minutes, also with the right password, and an
    unknown address gets exactly the same answers."""
    make_user("a@example.nl")
    answers = {}
    for email in ("a@example.nl", "onbekend@example.nl"):
        answers[email] = [login(email, "fout wachtwoord!", T0 + dt.timedelta(minutes=i))
                          for i in range(5)]
        answers[email].append(login(email, PASSWORD, T0 + dt.timedelta(minutes=10)))
    assert answers["a@example.nl"] == answers["onbekend@example.nl"]
    assert answers["a@example.nl"] == [accounts.LOGIN_FAILED] * 4 + [accounts.LOCKED] * 2
    assert accounts.LOCKED == "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."
    assert login("a@example.nl", PASSWORD, T0 + dt.timedelta(minutes=18)) == accounts.LOCKED
    assert isinstance(login("a@example.nl", PASSWORD, T0 + dt.timedelta(minutes=20)), dict)


def test_old_failures_and_a_successful_login_reset_the_count(db_url):
    """Failures older than 15 minutes do not count, and a login clears the counter."""
    make_user("a@example.nl")
    for i in range(4):
        login("a@example.nl", "fout wachtwoord!", T0 + dt.timedelta(minutes=i))
    assert login("a@example.nl", "fout wachtwoord!", T0 + dt.timedelta(minutes=16)) == (
        accounts.LOGIN_FAILED)
    for i in range(3):
        login("a@example.nl", "fout wachtwoord!", T0 + dt.timedelta(minutes=17 + i))
    assert isinstance(login("a@example.nl", PASSWORD, T0 + dt.timedelta(minutes=21)), dict)
    for i in range(4):
        assert login("a@example.nl", "fout", T0 + dt.timedelta(minutes=22 + i)) == (
            accounts.LOGIN_FAILED)


def test_disabled_account_cannot_log_in(db_url):
    """A disabled account is refused even with the right password."""
    make_user("a@example.nl", active=False)
    assert login("a@example.nl", PASSWORD) == accounts.DISABLED
    assert login("a@example.nl", "fout wachtwoord!") == accounts.LOGIN_FAILED


def test_reset_password_replaces_the_password_and_lifts_the_lockout(db_url):
    """After a reset the old password fails, the one-time password works, the lock is gone."""
    admin = make_user("beheer@example.nl", "beheerder", ())
    make_user("a@example.nl")
    for _ in range(5):
        login("a@example.nl", "fout wachtwoord!")
    with store.session() as s:
        new = accounts.reset_password(s, actor_id=admin, email="a@example.nl")
    assert len(new) >= 16 and new != PASSWORD
    assert login("a@example.nl", PASSWORD) == accounts.LOGIN_FAILED
    assert isinstance(login("a@example.nl", new), dict)
    with store.session() as s:
        assert new not in everything_dumped(s)


def test_change_password_needs_the_current_one(db_url):
    """A user changes their own password only by giving the current one."""
    user_id = make_user("a@example.nl")
    with pytest.raises(ValidationError), store.session() as s:
        accounts.change_password(s, actor_id=user_id, current_password="fout",
                                 new_password="een nieuw wachtwoord")
    with store.session() as s:
        accounts.change_password(s, actor_id=user_id, current_password=PASSWORD,
                                 new_password="een nieuw wachtwoord")
    assert isinstance(login("a@example.nl", "een nieuw wachtwoord"), dict)


def test_password_hash_never_leaves_the_store(db_url):
    """No hash or password in the history, snapshots, get_user or list_users."""
    admin = make_user("beheer@example.nl", "beheerder", ())
    make_user("a@example.nl")
    login("a@example.nl", PASSWORD)
    login("a@example.nl", "fout wachtwoord!")
    with store.session() as s:
        accounts.set_rights(s, actor_id=admin, email="a@example.nl", role="redacteur",
                            regions=["GM0599"])
        accounts.disable(s, actor_id=admin, email="a@example.nl")
        hashes = list(s.scalars(select(User.password_hash)))
        dumped = everything_dumped(s) + json.dumps(accounts.get_user(s, admin))
    assert "$argon2" not in dumped and "password" not in dumped
    assert PASSWORD not in dumped
    assert all(h not in dumped for h in hashes)
