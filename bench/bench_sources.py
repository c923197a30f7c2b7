"""Benchmark of the source loaders: a full CBS load against the local recorded-format server
(every gemeente of 2015-2025, all three tables) and a 200,000-row own-data file read.

Run `python bench/bench_sources.py`; it prints wall time and peak memory (tracemalloc, Python
allocations) and the process's peak RSS. Nothing here is part of the build.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.sources import cbs, odata, own_data  # noqa: E402 - after the path setup above
from tests.etl.cbs_server import RecordedCbs, fake_ctx  # noqa: E402
from tests.fixtures.cbs import make_fixtures  # noqa: E402
from tests.fixtures.own_data.make_corpus import big_frame  # noqa: E402


def measure(label: str, fn, traced: bool = True):
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else float("nan")
    if traced:
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<50} {seconds:7.2f} s   peak traced {peak:7.1f} MB   max RSS {rss:7.1f} MB")
    return result


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench_sources_"))
    ctx = fake_ctx(work / "data", regions=True)
    g = ctx.reference.gemeenten
    every = {y: sorted(g.loc[g.classification_year == y, "gemeente_code"]) for y in (2022, 2023)}
    make_fixtures.write_tables(work / "tables", every)
    with RecordedCbs(work / "tables") as srv:
        os.environ[odata.BASE_URL_ENV] = srv.root
        # The server runs in this process, so its filtering counts in the online figure.
        facts = measure("CBS load, online (local server, empty cache)",
                        lambda: cbs.load(ctx), traced=False)
        print(f"  {len(facts):,} facts from {len(srv.requests)} requests")
    ctx.offline = True
    measure("CBS load, offline (cache only, untraced: time)", lambda: cbs.load(ctx),
            traced=False)
    measure("CBS load, offline (traced: memory)", lambda: cbs.load(ctx))
    ctx.offline = False

    path = work / "eigen_200k.csv"
    big_frame(ctx.reference, 200_000).to_csv(path, sep=";", index=False)
    print(f"  own-data file: {path.stat().st_size / 2**20:.1f} MB")
    measure("own data, 200,000 rows (untraced: time)", lambda: own_data.read(path, ctx),
            traced=False)
    measure("own data, 200,000 rows (traced: memory)", lambda: own_data.read(path, ctx))


if __name__ == "__main__":
    main()
