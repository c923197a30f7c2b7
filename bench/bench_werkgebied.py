"""Benchmark of `queries.werkgebied_values` on a built warehouse: p50/p95 of werkgebieden of 2,
20 and 60 gemeenten (drawn with a fixed seed from the latest layout, a few split ones at a
weight below 1), for every indicator and for one. Target: p95 <= 100 ms (a callback's budget).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES = (2, 20, 60)


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=Path("data/warehouse.duckdb"))
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    from dashboard import db, queries

    db.configure(args.warehouse)
    codes = sorted(queries.regions("gemeente")["region_code"])
    rng = random.Random(20260301)
    print(f"werkgebied_values, {args.runs} runs per size ({args.warehouse})")
    print(f"  {'gemeenten':>9}  {'indicator':<10} {'rows':>5} {'p50 ms':>7} {'p95 ms':>7}")
    for size in SIZES:
        members = [{"gemeente_code": c, "weight": rng.choice((1.0, 1.0, 1.0, 0.5))}
                   for c in rng.sample(codes, size)]
        for indicator_id in (None, "jeugdhulp"):
            queries.werkgebied_values(members, indicator_id)  # warm-up: first bind
            times, rows = [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                rows = len(queries.werkgebied_values(members, indicator_id))
                times.append((time.perf_counter() - started) * 1000)
            print(f"  {size:>9}  {indicator_id or 'all':<10} {rows:>5} "
                  f"{statistics.median(times):7.1f} {p95(times):7.1f}")


if __name__ == "__main__":
    main()
