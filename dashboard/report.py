"""`python -m dashboard.report`: the OOGO report as PDF from the command line.

    python -m dashboard.report --region GM0363 [--period 2023] [--warehouse PATH] --out rapport.pdf
    python -m dashboard.report --members-of PO2101 --out DIR     (one PDF per member gemeente)

The agreements and duiding come from the application database (`--database-url`, default
$AOJ_DATABASE_URL or app.sqlite beside the warehouse), migrated to the current schema first.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tqdm import tqdm

from dashboard import db, queries, store
from dashboard.db import DEFAULT_WAREHOUSE
from dashboard.export import images, report

# Two reports in flight: while one is printed by Chromium, the next one's charts render.
BATCH_WORKERS = 2


def _batch(swv: str, out_dir: Path, period: str | None) -> int:
    region = queries.region(swv)
    if region is None or region["region_level"] == "gemeente":
        print(f"error: {swv} is geen regio met leden (bijv. een SWV)", file=sys.stderr)
        return 2
    members = queries.region_member_list(swv)
    out_dir.mkdir(parents=True, exist_ok=True)
    images.renderer().start()

    def one(row) -> Path:
        return report.build_report(row.gemeente_code, out_dir / report.filename(
            row.gemeente_code, row.region_name), period)

    with ThreadPoolExecutor(BATCH_WORKERS) as pool:
        jobs = pool.map(one, members.itertuples())
        for _ in tqdm(jobs, total=len(members), desc=f"OOGO-rapporten {swv}", unit="rapport"):
            pass
    print(f"{len(members)} rapporten in {out_dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--region", help="gemeente- of regiocode, bijv. GM0363 of PO2707")
    which.add_argument("--members-of", help="SWV- of regiocode: een rapport per lid-gemeente")
    parser.add_argument("--period", help="peiljaar (bijv. 2023 of 2022/2023); standaard de "
                                         "laatste periode")
    parser.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    parser.add_argument("--out", type=Path, required=True,
                        help="PDF-bestand (--region) of map (--members-of)")
    parser.add_argument("--database-url", help="de applicatiedatabase met afspraken en duiding "
                                               "(standaard $AOJ_DATABASE_URL of app.sqlite "
                                               "naast het warehouse)")
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(f"error: no warehouse at {args.warehouse}; run `python -m etl build` first",
              file=sys.stderr)
        return 1
    db.configure(args.warehouse)
    url = args.database_url or store.database_url(args.warehouse)
    store.configure(url)
    store.upgrade(url)
    try:
        if args.members_of:
            return _batch(args.members_of, args.out, args.period)
        out = report.build_report(args.region, args.out, args.period)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
