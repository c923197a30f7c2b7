"""Accounts: creating and managing users (beheerder only), passwords (argon2) and logging in
with a lockout after repeated failures.

The password hash never leaves this module: not in a returned dict, a history row or a log.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.store import history, rights
from dashboard.store.common import Errors, iso, utcnow
from dashboard.store.errors import LoginRefused, NotFound, ValidationError
from dashboard.store.models import ROLES, LoginFailure, User, UserRegion

HASHER = PasswordHasher()
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 12
LOGIN_FAILED = "Onbekend e-mailadres of onjuist wachtwoord."
LOCKED = "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."
DISABLED = "Dit account is uitgeschakeld. Neem contact op met een beheerder."
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# No look-alikes (0/O, 1/l/I): the password is read off a screen and typed in.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_dummy: dict[str, str] = {}


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def generate_password() -> str:
    """A random one-time password of four groups of four (about 94 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))


def _snapshot(user: User) -> dict:
    return {**rights.user_dict(user), "created_at": iso(user.created_at)}


def _user(s: Session, email: str) -> User | None:
    return s.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()


def _user_for_writing(s: Session, email: str) -> User:
    user = s.scalars(select(User).where(User.email == normalise_email(email))
                     .with_for_update()).one_or_none()
    if user is None:
        raise NotFound(f"Er is geen account met e-mailadres {normalise_email(email)}.")
    return user


def _check_rights(errors: Errors, role, regions) -> list[str]:
    if role not in ROLES:
        errors.add("role", f"Onbekende rol {role!r}: kies 'redacteur' of 'beheerder'.")
    codes = errors.regions("regions", list(regions or []), pattern=rights.USER_REGION_RE,
                           example="GM0363, PO2707, VO2708, JZ01 of WG0001")
    if role == "redacteur" and not regions:
        errors.add("regions", "Een redacteur heeft minstens één regio nodig.")
    return codes


def _check_password(errors: Errors, password) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        errors.add("password", f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")


def _keep_a_beheerder(s: Session, actor: dict, user: User, *, role: str, active: bool) -> None:
    # The command line (SYSTEM) is the way back in, so only accounts are stopped here.
    if actor["id"] is None or (role == "beheerder" and active) or user.role != "beheerder":
        return
    others = s.scalars(select(User.id).where(User.role == "beheerder", User.active.is_(True),
                                             User.id != user.id)).first()
    if others is None:
        raise ValidationError([("role", "De laatste actieve beheerder kan niet worden "
                                        "uitgeschakeld of teruggezet naar redacteur.")])


def create_user(s: Session, *, actor_id, email: str, name: str, organisation: str = "",
                role: str, regions: list[str], password: str) -> dict:
    """A new account (beheerder only); returns its public view."""
    actor = rights.require_beheerder(s, actor_id)
    errors = Errors()
    email = normalise_email(email)
    if not EMAIL_RE.match(email) or len(email) > 320:
        errors.add("email", f"{email!r} is geen geldig e-mailadres.")
    errors.text("name", name, "Naam", required=True, max_len=200)
    errors.text("organisation", organisation, "Organisatie", required=False, max_len=200)
    codes = _check_rights(errors, role, regions)
    _check_password(errors, password)
    if not errors.items and _user(s, email) is not None:
        errors.add("email", f"Er is al een account met e-mailadres {email}.")
    errors.raise_if_any()
    user = User(email=email, name=name, organisation=organisation or "", role=role, active=True,
                password_hash=HASHER.hash(password), created_at=utcnow(),
                regions=[UserRegion(region_code=c) for c in codes])
    s.add(user)
    try:
        s.flush()
    except IntegrityError:
        raise ValidationError(
            [("email", f"Er is al een account met e-mailadres {email}.")]) from None
    after = _snapshot(user)
    history.record(s, entity_type="account", entity_id=user.id, version=None, action="create",
                   actor=actor, before=None, after=after)
    return rights.user_dict(user)


def get_user(s: Session, user_id: int) -> dict | None:
    """The public view of an account ({id, email, name, organisation, role, active, regions})."""
    user = s.get(User, user_id)
    return rights.user_dict(user) if user is not None else None


def user_by_email(s: Session, email: str) -> dict | None:
    user = _user(s, email)
    return rights.user_dict(user) if user is not None else None


def list_users(s: Session) -> list[dict]:
    """Every account by e-mail address, with when it was made and last logged in."""
    users = s.scalars(select(User).order_by(User.email))
    return [{**rights.user_dict(u), "created_at": iso(u.created_at),
             "last_login_at": iso(u.last_login_at)} for u in users]


def _set_active(s: Session, *, actor_id, email: str, active: bool) -> dict:
    actor = rights.require_beheerder(s, actor_id)
    user = _user_for_writing(s, email)
    _keep_a_beheerder(s, actor, user, role=user.role, active=active)
    before = _snapshot(user)
    user.active = active
    s.flush()
    history.record(s, entity_type="account", entity_id=user.id, version=None,
                   action="update" if active else "disable", actor=actor, before=before,
                   after=_snapshot(user))
    return rights.user_dict(user)


def disable(s: Session, *, actor_id, email: str) -> dict:
    """Switch an account off: it can no longer log in or write (beheerder only)."""
    return _set_active(s, actor_id=actor_id, email=email, active=False)


def enable(s: Session, *, actor_id, email: str) -> dict:
    """Switch an account back on (beheerder only)."""
    return _set_active(s, actor_id=actor_id, email=email, active=True)


def reset_password(s: Session, *, actor_id, email: str) -> str:
    """Give an account a new one-time password and return it, to be passed on once."""
    actor = rights.require_beheerder(s, actor_id)
    user = _user_for_writing(s, email)
    password = generate_password()
    user.password_hash = HASHER.hash(password)
    failure = s.get(LoginFailure, user.email)
    if failure is not None:
        s.delete(failure)
    s.flush()
    history.record(s, entity_type="account", entity_id=user.id, version=None,
                   action="reset_password", actor=actor, before=None, after=_snapshot(user))
    return password


def change_password(s: Session, *, actor_id, current_password: str, new_password: str) -> None:
    """A user replaces their own password, proving the current one."""
    actor = rights.actor(s, actor_id)
    user = s.get(User, actor["id"], with_for_update=True) if actor["id"] else None
    if user is None or not _verify(user.password_hash, current_password):
        raise ValidationError([("current_password", "Het huidige wachtwoord klopt niet.")])
    errors = Errors()
    _check_password(errors, new_password)
    errors.raise_if_any()
    user.password_hash = HASHER.hash(new_password)
    s.flush()
    history.record(s, entity_type="account", entity_id=user.id, version=None,
                   action="reset_password", actor=actor, before=None, after=_snapshot(user))


def set_rights(s: Session, *, actor_id, email: str, role: str, regions: list[str]) -> dict:
    """Set an account's role and regions (beheerder only)."""
    actor = rights.require_beheerder(s, actor_id)
    user = _user_for_writing(s, email)
    errors = Errors()
    codes = _check_rights(errors, role, regions)
    errors.raise_if_any()
    _keep_a_beheerder(s, actor, user, role=role, active=user.active)
    before = _snapshot(user)
    user.role = role
    wanted = set(codes)
    user.regions = ([r for r in user.regions if r.region_code in wanted]
                    + [UserRegion(region_code=c) for c in sorted(wanted)
                       if c not in {r.region_code for r in user.regions}])
    s.flush()
    s.refresh(user, ["regions"])
    history.record(s, entity_type="account", entity_id=user.id, version=None, action="rights",
                   actor=actor, before=before, after=_snapshot(user))
    return rights.user_dict(user)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    # Verified for unknown e-mail addresses so they take as long as known ones.
    key = repr(HASHER)
    if key not in _dummy:
        _dummy[key] = HASHER.hash(secrets.token_hex(16))
    return _dummy[key]


def _failure_row(s: Session, key: str, now: dt.datetime) -> LoginFailure:
    insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    s.execute(insert(LoginFailure).values(key=key, failures=0, first_at=now, locked_until=None)
              .on_conflict_do_nothing(index_elements=["key"]))
    return s.get(LoginFailure, key, with_for_update=True, populate_existing=True)


def authenticate(s: Session, email: str, password: str, *, now: dt.datetime | None = None) -> dict:
    """The account for a correct e-mail address and password; else LoginRefused.

    A refusal commits the session (the failure count must outlive the caller's rollback). After
    5 failures within 15 minutes the address is locked for 15 minutes, known or not, and the
    messages never tell a known address from an unknown one.
    """
    now = (now or utcnow()).astimezone(dt.UTC)
    key = normalise_email(email)[:320]
    failure = s.get(LoginFailure, key)
    if failure is not None and failure.locked_until is not None and now < failure.locked_until:
        raise LoginRefused(LOCKED)
    user = _user(s, key) if key else None
    correct = _verify(user.password_hash if user else _dummy_hash(), password or "")
    if user is not None and correct:
        if not user.active:
            raise LoginRefused(DISABLED)
        if failure is not None:
            s.delete(failure)
        if HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = HASHER.hash(password)
        user.last_login_at = now
        s.flush()
        history.record(s, entity_type="account", entity_id=user.id, version=None,
                       action="login", actor={**rights.user_dict(user),
                                              "label": f"{user.name} <{user.email}>"},
                       before=None, after={"last_login_at": iso(now)})
        return rights.user_dict(user)
    row = _failure_row(s, key, now)
    if row.first_at < now - LOCKOUT or (row.locked_until is not None and row.locked_until <= now):
        row.failures, row.first_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= MAX_FAILURES:
        row.locked_until = now + LOCKOUT
    s.flush()
    if user is not None:
        history.record(s, entity_type="account", entity_id=user.id, version=None,
                       action="login_failed", actor=None, before=None,
                       after={"failures": row.failures, "locked_until": iso(row.locked_until)})
    locked = row.locked_until is not None
    s.commit()
    raise LoginRefused(LOCKED if locked else LOGIN_FAILED)
