"""Published higher levels on the pages, in the exports and in the report: Nederland shows the
national figure as published (no "≥"), says so, and carries the computed figure beside it."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from dashboard import formatting, queries
from dashboard.components import profile as pc
from dashboard.export import data as export_data
from dashboard.export import registry


def _national(profile, indicator_id: str) -> dict:
    rows = profile[(profile.role == "nederland") & (profile.indicator_id == indicator_id)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def test_profile_shows_the_published_national_figure_and_says_so(app):
    """Amsterdam's profile: Nederland's youth care 2024 is the NJi figure 14,0% (voorlopig), not
    a lower bound, and its cell's tooltip names the source; a figure without a real series is
    the demonstration set's own national figure (demo, not a lower bound), except where the
    set withholds it (leerlingenvervoer: one secret gemeente), which stays computed from the
    gemeenten, partly secret with a known interval (shown as one figure when both ends round
    alike, never as '≥'), and says that."""
    profile = queries.profile("GM0363")
    jh = _national(profile, "jeugdhulp")
    assert (jh["period"], jh["value"], jh["status"]) == ("2024", 14.0, "voorlopig")
    assert jh["value_basis"] == "gepubliceerd" and not jh["lower_bound"] and not jh["demo"]
    assert abs(jh["computed_value"] - 14.0) < 0.3
    assert formatting.figure(jh, queries.indicator("jeugdhulp")) == "14,0%"
    assert pc.basis_title(jh) == "gepubliceerd cijfer (bron: https://www.nji.nl/cijfers/jeugdzorg)"
    sbo = _national(profile, "deelname_sbo")
    assert sbo["value_basis"] == "gepubliceerd" and not sbo["lower_bound"] and sbo["demo"]
    assert not formatting.figure(sbo, queries.indicator("deelname_sbo")).startswith("≥")
    assert pc.basis_title(sbo) == "gepubliceerd cijfer (bron: demo)"
    vervoer = _national(profile, "leerlingenvervoer")
    assert vervoer["value_basis"] == "berekend" and vervoer["lower_bound"]
    assert vervoer["value_low"] == vervoer["value"] < vervoer["value_high"]
    shown = formatting.figure(vervoer, queries.indicator("leerlingenvervoer"))
    low, high = (formatting.number(vervoer[k], 1) for k in ("value_low", "value_high"))
    assert shown == (f"{low}%" if low == high else f"{low}–{high}%")
    assert pc.basis_title(vervoer) == ("berekend uit de gemeenten; deels geheim: een geheime "
                                       "gemeente telt mee tussen 0 en de drempel van de bron "
                                       "(het getoonde interval)")
    gem = profile[(profile.role == "self") & (profile.indicator_id == "jeugdhulp")].iloc[0]
    assert gem["value_basis"] == "gepubliceerd" and gem["source"] == "demo"


def test_exports_carry_the_basis_and_the_computed_figure(app):
    """The gemeente table's CSV and the indicator page's level table have the columns 'Basis'
    and 'Berekend uit gemeenten'; the XLSX explains them."""
    data = registry.build("gemeente", "tabel-jeugdhulp",
                          {"code": "GM0363", "reference": "nederland"}).data
    content = export_data.to_csv(data).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    nl = next(r for r in rows if r["Regiocode"] == "NL01"
              and r["Indicator-id"] == "jeugdhulp")
    assert (nl["Basis"], nl["Waarde"], nl["Bron"]) == (
        "gepubliceerd", "14", "https://www.nji.nl/cijfers/jeugdzorg")
    assert nl["Berekend uit gemeenten"] and nl["Berekend uit gemeenten"] != "14"
    assert next(r for r in rows if r["Regiocode"] == "GM0363")["Basis"] == "gepubliceerd"
    level = registry.build("indicator", "tabel", {"indicator": "jeugdhulp", "level": "provincie",
                                                  "region": None, "period": "2024",
                                                  "sort": None})
    assert "value_basis" in level.data["columns"]
    book = load_workbook(io.BytesIO(export_data.to_xlsx(level.data, queries.indicators())))
    notes = [c.value for c in book["Toelichting"]["A"]]
    assert export_data.BASIS_NOTE in notes
    assert "Basis" in [c.value for c in book["Gegevens"][5]]
    basis = {r[level.data["columns"].index("value_basis")] for r in level.data["rows"]}
    assert basis == {"berekend"}  # the demonstration set publishes no provincie figures


def test_national_fact_names_its_basis_for_the_indicator_page(app):
    """The indicator page's text alternative names Nederland's basis."""
    fact = queries.national_fact("vsv", "2023/2024")
    assert fact["value_basis"] == "gepubliceerd" and fact["value"] == 2.29
    assert formatting.basis(fact["value_basis"], fact["source"]).startswith(
        "gepubliceerd cijfer (bron: https://www.nji.nl/")
    assert formatting.basis("berekend") == "berekend uit de gemeenten"
