"""Benchmark of a full warehouse build: wall time and peak memory (max RSS) of
`python -m etl build` in a child process, over a few runs. Prints a small table."""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_once(warehouse: Path, source: str) -> tuple[float, float]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "etl", "build", "--warehouse", str(warehouse),
                           "--source", source], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stderr}")
    # Linux reports ru_maxrss in KiB; this is the largest child so far (one child per run).
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, rss_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", default="demo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "warehouse.duckdb"
        results = [run_once(warehouse, args.source) for _ in range(args.runs)]
        size_mib = os.path.getsize(warehouse) / 2**20
    times = [t for t, _ in results]
    print(f"full build ({args.source}), {args.runs} runs on {os.cpu_count()} cores")
    print(f"  wall time  median {statistics.median(times):6.2f} s   max {max(times):6.2f} s")
    print(f"  peak RSS   {max(r for _, r in results):8.0f} MiB (child process)")
    print(f"  warehouse  {size_mib:8.1f} MiB")


if __name__ == "__main__":
    main()
