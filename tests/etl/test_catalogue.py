"""The indicator catalogue: complete, consistent, and written into the warehouse as is."""

import duckdb

from etl.catalogue import INDICATORS, POPULATION_GROUPS
from etl.sources.demo import national_series


def test_catalogue_covers_the_three_domains_with_at_least_14_indicators():
    """At least 14 indicators over jeugdhulp, onderwijs and context, with unique ids."""
    ids = [i.indicator_id for i in INDICATORS]
    assert len(ids) >= 14 and len(set(ids)) == len(ids)
    assert {i.domain for i in INDICATORS} == {"jeugdhulp", "onderwijs", "context"}


def test_every_indicator_is_fully_described():
    """Label, definition, numerator, source and table id are filled; units and groups valid."""
    for i in INDICATORS:
        assert i.label and i.definition and i.numerator_label and i.source and i.source_table
        assert i.unit in ("pct", "per_1000", "count")
        assert i.period_type in ("year", "school_year")
        if i.unit != "count":
            assert i.denominator_label
        if i.denominator_population is not None:
            assert i.denominator_population in POPULATION_GROUPS


def test_demo_levels_point_at_published_series_or_say_where_they_come_from():
    """A demo series name exists in national_figures.csv; otherwise a level and its basis."""
    series = national_series()
    for i in INDICATORS:
        if i.indicator_id == "jeugdpopulatie":
            continue
        if i.demo_series:
            assert i.demo_series in series, i.indicator_id
        else:
            assert i.demo_level is not None and i.demo_basis, i.indicator_id


def test_warehouse_indicators_view_matches_catalogue(warehouse):
    """The dashboard reads labels from the warehouse; they equal the catalogue."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(con.execute("SELECT indicator_id, label FROM indicators").fetchall())
    assert rows == {i.indicator_id: i.label for i in INDICATORS}
