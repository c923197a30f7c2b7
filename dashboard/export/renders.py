"""The gate every report (PDF) and chart image render passes: a per-client rate limit (on the
app's one Flask-Limiter instance, `dashboard.auth`) and a per-process queue (at most `RENDERERS`
renders at once and `limits.RENDER_QUEUE` waiting, each at most `limits.RENDER_WAIT_SECONDS`),
so Chromium work holds few of a worker's threads and the pages keep being served. Past either,
the export callback answers with a Dutch message beside its button instead of the file."""

from __future__ import annotations

import functools
import os
import threading
from contextlib import contextmanager

import limits as ratelimits
from dash import ctx, no_update, set_props
from flask import current_app, request

from dashboard import ids, limits
from dashboard.auth import login

# Half the cores: a render is one Chromium busy on a core; the other half serve the pages.
RENDERERS = max(1, (os.cpu_count() or 2) // 2)
# Process-wide gates on a machine resource (not user data): shared by every request on purpose.
_running = threading.BoundedSemaphore(RENDERERS)
_admitted = threading.BoundedSemaphore(RENDERERS + limits.RENDER_QUEUE)

KINDS = {
    "report": (limits.REPORTS_PER_CLIENT, "rapporten"),
    "image": (limits.IMAGES_PER_CLIENT, "afbeeldingen"),
}


class Refused(Exception):
    """A render not started, with the Dutch reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _asked_too_often(kind: str) -> bool:
    limiter = current_app.extensions.get("aoj_login_limiter")
    if limiter is None:
        return False
    client = login.settings().client_address(request.remote_addr,
                                             request.headers.get("X-Forwarded-For"))
    return not limiter.limiter.hit(ratelimits.parse(KINDS[kind][0]), "render", kind, client)


@contextmanager
def render_slot(kind: str):
    """Hold one of the process's renderers for a `kind` render; `Refused` when this client asked
    too often, or when no renderer is free within the wait."""
    words = KINDS[kind][1]
    if _asked_too_often(kind):
        raise Refused(f"U heeft in korte tijd veel {words} gevraagd; probeer het over een "
                      "minuut opnieuw.")
    busy = Refused(f"Er worden nu te veel {words} gemaakt; probeer het over een minuut "
                   "opnieuw.")
    if not _admitted.acquire(blocking=False):
        raise busy
    try:
        if not _running.acquire(timeout=limits.RENDER_WAIT_SECONDS):
            raise busy
        try:
            yield
        finally:
            _running.release()
    finally:
        _admitted.release()


def message_id(triggered: dict) -> dict:
    """The status line beside the export button that was clicked."""
    if triggered.get("type") == "report-button":
        return ids.report_message(triggered.get("region"))
    return ids.export_message(triggered.get("page"), triggered.get("name"))


def limited(kind: str):
    """Run an export callback through `render_slot`; refused, it leaves the download alone and
    says why in the button's status line."""
    def decorate(callback):
        @functools.wraps(callback)
        def wrapper(*args, **kwargs):
            target = message_id(ctx.triggered_id or {})
            try:
                with render_slot(kind):
                    result = callback(*args, **kwargs)
            except Refused as refused:
                set_props(target, {"children": refused.message})
                return no_update
            set_props(target, {"children": ""})
            return result
        return wrapper
    return decorate
