"""Build the warehouse: reference layers + one source + own registrations -> SQL transforms ->
checks -> atomic swap. A failed step leaves the previous warehouse byte-identical."""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import catalogue
from etl.errors import CheckError, EtlError
from etl.reference import Reference, load_reference, region_shapes
from etl.sources import FACT_COLUMNS

SQL_DIR = Path(__file__).parent / "sql"
DEFAULT_WAREHOUSE = Path(__file__).resolve().parent.parent / "data" / "warehouse.duckdb"
SOURCES = ("demo", "cbs")
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

    @property
    def own_dir(self) -> Path:
        return self.data_dir / "own"


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
    own_files = sorted(ctx.own_dir.glob("*")) if ctx.own_dir.exists() else []
    if own_files:
        own_data = importlib.import_module("etl.sources.own_data")
        frames.extend(own_data.read(path, ctx) for path in own_files)
    facts = pd.concat([f.reindex(columns=FACT_COLUMNS) for f in frames], ignore_index=True)
    return facts.astype({"classification_year": "int64", "numerator": "float64",
                         "denominator": "float64", "rounded_to": "Int64"})


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
    }
    for name, df in tables.items():
        con.from_df(df).create(name)


def build(warehouse: Path = DEFAULT_WAREHOUSE, source: str = "demo", offline: bool = False,
          log: Callable[[str], None] | None = None) -> dict:
    """Build a new warehouse next to `warehouse`, check it, then rename it over the old one."""
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    started = time.perf_counter()
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    tmp = warehouse.with_name(f".{warehouse.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    steps = ["reference layers", f"source '{source}'", "tables", "transforms", "checks", "swap"]

    def step(i: int) -> None:
        log(f"[{i + 1}/{len(steps)}] {steps[i]} ({time.perf_counter() - started:.1f} s)")

    try:
        step(0)
        ref = load_reference()
        ctx = BuildContext(data_dir=warehouse.parent, reference=ref, offline=offline)
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
                raise CheckError("warehouse checks failed, the previous warehouse is kept:\n- "
                                 + "\n- ".join(failures))
            own = sorted(ctx.own_dir.glob("*")) if ctx.own_dir.exists() else []
            meta = {
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "code_version": code_version(),
                "base_source": source,
                "contains_demo": bool(facts["demo"].any()),
                "latest_classification_year": latest,
                "sources": json.dumps({p.name: file_hash(p) for p in ref.files}),
                "own_files": json.dumps({p.name: file_hash(p) for p in own}),
            }
            con.from_df(pd.DataFrame([meta])).create("build_meta")
            run_sql(con, "40_views.sql")
            summary = _summary(con, meta)
        step(5)
        os.replace(tmp, warehouse)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    summary["build_seconds"] = round(time.perf_counter() - started, 2)
    return summary


def _summary(con, meta: dict) -> dict:
    levels = dict(con.execute(
        "SELECT region_level, count(*) FROM regions WHERE classification_year = ? "
        "GROUP BY ALL ORDER BY 1", [meta["latest_classification_year"]]).fetchall())
    n_facts, n_periods, n_ind = con.execute(
        "SELECT count(*), count(DISTINCT period), count(DISTINCT indicator_id) FROM facts"
    ).fetchone()
    return {"regions_per_level": levels, "indicators": n_ind, "facts": n_facts,
            "periods": n_periods, "contains_demo": meta["contains_demo"],
            "latest_classification_year": meta["latest_classification_year"]}
