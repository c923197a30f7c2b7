"""`python -m dashboard`: serve the dashboard with Flask's server (use gunicorn in production)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.app import create_app
from dashboard.db import DEFAULT_WAREHOUSE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE)
    parser.add_argument("--database", metavar="URL", default=None,
                        help="app database (default: $AOJ_DATABASE_URL, else app.sqlite beside "
                             "the warehouse)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(f"error: no warehouse at {args.warehouse}; run `python -m etl build` first",
              file=sys.stderr)
        return 1
    app = create_app(args.warehouse, args.database)
    # The dev tools ask plotly.com for a newer Dash; the CSP blocks that call anyway.
    app.run(host=args.host, port=args.port, debug=args.debug,
            dev_tools_disable_version_check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
