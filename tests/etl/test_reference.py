"""Reference layers derived from the shipped data: gemeenten per year, memberships, weights."""

import pytest

from etl.reference import classification_year, load_reference

# CBS: number of gemeenten on 1 January (see data/ref/REF_SOURCES.md).
OFFICIAL_COUNTS = {2015: 393, 2016: 390, 2017: 388, 2018: 380, 2019: 355, 2020: 355, 2021: 352,
                   2022: 345, 2023: 342, 2024: 342, 2025: 342}


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def test_gemeenten_per_year_match_official_counts(ref):
    """Each classification year has exactly the number of gemeenten CBS lists."""
    counts = ref.gemeenten.groupby("classification_year").size().to_dict()
    assert counts == OFFICIAL_COUNTS


def test_every_gemeente_belongs_once_to_every_level(ref):
    """The weights of a gemeente over the regions of one level sum to 1 in every year."""
    sums = ref.members.groupby(["classification_year", "region_level", "gemeente_code"])[
        "weight"].sum()
    assert sums.between(1 - 1e-9, 1 + 1e-9).all()
    per_year = ref.members.groupby(["classification_year", "region_level"])[
        "gemeente_code"].nunique()
    for (year, _level), n in per_year.items():
        assert n == OFFICIAL_COUNTS[year]


def test_split_gemeente_is_weighted_by_pc4_population(ref):
    """De Fryske Marren lies in several VO SWVs, weighted by its 0-17 population per PC4."""
    m = ref.members
    dfm = m[(m.gemeente_code == "GM1940") & (m.region_level == "swv_vo")
            & (m.classification_year == 2024)]
    assert len(dfm) >= 3
    assert dfm["weight"].sum() == pytest.approx(1.0)
    assert dfm["weight"].max() < 1


def test_swv_layout_has_the_laws_codes(ref):
    """PO and VO SWV codes come from the law's annex (76 PO, 74 VO)."""
    r = ref.regions[ref.regions.classification_year == 2024]
    po, vo = r[r.region_level == "swv_po"], r[r.region_level == "swv_vo"]
    assert len(po) == 76 and len(vo) == 74
    assert po.region_code.str.fullmatch(r"PO\d{4}").all()
    assert po.set_index("region_code").loc["PO2707", "region_name"].startswith(
        "PO2707 — Amsterdam")


def test_split_herindeling_shares_sum_to_one(ref):
    """Haaren (2020) is back-cast to its four successors by population share."""
    s = ref.successors(2020, 2024)
    haaren = s[s.gemeente_code == "GM0788"]
    assert set(haaren.successor_code) == {"GM0757", "GM0824", "GM0855", "GM0865"}
    assert haaren.share.sum() == pytest.approx(1.0)
    assert s.groupby("gemeente_code").share.sum().between(1 - 1e-9, 1 + 1e-9).all()


def test_merged_gemeente_population_carries_over(ref):
    """Eemsdelta's 0-17 population in 2021 equals that of its three predecessors in 2020."""
    p = ref.population[ref.population.population_group == "0_17"].set_index(
        ["classification_year", "gemeente_code"])["persons"]
    assert p[(2021, "GM1979")] == pytest.approx(
        p[(2020, "GM0003")] + p[(2020, "GM0010")] + p[(2020, "GM0024")])


def test_population_groups_are_plausible(ref):
    """The derived 0-17 population of the country is about 3.3 million (CBS 2021)."""
    nl = ref.population[(ref.population.classification_year == 2021)].groupby(
        "population_group")["persons"].sum()
    assert 3.2e6 < nl["0_17"] < 3.45e6
    assert nl["4_11"] < nl["5_17"] < nl["0_17"]


@pytest.mark.parametrize("period, year", [("2023", 2023), ("2023-H1", 2023),
                                          ("2022/2023", 2023)])
def test_classification_year_of_a_period(period, year):
    """A school year is published in the layout of 1 January within it."""
    assert classification_year(period) == year


@pytest.mark.parametrize("period", ["2023-H3", "2022/2024", "23", "2023JJ00", ""])
def test_malformed_period_is_refused(period):
    """Malformed periods raise a clear error."""
    with pytest.raises(ValueError, match="onbekende periode"):
        classification_year(period)
