"""`python -m etl import FILE`: validate a file of own registrations, keep a copy beside the
warehouse and rebuild, so own figures are aggregated like any other fact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from etl.build import BuildContext, build
from etl.errors import InputError
from etl.reference import load_reference


def _base_source(warehouse: Path) -> str:
    if not warehouse.exists():
        return "demo"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT base_source FROM build_info").fetchone()[0]


def import_file(path: Path, warehouse: Path) -> dict:
    """Validate `path`, store it as data/own/<name> (replacing an earlier file of that name)
    and rebuild. Importing the same file twice changes nothing."""
    from etl.sources import own_data

    path, warehouse = Path(path), Path(warehouse)
    if not path.is_file():
        raise InputError(str(path), "bestand niet gevonden")
    ctx = BuildContext(data_dir=warehouse.parent, reference=load_reference(), offline=True)
    own_data.read(path, ctx)  # raises InputError naming file, row and column
    target = ctx.own_dir / path.name
    previous = target.read_bytes() if target.exists() else None
    ctx.own_dir.mkdir(parents=True, exist_ok=True)
    if previous == path.read_bytes() and warehouse.exists():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            own = json.loads(con.execute("SELECT own_files FROM build_info").fetchone()[0])
        if path.name in own:
            return {"unchanged": path.name}
    shutil.copyfile(path, target)
    try:
        return build(warehouse, source=_base_source(warehouse), offline=True)
    except Exception:
        # Put the stored copy back as it was, so the own folder matches the kept warehouse.
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(previous)
        raise
