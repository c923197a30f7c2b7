"""The indicator figure functions on small hand-made frames: no database, no Dash."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import figures

IND = {"indicator_id": "jeugdhulp", "label": "Jongeren met jeugdhulp", "unit": "pct",
       "numerator_label": "jongeren met jeugdhulp", "denominator_label": "jongeren 0-17 jaar",
       "trend_break": 2021.0}


def trend_frame() -> pd.DataFrame:
    rows = []
    for role, code, name in (("self", "GM0001", "Eerstestad"), ("nederland", "NL01", "Nederland")):
        for year in range(2018, 2025):
            rows.append(dict(region_code=code, region_name=name, role=role, period=str(year),
                             value=10.0 + year - 2018, suppressed=False, lower_bound=False,
                             status="voorlopig" if year == 2024 else "definitief"))
    df = pd.DataFrame(rows)
    secret = (df["region_code"] == "GM0001") & (df["period"] == "2020")
    df.loc[secret, ["value", "suppressed"]] = [None, True]
    return df


def level_frame() -> pd.DataFrame:
    return pd.DataFrame(dict(
        region_code=["GM0001", "GM0002", "GM0003", "GM0004", "GM0005"],
        region_name=["Eerstestad", "Tweedorp", "Derdeveen", "Vierhuizen", "Vijfhoek"],
        value=[12.0, 8.0, None, 15.0, 11.0], numerator=[120, 80, None, 150, 110],
        denominator=[1000, 1000, 60, 1000, 1000], suppressed=[False, False, True, False, False],
        lower_bound=[False, False, False, True, False], status=["definitief"] * 5))


def square(code: str, x: float) -> dict:
    ring = [[x, 52.0], [x + 0.1, 52.0], [x + 0.1, 52.1], [x, 52.1], [x, 52.0]]
    return {"type": "Feature", "id": code, "properties": {"region_code": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_trend_marks_the_trend_break_with_a_labelled_dashed_line():
    """An indicator with trend_break 2021 gets a dashed vertical line between 2020 and 2021."""
    fig = figures.trend_figure(trend_frame(), indicator=IND)
    lines = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash == "dash"]
    assert len(lines) == 1 and lines[0].x0 == pytest.approx(2.5)  # 2018, 2019, 2020 | 2021
    assert any(a.text == "trendbreuk" for a in fig.layout.annotations)


def test_trend_without_break_has_no_break_line():
    """No trend_break in the catalogue: no vertical line."""
    fig = figures.trend_figure(trend_frame(), indicator={**IND, "trend_break": None})
    assert not [s for s in fig.layout.shapes if s.type == "line"]


def test_trend_draws_provisional_periods_with_open_markers():
    """The voorlopig period gets an open marker and 'voorlopig' in its hover text."""
    trace = figures.trend_figure(trend_frame(), indicator=IND).data[0]
    assert trace.marker.symbol[-1].endswith("-open")
    assert not trace.marker.symbol[0].endswith("-open")
    assert "voorlopig" in trace.text[-1]


def test_trend_leaves_a_gap_for_a_secret_cell_instead_of_zero():
    """A suppressed point is None (a gap), never 0, and the hover says geheim."""
    trace = figures.trend_figure(trend_frame(), indicator=IND).data[0]
    i = list(trace.x).index("2020")
    assert trace.y[i] is None and trace.connectgaps is False
    assert "geheim (< 8)" in trace.text[i]


def test_trend_roles_differ_by_dash_and_marker_for_black_and_white_print():
    """Every series has its own dash pattern and marker symbol."""
    fig = figures.trend_figure(trend_frame(), indicator=IND)
    looks = {(t.line.dash, t.marker.symbol[0]) for t in fig.data}
    assert len(looks) == len(fig.data) == 2


def test_trend_axis_labels_every_second_year_of_a_long_series_ending_on_the_last():
    """Ten years are labelled 2016, 2018, ..., 2024 (room for each on a phone); seven or
    fewer all, and school years shortly ('22/23')."""
    df = pd.concat([trend_frame(), trend_frame().assign(period=lambda d: (
        d["period"].astype(int) - 3).astype(str))]).drop_duplicates(["region_code", "period"])
    axis = figures.trend_figure(df, indicator=IND).layout.xaxis
    assert list(axis.ticktext) == ["2016", "2018", "2020", "2022", "2024"]
    assert axis.tickangle == 0 and len(axis.categoryarray) == 10
    school = trend_frame().assign(period=lambda d: d["period"].map(
        lambda p: f"{int(p) - 1}/{p}"))
    assert figures.trend_figure(school, indicator=IND).layout.xaxis.ticktext[-1] == "23/24"
    assert len(figures.trend_figure(school, indicator=IND).layout.xaxis.ticktext) == 7


def test_trend_legend_wraps_long_names_and_draws_intervals():
    """A long SWV name wraps onto lines of at most 38 characters, whole; a total with secret
    members gets an error bar up to value_high in its line's colour."""
    long = "SWV VO: VO2708 — Amsterdam, Diemen, Ouder-Amstel en Uithoorn"
    df = trend_frame().assign(region_name=lambda d: d["region_name"].where(
        d["role"] == "self", long), value_low=lambda d: d["value"],
        value_high=lambda d: d["value"].where(d["period"] != "2023", d["value"] + 0.4))
    fig = figures.trend_figure(df, indicator=IND)
    name = fig.data[1].name
    assert name.replace("<br>", " ") == long
    assert max(len(line) for line in name.split("<br>")) <= 38
    i = list(fig.data[1].x).index("2023")
    assert fig.data[1].error_y.array[i] == pytest.approx(0.4)
    assert fig.data[1].error_y.color == fig.data[1].line.color
    assert "streepje = marge door geheime cijfers" in " ".join(
        a.text.replace("<br>", " ") for a in fig.layout.annotations)


def test_distribution_highlights_and_labels_the_selected_region():
    """The highlighted region is its own coloured trace and is named in an annotation."""
    fig = figures.distribution_figure(level_frame(), indicator=IND, highlight="GM0001",
                                      national_value=11.5)
    mine = [t for t in fig.data if t.marker.color == figures.COLORS["self"]]
    assert len(mine) == 1 and list(mine[0].y) == [12.0]
    assert any("Eerstestad" in (a.text or "") for a in fig.layout.annotations)
    assert "gestreepte lijn: Nederland 11,5%" in fig.layout.xaxis.title.text
    assert [s.y0 for s in fig.layout.shapes if s.type == "line"] == [11.5]


def test_distribution_leaves_secret_regions_out_and_says_so():
    """A suppressed region is not a bar of height 0 but counted in a note."""
    fig = figures.distribution_figure(level_frame(), indicator=IND, highlight=None,
                                      level_label="gemeenten")
    heights = [y for t in fig.data if t.type == "bar" for y in t.y]
    assert len(heights) == 4 and 0 not in heights
    assert any("1 gemeenten geheim" in (a.text or "") for a in fig.layout.annotations)


def test_distribution_draws_intervals_as_dark_error_bars_not_hatching():
    """A total with secret members gets an error bar from its value to value_high in a dark
    colour, a lower bound without an upper end a triangle; no bar is hatched."""
    df = level_frame().assign(value_low=[12.0, 8.0, None, 15.0, 11.0],
                              value_high=[12.0, 8.0, None, 16.5, 11.0])
    fig = figures.distribution_figure(df, indicator=IND, highlight="GM0001")
    bars = [t for t in fig.data if t.type == "bar"]
    assert all(not t.marker.pattern.shape for t in bars)
    peers = next(t for t in bars if t.marker.color == figures.COLORS["other"])
    i = list(peers.y).index(15.0)
    assert peers.error_y.array[i] == pytest.approx(1.5) and peers.error_y.arrayminus[i] == 0
    assert sum(peers.error_y.array) == pytest.approx(1.5)
    assert peers.error_y.color == figures.INTERVAL_COLOR
    assert not [t for t in fig.data if t.type == "scatter"]
    open_ended = figures.distribution_figure(level_frame(), indicator=IND, highlight=None)
    marks = [t for t in open_ended.data if t.type == "scatter"]
    assert len(marks) == 1 and list(marks[0].y) == [15.0]
    assert marks[0].marker.symbol == "triangle-up"


def test_roles_keep_one_colour_on_the_indicator_page_and_on_vergelijk():
    """The region a page is about is the same orange in the trend, the ranking and as the
    first region on /vergelijk; the country stays black there too."""
    trend = figures.trend_figure(trend_frame(), indicator=IND)
    ranking = figures.distribution_figure(level_frame(), indicator=IND, highlight="GM0001")
    compared = trend_frame().assign(role=lambda d: d["region_code"].map(
        {"GM0001": "r0", "NL01": "r1"}), region_level=lambda d: d["region_code"].map(
        {"GM0001": "gemeente", "NL01": "nederland"}))
    chosen = figures.trend_figure(compared, indicator=IND)
    colour = {t.name: t.line.color for t in trend.data}
    assert colour == {t.name: t.line.color for t in chosen.data}
    assert colour["Eerstestad"] == figures.COLORS["self"]
    assert colour["Nederland"] == figures.COLORS["nederland"]
    assert figures.COLORS["self"] in {t.marker.color for t in ranking.data}


def test_map_has_one_location_per_region_and_secret_ones_are_not_zero_coloured():
    """Every region appears once; the secret one sits in the grey 'geheim' trace."""
    df = level_frame()
    geo = {"type": "FeatureCollection",
           "features": [square(c, i * 0.2) for i, c in enumerate(df["region_code"])]}
    fig = go.Figure(figures.map_figure(df, geo, indicator=IND, highlight="GM0002"))
    data = [t for t in fig.data if t.type == "choropleth" and t.hoverinfo != "skip"]
    locations = [loc for t in data for loc in t.locations]
    assert sorted(locations) == sorted(df["region_code"])
    secret = [t for t in data if t.name == "geheim (< 8)"]
    assert list(secret[0].locations) == ["GM0003"]
    assert "GM0003" not in fig.data[0].locations
    outline = [t for t in fig.data if t.type == "choropleth" and t.hoverinfo == "skip"]
    assert outline and all(list(t.locations) == ["GM0002"] for t in outline)


def test_map_uses_a_sequential_single_hue_scale():
    """The fill scale runs light to dark in one hue (colourblind-safe, prints as grey)."""
    df = level_frame()
    geo = {"type": "FeatureCollection",
           "features": [square(c, i * 0.2) for i, c in enumerate(df["region_code"])]}
    fig = go.Figure(figures.map_figure(df, geo, indicator=IND, highlight=None))
    assert [c[1] for c in fig.data[0].colorscale] == [c[1] for c in figures.MAP_SCALE]
    assert fig.layout.geo.fitbounds == "locations"


def test_a_kept_ranking_and_map_draw_each_region_as_a_fresh_drawing_and_stay_unchanged():
    """The indicator page keeps one Ranking and one unmarked map per level and period and
    marks each chosen region on them in turn: marking one region leaves nothing behind for the
    next (each figure equals one drawn from a fresh frame), and the kept drawings are never
    changed by marking."""
    import copy
    import json

    df = level_frame().assign(value_low=[12.0, 8.0, None, 15.0, 11.0],
                              value_high=[12.0, 8.0, None, 16.5, 11.0])
    geo = {"type": "FeatureCollection",
           "features": [square(c, i * 0.2) for i, c in enumerate(df["region_code"])]}
    ranking = figures.Ranking(df, indicator=IND, national_value=11.5, level_label="gemeenten")
    unmarked = figures.map_figure(df, geo, indicator=IND, highlight=None)
    kept = copy.deepcopy((ranking.__dict__, unmarked))
    same = lambda a, b: json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)  # noqa: E731
    for code in [*df["region_code"], None, "GM9999"]:
        assert same(ranking.figure(code), figures.distribution_spec(
            df, indicator=IND, highlight=code, national_value=11.5, level_label="gemeenten"))
        assert same(figures.with_map_highlight(unmarked, geo, code),
                    figures.map_figure(df, geo, indicator=IND, highlight=code))
    assert same(kept, (ranking.__dict__, unmarked))
    marked = figures.with_map_highlight(unmarked, geo, "GM0003")
    assert len(marked["data"]) == len(unmarked["data"]) + 2
    assert any("Derdeveen: geheim" in a["text"] for a in ranking.figure("GM0003")["layout"][
        "annotations"])
