"""The boundaries the build writes (`region_shapes`): every region of the map levels has one,
kept to 4 decimals, and a gemeente's shape is the shipped one (same area within 0.5 %)."""

import json
import re

import duckdb
import pytest
from shapely.geometry import shape

from etl.reference import GEO_DIR

MAP_LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie")


@pytest.fixture(scope="module")
def shapes(warehouse) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.sql("SELECT region_level, region_code, geojson FROM region_shapes").fetchall()
        regions = con.sql("SELECT region_level, region_code FROM regions WHERE region_level IN "
                          "('gemeente', 'swv_po', 'swv_vo', 'jeugdregio', 'rmc', 'provincie') "
                          "AND classification_year = 2024").fetchall()
    return {"rows": rows, "regions": set(regions)}


def test_every_region_of_the_map_levels_has_a_shape(shapes):
    assert {(level, code) for level, code, _ in shapes["rows"]} == shapes["regions"]
    assert {level for level, _ in shapes["regions"]} == set(MAP_LEVELS)


def test_coordinates_are_kept_to_four_decimals(shapes):
    for _level, code, text in shapes["rows"]:
        numbers = re.findall(r"-?\d+\.\d+", text)
        assert numbers, code
        assert max(len(n.split(".")[1]) for n in numbers) <= 4, code


def test_a_gemeente_keeps_its_shipped_shape(shapes):
    source = json.loads((GEO_DIR / "gemeenten_2024.geojson").read_text(encoding="utf-8"))
    shipped = {f["properties"]["gemeenteCode"]: shape(f["geometry"]).buffer(0)
               for f in source["features"]}
    built = {code: shape(json.loads(text)) for level, code, text in shapes["rows"]
             if level == "gemeente"}
    assert set(built) == set(shipped)
    for code, geometry in built.items():
        assert geometry.area == pytest.approx(shipped[code].area, rel=0.005), code
        assert geometry.symmetric_difference(shipped[code]).area < 0.01 * shipped[code].area
