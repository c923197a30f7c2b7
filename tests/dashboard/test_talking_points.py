"""The talking-point rule of the OOGO report ('Wat valt op'): pure inputs, chosen points."""

from __future__ import annotations

from dashboard.export import talking_points as tp


def fact(value, period="2024", **flags) -> dict:
    high = flags.get("high", None if flags.get("lower_bound") else value)
    return {"value": value, "value_low": value, "value_high": high, "period": period,
            "suppressed": flags.get("suppressed", False),
            "lower_bound": flags.get("lower_bound", False), "status": flags.get("status")}


def figure(ind, own, *, swv=None, nl=None, prev=None, hib=False, unit="pct", brk=None,
           decimals=1, judged=True) -> dict:
    cmps = []
    if swv is not None:
        cmps.append({"role": "swv_po", "label": "het SWV PO", "name": "SWV PO PO2101",
                     "fact": swv})
    if nl is not None:
        cmps.append({"role": "nederland", "label": "het land", "name": "Nederland",
                     "fact": nl})
    return {"indicator_id": ind, "label": ind.title(), "unit": unit, "decimals": decimals,
            "higher_is_better": hib, "judged": judged, "trend_break": brk, "own": own,
            "previous": prev, "comparisons": cmps}


def test_largest_differences_are_ranked_and_capped_at_three():
    """Of five indicators the three with the largest relative difference from the country
    are chosen, largest first, each with its own and its comparison value."""
    figs = [figure(f"i{k}", fact(10 + k * 2), nl=fact(10.0)) for k in range(1, 6)]
    points = tp.talking_points(figs, [])["nederland"]
    assert [p.indicator_id for p in points] == ["i5", "i4", "i3"]
    assert points[0].value == "20,0%" and points[0].comparison == "Nederland: 10,0%"
    assert "hoger dan het land, ongunstig" in points[0].note and "100%" in points[0].note


def test_no_verdict_no_point():
    """A secret value, an indicator without direction, a count, an interval reaching across
    the reference, a lower bound without upper end below it and a difference within 5% give
    no difference point."""
    figs = [figure("geheim", fact(None, suppressed=True), nl=fact(10.0)),
            figure("richtingloos", fact(30.0), nl=fact(10.0), hib=None),
            figure("aantal", fact(3000.0), nl=fact(10.0), unit="count", judged=False),
            figure("marge", fact(9.0, lower_bound=True, high=11.0), nl=fact(10.0)),
            figure("ondergrens", fact(9.0, lower_bound=True), nl=fact(10.0)),
            figure("klein", fact(10.4), nl=fact(10.0)),
            figure("ref_geheim", fact(30.0), nl=fact(None, suppressed=True))]
    assert tp.talking_points(figs, [])["nederland"] == []


def test_swv_part_is_left_out_without_an_swv_comparison():
    """An SWV's own report compares with the country only: no SWV part, and the printed rule
    does not promise one."""
    points = tp.talking_points([figure("a", fact(20.0), nl=fact(10.0))], [])
    assert "swv" not in points
    assert "SWV" not in tp.rule_text(swv=False) and "SWV" in tp.rule_text(swv=True)
    with_swv = tp.talking_points([figure("a", fact(20.0), swv=fact(12.0), nl=fact(10.0))], [])
    assert [p.comparison for p in with_swv["swv"]] == ["SWV PO PO2101: 12,0%"]


def test_changes_skip_trend_breaks_secret_cells_and_small_moves():
    """A change across the trend break, from a secret cell, from a lower bound or under 5% is
    no point; the largest remaining change is, with both periods and values."""
    figs = [figure("breuk", fact(20.0, "2021"), prev=fact(10.0, "2020"), brk=2021),
            figure("geheim", fact(20.0), prev=fact(None, "2023", suppressed=True)),
            figure("grens", fact(20.0), prev=fact(10.0, "2023", lower_bound=True)),
            figure("klein", fact(10.2), prev=fact(10.0, "2023")),
            figure("daling", fact(8.0), prev=fact(10.0, "2023")),
            figure("stijging", fact(11.0), prev=fact(10.0, "2023"))]
    points = tp.talking_points(figs, [])["verandering"]
    assert [p.indicator_id for p in points] == ["daling", "stijging"]
    assert points[0].note == "gedaald met 20%, gunstig"
    assert points[0].comparison == "2023: 10,0%" and points[0].value == "8,0%"


def test_every_agreement_behind_is_a_point_and_no_other():
    """Every agreement with status 'achter' is listed, with its reason; others are not."""
    agreements = [{"id": 1, "title": "Minder thuiszitters", "status": "achter",
                   "reason": "laatste cijfer boven het traject", "latest": "2,1 per 1.000",
                   "target": "doel 1,0 per 1.000 in 2027"},
                  {"id": 2, "title": "Op koers", "status": "op koers", "reason": ""},
                  {"id": 3, "title": "Ook achter", "status": "achter", "reason": ""}]
    points = tp.talking_points([], agreements)["afspraak"]
    assert [(p.label, p.agreement_id) for p in points] == [("Minder thuiszitters", 1),
                                                             ("Ook achter", 3)]
    assert points[0].note == "laatste cijfer boven het traject"


def test_points_only_repeat_given_figures():
    """Every value a point prints is the formatted value of a figure it was given, with the
    indicator's decimals."""
    figs = [figure("a", fact(12.5), swv=fact(9.0), nl=fact(10.0), prev=fact(10.0, "2023")),
            figure("b", fact(0.3), swv=fact(0.4), nl=fact(0.45), prev=fact(0.4, "2023"),
                   decimals=2)]
    given = {"12,5%", "9,0%", "10,0%", "0,30%", "0,40%", "0,45%"}
    for points in tp.talking_points(figs, []).values():
        for p in points:
            assert p.value in given and p.comparison.rsplit(": ", 1)[1] in given


def test_basis_says_how_many_figures_the_rule_could_choose_from():
    """The printed basis counts the indicators with a public own figure."""
    figs = [figure("a", fact(1.0)), figure("b", fact(None, suppressed=True)),
            figure("c", fact(2.0))]
    assert tp.basis_text(figs).startswith("2 van de 3 indicatoren hebben een openbaar")
    assert tp.basis_text(figs[:2]).startswith("1 van de 2 indicatoren heeft een openbaar")


def test_an_interval_wholly_above_is_a_point_with_its_least_difference():
    """A total with secret members lying wholly above the country is a point; its size is the
    least difference the interval allows, said with 'minstens', and it prints the interval."""
    figs = [figure("a", fact(13.0, lower_bound=True, high=14.0), nl=fact(10.0))]
    (point,) = tp.talking_points(figs, [])["nederland"]
    assert point.value == "13,0–14,0%"
    assert point.note == "hoger dan het land, ongunstig; minstens 30% hoger"
