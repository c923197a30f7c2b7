"""`python -m dashboard.afspraken import|export`: read an agreements template into the app
database, or write every agreement out as XLSX or CSV (the template of
docs/AFSPRAKEN_TEMPLATE.md). Checks and writes are those of `spreadsheet`; this only parses the
command line, opens the databases and prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import db, store
from dashboard.afspraken import spreadsheet

DESCRIPTION = """\
Import or export agreements (afspraken) in the spreadsheet template.

import FILE: every row is checked first; when any row is wrong nothing is written and each
problem is printed to stderr as FILE:ROW:COLUMN: reason (exit status 2). --as EMAIL applies
that account's rights and names it in the history. Without --as the import is an operator's
write on the server, recorded as "systeem (CLI)": whoever can run this command on the server
can change the database anyway, so no account's rights are pretended.

export --out FILE.xlsx|FILE.csv: every live agreement, one row per target, re-importable.

The app database is --database, else $AOJ_DATABASE_URL, else app.sqlite beside the warehouse;
it is migrated (store.upgrade) before anything else.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.afspraken",
                                     description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("import", "export"):
        sub = commands.add_parser(name, description=DESCRIPTION,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.add_argument("--warehouse", type=Path, default=db.warehouse_path(),
                         help="the warehouse (default: $AOJ_WAREHOUSE or data/warehouse.duckdb)")
        sub.add_argument("--database", help="app database URL (default: $AOJ_DATABASE_URL, "
                                            "else sqlite beside the warehouse)")
        if name == "import":
            sub.add_argument("file", type=Path, help="CSV or XLSX in the template")
            sub.add_argument("--as", dest="as_email", metavar="EMAIL",
                             help="write with this account's rights (default: systeem (CLI))")
        else:
            sub.add_argument("--out", type=Path, required=True, help="FILE.xlsx or FILE.csv")
    args = parser.parse_args(argv)

    if not args.warehouse.exists():
        print(f"error: no warehouse at {args.warehouse}; run `python -m etl build` first",
              file=sys.stderr)
        return 1
    db.configure(args.warehouse)
    url = args.database or store.database_url(args.warehouse)
    store.upgrade(url)
    store.configure(url)
    return _import(args) if args.command == "import" else _export(args)


def _import(args) -> int:
    if not args.file.is_file():
        print(f"error: {args.file} does not exist", file=sys.stderr)
        return 1
    try:
        with store.session() as s:
            actor = store.rights.SYSTEM
            if args.as_email:
                user = store.accounts.user_by_email(s, args.as_email)
                if user is None or not user["active"]:
                    print(f"error: no active account {args.as_email}", file=sys.stderr)
                    return 1
                actor = user["id"]
            result = spreadsheet.import_file(args.file, session=s, actor_id=actor)
    except spreadsheet.ImportRefused as refused:
        for line in refused.lines():
            print(line, file=sys.stderr)
        print(f"{args.file.name}: niet ingelezen ({len(refused.problems)} "
              f"{'probleem' if len(refused.problems) == 1 else 'problemen'}); de database is "
              "niet gewijzigd", file=sys.stderr)
        return 2
    print(f"{result.file}: {result.created} nieuw, {result.updated} bijgewerkt, "
          f"{result.unchanged} ongewijzigd")
    return 0


def _export(args) -> int:
    from dashboard.afspraken import overview

    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        print("error: --out must end in .xlsx or .csv", file=sys.stderr)
        return 1
    with store.session(readonly=True) as s:
        agreements = store.agreements.list(s)
    rows = spreadsheet.export_rows(overview.with_status(agreements))
    data = spreadsheet.to_xlsx(rows) if suffix == ".xlsx" else spreadsheet.to_csv(rows)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(agreements)} afspraken, {len(rows)} rijen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
