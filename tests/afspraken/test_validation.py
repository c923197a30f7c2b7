"""Validation of agreements, werkgebieden and duiding against the real warehouse: what a user
typed becomes clean store data, and every rule refuses once with a Dutch message on its field."""

from __future__ import annotations

import copy
import re

import duckdb
import pytest

from dashboard import db
from dashboard.afspraken import validation


@pytest.fixture(scope="module", autouse=True)
def configured(warehouse):
    """The dashboard reads the session's warehouse, built by the real ETL."""
    old = db.warehouse_path()
    db.configure(warehouse)
    yield warehouse
    db.configure(old)


def fact(warehouse, region: str, indicator: str, period: str) -> float:
    """The published value of one fact in the latest layout, read straight from the file."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT value FROM facts WHERE region_code = ? AND indicator_id = ? AND period = ? "
            "AND classification_year = (SELECT latest_classification_year FROM build_info) "
            "AND source = 'demo'", [region, indicator, period]).fetchone()[0]


BASE = {
    "title": "Minder jeugdhulp", "text": "Meer hulp dichtbij", "region_code": "gm0363",
    "parties": "GM0363; po2707", "partners": "GGD Amsterdam; Samen Sterk",
    "targets": [{"indicator_id": "jeugdhulp", "baseline_period": "2023", "baseline_value": "",
                 "target_value": "11,5", "target_period": "2026",
                 "milestones": "2025: 11,9; 2024: 12,2"}],
    "oogo_date": "01-03-2026", "review_date": "2027-03-01",
}
MEMBERS = {"WG0001": [{"gemeente_code": "GM0363", "weight": 1.0},
                      {"gemeente_code": "GM0384", "weight": 1.0}]}


def members_of(code: str):
    return MEMBERS.get(code)


def given(**changes) -> dict:
    """BASE with top-level fields changed; `t_<field>` changes the first target."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if key.startswith("t_"):
            data["targets"][0][key[2:]] = value
        else:
            data[key] = value
    return data


def test_valid_agreement_becomes_store_data_with_the_baseline_from_the_warehouse(warehouse):
    """Codes are upper-cased, lists split, numbers and dates read, milestones sorted, and the
    missing baseline is the published figure with its flags."""
    clean, errors = validation.agreement(BASE)
    assert errors == []
    target = clean["targets"][0]
    assert target.pop("baseline_value") == pytest.approx(
        fact(warehouse, "GM0363", "jeugdhulp", "2023"))
    flags = target.pop("baseline_flags")
    assert flags["demo"] is True and not flags.get("lower_bound")
    assert target == {"indicator_id": "jeugdhulp", "baseline_period": "2023",
                      "target_value": 11.5, "target_period": "2026",
                      "milestones": [{"period": "2024", "value": 12.2},
                                     {"period": "2025", "value": 11.9}]}
    clean.pop("targets")
    assert clean == {"ambitie_id": None, "title": "Minder jeugdhulp",
                     "text": "Meer hulp dichtbij", "region_code": "GM0363",
                     "parties": ["GM0363", "PO2707"],
                     "partners": ["GGD Amsterdam", "Samen Sterk"], "manual_status": None,
                     "manual_justification": None, "oogo_date": "2026-03-01",
                     "review_date": "2027-03-01"}


def test_given_baseline_is_kept_and_marked_as_given():
    """A baseline the user typed is stored as typed, flagged 'opgegeven', never replaced."""
    clean, errors = validation.agreement(given(t_baseline_value="13,25"))
    assert errors == []
    assert clean["targets"][0]["baseline_value"] == 13.25
    assert clean["targets"][0]["baseline_flags"] == {"source": "opgegeven"}


def test_given_baseline_flags_are_kept():
    """A stored baseline passed back with its flags (an edit form) keeps those flags."""
    flags = {"demo": True, "source": "demo", "taken_at": "2026-01-01T00:00:00+00:00"}
    clean, errors = validation.agreement(given(t_baseline_value=12.0, t_baseline_flags=flags))
    assert errors == [] and clean["targets"][0]["baseline_flags"] == flags


def test_school_year_target_reads_both_spellings(warehouse):
    """'2022-2023' is the school year 2022/2023; its baseline comes from the warehouse."""
    clean, errors = validation.agreement(given(
        t_indicator_id="vsv", t_baseline_period="2022-2023", t_target_period="2025/2026",
        t_target_value="2,5", t_milestones="2023/2024: 3,0"))
    assert errors == []
    t = clean["targets"][0]
    assert (t["baseline_period"], t["target_period"]) == ("2022/2023", "2025/2026")
    assert t["baseline_value"] == pytest.approx(fact(warehouse, "GM0363", "vsv", "2022/2023"))


def test_werkgebied_region_is_accepted_and_measured_over_its_members():
    """A WG code known to werkgebied_members is a region; its baseline is aggregated."""
    clean, errors = validation.agreement(given(region_code="WG0001", parties="GM0363"),
                                         werkgebied_members=members_of)
    assert errors == []
    assert clean["region_code"] == "WG0001"
    assert 0 < clean["targets"][0]["baseline_value"] < 100


def test_agreement_without_targets_needs_and_keeps_a_manual_status():
    """No targets: a manual status with its justification makes it valid."""
    clean, errors = validation.agreement(given(
        targets=[], manual_status="Op koers", manual_justification="Afspraak over werkwijze"))
    assert errors == []
    assert (clean["targets"], clean["manual_status"]) == ([], "op koers")


@pytest.mark.parametrize(("text", "expected"), [
    ("12", 12.0), ("12,5", 12.5), ("12.5", 12.5), ("1.234,5", 1234.5), ("1.234.567", 1234567.0),
    (" 7 ", 7.0), ("-3", -3.0), ("0,125", 0.125), (".5", 0.5), ("1 234,5", 1234.5),
    (12, 12.0), (12.25, 12.25),
])
def test_numbers_are_read_in_dutch_and_plain_notation(text, expected):
    """Decimal comma, thousands point and plain decimal point all read."""
    assert validation.number(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("1.234", "dubbelzinnig"), ("twaalf", "geen getal: 'twaalf'"), ("1,234.5", "geen getal"),
    ("12,5%", "geen getal"), (True, "geen getal"), (float("nan"), "geen getal"),
])
def test_unreadable_numbers_are_refused(text, reason):
    """Ambiguous, English-grouped, text and non-finite numbers are refused with a reason."""
    with pytest.raises(validation.Invalid, match=reason):
        validation.number(text)


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("2023", "year", "2023"), (2023, "year", "2023"), (2023.0, "year", "2023"),
    ("2022/2023", "school_year", "2022/2023"), ("2022-2023", "school_year", "2022/2023"),
    ("2022 / 2023", "school_year", "2022/2023"),
])
def test_periods_are_normalised(text, kind, expected):
    """Years and school years in the spellings people use become the warehouse's form."""
    assert validation.period(text, kind) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-01", "2026-03-01"), ("01-03-2026", "2026-03-01"), ("1-3-2026", "2026-03-01"),
    ("01/03/2026", "2026-03-01"), ("1.3.2026", "2026-03-01"),
])
def test_dates_are_read_iso_and_dutch(text, expected):
    """ISO and day-month-year dates become ISO text."""
    assert validation.date(text) == expected


# (case, changes to BASE, field, message regex): each rule of the validation, failing once.
AGREEMENT_RULES = [
    ("title_missing", {"title": "  "}, "title", "Titel is verplicht"),
    ("title_too_long", {"title": "x" * 301}, "title", "langer dan 300"),
    ("text_too_long", {"text": "x" * 20_001}, "text", "langer dan 20.000"),
    ("control_character", {"text": "Meer hulp\x07 dichtbij"}, "text",
     "Tekst bevat een onzichtbaar stuurteken"),
    ("region_missing", {"region_code": ""}, "region_code", "Regio is verplicht"),
    ("region_unknown", {"region_code": "GM9999"}, "region_code",
     "Onbekende regiocode 'GM9999' \\(niet in de indeling van 2024\\)"),
    ("region_dissolved", {"region_code": "GM0457"}, "region_code",
     "Gemeente GM0457 bestaat niet meer .* \\(opgegaan in GM0363 Amsterdam\\)"),
    ("werkgebied_unknown", {"region_code": "WG0042"}, "region_code",
     "Onbekend werkgebied 'WG0042'"),
    ("party_unknown", {"parties": "GM0363, XX12"}, "parties", "Partij: onbekende regiocode"),
    ("partner_too_long", {"partners": ["y" * 201]}, "partners", "langer dan 200"),
    ("indicator_missing", {"t_indicator_id": ""}, "targets[0].indicator_id",
     "Indicator is verplicht"),
    ("indicator_unknown", {"t_indicator_id": "wachtlijst"}, "targets[0].indicator_id",
     "Onbekende indicator 'wachtlijst'"),
    ("baseline_period_missing", {"t_baseline_period": None}, "targets[0].baseline_period",
     "Basisperiode is verplicht"),
    ("target_period_missing", {"t_target_period": "", "t_milestones": ""},
     "targets[0].target_period", "Streefperiode is verplicht"),
    ("period_malformed", {"t_target_period": "2026Q1", "t_milestones": ""},
     "targets[0].target_period", "onjuiste periode '2026Q1'"),
    ("period_wrong_kind", {"t_baseline_period": "2022/2023"}, "targets[0].baseline_period",
     "verwacht een jaar als 2023"),
    ("school_year_not_consecutive",
     {"t_indicator_id": "vsv", "t_baseline_period": "2022/2023", "t_target_period": "2024/2026",
      "t_milestones": "", "t_target_value": "2"}, "targets[0].target_period",
     "verwacht een schooljaar"),
    ("year_out_of_range", {"t_target_period": "2150", "t_milestones": ""},
     "targets[0].target_period", "buiten 2000-2100"),
    ("target_not_after_baseline", {"t_target_period": "2022", "t_milestones": ""},
     "targets[0].target_period", "De streefperiode 2022 ligt niet na de basisperiode 2023"),
    ("target_value_missing", {"t_target_value": ""}, "targets[0].target_value",
     "Streefwaarde is verplicht"),
    ("target_value_not_a_number", {"t_target_value": "elf"}, "targets[0].target_value",
     "Streefwaarde: geen getal: 'elf'"),
    ("pct_above_100", {"t_target_value": "100,5"}, "targets[0].target_value",
     "100,5 ligt buiten het bereik van een percentage \\(0 en 100\\)"),
    ("per_1000_above_1000",
     {"t_indicator_id": "thuiszitters_4wk", "t_baseline_period": "2022/2023",
      "t_target_period": "2025/2026", "t_milestones": "", "t_target_value": "1.000,5"},
     "targets[0].target_value", "aantal per 1.000 \\(0 en 1.000\\)"),
    ("count_negative", {"t_indicator_id": "jeugdpopulatie", "t_baseline_period": "2021",
                        "t_target_value": "-1", "t_milestones": ""}, "targets[0].target_value",
     "bereik van een aantal \\(minstens 0\\)"),
    ("baseline_negative", {"t_baseline_value": "-0,5"}, "targets[0].baseline_value",
     "Basiswaarde: -0,5 ligt buiten het bereik"),
    ("baseline_not_in_warehouse", {"t_baseline_period": "2010"}, "targets[0].baseline_value",
     "Geen cijfer voor jeugdhulp in GM0363 over 2010"),
    ("baseline_secret", {"region_code": "GM0088", "parties": "GM0088",
                         "t_baseline_period": "2017", "t_milestones": ""},
     "targets[0].baseline_value", "Het cijfer voor jeugdhulp in GM0088 over 2017 is geheim"),
    ("milestone_malformed", {"t_milestones": "2024 12"}, "targets[0].milestones",
     "schrijf periode: waarde"),
    ("milestone_period_malformed", {"t_milestones": "24: 12"}, "targets[0].milestones",
     "Mijlpaal 24: onjuiste periode"),
    ("milestone_value_missing", {"t_milestones": "2024:"}, "targets[0].milestones",
     "Mijlpaal 2024: waarde ontbreekt"),
    ("milestone_value_not_a_number", {"t_milestones": "2024: veel"}, "targets[0].milestones",
     "Mijlpaal 2024: geen getal"),
    ("milestone_out_of_range", {"t_milestones": "2024: 140"}, "targets[0].milestones",
     "Mijlpaal 2024: 140 ligt buiten het bereik"),
    ("milestone_not_between", {"t_milestones": "2023: 12"}, "targets[0].milestones",
     "Mijlpaal 2023 ligt niet tussen de basisperiode 2023 en de streefperiode 2026"),
    ("milestone_twice", {"t_milestones": [{"period": "2024", "value": 12},
                                          {"period": "2024", "value": "11,9"}]},
     "targets[0].milestones", "Mijlpaal 2024 staat er twee keer in"),
    ("indicator_twice", {"targets": BASE["targets"] * 2}, "targets[1].indicator_id",
     "staat al in doel 1"),
    ("manual_status_unknown", {"manual_status": "prima", "manual_justification": "x"},
     "manual_status", "Onbekende status 'prima'"),
    ("manual_status_without_justification", {"manual_status": "achter"},
     "manual_justification", "vraagt om een onderbouwing"),
    ("no_targets_no_manual_status", {"targets": []}, "manual_status",
     "zonder doel met een indicator"),
    ("justification_too_long", {"manual_status": "achter", "manual_justification": "z" * 20_001},
     "manual_justification", "langer dan 20.000"),
    ("date_malformed", {"oogo_date": "maart 2026"}, "oogo_date", "onjuiste datum 'maart 2026'"),
    ("date_does_not_exist", {"review_date": "30-02-2027"}, "review_date",
     "bestaat niet als datum"),
    ("date_with_time", {"oogo_date": "2026-03-01T14:30"}, "oogo_date", "onjuiste datum"),
    ("review_before_oogo", {"review_date": "2026-02-28"}, "review_date",
     "De evaluatiedatum ligt voor de OOGO-datum"),
]


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in AGREEMENT_RULES],
                         ids=[r[0] for r in AGREEMENT_RULES])
def test_each_agreement_rule_refuses_once_on_its_field(changes, field, message):
    """One broken rule gives exactly one error, on the right field, in Dutch."""
    _clean, errors = validation.agreement(given(**changes), werkgebied_members=members_of)
    assert len(errors) == 1, errors
    assert errors[0][0] == field
    assert re.search(message, errors[0][1]), errors[0][1]


def test_errors_of_several_fields_are_all_reported():
    """A form with several mistakes hears about all of them at once."""
    _clean, errors = validation.agreement(given(title="", region_code="XX", t_target_value="x"))
    assert [f for f, _ in errors] == ["title", "region_code", "targets[0].target_value"]


WERKGEBIED = {"name": "Noord", "description": "Samen met de buren",
              "members": "GM0363; GM0384: 0,5"}
WERKGEBIED_RULES = [
    ("name_missing", {"name": ""}, "name", "Naam is verplicht"),
    ("name_too_long", {"name": "n" * 201}, "name", "langer dan 200"),
    ("description_too_long", {"description": "d" * 20_001}, "description", "langer dan"),
    ("control_character", {"name": "No\x1bord"}, "name", "Naam bevat een onzichtbaar"),
    ("member_not_a_gemeente", {"members": "GM0363; PO2707"}, "members",
     "'PO2707' is geen gemeente in de indeling van 2024"),
    ("member_unknown", {"members": [{"gemeente_code": "GM9999", "weight": 1}]}, "members",
     "'GM9999' is geen gemeente"),
    ("weight_zero", {"members": "GM0363: 0"}, "members", "groter dan 0 en hoogstens 1"),
    ("weight_above_one", {"members": "GM0363: 1,5"}, "members", "\\(nu 1,5\\)"),
    ("weight_not_a_number", {"members": "GM0363: half"}, "members",
     "Gewicht van GM0363: geen getal"),
    ("member_twice", {"members": "GM0363; gm0363"}, "members", "GM0363 staat er twee keer in"),
    ("no_members", {"members": ""}, "members", "minstens één gemeente"),
    ("too_many_members", {"members": [f"GM0363:{i}" for i in range(401)]}, "members",
     "hoogstens 400"),
]


def test_valid_werkgebied_becomes_members_with_weights():
    """Text members become [{gemeente_code, weight}], weight 1 when left out."""
    clean, errors = validation.werkgebied(WERKGEBIED)
    assert errors == []
    assert clean == {"name": "Noord", "description": "Samen met de buren",
                     "members": [{"gemeente_code": "GM0363", "weight": 1.0},
                                 {"gemeente_code": "GM0384", "weight": 0.5}]}


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in WERKGEBIED_RULES],
                         ids=[r[0] for r in WERKGEBIED_RULES])
def test_each_werkgebied_rule_refuses_once_on_its_field(changes, field, message):
    """One broken werkgebied rule gives exactly one Dutch error on its field."""
    _clean, errors = validation.werkgebied({**WERKGEBIED, **changes})
    assert len(errors) == 1, errors
    assert errors[0][0] == field and re.search(message, errors[0][1]), errors[0][1]


DUIDING = {"indicator_id": "vsv", "region_code": "GM0363", "period": "2022-2023",
           "text": "Sinds de nieuwe aanpak blijven meer jongeren op school.",
           "author_name": "A. de Vries", "organisation": "Gemeente Amsterdam"}
DUIDING_RULES = [
    ("indicator_missing", {"indicator_id": ""}, "indicator_id", "Indicator is verplicht"),
    ("indicator_unknown", {"indicator_id": "geluk"}, "indicator_id", "Onbekende indicator"),
    ("region_missing", {"region_code": None}, "region_code", "Regio is verplicht"),
    ("region_unknown", {"region_code": "PO9999"}, "region_code", "Onbekende regiocode 'PO9999'"),
    ("werkgebied_unknown", {"region_code": "WG0007"}, "region_code", "Onbekend werkgebied"),
    ("period_wrong_kind", {"period": "2023"}, "period", "verwacht een schooljaar"),
    ("text_missing", {"text": " "}, "text", "Tekst is verplicht"),
    ("text_too_long", {"text": "t" * 20_001}, "text", "langer dan 20.000"),
    ("control_character", {"organisation": "Gem\x0ceente"}, "organisation",
     "Organisatie bevat een onzichtbaar stuurteken"),
    ("author_too_long", {"author_name": "a" * 201}, "author_name", "Naam is langer"),
    ("organisation_too_long", {"organisation": "o" * 201}, "organisation", "Organisatie is"),
]


def test_valid_duiding_is_cleaned():
    """The period takes the warehouse's spelling; an empty period means 'every period'."""
    clean, errors = validation.duiding(DUIDING)
    assert errors == [] and clean["period"] == "2022/2023"
    clean, errors = validation.duiding({**DUIDING, "period": "", "region_code": "wg0001"},
                                       werkgebied_members=members_of)
    assert errors == [] and (clean["period"], clean["region_code"]) == (None, "WG0001")


@pytest.mark.parametrize(("changes", "field", "message"), [r[1:] for r in DUIDING_RULES],
                         ids=[r[0] for r in DUIDING_RULES])
def test_each_duiding_rule_refuses_once_on_its_field(changes, field, message):
    """One broken duiding rule gives exactly one Dutch error on its field."""
    _clean, errors = validation.duiding({**DUIDING, **changes})
    assert len(errors) == 1, errors
    assert errors[0][0] == field and re.search(message, errors[0][1]), errors[0][1]
