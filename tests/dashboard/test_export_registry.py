"""Exports built on the server from a chart's id and the key in its store: the real download
callback over HTTP, keys that name nothing, and a client that sends rows or a figure instead."""

from __future__ import annotations

import base64
import json
import time

import pytest

from dashboard import ids
from dashboard.export import registry
from tests.dashboard.seed_notes import seeded_store

ENDPOINT = "/_dash-update-component"


def _download_body(page: str, name: str, fmt: str, key) -> dict:
    """The request Dash's renderer sends when the CSV/Excel button of chart `name` is clicked."""
    def prop(kind: str, p: str) -> str:
        return json.dumps({"name": name, "page": page, "type": kind}, separators=(",", ":")) + p

    out = {"name": ["MATCH"], "page": ["MATCH"], "type": "export-download-data"}
    return {
        "output": json.dumps(out, separators=(",", ":")) + ".data",
        "outputs": {"id": ids.export_download(page, name, "data"), "property": "data"},
        "inputs": [{"id": ids.export_button(page, name, f), "property": "n_clicks",
                    "value": int(f == fmt)} for f in ("csv", "xlsx")],
        "state": [{"id": ids.chart_data(page, name), "property": "data", "value": key}],
        "changedPropIds": [prop(f"export-{fmt}", ".n_clicks")],
    }


def _post(app, body: dict):
    return app.server.test_client().post(ENDPOINT, json=body)


def test_csv_download_is_built_on_the_server_from_the_key(app):
    """The CSV button of Vlieland's onderwijs table, sent with only its key, downloads its rows."""
    response = _post(app, _download_body("gemeente", "tabel-onderwijs", "csv",
                                         {"code": "GM0096", "reference": "nederland"}))
    assert response.status_code == 200
    [download] = response.get_json()["response"].values()
    csv = base64.b64decode(download["data"]["content"]).decode("utf-8-sig")
    assert download["data"]["filename"].endswith(".csv")
    assert "GM0096" in csv and "geheim" in csv and csv.count("\r\n") > 10


def test_rows_sent_by_a_client_are_never_exported(app):
    """A store holding rows (the old payload) or a figure gives no download and costs nothing."""
    rows = [["GM0363", "x" * 50, 1.0]] * 5000
    for key in ({"title": "Vals", "columns": ["region_code", "region_name", "value"],
                 "rows": rows},
                {"code": "GM0096", "reference": "nederland", "figure": {"data": [{}] * 1000}}):
        started = time.perf_counter()
        response = _post(app, _download_body("gemeente", "tabel-onderwijs", "csv", key))
        assert response.status_code == 204, key.keys()
        assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("page, name, key", [
    ("gemeente", "tabel-onderwijs", {"code": "PO2707", "reference": "nederland"}),  # not a gemeente
    ("gemeente", "tabel-onderwijs", {"code": "GM0096", "reference": "iedereen"}),
    ("gemeente", "tabel-bestaat-niet", {"code": "GM0096", "reference": "nederland"}),
    ("gemeente", "tabel-onderwijs", {"code": ["GM0096"], "reference": "nederland"}),
    ("gemeente", "tabel-onderwijs", ["GM0096"]),
    (ids.REGION_PAGE, "overzicht", {"code": "GM0363"}),                       # not a region
    (ids.REGION_PAGE, "members", {"code": "PO2707", "indicator": "bestaat_niet"}),
    ("indicator", "kaart", {"indicator": "jeugdhulp", "level": "gemeente", "region": "XX99"}),
    ("indicator", "grafiek", {"indicator": "jeugdhulp", "level": "gemeente"}),
    (ids.COMPARE_PAGE, "jeugdhulp", {"regios": "XX99"}),
    (ids.COMPARE_PAGE, "vsv,jeugdhulp", {"regios": "GM0363"}),
    (ids.AFSPRAAK_PAGE, "doel-1" + "0" * 5000, {"id": 1}),
    (ids.AFSPRAAK_PAGE, "doel-1", {"id": True}),
    ("werkgebied", "cijfers", {"code": "WG9999"}),
    ("bestaat-niet", "kaart", {"code": "GM0363"}),
])
def test_a_key_that_names_nothing_builds_nothing(app, page, name, key):
    """Unknown codes, charts, pages and malformed keys give no export (the download stays)."""
    assert registry.build(page, name, key) is None


def test_every_page_chart_builds_its_figure_and_rows(app):
    """The indicator, region and compare charts rebuild figure and rows from their keys."""
    view = {"indicator": "jeugdhulp", "level": "gemeente", "region": "GM0363", "period": None,
            "sort": "naam"}
    for page, name, key in [("indicator", n, view) for n in ("kaart", "verdeling", "trend")] + [
            (ids.REGION_PAGE, "members", {"code": "PO2707", "indicator": "vsv"}),
            (ids.COMPARE_PAGE, "vsv", {"regios": "GM0363,PO2707"})]:
        built = registry.build(page, name, key)
        assert built is not None and built.data["rows"] and built.figure is not None, (page, name)
    assert registry.build("indicator", "tabel", view).figure is None


@pytest.fixture(scope="module")
def seeded(app, tmp_path_factory):
    """A fresh app database with agreements (seed_notes) and one werkgebied, for this module."""
    with seeded_store(tmp_path_factory.mktemp("export-db"), "Noord",
                      {"GM0363": 1.0, "GM0384": 0.5}) as made:
        yield made


def test_werkgebied_and_agreement_exports_are_read_from_the_app_database(seeded):
    """A werkgebied's table and an agreement's trajectory are built from their stored ids."""
    code = seeded["werkgebied"]
    built = registry.build("werkgebied", "cijfers", {"code": code})
    column = built.data["columns"].index("region_code")
    assert built.data["rows"] and {r[column] for r in built.data["rows"]} == {code}
    own = seeded["agreements"]["own"]
    built = registry.build(ids.AFSPRAAK_PAGE, "doel-1", {"id": own})
    rows = {r[0]: r for r in built.data["rows"]}
    assert built.figure is not None and rows["2027"][6] == 6.0  # the target, agreed for 2027
    assert registry.build(ids.AFSPRAAK_PAGE, "doel-2", {"id": own}) is None  # one target only
    assert registry.build(ids.AFSPRAAK_PAGE, "doel-1", {"id": seeded["agreements"]["manual"]}) \
        is None                                                               # no targets
