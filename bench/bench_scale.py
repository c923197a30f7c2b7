"""Scale benchmark (issue 12, item 7): a SYNTHETIC wijk-level dataset with `--scale` times the
regions (default 10: every real gemeente split into 10 made-up "wijken", ~3,400 base units x 10
years x 20 indicators), built through the real `etl.build.build`, beside the normal demo build;
prints build time, peak memory and warehouse size of both, then the single-user time (p50/p95
over calls with varied regions, caches cold) of the queries and drawing the main callbacks run.
Target: p95 <= 100 ms single user.

How the synthetic set is made (nothing in etl/ changed): a synthetic Reference in which every
PC4 row of the real one is cut into `--scale` slices with random (seeded) shares of its
inhabitants, slice k of a PC4 belonging to wijk k of the PC4's gemeente in every year. The wijken
are the base level ('gemeente' in the warehouse) because the build and its SQL aggregate that
level only; their codes are GM-like (GM5000 upward, GM + 4 digits as the dashboard's code checks
expect; real codes end below GM2000) and their names start with "SYNTHETISCH". Memberships,
weights, successors and population follow from the slices exactly as the real ones follow from
PC4 areas: a wijk lies in its gemeente's jeugdregio, RMC, provincie and size class and in the
SWVs its PC4 slices lie in. Boundaries: each real gemeente polygon cut into vertical strips (a
synthetic geojson read through AOJ_DATA_DIR). Facts: the demonstration generator
(etl.sources.demo, seeded) run on this Reference, its source relabelled "SYNTHETISCH schaaltest"
and the population facts' source too (two assignments in the build's child process); Nederland
keeps the real published national series, as in the demo build.

Bounded: one child process per build, killed after `--seconds`; queries in this process,
`--calls` per query; nothing leaves the machine. Figures depend on the machine's load: on a
shared machine `--clock cpu` times the CPU this process spends (DuckDB's threads included), less
noisy than wall time. `--keep DIR` builds into DIR and reuses the warehouses found there, so the
queries of two code versions can be timed alternately on the same builds; `--only TEXT` times
only the queries whose name contains TEXT.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LABEL = "SYNTHETISCH schaaltest"
SEED = 20261202
FIRST_CODE = 5000  # synthetic base codes GM5000...: above every real gemeente code
TARGET_MS = 100.0


# --- the synthetic reference (child process) ---------------------------------------------------

def synthetic_geojson(real_geojson: Path, out: Path, codes: dict[str, list[str]]) -> int:
    """Cut every real 2024 gemeente into len(codes[gm]) vertical strips named by wijk code;
    returns how many strips came out empty (a gap in a gemeente made of islands)."""
    from shapely.geometry import box, mapping, shape

    features, empty = [], 0
    for f in json.loads(real_geojson.read_text(encoding="utf-8"))["features"]:
        geom = shape(f["geometry"]).buffer(0)
        wijken = codes[f["properties"]["gemeenteCode"]]
        x0, y0, x1, y1 = geom.bounds
        step = (x1 - x0) / len(wijken)
        for k, code in enumerate(wijken):
            part = geom.intersection(box(x0 + k * step, y0, x0 + (k + 1) * step, y1))
            empty += part.is_empty
            features.append({"type": "Feature", "properties": {"gemeenteCode": code},
                             "geometry": mapping(part)})
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                   encoding="utf-8")
    return empty


def synthetic_reference(real, scale: int, data_dir: Path):
    """The real Reference with every gemeente split into `scale` synthetic wijken (see the
    module docstring); writes the wijk boundaries to data_dir/geo."""
    import numpy as np
    import pandas as pd

    from etl import reference as r

    years = r.CLASSIFICATION_YEARS
    rng = np.random.default_rng(SEED)
    real_codes = sorted(real.gemeenten["gemeente_code"].unique())
    if FIRST_CODE + len(real_codes) * scale > 10_000:
        sys.exit(f"--scale {scale}: more wijken than GM-like codes GM{FIRST_CODE}-GM9999")
    index = pd.Series(np.arange(len(real_codes)), index=real_codes)

    def wijk(codes: pd.Series, k: np.ndarray) -> pd.Series:
        n = FIRST_CODE + index.reindex(codes).to_numpy() * scale + k
        return pd.Series([f"GM{v:04d}" for v in n], index=codes.index)

    pc4 = real.pc4
    s = pc4.loc[pc4.index.repeat(scale)].reset_index(drop=True)
    k = np.tile(np.arange(scale), len(pc4))
    share = rng.dirichlet(np.full(scale, 3.0), size=len(pc4)).ravel()
    for col in ["inwoners", *[f"pop_{g}" for g in r.AGE_GROUPS]]:
        s[col] = s[col].to_numpy() * share
    s["pc4"] = s["pc4"] + "-" + pd.Series(k).astype(str)
    for year in years:
        s[f"real_{year}"] = s[f"code_{year}"]
        s[f"code_{year}"] = wijk(s[f"real_{year}"], k)

    g = real.gemeenten
    gk = g.loc[g.index.repeat(scale)].reset_index(drop=True)
    kk = np.tile(np.arange(scale), len(g))
    gemeenten = pd.DataFrame({
        "gemeente_code": wijk(gk["gemeente_code"], kk),
        "gemeente_name": [f"SYNTHETISCH wijk {i + 1} van {n}"
                          for i, n in zip(kk, gk["gemeente_name"], strict=True)],
        "classification_year": gk["classification_year"]})

    # A wijk lies in its gemeente's jeugdregio, RMC, provincie (2024 layout, as for real
    # gemeenten) and size class; its SWVs are those of its PC4 slices.
    m24 = real.members[real.members["classification_year"] == r.SHAPE_YEAR]
    of = {lv: m24[m24["region_level"] == lv].sort_values("weight")
          .drop_duplicates("gemeente_code", keep="last").set_index("gemeente_code")["region_code"]
          for lv in ("jeugdregio", "rmc", "provincie")}
    members, regions = [], []
    real24 = s[f"real_{r.SHAPE_YEAR}"]
    for year in years:
        inhabitants = s.groupby(s[f"real_{year}"])["inwoners"].transform("sum")
        size = pd.cut(inhabitants, [lo for _, _, lo, _ in r.SIZE_CLASSES] + [10**9],
                      right=False, labels=[c for c, *_ in r.SIZE_CLASSES]).astype(str)
        members += [
            r._weighted(s, year, s["swv_po"], "swv_po"),
            r._weighted(s, year, s["swv_vo"], "swv_vo"),
            *[r._weighted(s, year, real24.map(of[lv]), lv) for lv in of],
            r._weighted(s, year, size, "grootteklasse"),
            r._weighted(s, year, pd.Series("NL01", index=s.index), "nederland"),
        ]
        gem = gemeenten[gemeenten["classification_year"] == year]
        regions.append(pd.DataFrame({"region_code": gem["gemeente_code"],
                                     "region_name": gem["gemeente_name"],
                                     "region_level": "gemeente", "classification_year": year}))
    # Higher regions keep their real codes and names (every one still has members).
    regions.append(real.regions[real.regions["region_level"] != "gemeente"])
    population = [
        s.groupby(f"code_{year}", as_index=False)[f"pop_{grp}"].sum()
        .set_axis(["gemeente_code", "persons"], axis=1)
        .assign(classification_year=year, population_group=grp)
        for year in years for grp in r.AGE_GROUPS]

    geo = data_dir / "geo" / "gemeenten_2024.geojson"
    geo.parent.mkdir(parents=True, exist_ok=True)
    codes24 = gemeenten[gemeenten["classification_year"] == r.SHAPE_YEAR]
    by_gemeente = {c: list(codes24["gemeente_code"].iloc[i * scale:(i + 1) * scale])
                   for i, c in enumerate(g.loc[g["classification_year"] == r.SHAPE_YEAR,
                                               "gemeente_code"])}
    empty = synthetic_geojson(ROOT / "data" / "geo" / "gemeenten_2024.geojson", geo,
                              by_gemeente)
    ref = r.Reference(
        history=real.history, gemeenten=gemeenten, pc4=s,
        regions=pd.concat(regions, ignore_index=True),
        members=pd.concat(members, ignore_index=True),
        population=pd.concat(population, ignore_index=True),
        files=[p for p in real.files if p.suffix == ".csv"] + [geo])
    r._check(ref)
    return ref, empty


def child(kind: str, folder: Path, scale: int) -> None:
    """One build in this (child) process; prints its figures as one JSON line."""
    started = time.perf_counter()
    if kind == "synthetic":
        data_dir = folder / "data"
        data_dir.mkdir()
        (data_dir / "ref").symlink_to(ROOT / "data" / "ref")
        os.environ["AOJ_DATA_DIR"] = str(data_dir)  # the synthetic boundaries, real ref/
    from etl import build as b
    from etl.reference import load_reference
    from etl.sources import demo

    ref = load_reference()
    info = {"reference_s": round(time.perf_counter() - started, 2)}
    if kind == "synthetic":
        ref, info["empty_strips"] = synthetic_reference(ref, scale, data_dir)
        info["synthetic_reference_s"] = round(time.perf_counter() - started
                                              - info["reference_s"], 2)
        # Label every generated row; the population stays the real one, split over wijken.
        demo.SOURCE = LABEL
        population_facts = b.population_facts
        b.population_facts = lambda r: population_facts(r).assign(
            source=f"{LABEL} (bevolking CBS 83502NED verdeeld over synthetische wijken)",
            demo=True)
    warehouse = folder / "warehouse.duckdb"
    summary = b.build(warehouse, source="demo", reference=ref, log=lambda _msg: None)
    info |= {"build_s": summary["build_seconds"],
             "total_s": round(time.perf_counter() - started, 2),
             "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
             "size_mib": round(warehouse.stat().st_size / 2**20, 1), "facts": summary["facts"],
             "base_units": summary["regions_per_level"].get("gemeente"),
             "indicators": summary["indicators"], "periods": summary["periods"]}
    print(json.dumps(info), flush=True)


def run_build(kind: str, folder: Path, scale: int, seconds: float) -> dict:
    if (folder / "build.json").exists():
        return json.loads((folder / "build.json").read_text()) | {"reused": True}
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", kind, str(folder),
                               "--scale", str(scale)], capture_output=True, text=True,
                              timeout=seconds, cwd=ROOT)
    except subprocess.TimeoutExpired:
        sys.exit(f"{kind} build took more than {seconds:.0f} s (--seconds)")
    if proc.returncode != 0:
        sys.exit(f"{kind} build failed:\n{proc.stderr[-3000:]}")
    (folder / "build.json").write_text(proc.stdout.strip().splitlines()[-1])
    return json.loads((folder / "build.json").read_text())


# --- single-user query and callback times (this process) --------------------------------------

def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * len(s))) - 1))]


def time_queries(warehouse: Path, calls: int, clock=time.perf_counter,
                 only: str = "") -> dict[str, list[float]]:
    """ms per call (of `clock`) of the queries and drawings behind the main callbacks, each with
    a different region (or indicator/period where the query takes no region), every cache
    cleared first; only those whose name contains `only`."""
    from dashboard import cache, db, queries
    from dashboard.pages.gemeente import table
    from dashboard.pages.indicator import callbacks as ind_cb
    from dashboard.pages.indicator import charts, state
    from dashboard.queries import levels

    db.configure(warehouse)
    rnd = random.Random(SEED)
    gem = list(queries.regions("gemeente")["region_code"])
    regions = {lv: list(queries.regions(lv)["region_code"]) for lv in ("swv_po", "swv_vo",
                                                                      "jeugdregio")}
    inds = [i for i in queries.indicators()["indicator_id"] if i != "jeugdpopulatie"]

    def view(level="gemeente", region=None):
        ind = rnd.choice(inds)
        return state.View(queries.indicator(ind), level, region,
                          rnd.choice(queries.indicator_periods(ind)), "naam")

    def cold(fn, shapes=False):
        # A level's values (and the gemeente distribution sorted from them) are read per
        # view; the boundaries and the regions' centres once per build and worker, read ahead
        # when it starts (`warm`; timed on their own), so the drawings find them cached.
        def run(*args):
            levels._level_values.cache_clear()
            levels._national_fact.cache_clear()
            table._distribution.cache_clear()
            if shapes:
                levels._region_shapes.cache_clear()
                charts.region_centres.cache_clear()
            return fn(*args)
        return run

    def position(v):
        df = queries.level_values(v.indicator_id, "gemeente", v.period)
        return table.position(v.indicator_id, v.period,
                              df.iloc[rnd.randrange(len(df))].to_dict())

    def drawn(part, v):
        return ind_cb.drawn.__wrapped__(part, *ind_cb._args(v), cache.keyed({}))

    cases = {
        "gemeente: profile": lambda: queries.profile(rnd.choice(gem)),
        "gemeente: position among gemeenten": cold(lambda: position(view())),
        "gemeente: trend": lambda: queries.trend(None, [rnd.choice(gem), "NL01"]),
        "gemeente: comparison_regions": lambda: queries.comparison_regions(rnd.choice(gem)),
        "gemeente: rows (4 queries + shaping)": lambda: table.row_data(rnd.choice(gem),
                                                                        "swv_po"),
        "indicator: level_values gemeente": cold(lambda: (v := view()) and queries.level_values(
            v.indicator_id, v.level, v.period)),
        "indicator: boundaries + centres gemeente (read ahead)": cold(
            lambda: charts.region_centres("gemeente"), shapes=True),
        "indicator: trend_comparison": lambda: queries.trend_comparison(rnd.choice(inds),
                                                                        rnd.choice(gem)),
        "indicator: containing_regions": lambda: queries.containing_regions(rnd.choice(gem)),
        "indicator: map callback (cold)": cold(lambda: drawn("kaart",
                                                             view(region=rnd.choice(gem)))),
        "indicator: distribution callback (cold)": cold(
            lambda: drawn("verdeling", view(region=rnd.choice(gem)))),
        "indicator: trend callback (cold)": cold(
            lambda: drawn("trend", view(region=rnd.choice(gem)))),
        "indicator: table callback (cold)": cold(
            lambda: drawn("tabel", view(region=rnd.choice(gem)))),
        "region: region_table swv_po": lambda: queries.region_table(
            rnd.choice(regions["swv_po"])),
        "region: region_table jeugdregio": lambda: queries.region_table(
            rnd.choice(regions["jeugdregio"])),
        "region: members (one indicator)": lambda: queries.region_table(
            rnd.choice(regions["swv_vo"]), indicator_id=rnd.choice(inds)),
    }
    out = {}
    for name, fn in cases.items():
        if only not in name:
            continue
        fn()  # first call: imports, the catalogue and region caches
        times = []
        for _ in range(calls):
            t = clock()
            fn()
            times.append((clock() - t) * 1000)
        out[name] = times
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="wijken per gemeente")
    parser.add_argument("--calls", type=int, default=30, help="timed calls per query")
    parser.add_argument("--seconds", type=float, default=900, help="time limit per build")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time per call: wall clock or this process's CPU time")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build into DIR and reuse the builds found there")
    parser.add_argument("--only", default="", metavar="TEXT",
                        help="time only the queries whose name contains TEXT")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child[0], Path(args.child[1]), args.scale)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    with contextlib.ExitStack() as stack:
        tmp = args.keep or Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="bench-scale-")))
        builds = {kind: run_build(kind, Path(tmp) / kind, args.scale, args.seconds)
                  for kind in ("normal", "synthetic")}
        reused = " (reused: " + ", ".join(k for k in builds if builds[k].get("reused")) + ")"
        print(f"builds on {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
              f"{reused if any(b.get('reused') for b in builds.values()) else ''}")
        print(f"{'':26}{'demo':>12}{f'synthetic x{args.scale}':>16}")
        for key, label in [("base_units", "base units (2024)"), ("facts", "facts (rows)"),
                           ("indicators", "indicators"), ("periods", "periods"),
                           ("reference_s", "reference layers (s)"),
                           ("synthetic_reference_s", "synthetic reference (s)"),
                           ("build_s", "build() (s)"), ("max_rss_mib", "peak RSS (MiB)"),
                           ("size_mib", "warehouse (MiB)")]:
            cells = [str(builds[k].get(key, "-")) for k in ("normal", "synthetic")]
            print(f"  {label:24}{cells[0]:>12}{cells[1]:>16}")
        if builds["synthetic"].get("empty_strips"):
            print(f"  ({builds['synthetic']['empty_strips']} synthetic boundary strips empty)")
        timed = {k: time_queries(Path(tmp) / k / "warehouse.duckdb", args.calls, clock,
                                 args.only)
                 for k in ("normal", "synthetic")}
    print(f"\nsingle user, {args.calls} calls each, varied regions, caches cold (ms {args.clock} "
          f"p50 / p95, load average {os.getloadavg()[0]:.1f}); target p95 <= {TARGET_MS:.0f} ms")
    print(f"{'':55}{'demo':>15}{f'synthetic x{args.scale}':>17}")
    missed = []
    for name in timed["normal"]:
        a, b = timed["normal"][name], timed["synthetic"][name]
        over = pct(b, 0.95) > TARGET_MS
        missed += [name] if over else []
        print(f"  {name:53}{statistics.median(a):7.1f} /{pct(a, 0.95):6.1f}"
              f"{statistics.median(b):9.1f} /{pct(b, 0.95):6.1f}{'  > target' if over else ''}")
    if timed["normal"]:
        print("all within target" if not missed else f"{len(missed)} past the target")


if __name__ == "__main__":
    main()
