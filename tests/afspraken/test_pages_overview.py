"""The batched statuses (`afspraken.overview`) and the trajectory chart (`figures.agreements`)
on the session warehouse: one query for all standard-region targets and one for all werkgebieden,
the same status as the rule applied to each target alone, and the chart's marks."""

from __future__ import annotations

import copy

import plotly.graph_objects as go
import pytest

from dashboard import db, formatting, queries
from dashboard.afspraken import overview, progress, status
from dashboard.figures import agreements as figures

WG = [{"gemeente_code": "GM0479", "weight": 1.0}, {"gemeente_code": "GM0439", "weight": 0.5}]


@pytest.fixture(scope="module", autouse=True)
def warehouse_db(warehouse):
    db.configure(warehouse)


def _target(indicator="jeugdhulp", base="2022", value=12.0, goal=10.0, until="2027",
            milestones=()):
    return {"indicator_id": indicator, "baseline_period": base, "baseline_value": value,
            "baseline_flags": {}, "target_value": goal, "target_period": until,
            "milestones": [{"period": p, "value": v} for p, v in milestones]}


def _agreement(region: str, *targets, manual=None) -> dict:
    return {"id": 1, "title": "t", "region_code": region, "parties": [], "targets": list(targets),
            "manual_status": manual, "manual_justification": "Omdat." if manual else None}


def test_one_query_for_all_standard_regions_and_one_for_all_werkgebieden(monkeypatch):
    """Forty targets over standard regions cost one target_series call; two werkgebieden one."""
    calls = {"series": 0, "werkgebied": 0}
    real_series, real_wg = queries.target_series_records, queries.werkgebied_target_records

    def series(*args, **kwargs):
        calls["series"] += 1
        return real_series(*args, **kwargs)

    def wg(*args, **kwargs):
        calls["werkgebied"] += 1
        return real_wg(*args, **kwargs)

    monkeypatch.setattr(queries, "target_series_records", series)
    monkeypatch.setattr(queries, "werkgebied_target_records", wg)
    codes = queries.regions("gemeente")["region_code"].tolist()[:20]
    agreements = [_agreement(c, _target(), _target("vsv", "2021/2022", 2.0, 1.5, "2025/2026"))
                  for c in codes]
    agreements += [_agreement("WG0001", _target()), _agreement("WG0001", _target("vsv")),
                   _agreement("WG0002", _target())]
    rated = overview.with_status(agreements, werkgebied_members=lambda code: WG)
    assert calls == {"series": 1, "werkgebied": 1}
    assert len(rated) == len(agreements)
    assert all(a["status"] in status.STATUSES and a["reason"] for a in rated)


def test_each_target_gets_the_rule_applied_to_its_own_series():
    """The batched status of every target equals status.assess on progress.actual_series."""
    codes = ["GM0363", "GM0014", "PO2707", "VO2708", "JZ01", "GM1940"]
    agreements = [_agreement(c, _target(), _target("absoluut_verzuim", "2020/2021", 3.0, 2.0,
                                                   "2025/2026", [("2023/2024", 2.5)]))
                  for c in codes]
    for a in overview.with_status(agreements):
        for t in a["targets"]:
            ind = queries.indicator(t["indicator_id"])
            rows = progress.actual_series(a["region_code"], t["indicator_id"])
            alone = status.assess(status.Target(
                unit=ind["unit"], higher_is_better=None, baseline_period=t["baseline_period"],
                baseline_value=t["baseline_value"], target_period=t["target_period"],
                target_value=t["target_value"],
                milestones=tuple((m["period"], m["value"]) for m in t["milestones"])),
                rows.to_dict("records"), trend_break=None if formatting.is_missing(
                    ind["trend_break"]) else int(ind["trend_break"]))
            assert (t["status"], t["reason"]) == (alone.status, alone.reason_nl)
            assert t["latest"]["period"] == rows["period"].iloc[-1]
            assert t["latest"]["value"] == pytest.approx(rows["value"].iloc[-1], nan_ok=True)


def test_werkgebied_targets_read_the_werkgebied_figures():
    """A werkgebied's latest figure is the aggregation macro's, not a gemeente's."""
    [a] = overview.with_status([_agreement("WG0001", _target())],
                               werkgebied_members=lambda code: WG)
    expected = queries.werkgebied_series(WG, "jeugdhulp").iloc[-1]
    assert a["latest"][0]["value"] == pytest.approx(expected["value"])
    assert a["latest"][0]["period"] == expected["period"]


def test_unknown_werkgebied_and_indicator_are_not_assessable():
    """No members, or an indicator no longer in the catalogue, gives 'niet te beoordelen'."""
    rated = overview.with_status([_agreement("WG0099", _target()),
                                  _agreement("GM0363", _target("bestaat_niet"))],
                                 werkgebied_members=lambda code: None)
    assert [a["status"] for a in rated] == ["niet te beoordelen"] * 2
    assert "bestaat_niet" in rated[1]["reason"] and rated[0]["latest"] == []


def test_manual_status_without_targets_and_input_unchanged():
    """Without targets the region's own status counts; the input list is not modified."""
    agreements = [_agreement("GM0363", manual="achter"), _agreement("GM0363")]
    before = copy.deepcopy(agreements)
    rated = overview.with_status(agreements)
    assert rated[0]["status"] == "achter" and "Omdat." in rated[0]["reason"]
    assert rated[1]["status"] == "niet te beoordelen"
    assert agreements == before


@pytest.mark.parametrize("statuses, expected", [
    (["behaald", "behaald"], "behaald"),
    (["behaald", "op koers"], "op koers"),
    (["op koers", "niet te beoordelen"], "niet te beoordelen"),
    (["niet te beoordelen", "achter", "behaald"], "achter"),
])
def test_targets_combine_as_the_printed_rule_says(statuses, expected):
    """One target behind makes the agreement behind; one unassessable makes it unassessable."""
    targets = [{"indicator_id": "jeugdhulp", "status": s, "reason": f"reden {s}"}
               for s in statuses]
    found = overview.agreement_status(_agreement("GM0363"), targets)
    assert found["status"] == expected
    assert f"reden {expected}" in found["reason"] and f"{len(statuses)} doelen" in found["reason"]


# --- the trajectory chart ----------------------------------------------------------------

ROWS = [{"period": "2019", "value": 11.0, "status": "definitief", "suppressed": False,
         "lower_bound": False, "demo": True},
        {"period": "2020", "value": None, "status": "definitief", "suppressed": True,
         "lower_bound": False, "demo": True},
        {"period": "2021", "value": 12.5, "status": "definitief", "suppressed": False,
         "lower_bound": True, "demo": True},
        {"period": "2022", "value": 12.0, "status": "voorlopig", "suppressed": False,
         "lower_bound": False, "demo": True}]


def test_chart_marks_flags_trend_break_and_demo_label():
    """Secret is a gap, a lower bound a triangle, provisional an open marker; the axis runs
    year by year to the target; the trend break and the demonstration label are in the
    figure; numbers use Dutch separators; the last period (the target's) is labelled."""
    spec = figures.trajectory_spec(ROWS, _target(milestones=[("2025", 11.0)]),
                                   indicator={"unit": "pct", "trend_break": 2021.0},
                                   region_name="Amsterdam", demo=True)
    measured, agreed = spec["data"]
    periods = measured["x"]
    assert periods == [str(y) for y in range(2019, 2028)]    # years without figures too
    assert measured["y"] == [11.0, None, 12.5, 12.0] + [None] * 5
    assert measured["marker"]["symbol"][2] == "triangle-up"
    assert measured["marker"]["symbol"][3] == "circle-open"
    assert "12,0% · voorlopig" in measured["text"][3]
    assert agreed["x"] == ["2022", "2025", "2027"] and agreed["y"] == [12.0, 11.0, 10.0]
    assert agreed["line"]["dash"] == "dash"
    notes = " ".join(a["text"] for a in spec["layout"]["annotations"])
    assert "trendbreuk 2021" in notes and formatting.DEMO_LABEL in notes
    assert "gat = geheim" in notes and "open symbool = voorlopig" in notes
    assert spec["layout"]["shapes"][0]["x0"] == pytest.approx(1.5)
    assert spec["layout"]["separators"] == ",."
    assert spec["layout"]["xaxis"]["tickvals"][-1] == "2027"
    fig = figures.trajectory_figure(ROWS, _target(), indicator={"unit": "pct"},
                                    region_name="Amsterdam")
    assert isinstance(fig, go.Figure) and len(fig.data) == 2


def test_chart_without_demo_has_no_demo_label_and_empty_input_a_message():
    """Real figures carry no demonstration label; nothing to draw gives a Dutch message."""
    real = [{**r, "demo": False} for r in ROWS]
    spec = figures.trajectory_spec(real, _target(), indicator={"unit": "pct"},
                                   region_name="Amsterdam", demo=False)
    assert formatting.DEMO_LABEL not in str(spec["layout"].get("annotations"))
    empty = figures.trajectory_spec([], {}, indicator={"unit": "pct"}, region_name="x")
    assert "Nog geen cijfers" in str(empty["layout"]["annotations"])


def test_werkgebieden_read_together_match_each_read_alone():
    """Two werkgebieden with different members, read in one query, give each its own series."""
    other = [{"gemeente_code": "GM0363", "weight": 1.0}]
    members = {"WG0001": WG, "WG0002": other}
    agreements = [_agreement("WG0001", _target(), _target("vsv")),
                  _agreement("WG0002", _target("jeugdbescherming"))]
    got = overview.series(agreements, werkgebied_members=members.get)
    for (code, indicator), rows in got.items():
        alone = queries.werkgebied_series(members[code], indicator)
        assert rows, (code, indicator)
        assert [r["period"] for r in rows] == list(alone["period"])
        assert [r["value"] for r in rows] == pytest.approx(list(alone["value"]))
