"""CSV/Excel buttons of the tables outside chart blocks: the gemeente profile's domain tables and
the SWV/jeugdregio overview table carry their raw figures with flags; the report button is on
the region page."""

from __future__ import annotations

import csv
import io
import sys
from types import SimpleNamespace

import pytest

from dashboard import ids, queries
from dashboard.export import data as export_data
from dashboard.export import registry


def _find(component, wanted_id):
    """The component with id `wanted_id` in a layout tree, or None."""
    if isinstance(component, (list, tuple)):
        return next((f for c in component if (f := _find(c, wanted_id)) is not None), None)
    if isinstance(component, dict) and "props" in component:  # a component as plain data
        component = SimpleNamespace(**component["props"])
    elif not hasattr(component, "to_plotly_json"):
        return None
    if getattr(component, "id", None) == wanted_id:
        return component
    return _find(getattr(component, "children", None), wanted_id)


def _csv(store: dict) -> list[dict]:
    content = export_data.to_csv(store)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture(scope="module")
def pages(app):
    """The gemeente page module and the region page's layout and overview, as Dash imported
    them."""
    from dashboard.pages.region import overview

    region = sys.modules["pages.region.page"]
    return sys.modules["pages.gemeente.page"], SimpleNamespace(
        region_layout=region.region_layout, fill_overview=overview.fill_overview)


def test_gemeente_domain_tables_export_secret_cells_as_geheim_with_flags(pages):
    """Vlieland's onderwijs table exports every figure; its secret cells read 'geheim'."""
    from dashboard.pages.gemeente import callbacks

    state = {"code": "GM0096", "reference": "nederland", "sort": "domein"}
    assert _find(pages[0].layout(code="GM0096"), callbacks.STATE).data == state
    layout = [callbacks.draw_domain(d, state) for d in ("jeugdhulp", "onderwijs", "context")]
    store = _find(layout, ids.chart_data("gemeente", "tabel-onderwijs"))
    assert store is not None, "the onderwijs table has its export store"
    assert store.data == {"code": "GM0096", "reference": "nederland"}, "a key, not the rows"
    rows = _csv(registry.build("gemeente", "tabel-onderwijs", store.data).data)
    assert {"Indicator", "Reeks", "Regiocode", "Waarde", "Teller", "Noemer", "Geheim",
            "Deels geheim", "Voorbeeldcijfer", "Status"} <= set(rows[0])
    own = [r for r in rows if r["Regiocode"] == "GM0096"]
    secret = [r for r in own if r["Geheim"] == "ja"]
    assert secret and all(r["Waarde"] == r["Teller"] == "geheim" for r in secret)
    assert any(r["Deels geheim"] == "ja" for r in rows)
    # Demonstration figures, except Nederland's where it is the real national series.
    assert all((r["Voorbeeldcijfer"] == "nee") == (r["Regiocode"] == "NL01" and
                                                  r["Bron"] != "demo") for r in rows)
    onderwijs = queries.indicators().query("domain == 'onderwijs'")["indicator_id"]
    assert set(r["Indicator-id"] for r in rows) == set(onderwijs)
    for domain in ("jeugdhulp", "context"):
        assert _find(layout, ids.chart_data("gemeente", f"tabel-{domain}")) is not None


def test_region_overview_exports_every_member_with_weight_and_flags(pages):
    """VO2102's overview table exports region, country and every member with weights, on
    every indicator that applies to an SWV VO (no sbo/so)."""
    from dashboard.verdict import applies

    overview = pages[1].fill_overview({"code": "VO2102"})
    store = _find(overview, ids.chart_data(ids.REGION_PAGE, "overzicht"))
    assert store.data == {"code": "VO2102"}, "a key, not the rows"
    rows = _csv(registry.build(ids.REGION_PAGE, "overzicht", store.data).data)
    shown = {i["indicator_id"] for i in queries.indicators().to_dict("records")
             if applies(i, "swv_vo")}
    assert "deelname_sbo" not in shown and "vsv" in shown
    df = queries.region_table("VO2102")
    df = df[df["indicator_id"].isin(shown)]
    assert len(rows) == len(df) and {r["Indicator-id"] for r in rows} == shown
    split = [r for r in rows if r["Regiocode"] == "GM1940"]
    assert split and all(0 < float(r["Gewicht"].replace(",", ".")) < 1 for r in split)
    assert {r["Reeks"] for r in rows} == {"Regio", "Nederland", "Gemeente"}
    for r in rows:
        if r["Geheim"] == "ja":
            assert r["Waarde"] == "geheim"
    assert any(r["Geheim"] == "ja" for r in rows) or not df["suppressed"].fillna(False).any()


@pytest.mark.parametrize("kind, code", [("swv", "PO2101"), ("jeugdregio", "JZ02")])
def test_region_page_has_the_report_button(pages, kind, code):
    """The SWV and jeugdregio pages offer the OOGO report of that region."""
    assert _find(pages[1].region_layout(kind, code), ids.report_button(code)) is not None


def test_profile_table_csv_button_downloads_the_flags(page):
    """In the browser, the CSV button under a gemeente table downloads its figures and flags."""
    p = page.open("/gemeente/GM0096")
    with p.expect_download(timeout=30_000) as download:
        p.get_by_role("button", name="Download Onderwijs: Vlieland en haar regio's gegevens "
                                     "als CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(
        open(download.value.path(), "rb").read().decode("utf-8-sig")), delimiter=";"))
    assert any(r["Geheim"] == "ja" and r["Waarde"] == "geheim" for r in rows)
    # Demonstration figures, except Nederland's where it is the real national series.
    assert all((r["Voorbeeldcijfer"] == "nee") == (r["Regiocode"] == "NL01" and
                                                  r["Bron"] != "demo") for r in rows)
    page.assert_clean()
