"""`python -m dashboard.accounts`: manage accounts of the application database from the shell.

    python -m dashboard.accounts add EMAIL --name NAME --role redacteur --region GM0363
    python -m dashboard.accounts list
    python -m dashboard.accounts disable EMAIL | enable EMAIL | reset-password EMAIL

The database is `--database URL`, else $AOJ_DATABASE_URL, else app.sqlite beside the warehouse.
Every change is recorded in the history as made by "systeem (CLI)". A password is printed only
when generated (once); a password hash never.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from dashboard import store
from dashboard.store import rights
from dashboard.store.errors import StoreError, ValidationError

EXIT_USAGE = 2
# English next to the store's Dutch, for administrators reading the shell.
ENGLISH = {
    "email": "invalid or duplicate e-mail address",
    "role": "unknown role: use redacteur or beheerder",
    "regions": "bad region code (GM0363, PO2707, VO2708, JZ01 or WG0001; a redacteur needs one)",
    "password": f"password too short (at least {store.accounts.MIN_PASSWORD} characters)",
    "name": "name is required",
}


def _warehouse_default() -> Path:
    from dashboard.db import DEFAULT_WAREHOUSE

    return Path(os.environ.get("AOJ_WAREHOUSE", DEFAULT_WAREHOUSE))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.accounts",
                                     description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    place = argparse.ArgumentParser(add_help=False)
    # Accepted before and after the command; after it, the default must not override before.
    for p, default in ((parser, None), (place, argparse.SUPPRESS)):
        p.add_argument("--database", default=default, metavar="URL",
                       help="SQLAlchemy URL (default: $AOJ_DATABASE_URL, else app.sqlite "
                            "beside the warehouse)")
        p.add_argument("--warehouse", type=Path, default=default, metavar="PATH",
                       help="the warehouse whose folder holds app.sqlite "
                            "(default: data/warehouse.duckdb)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = commands.add_parser("add", parents=[place], help="create an account")
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, help="redacteur or beheerder")
    add.add_argument("--region", action="append", default=[], dest="regions",
                     metavar="CODE", help="a region the account may write (repeatable)")
    add.add_argument("--organisation", default="")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from stdin instead of generating one")

    listing = commands.add_parser("list", parents=[place], help="list every account")
    listing.add_argument("--json", action="store_true", help="as JSON, for scripts")

    for name, text in (("disable", "switch an account off"), ("enable", "switch it back on"),
                       ("reset-password", "give an account a new one-time password")):
        command = commands.add_parser(name, parents=[place], help=text)
        command.add_argument("email")

    set_rights = commands.add_parser("set-rights", parents=[place],
                                     help="set an account's role and regions")
    set_rights.add_argument("email")
    set_rights.add_argument("--role", required=True)
    set_rights.add_argument("--region", action="append", default=[], dest="regions",
                            metavar="CODE")
    return parser


def _table(users: list[dict]) -> str:
    header = ("e-mail", "naam", "organisatie", "rol", "actief", "regio's", "laatst ingelogd")
    rows = [(u["email"], u["name"], u["organisation"], u["role"],
             "ja" if u["active"] else "nee", ", ".join(u["regions"]) or "-",
             (u["last_login_at"] or "-")[:16].replace("T", " ")) for u in users]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in [header, *rows])


def _describe(user: dict) -> str:
    regions = ", ".join(user["regions"]) or "geen regio's"
    state = "actief" if user["active"] else "uitgeschakeld"
    return f"{user['email']} ({user['name']}; {user['role']}; {regions}; {state})"


def _run(args, s) -> str:
    accounts = store.accounts
    if args.command == "add":
        given = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
        password = given if given is not None else accounts.generate_password()
        user = accounts.create_user(
            s, actor_id=rights.SYSTEM, email=args.email, name=args.name,
            organisation=args.organisation, role=args.role, regions=args.regions,
            password=password)
        if given is not None:
            return f"Account aangemaakt: {_describe(user)}"
        return (f"Account aangemaakt: {_describe(user)}\n"
                f"Eenmalig wachtwoord: {password}\n"
                "Geef het veilig door; het wordt niet nog eens getoond.")
    if args.command == "list":
        users = accounts.list_users(s)
        return json.dumps(users, ensure_ascii=False, indent=2) if args.json else _table(users)
    if args.command in ("disable", "enable"):
        switch = accounts.disable if args.command == "disable" else accounts.enable
        user = switch(s, actor_id=rights.SYSTEM, email=args.email)
        return f"{'Uitgeschakeld' if args.command == 'disable' else 'Ingeschakeld'}: " \
               f"{_describe(user)}"
    if args.command == "reset-password":
        one_time = accounts.reset_password(s, actor_id=rights.SYSTEM, email=args.email)
        return (f"Nieuw eenmalig wachtwoord voor {store.accounts.normalise_email(args.email)}: "
                f"{one_time}\nGeef het veilig door; het wordt niet nog eens getoond.")
    if args.command == "set-rights":
        user = accounts.set_rights(s, actor_id=rights.SYSTEM, email=args.email, role=args.role,
                                   regions=args.regions)
        return f"Rechten gezet: {_describe(user)}"
    raise AssertionError(args.command)


def _error_text(exc: StoreError) -> str:
    lines = [f"fout: {exc.message}"]
    if isinstance(exc, ValidationError):
        lines = [f"fout: {message}" for _, message in exc.errors]
        lines += [f"error: {ENGLISH[f]}" for f in dict.fromkeys(f for f, _ in exc.errors)
                  if f in ENGLISH]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = args.database or store.database_url(args.warehouse or _warehouse_default())
    try:
        store.upgrade(url)
        with store.session(url) as s:
            output = _run(args, s)
    except StoreError as exc:
        print(_error_text(exc), file=sys.stderr)
        return EXIT_USAGE
    except SQLAlchemyError as exc:
        print(f"fout: de database is niet bereikbaar of niet bij te werken "
              f"(error: database unavailable: {type(exc).__name__})", file=sys.stderr)
        return 1
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
