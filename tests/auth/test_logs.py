"""Passwords and password hashes never reach a log line, stdout/stderr or a page."""

from __future__ import annotations

import logging

from sqlalchemy import select

from dashboard import store
from dashboard.store.models import User
from tests.auth.conftest import PASSWORD, RIK, login


def test_no_password_or_hash_in_logs_output_or_pages(http, users, caplog, capfd):
    """A failed and a successful served login leave neither secret in logs, output or HTML."""
    with store.session(readonly=True) as s:
        hashes = list(s.scalars(select(User.password_hash)))
    caplog.set_level(logging.DEBUG)
    failed = login(http, RIK["email"], "een fout wachtwoord dat opvalt")
    ok = login(http, RIK["email"])
    pages = [failed.text, ok.text, http.get(http.base + "/_dash-layout").text,
             http.get(http.base + "/uitloggen").text, http.get(http.base + "/inloggen").text]
    out, err = capfd.readouterr()
    records = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "POST /inloggen" in records + err  # the served requests were logged and captured
    for secret in [PASSWORD, "een fout wachtwoord dat opvalt", *hashes]:
        for where in (records, out, err, *pages):
            assert secret not in where
