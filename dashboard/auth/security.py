"""Request guards and response headers for every route: the Origin check that keeps other sites
from writing, and the security headers with the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from flask import Flask, Response, request

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Plotly injects <style> elements and sets style attributes, hence 'unsafe-inline' for styles
# only. Scripts come from this server, plus the hashes of Dash's few inline scripts (the
# renderer start-up and the clientside callbacks). Images: plotly's PNG download draws the SVG
# through data:/blob: URLs.
CSP_BASE = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _netloc(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    for default_port in (":80", ":443"):
        if host.endswith(default_port):
            return host[: -len(default_port)]
    return host


def same_origin() -> bool:
    """Whether this request may change something: not a write, or not sent from another site.

    Only the host is compared, not the scheme: behind a TLS proxy the app sees http while the
    browser says https. A request without Origin and Referer (curl, scripts) is let through;
    browsers always send Origin with a POST.
    """
    if request.method not in UNSAFE_METHODS:
        return True
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return True
    if source == "null":
        return False
    return _netloc(source) == _netloc(request.host_url)


def content_security_policy(script_hashes: Sequence[str] = ()) -> str:
    directives = dict(CSP_BASE)
    if script_hashes:
        directives["script-src"] += " " + " ".join(script_hashes)
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def install_headers(server: Flask, script_hashes: Callable[[], Sequence[str]] | None) -> None:
    """Add the security headers to every response of `server`, errors and static files too."""
    cache: dict[str, str] = {}

    def policy() -> str:
        # Taken on the first response: by then Dash has collected every clientside callback
        # (it does so on the first request) and the list no longer changes.
        if "csp" not in cache:
            cache["csp"] = content_security_policy(script_hashes() if script_hashes else ())
        return cache["csp"]

    @server.after_request
    def _security_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = policy()
        for name, value in HEADERS.items():
            response.headers[name] = value
        return response
