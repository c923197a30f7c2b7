"""Command line: `python -m etl build`, `python -m etl import FILE` and
`python -m etl check-sources`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.build import DEFAULT_WAREHOUSE, SOURCES, build
from etl.errors import EtlError


def _print_summary(summary: dict) -> None:
    print("Warehouse built:")
    for level, n in summary["regions_per_level"].items():
        print(f"  {level:<14} {n:>5} regions")
    print(f"  indicators     {summary['indicators']:>5}")
    print(f"  facts          {summary['facts']:>9,}")
    print(f"  periods        {summary['periods']:>5}")
    print(f"  classification {summary['latest_classification_year']:>5} (latest)")
    if summary["contains_demo"]:
        print("  NOTE: contains demonstration figures "
              "(voorbeeldcijfers, geen officiele statistiek)")
    print(f"  build time     {summary['build_seconds']:>7.2f} s")
    print(f"  build id       {summary['build_id']}  (what /health reports once it is read)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the warehouse and swap it in atomically")
    b.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    b.add_argument("--source", choices=SOURCES, default="demo")
    b.add_argument("--offline", action="store_true", help="use cached source responses only")
    i = sub.add_parser("import", help="import a file of own registrations and rebuild")
    i.add_argument("file", type=Path)
    i.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    sub.add_parser("check-sources", help="check online that every CBS table still has the "
                   "topics, dimensions and members the loader reads")
    args = parser.parse_args(argv)
    if args.command == "check-sources":
        from etl.sources.cbs import check_sources

        return check_sources()
    try:
        if args.command == "build":
            _print_summary(build(args.warehouse, source=args.source, offline=args.offline))
        else:
            from etl.own_import import import_file

            summary = import_file(args.file, args.warehouse)
            if "unchanged" in summary:
                print(f"{summary['unchanged']}: already imported with this content; "
                      "nothing changed")
            else:
                _print_summary(summary)
    except EtlError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
