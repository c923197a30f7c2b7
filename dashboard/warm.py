"""Reading ahead: what the pages of every region need from a build, read once in the
background when a worker starts and when it opens a new build, so the first visitor of a
gemeente does not wait on the figures of every level (the comparison regions, the
distributions behind the positions), nor the first map of a level on its boundaries. Only
the production server turns it on (`gunicorn_conf`); the caches it fills are the ones the
pages use, keyed by the build."""

from __future__ import annotations

import logging
import threading

from dashboard import db, queries
from dashboard.pages.gemeente import table
from dashboard.pages.indicator import charts

log = logging.getLogger(__name__)
_warmed: set[tuple] = set()
_lock = threading.Lock()


def warm() -> None:
    """`read_ahead`, once per build (a second call for the same build returns at once)."""
    try:
        with _lock:
            if db.generation() in _warmed:
                return
            _warmed.add(db.generation())
        read_ahead()
    except Exception:  # reading ahead is an optimisation: a page reads what it needs anyway
        log.exception("reading ahead failed")


def read_ahead() -> None:
    """Read one gemeente's profile rows: that reads what every gemeente's profile shares
    (each level's figures at the latest periods, the distributions behind the positions, every
    gemeente's comparison regions, which regions have own registrations); then every map
    level's boundaries (3,420 wijken: ~25 ms a level)."""
    gemeenten = queries.regions("gemeente")["region_code"]
    if not gemeenten.empty:
        table.rows(gemeenten.iloc[0], "nederland")
    for level in queries.MAP_LEVELS:  # each level's boundaries and its regions' centres
        charts.region_centres(level)
