"""The plain Flask routes `/inloggen` and `/uitloggen`, the refusal pages (403 cross-site, 429
too many attempts), and the check that a return address stays on this site."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, Response, redirect, request
from flask_limiter import Limiter

from dashboard import store
from dashboard.auth import html, login
from dashboard.store.errors import LoginRefused

log = logging.getLogger(__name__)

CROSS_SITE = ("Dit verzoek kwam van een andere website en is geweigerd. Open de monitor zelf "
              "en probeer het daar opnieuw.")
TOO_MANY = ("Te veel inlogpogingen vanaf dit adres in korte tijd. Wacht een minuut en probeer "
            "het dan opnieuw.")


def local_path(value: str | None, default: str = "/") -> str:
    """`value` if it is a path on this site ("/gemeente/GM0363?x=1"), else `default`.

    Refused: other hosts ("//evil", "http://…"), backslashes (browsers read "/\\evil" as
    "//evil"), control characters, and anything not starting with one "/".
    """
    if not value or not value.startswith("/") or value.startswith("//"):
        return default
    if "\\" in value or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return default
    return value


def _referrer_path() -> str:
    # Where the "Inloggen" link was clicked: the Referer of a same-site link (Referrer-Policy
    # same-origin sends it to this site only), so the user returns to the page they were on.
    ref = request.referrer
    if not ref or urlsplit(ref).netloc != request.host:
        return "/"
    parts = urlsplit(ref)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return "/" if parts.path in ("/inloggen", "/uitloggen") else local_path(path)


def _volgende() -> str:
    value = request.values.get("volgende")
    return local_path(value) if value else _referrer_path()


def _nav():
    from dashboard.components.shell import NAV  # the Dash page header's navigation, declared once

    return NAV


def _page(template: str, status: int = 200, **context) -> Response:
    body = html.page(template, nav=_nav(), account=login.current_account(), **context)
    return Response(body, status=status, mimetype="text/html")


def login_form() -> Response:
    return _page("login.html", title="Inloggen", volgende=_volgende(), email="", error=None)


def login_submit() -> Response:
    email = request.form.get("email", "").strip()
    password = request.form.get("wachtwoord", "")
    volgende = _volgende()
    try:
        with store.session() as s:
            record = store.accounts.authenticate(s, email, password)
    except LoginRefused as refused:
        # The address typed is not logged: people type their password into that field too.
        log.info("login refused")
        return _page("login.html", title="Inloggen", volgende=volgende, email=email,
                     error=refused.message)
    login.start_session(record, via="password")
    return redirect(volgende, code=303)


def logout_form() -> Response:
    return _page("logout.html", title="Uitloggen", volgende=_volgende())


def logout_submit() -> Response:
    login.end_session()
    return redirect(_volgende(), code=303)


def cross_site_refused() -> Response:
    return _page("refused.html", 403, title="Verzoek geweigerd", message=CROSS_SITE)


def too_many_requests(_error) -> Response:
    return _page("refused.html", 429, title="Even geduld", message=TOO_MANY)


def register(server: Flask, limiter: Limiter, limit) -> None:
    server.add_url_rule("/inloggen", "auth_login_form", login_form, methods=["GET"])
    server.add_url_rule("/inloggen", "auth_login", limiter.limit(limit)(login_submit),
                        methods=["POST"])
    server.add_url_rule("/uitloggen", "auth_logout_form", logout_form, methods=["GET"])
    server.add_url_rule("/uitloggen", "auth_logout", logout_submit, methods=["POST"])
    server.register_error_handler(429, too_many_requests)
