"""Build the warehouse: reference layers + one source + own registrations -> SQL transforms ->
checks (and the published-versus-computed report) -> atomic swap. A failed step leaves the
previous warehouse byte-identical."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import importlib.metadata
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import catalogue
from etl.errors import CheckError, EtlError
from etl.reference import Reference, load_reference, region_shapes
from etl.sources import FACT_COLUMNS, OPTIONAL_COLUMNS

SQL_DIR = Path(__file__).parent / "sql"
DEFAULT_WAREHOUSE = Path(__file__).resolve().parent.parent / "data" / "warehouse.duckdb"
SOURCES = ("demo", "cbs")
# own/.incoming-<pid>/<name>: an own file waiting for the build that publishes it.
STAGING_PREFIX = ".incoming-"
POPULATION_YEAR = 2021  # the one year the shipped population data describes
# The transforms, in order; 25 stores the aggregation rule as a macro that 30 (and the dashboard,
# for werkgebieden) calls.
TRANSFORMS = ("10_stg_facts.sql", "20_memberships.sql", "25_aggregate_macro.sql",
              "30_indicator_values.sql")


@dataclass
class BuildContext:
    """What a source loader may use: the folder beside the warehouse and the reference."""

    data_dir: Path
    reference: Reference
    offline: bool = False
    # Own files of an import, by the name they get in own/: read in place of own/<name>.
    staged: dict[str, Path] = field(default_factory=dict)

    @property
    def own_dir(self) -> Path:
        return self.data_dir / "own"

    def own_files(self) -> list[Path]:
        """The own files this build reads, by name: own/* (names starting with '.', such as an
        import's staging folder, are not own files) with the staged files in place."""
        found = {p.name: p for p in self.own_dir.glob("*")
                 if p.is_file() and not p.name.startswith(".")} if self.own_dir.exists() else {}
        found.update(self.staged)
        return [found[name] for name in sorted(found)]


def sql_statements(name: str) -> list[str]:
    text = (SQL_DIR / name).read_text(encoding="utf-8")
    return [s.strip() for s in text.split(";\n") if s.strip().strip(";").strip()]


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    for statement in sql_statements(name):
        used = {k: v for k, v in params.items() if f"${k}" in statement}
        con.execute(statement, used)


def run_checks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names and first offending rows of every failed check in 90_checks.sql."""
    failures = []
    for statement in sql_statements("90_checks.sql"):
        name = next(line[len("-- name:"):].strip() for line in statement.splitlines()
                    if line.startswith("-- name:"))
        rows = con.execute(statement).fetchmany(3)
        if rows:
            failures.append(f"{name}: e.g. {rows}")
    return failures


def published_report(con: duckdb.DuckDBPyConnection,
                     log: Callable[[str], None]) -> pd.DataFrame:
    """Published higher-level figures beside those computed from gemeenten
    (95_published_vs_computed.sql): a report, never a failure. Logs one line per indicator
    with how many differ beyond rounding and secret members, and the largest examples."""
    (statement,) = sql_statements("95_published_vs_computed.sql")
    report = con.execute(statement).df()
    for indicator_id, grp in report.groupby("indicator_id", sort=True):
        off = grp[grp["beyond"]]
        examples = ", ".join(f"{r.region_code} {r.period}: {r.published:.4g} gepubliceerd, "
                             f"{r.computed:.4g} berekend" for r in off.head(3).itertuples())
        log(f"gepubliceerd/berekend {indicator_id}: {len(grp)} cijfers vergeleken, {len(off)} "
            "wijken meer af dan afronding en geheime gemeenten toelaten"
            + (f" (bijv. {examples})" if examples else ""))
    return report


def population_facts(ref: Reference) -> pd.DataFrame:
    """The youth population indicator from the shipped CBS population data (1 January 2021)."""
    pop = ref.population[(ref.population["classification_year"] == POPULATION_YEAR)
                         & (ref.population["population_group"] == "0_17")]
    persons = (pop["persons"] / 5).round() * 5
    return pd.DataFrame({
        "indicator_id": "jeugdpopulatie", "region_code": pop["gemeente_code"],
        "period": str(POPULATION_YEAR), "classification_year": POPULATION_YEAR,
        "numerator": persons, "denominator": None, "status": "definitief", "suppressed": False,
        "rounded_to": 5, "raw_token": persons.map("{:.0f}".format), "demo": False,
        "source": "CBS 83502NED (benadering)",
        "note": "bevolking op 1 januari 2021; zonder CBS-bevolking per jaar is dit de noemer "
                "van elk jaar",
    })


def load_facts(ctx: BuildContext, source: str) -> pd.DataFrame:
    if source not in SOURCES:
        raise EtlError(f"unknown source '{source}' (choose from {', '.join(SOURCES)})")
    facts = importlib.import_module(f"etl.sources.{source}").load(ctx)
    frames = [facts]
    if not (facts["indicator_id"] == "jeugdpopulatie").any():
        frames.append(population_facts(ctx.reference))
    own_files = ctx.own_files()
    if own_files:
        own_data = importlib.import_module("etl.sources.own_data")
        frames.extend(own_data.read(path, ctx) for path in own_files)
    columns = [*FACT_COLUMNS, *OPTIONAL_COLUMNS]
    facts = pd.concat([f.reindex(columns=columns) for f in frames], ignore_index=True)
    return facts.astype({"classification_year": "int64", "numerator": "float64",
                         "denominator": "float64", "rounded_to": "Int64", "value": "float64",
                         "secret_max": "float64"})


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_version() -> str:
    """Package version plus the git commit when run from a checkout."""
    try:
        version = importlib.metadata.version("aoj-monitor")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, cwd=Path(__file__).parent, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        rev = ""
    return f"aoj-monitor {version}" + (f" ({rev})" if rev else "")


def _write_tables(con, ref: Reference, facts: pd.DataFrame, latest: int) -> None:
    successors = pd.concat([ref.successors(y, latest) for y in
                            sorted(ref.gemeenten["classification_year"].unique()) if y < latest])
    population = ref.population.assign(persons=ref.population["persons"].round())
    tables = {
        "dim_indicators": pd.DataFrame(catalogue.catalogue_rows()),
        "dim_gemeenten": ref.gemeenten,
        "dim_regions": ref.regions,
        "dim_region_members": ref.members,
        "dim_population": population,
        "dim_successors": successors,
        "raw_herindelingen": pd.read_csv(ref.files[0].parent / "herindelingen_2015_2025.csv",
                                         dtype=str),
        "raw_facts": facts,
        "region_shapes": region_shapes(ref),
        "dim_region_aliases": ref.aliases,
    }
    for name, df in tables.items():
        con.from_df(df).create(name)


def build(warehouse: Path = DEFAULT_WAREHOUSE, source: str = "demo", offline: bool = False,
          log: Callable[[str], None] | None = None, *, own: dict[str, Path] | None = None,
          reference: Reference | None = None) -> dict:
    """Build a new warehouse next to `warehouse`, check it, then rename it over the old one.

    `own` adds own files (name -> file) to those in own/: each is staged in own/ under a name
    no build reads and moved to own/<name> only after the warehouse containing it is in place,
    so a build that fails or is killed leaves no own file behind that a later build would read.
    One build at a time per folder (its builds share own/); each first clears what killed
    builds left behind."""
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    started = time.perf_counter()
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    own_dir = warehouse.parent / "own"
    tmp = warehouse.with_name(f".{warehouse.name}.{os.getpid()}.tmp")
    stage = own_dir / f"{STAGING_PREFIX}{os.getpid()}"
    steps = ["reference layers", f"source '{source}'", "tables", "transforms", "checks", "swap"]

    def step(i: int) -> None:
        log(f"[{i + 1}/{len(steps)}] {steps[i]} ({time.perf_counter() - started:.1f} s)")

    with _build_lock(warehouse, log):
        for leftover in remove_leftovers(warehouse):
            log(f"left by a killed build: {leftover}")
        try:
            staged = _stage(own or {}, stage)
            step(0)
            ref = reference or load_reference()
            ctx = BuildContext(data_dir=warehouse.parent, reference=ref, offline=offline,
                               staged=staged)
            step(1)
            facts = load_facts(ctx, source)
            latest = int(facts.loc[facts["region_code"].str.startswith("GM"),
                                   "classification_year"].max())
            with duckdb.connect(str(tmp)) as con:
                step(2)
                _write_tables(con, ref, facts, latest)
                step(3)
                for name in TRANSFORMS:
                    run_sql(con, name, latest=latest)
                step(4)
                failures = run_checks(con)
                if failures:
                    raise CheckError("warehouse checks failed, the previous warehouse is kept:"
                                     "\n- " + "\n- ".join(failures))
                compared = published_report(con, log)
                now = datetime.now(UTC)
                meta = {
                    "built_at": now.isoformat(timespec="seconds"),
                    "code_version": code_version(),
                    "base_source": source,
                    "contains_demo": bool(facts["demo"].any()),
                    "latest_classification_year": latest,
                    "sources": json.dumps({p.name: file_hash(p) for p in ref.files}),
                    "own_files": json.dumps({p.name: file_hash(p) for p in ctx.own_files()}),
                    # Unique per build, also for two builds in one second: what /health reports.
                    "build_id": f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}",
                }
                con.from_df(pd.DataFrame([meta])).create("build_meta")
                run_sql(con, "40_views.sql")
                summary = _summary(con, meta)
                summary["published_compared"] = len(compared)
                summary["published_differing"] = int(compared["beyond"].sum())
            step(5)
            os.replace(tmp, warehouse)
            # Killed right here, the next build finds the staged file published (same hash in
            # own_files) and moves it into place itself.
            for name, path in staged.items():
                os.replace(path, own_dir / name)
        finally:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
            shutil.rmtree(stage, ignore_errors=True)
    summary["build_seconds"] = round(time.perf_counter() - started, 2)
    return summary


@contextlib.contextmanager
def _build_lock(warehouse: Path, log: Callable[[str], None]):
    # flock on the folder itself (no lock file to leave behind): released by the kernel when
    # the holder dies, however it dies. The dashboard tries the same lock before it tidies up.
    fd = os.open(warehouse.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("waiting for another build in this folder to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _stage(own: dict[str, Path], stage: Path) -> dict[str, Path]:
    staged = {}
    for name, path in own.items():
        stage.mkdir(parents=True, exist_ok=True)
        staged[name] = stage / name
        shutil.copyfile(path, staged[name])
    return staged


def published_own_files(warehouse: Path) -> dict[str, str]:
    """The own files (name -> sha256) the warehouse at `warehouse` was built from."""
    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return json.loads(con.execute("SELECT own_files FROM build_info").fetchone()[0])


def remove_leftovers(warehouse: Path) -> list[str]:
    """What builds and imports killed before they finished left beside `warehouse`: remove
    their temporary warehouses and staged own files; a staged file the warehouse already
    publishes (killed between the two renames) is moved into own/ instead. Call with the
    build lock held: then no other build is running. Returns what it did, one line a file."""
    done = []
    for path in sorted(warehouse.parent.glob(f".{warehouse.name}.*.tmp*")):
        path.unlink(missing_ok=True)
        done.append(f"{path.name} removed")
    own_dir = warehouse.parent / "own"
    stages = sorted(own_dir.glob(f"{STAGING_PREFIX}*")) if own_dir.exists() else []
    published = published_own_files(warehouse) if stages else {}
    for stage in stages:
        for path in sorted(stage.iterdir()):
            if published.get(path.name) == file_hash(path):
                os.replace(path, own_dir / path.name)
                done.append(f"own/{path.name} moved into place (the warehouse publishes it)")
            else:
                done.append(f"{stage.name}/{path.name} removed (never published)")
        shutil.rmtree(stage, ignore_errors=True)
    return done


def _summary(con, meta: dict) -> dict:
    levels = dict(con.execute(
        "SELECT region_level, count(*) FROM regions WHERE classification_year = ? "
        "GROUP BY ALL ORDER BY 1", [meta["latest_classification_year"]]).fetchall())
    n_facts, n_periods, n_ind = con.execute(
        "SELECT count(*), count(DISTINCT period), count(DISTINCT indicator_id) FROM facts"
    ).fetchone()
    return {"regions_per_level": levels, "indicators": n_ind, "facts": n_facts,
            "periods": n_periods, "contains_demo": meta["contains_demo"],
            "latest_classification_year": meta["latest_classification_year"],
            "build_id": meta["build_id"]}
