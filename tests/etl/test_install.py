"""A non-editable install (`pip install .`) builds the warehouse from any folder: the reference
data ship inside the package (issue 12, item 6)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns("__pycache__", "*.duckdb*", "*.sqlite*", "own", "raw", "*.tmp")
# `python -m etl build --warehouse PATH`, after printing where etl and its reference data are.
BUILD = ("import sys, etl.reference as r, etl.__main__ as m; print(r.__file__); print(r.REF_DIR); "
         "sys.exit(m.main(['build', '--warehouse', sys.argv[1]]))")


def run(*args: str, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_installed_wheel_builds_the_warehouse_from_another_folder(tmp_path):
    """The wheel of the working tree, installed on its own, finds its reference data and
    builds the demonstration warehouse with the checkout out of sight."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("etl", "dashboard", "data"):
        shutil.copytree(ROOT / name, src / name, symlinks=True, ignore=SKIP)
    site = tmp_path / "site"
    run("-m", "pip", "--disable-pip-version-check", "-q", "install", "--no-deps",
        "--no-build-isolation", "--no-compile", "--target", str(site), str(src), cwd=tmp_path)
    assert not (site / "etl" / "data").is_symlink() and not (site / "data").exists()
    shutil.rmtree(src)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("AOJ_DATA_DIR", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    warehouse = elsewhere / "out" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    out = run("-c", BUILD, str(warehouse), cwd=elsewhere, env=env).splitlines()
    used = [Path(p) for p in out[:2]]
    assert all(p.is_relative_to(site) for p in used), used
    assert "Warehouse built:" in out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        regions = con.execute("SELECT count(*) FROM regions WHERE region_level = 'gemeente' "
                              "AND classification_year = 2024").fetchone()[0]
        facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
        aliases = con.execute("SELECT count(*) FROM region_aliases").fetchone()[0]
    assert regions == 342 and facts > 100_000 and aliases > 0  # the shipped alias table


@pytest.mark.parametrize(("env", "args", "python"), [
    ({}, [], "{venv}/bin/python"),
    ({"VIRTUAL_ENV": "/opt/active"}, [], "/opt/active/bin/python"),
    ({"VIRTUAL_ENV": "/opt/active"}, ["PY=/usr/bin/python3"], "/usr/bin/python3"),
    ({}, ["PY=python3"], "python3"),
])
def test_make_uses_the_given_the_active_or_the_project_virtualenv(tmp_path, env, args, python):
    """`make run` and `make test` run PY if given, else the active virtualenv's Python, else
    the project venv, which only that last case creates (with the system packages visible)."""
    venv = tmp_path / "venv"
    unset = ("VIRTUAL_ENV", "PY", "PYTHON", "MAKEFLAGS")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    done = subprocess.run(["make", "-n", "--no-print-directory", "-C", str(ROOT),
                           f"VENV={venv}", *args, "run", "test"], env={**base, **env},
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    python = python.format(venv=venv)
    creates = [line for line in lines if " -m venv " in line]
    assert creates == ([f"python3 -m venv --system-site-packages --without-pip {venv}"]
                       if python == f"{venv}/bin/python" else [])
    runs = [line for line in lines if " -m pip install" in line or " -m pytest" in line
            or " -m dashboard" in line]
    assert len(runs) == 4 and all(line.startswith(f"{python} -m ") for line in runs), runs
