"""Who the user is, at the web layer: login and logout, the session cookie, the cross-site check
on every write request, security headers, and the opt-in trusted-header sign-on. What a user may
write is decided by the store at write time (`store.rights`), never here.

Cross-site writes are refused by checking Origin, not with CSRF tokens. Every request that can
change something is a POST: Dash sends each callback as a same-origin `fetch` POST to
`/_dash-update-component`, and current browsers put an `Origin` header on every POST, fetch or
form. A POST whose Origin (or, without one, Referer) names another host than the request's own
gets 403. The session cookie is SameSite=Lax on top, so another site's POST does not even carry
it. Tokens would have to be threaded through every Dash callback and upload; the Origin check
covers them all in one place. Requests without Origin and Referer (curl, scripts) pass: they
carry no browser's cookies unless someone hands them over.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from flask import Flask, request
from flask_limiter import Limiter

from dashboard.auth import login, security, views
from dashboard.auth.html import who
from dashboard.auth.login import current_account, current_actor_id
from dashboard.auth.settings import Settings, secret_dir, secret_key

__all__ = ["current_account", "current_actor_id", "init_app", "who"]


def init_app(server: Flask, *, warehouse_path: str | os.PathLike,
             database_url: str | None = None,
             script_hashes: Callable[[], Sequence[str]] | None = None) -> Flask:
    """Install login, the cookie settings, the Origin check, the headers and the routes.

    `script_hashes` returns the CSP hashes of the page's inline scripts (Dash's
    `app.csp_hashes`); it is called once, on the first response.
    """
    config = Settings.from_env()
    server.extensions["aoj_auth"] = config
    server.secret_key = secret_key(secret_dir(warehouse_path, database_url))
    server.before_request(_refuse_cross_site)
    security.install_headers(server, script_hashes)
    login.init_login(server, config)
    limiter = Limiter(_client_address, app=server, storage_uri="memory://",
                      default_limits=[], headers_enabled=False)
    server.extensions["aoj_login_limiter"] = limiter
    views.register(server, limiter, lambda: login.settings().login_limit)
    return server


def _client_address() -> str:
    return login.settings().client_address(request.remote_addr,
                                           request.headers.get("X-Forwarded-For"))


def _refuse_cross_site():
    if not security.same_origin():
        return views.cross_site_refused()
    return None
