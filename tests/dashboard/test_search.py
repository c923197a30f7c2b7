"""Search as people type, at query level against the fixture warehouse: case, accents and
punctuation do not matter, aliases find their region, names that start with the text come
first, and every search is one bounded query."""

from __future__ import annotations

import pytest

from dashboard import limits, queries
from dashboard.queries import base

ALL_LEVELS = tuple(queries.LEVELS)


def codes(text: str, **kw) -> list[str]:
    return list(queries.search_regions(text, **kw)["region_code"])


@pytest.mark.parametrize(("text", "code"), [
    ("Den Haag", "GM0518"), ("den haag", "GM0518"), ("DEN BOSCH", "GM0796"),
    ("Sudwest", "GM1900"), ("sudwest fryslan", "GM1900"), ("SÚDWEST-FRYSLÂN", "GM1900"),
    ("Súdwest", "GM1900"), ("s-Gravenhage", "GM0518"), ("’s Gravenhage", "GM0518"),
    ("Léeuwarden", "GM0080"), ("Ljouwert", "GM0080"), ("dantumadeel", "GM1891"),
    ("Dantumadiel", "GM1891"), ("De Friese Meren", "GM1940"), ("fryske marren", "GM1940"),
    ("Bergen NH", "GM0373"), ("zAAnStAd", "GM0479"), ("gm0479", "GM0479"),
])
def test_typed_names_find_their_region_first(app, text, code):
    """Each way of typing a name puts its region at the top."""
    assert codes(text)[0] == code


def test_an_alias_hit_says_which_alias_matched_and_finds_the_swvs_listing_it(app):
    """'Den Haag' finds 's-Gravenhage as an exact match, then the SWVs whose name lists it."""
    df = queries.search_regions("Den Haag")
    first = df.iloc[0]
    assert (first["region_name"], first["alias"], bool(first["exact"])) == (
        "'s-Gravenhage", "Den Haag", True)
    assert {"PO2815", "VO2806"} <= set(df["region_code"])
    assert not df["exact"].iloc[1:].any()


def test_names_that_start_with_the_text_come_before_names_that_contain_it(app):
    """'Utrecht': the gemeente, then names starting with it, then names containing it."""
    found = codes("Utrecht")
    assert found[0] == "GM0344"
    assert found.index("GM1581") < found.index("JZ23")  # Utrechtse Heuvelrug, Zuidoost Utrecht


def test_search_is_bounded(app, monkeypatch):
    """The limit holds, text past the limit or without letters finds nothing, and a search is
    one query."""
    assert len(codes("e", limit=5)) == 5
    assert codes("a" * (limits.SEARCH_TEXT_CHARS + 1)) == [] and codes(" -- ") == []
    calls = []
    real = base._df
    monkeypatch.setattr(base, "_df", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    assert codes("Den Haag", levels=ALL_LEVELS)[0] == "GM0518"
    assert len(calls) == 1


def test_levels_limit_what_is_searched(app):
    """The start page's levels leave out provincies; /vergelijk's take them."""
    assert "PV26" not in codes("Utrecht") and "PV26" in codes("Utrecht", levels=ALL_LEVELS)
    assert codes("Fryslân", levels=ALL_LEVELS)[0] == "PV21"


def test_find_region_takes_one_region_or_offers_the_matches(app):
    """A code, an exact name or alias, or the only hit is taken; several exact matches or
    several hits are offered; nothing found offers nothing."""
    assert queries.find_region("Den Haag", ALL_LEVELS)[0] == "GM0518"
    assert queries.find_region("sudwest fryslan", ALL_LEVELS)[0] == "GM1900"
    assert queries.find_region("Amsterdam (GM0363)", ALL_LEVELS)[0] == "GM0363"
    assert queries.find_region("PO2707 — Amsterdam, Diemen")[0] == "PO2707"
    code, matches = queries.find_region("Utrecht", ALL_LEVELS)
    assert code is None and set(matches["region_code"]) == {"GM0344", "PV26", "MC19"}
    code, matches = queries.find_region("Sudwest", ALL_LEVELS)
    assert code is None and matches["region_code"].iloc[0] == "GM1900" and len(matches) > 1
    code, matches = queries.find_region("qqqxyz", ALL_LEVELS)
    assert code is None and matches.empty
    assert queries.find_region("NL01")[0] is None  # not a level the start page searches


def test_region_aliases_are_read_from_the_warehouse(app):
    """The aliases table reaches the dashboard as the ETL wrote it."""
    aliases = queries.region_aliases().set_index("alias")
    assert aliases.loc["Den Haag", "region_code"] == "GM0518"
    assert aliases.loc["Ljouwert", "kind"] == "Friese naam"


def test_suggestions_for_an_unknown_code_ignore_accents(app):
    """An unknown 'code' made of a name without its accents suggests the region."""
    assert "GM1900" in set(queries.regions_like_code("SUDWESTX")["region_code"])
    assert queries.regions_like_code("GM05188")["region_code"].iloc[0] == "GM0518"
