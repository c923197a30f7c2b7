"""`python -m etl import FILE`: rebuild with a file of own registrations added, so own figures
are validated and aggregated like any other fact; the file is kept as own/<name> once the new
warehouse is in place (a failed or killed import leaves own/ as it was)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.build import build, file_hash, published_own_files
from etl.errors import InputError
from etl.reference import Reference


def _base_source(warehouse: Path) -> str:
    if not warehouse.exists():
        return "demo"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT base_source FROM build_info").fetchone()[0]


def import_file(path: Path, warehouse: Path, reference: Reference | None = None) -> dict:
    """Rebuild with `path` as own/<name> (replacing an earlier file of that name); the build
    reads it like every own file and refuses it naming file, row and column. Importing the
    same file twice changes nothing. `reference`: the reference layers, if already loaded."""
    path, warehouse = Path(path), Path(warehouse)
    if not path.is_file():
        raise InputError(str(path), "bestand niet gevonden")
    target = warehouse.parent / "own" / path.name
    digest = file_hash(path)
    if (target.exists() and file_hash(target) == digest
            and published_own_files(warehouse).get(path.name) == digest):
        return {"unchanged": path.name}
    return build(warehouse, source=_base_source(warehouse), offline=True, own={path.name: path},
                 reference=reference)
