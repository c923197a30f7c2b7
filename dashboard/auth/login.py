"""Who is logged in: Flask-Login wired to the store (the account is read from the app database on
every request), the session cookie and its flags, and the opt-in trusted-header sign-on."""

from __future__ import annotations

import logging
from datetime import timedelta

import flask_login
from flask import Flask, current_app, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface

from dashboard import store
from dashboard.auth.settings import Settings

log = logging.getLogger(__name__)

ACCOUNT_FIELDS = ("id", "email", "name", "organisation", "role", "regions")
VIA_KEY = "aoj_via"


class Account(flask_login.UserMixin):
    """The logged-in user for Flask-Login: a store account record, as read on this request."""

    def __init__(self, record: dict):
        self.record = record

    def get_id(self) -> str:
        return str(self.record["id"])


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, Secure also when the request itself came in over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        # request.is_secure is true when the WSGI server says https: gunicorn sets that from
        # X-Forwarded-Proto, but only for proxies listed in its --forwarded-allow-ips.
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (
            has_request_context() and request.is_secure)


def settings() -> Settings:
    return current_app.extensions["aoj_auth"]


def _load_account(user_id: str) -> Account | None:
    # Every request reads the account afresh: a disabled or deleted account is logged out at
    # once. Rights are not taken from here at write time; the store reads them again.
    try:
        uid = int(user_id)
    except (TypeError, ValueError):
        uid = None
    record = None
    if uid is not None:
        with store.session(readonly=True) as s:
            record = store.accounts.get_user(s, uid)
    if record is None or not record.get("active"):
        session.clear()
        return None
    return Account(record)


def init_login(server: Flask, config: Settings) -> None:
    server.session_interface = SessionInterface()
    server.config.update(
        SESSION_COOKIE_NAME="aoj_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.https,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config.session_hours),
        # A login lasts session_hours from the moment of logging in, not from the last click;
        # the signature's timestamp enforces it on the server as well as in the browser.
        SESSION_REFRESH_EACH_REQUEST=False,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=config.https,
    )
    manager = flask_login.LoginManager()
    manager.session_protection = None
    manager.user_loader(_load_account)
    manager.init_app(server)
    server.before_request(_trusted_header_login)


def start_session(record: dict, *, via: str) -> None:
    """Log `record` in: a new session cookie, permanent (it expires after session_hours)."""
    session.clear()
    flask_login.login_user(Account(record))
    session.permanent = True
    session[VIA_KEY] = via
    log.info("user %s logged in (%s)", record["id"], via)


def end_session() -> None:
    flask_login.logout_user()
    session.clear()


def current_account() -> dict | None:
    """The logged-in account ({id, email, name, organisation, role, regions}) or None."""
    if not has_request_context() or not hasattr(current_app, "login_manager"):
        return None
    user = flask_login.current_user
    if not user.is_authenticated:
        return None
    return {key: user.record[key] for key in ACCOUNT_FIELDS}


def current_actor_id() -> int | None:
    """The id of the logged-in account, to pass to the store as `actor_id`; None if anonymous."""
    account = current_account()
    return account["id"] if account else None


def _trusted_header_login() -> None:
    config = settings()
    if not config.trusted_user_header:
        return
    email = (request.headers.get(config.trusted_user_header) or "").strip().lower()
    if not email:
        return
    if not config.trusts(request.remote_addr):
        log.warning("ignored %s from %s: not in AOJ_TRUSTED_PROXIES",
                    config.trusted_user_header, request.remote_addr)
        return
    user = flask_login.current_user
    if user.is_authenticated and user.record["email"] == email:
        return
    with store.session() as s:
        record = store.accounts.user_by_email(s, email)
        if record is not None and record.get("active"):
            # Once per session: the next requests find this account already logged in.
            store.history.record(s, entity_type="account", entity_id=record["id"], version=None,
                                 action="login", actor=store.rights.actor(s, record["id"]),
                                 before=None, after={"via": "sso"})
    if record is not None and record.get("active"):
        start_session(record, via="sso")
    elif user.is_authenticated and session.get(VIA_KEY) == "sso":
        # The proxy now vouches for someone without an account here: the old sign-on ends.
        end_session()
