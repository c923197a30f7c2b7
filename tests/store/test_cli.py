"""`python -m dashboard.accounts`, run as administrators run it (a subprocess): add, list,
disable, enable, reset-password, its errors and exit codes, and no hash in any output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dashboard import store
from dashboard.store import accounts

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: str | None = None, env: dict | None = None):
    """Run the accounts CLI; return the finished process (stdout, stderr, returncode)."""
    environment = {k: v for k, v in os.environ.items() if k != "AOJ_DATABASE_URL"}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "dashboard.accounts", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, env=environment,
                          timeout=120)


def one_time_password(output: str) -> str:
    line, = [x for x in output.splitlines() if "wachtwoord" in x and ":" in x]
    return line.rsplit(": ", 1)[1].strip()


def can_log_in(email: str, password: str) -> bool | str:
    try:
        with store.session() as s:
            return bool(accounts.authenticate(s, email, password))
    except store.errors.LoginRefused as exc:
        return exc.message


def test_add_list_disable_enable_and_reset_password(db_url):
    """The whole life of an account through the CLI, each change in the history as the CLI."""
    out = cli("add", "Jan@Example.nl", "--name", "Jan Jansen", "--role", "redacteur",
              "--region", "GM0363", "--region", "PO2707", "--organisation", "Gemeente A",
              "--database", db_url)
    assert out.returncode == 0, out.stderr
    first = one_time_password(out.stdout)
    assert can_log_in("jan@example.nl", first) is True

    listed = cli("list", "--database", db_url)
    assert listed.returncode == 0
    assert "jan@example.nl" in listed.stdout and "GM0363, PO2707" in listed.stdout

    assert cli("disable", "jan@example.nl", "--database", db_url).returncode == 0
    assert can_log_in("jan@example.nl", first) == accounts.DISABLED
    assert cli("enable", "JAN@example.nl", "--database", db_url).returncode == 0

    reset = cli("reset-password", "jan@example.nl", "--database", db_url)
    assert reset.returncode == 0, reset.stderr
    second = one_time_password(reset.stdout)
    assert second != first
    assert can_log_in("jan@example.nl", first) == accounts.LOGIN_FAILED
    assert can_log_in("jan@example.nl", second) is True

    with store.session() as s:
        rows = store.history.recent(s, entity_type="account")
        assert [r["action"] for r in rows] == [
            "login", "login_failed", "reset_password", "update", "disable", "login", "create"]
        assert {r["actor_label"] for r in rows if r["action"] not in (
            "login", "login_failed")} == {"systeem (CLI)"}
        hashes = s.execute(store.models.User.__table__.select()).mappings().all()
    everything = "".join(p.stdout + p.stderr for p in (out, listed, reset))
    assert "$argon2" not in everything
    assert all(h["password_hash"] not in everything for h in hashes)


def test_password_from_stdin_is_used_and_not_printed(db_url):
    """--password-stdin takes the password from a script and never echoes it."""
    out = cli("add", "b@example.nl", "--name", "Bea", "--role", "beheerder", "--password-stdin",
              "--database", db_url, stdin="een lang geheim wachtwoord\n")
    assert out.returncode == 0, out.stderr
    assert "een lang geheim" not in out.stdout + out.stderr
    assert can_log_in("b@example.nl", "een lang geheim wachtwoord") is True


def test_errors_are_explained_in_dutch_and_english_with_exit_code_2(db_url, capsys):
    """A duplicate address, an unknown role, a malformed region code and an unknown account
    exit with 2 and say why (the first in a subprocess, the others through main())."""
    from dashboard.accounts import main

    ok = cli("add", "a@example.nl", "--name", "A", "--role", "redacteur", "--region", "GM0363",
             "--database", db_url)
    assert ok.returncode == 0, ok.stderr
    duplicate = cli("add", "A@example.nl", "--name", "A", "--role", "redacteur", "--region",
                    "GM0363", "--database", db_url)
    assert duplicate.returncode == 2 and duplicate.stdout == ""
    assert "al een account" in duplicate.stderr and "duplicate e-mail" in duplicate.stderr
    cases = {
        ("add", "c@example.nl", "--name", "C", "--role", "admin", "--region", "GM0363"):
            ("Onbekende rol", "unknown role"),
        ("add", "d@example.nl", "--name", "D", "--role", "redacteur", "--region", "Utrecht"):
            ("'Utrecht' is ongeldig", "bad region code"),
        ("add", "e@example.nl", "--name", "E", "--role", "redacteur"):
            ("minstens één regio", "a redacteur needs one"),
        ("disable", "niemand@example.nl"): ("geen account", ""),
    }
    for args, (dutch, english) in cases.items():
        assert main([*args, "--database", db_url]) == 2, args
        out, err = capsys.readouterr()
        assert dutch in err and english in err and out == "", (args, err)
    with store.session() as s:
        assert [u["email"] for u in accounts.list_users(s)] == ["a@example.nl"]


def test_default_database_is_app_sqlite_beside_the_warehouse(tmp_path):
    """Without --database or $AOJ_DATABASE_URL the CLI creates and migrates app.sqlite next
    to --warehouse; the environment variable overrides that."""
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    out = cli("add", "a@example.nl", "--name", "A", "--role", "beheerder",
              "--warehouse", str(warehouse))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "data" / "app.sqlite").exists()
    other = tmp_path / "other.sqlite"
    listed = cli("list", "--warehouse", str(warehouse),
                 env={"AOJ_DATABASE_URL": f"sqlite:///{other}"})
    assert listed.returncode == 0 and "a@example.nl" not in listed.stdout
    assert other.exists()
    assert "a@example.nl" in cli("--warehouse", str(warehouse), "list").stdout
