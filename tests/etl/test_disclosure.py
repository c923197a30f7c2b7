"""Disclosure control of the demonstration set: no secret cell comes back by subtracting the
published categories of a group from its published total (issue 12, item 5), nor from the
intervals (value_low..value_high) of the regions it is part of (issue 11)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from etl.catalogue import INDICATORS
from etl.sources import demo

GROUP = [i.indicator_id for i in INDICATORS if i.demo_group == "verwijzer"]
SECRET = range(0, 8)  # CBS keeps 0-7 secret
KEY = ["region_code", "region_level", "period", "classification_year", "source"]


@pytest.fixture(scope="module")
def facts(warehouse) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT * FROM facts WHERE list_contains($ids, indicator_id)", {"ids": GROUP}).df()


def cells(facts: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per group (region, level, period, layout, source), one column per category."""
    return facts.pivot_table(index=KEY, columns="indicator_id", values=column,
                             aggfunc="first", dropna=False)[GROUP]


def attacker_bounds(total: float, shown: list[float]) -> list[tuple[float, float]]:
    """For each secret cell of one gemeente group (shown as NaN), the values an attacker cannot
    rule out, from the published total and categories (each rounded to 5 on its own: true value
    within +-2) and the rule that secret cells are never larger than a published one."""
    secret = [i for i, v in enumerate(shown) if np.isnan(v)]
    published = [v for v in shown if not np.isnan(v)]
    ceiling = (min(published) + 2 if published else total + 2) if len(secret) > 1 else 7
    lo = [0 if np.isnan(v) else max(8, v - 2) for v in shown]
    hi = [max(7, ceiling) if np.isnan(v) else v + 2 for v in shown]
    out = []
    for j in secret:
        least = max(total - 2, 0) - (sum(hi) - hi[j])
        most = total + 2 - (sum(lo) - lo[j])
        out.append((max(least, 0), min(most, hi[j])))
    return out


def test_no_group_at_any_level_has_a_single_hidden_category(facts):
    """Wherever a group's total is published, secret (or partly secret) categories come at
    least two at a time, so total minus the others estimates no single secret cell."""
    hidden = cells(facts.assign(hidden=facts.suppressed | facts.lower_bound), "hidden")
    total = cells(facts, "denominator").max(axis=1)
    lone = hidden[(hidden.sum(axis=1) == 1) & total.notna()]
    assert len(hidden) > 10_000 and hidden.to_numpy().any()
    assert lone.empty, lone.head()


def test_no_secret_gemeente_cell_is_narrowed_by_the_total(facts):
    """In every gemeente group as published, each secret cell can still be any of 0-7."""
    own = facts[(facts.region_level == "gemeente")
                & (facts.classification_year == facts.period.str[:4].astype(int))]
    shown, total = cells(own, "numerator"), cells(own, "denominator").max(axis=1)
    narrowed = []
    for key, row in shown[shown.isna().any(axis=1) & total.notna()].iterrows():
        for lo, hi in attacker_bounds(total[key], list(row)):
            if lo > min(SECRET) or hi < max(SECRET):
                narrowed.append((key, lo, hi))
    assert (own.suppressed & own.numerator.isna()).sum() > 400
    assert narrowed == []


def test_the_issue_example_is_no_longer_recoverable(facts):
    """GM0003 2016 (275 - 265 = 10 for a secret 7) now hides at least two referrers."""
    row = facts[(facts.region_code == "GM0003") & (facts.period == "2016")
                & (facts.classification_year == 2016)]
    assert row[row.indicator_id == "verwijzer_jeugdarts"].suppressed.all()
    assert row.suppressed.sum() >= 2


def known_primary_bounds(counts, secret, total_secret):
    """Per group, the interval of each primary (0-7) cell for an attacker who knows the true
    rule and which secret cells are primary; None when the total is secret."""
    out = []
    for c, s, ts in zip(counts, secret, total_secret, strict=True):
        if ts:
            out.append(None)
            continue
        total = round(c.sum() / 5) * 5
        shown = [round(v / 5) * 5 for v in c]
        smallest = min((v for v, x in zip(shown, s, strict=True) if not x), default=total)
        lo = [(0 if v < 8 else 8) if x else max(8, r - 2) for v, r, x in zip(c, shown, s,
                                                                        strict=True)]
        hi = [(7 if v < 8 else smallest + 2) if x else r + 2 for v, r, x in zip(c, shown, s,
                                                                            strict=True)]
        out.append([(max(total - 2, 0) - (sum(hi) - hi[j]), total + 2 - (sum(lo) - lo[j]))
                    for j in range(len(c)) if c[j] < 8])
    return out


def narrowed_or_lone(counts, secret, total_secret) -> np.ndarray:
    """Per group: a lone secret cell, or a primary cell whose 0-7 range is narrowed."""
    bounds = known_primary_bounds(counts, secret, total_secret)
    lone = (secret.sum(axis=1) == 1) & ~total_secret
    return lone | np.array([bool(b) and any(lo > 0 or hi < 7 for lo, hi in b) for b in bounds])


def test_protect_group_holds_against_an_attacker_who_knows_the_primaries():
    """On 8,000 random groups (from all-tiny to large) every primary cell keeps the whole 0-7
    range open and no group has a lone secret cell; without secondary suppression both fail."""
    rng = np.random.default_rng(12)
    scale = rng.choice([1, 3, 8, 20, 60, 300], size=(8_000, 1))
    counts = rng.poisson(scale * rng.dirichlet(np.ones(6) * 0.7, size=8_000) * 6).astype(float)
    secret, total_secret = demo.protect_group(counts)
    assert secret[counts < 8].all() and total_secret[counts.sum(axis=1) < 8].all()
    assert not narrowed_or_lone(counts, secret, total_secret).any()
    assert narrowed_or_lone(counts, counts < 8, counts.sum(axis=1) < 8).sum() > 1000


def test_secondary_suppression_takes_the_smallest_and_stops_when_safe():
    """Extra secret cells are never larger than a published one, and publishing the largest of
    them again would leave the group open to the attack."""
    rng = np.random.default_rng(5)
    counts = rng.poisson(rng.choice([2, 6, 30], size=(5_000, 1)) * rng.dirichlet(
        np.ones(6), size=5_000) * 6).astype(float)
    secret, total_secret = demo.protect_group(counts)
    extra = secret & (counts >= 8)
    largest_extra = np.where(extra, counts, -np.inf).max(axis=1)
    assert (largest_extra <= np.where(secret, np.inf, counts).min(axis=1)).all()
    rows = np.flatnonzero(extra.any(axis=1) & ~total_secret)
    assert len(rows) > 100
    undone = secret[rows].copy()
    undone[np.arange(len(rows)), np.where(extra[rows], counts[rows], -1).argmax(axis=1)] = False
    assert narrowed_or_lone(counts[rows], undone, total_secret[rows]).all()


@pytest.fixture(scope="module")
def national(warehouse) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every indicator's gemeente figures in their own layout, and Nederland's rows."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        df = con.execute("""
            SELECT indicator_id, region_code, region_level, period, classification_year,
                   numerator, denominator, suppressed, lower_bound, value_basis, source, demo
            FROM facts WHERE indicator_id <> 'jeugdpopulatie'
              AND (region_code = 'NL01' OR (region_level = 'gemeente'
                   AND classification_year = CAST(right(period, 4) AS INTEGER)))""").df()
    return df[df.region_level == "gemeente"], df[df.region_code == "NL01"]


def lone_secrets(gemeenten: pd.DataFrame) -> set[tuple[str, str]]:
    """(indicator, period) where one gemeente alone is secret, in its count or (referrers) in
    its total: Nederland minus the published gemeenten would be that gemeente."""
    by = gemeenten.groupby(["indicator_id", "period"])
    counts = by["suppressed"].sum()
    totals = by["denominator"].apply(lambda d: d.isna().sum())
    lone = set(counts[counts == 1].index)
    return lone | {k for k in totals[totals == 1].index if k[0] in GROUP}


def test_no_secret_gemeente_comes_back_from_the_national_figure(national):
    """Where Nederland carries the set's own figure (the true total of all gemeenten), Nederland
    minus the published gemeenten hides every secret gemeente: never a lone one, and each
    secret cell (and each secret referral total) can still be any of 0-7; where one gemeente
    alone is secret, Nederland keeps the lower bound computed from the published gemeenten."""
    gemeenten, nl = national
    own = nl[nl.classification_year == nl.period.str[-4:].astype(int)].set_index(
        ["indicator_id", "period"])
    published = own[(own.source == "demo") & (own.value_basis == "gepubliceerd")]
    lone = lone_secrets(gemeenten)
    assert len(published) > 100 and own.demo[published.index].all()
    assert lone & set(published.index) == set()
    narrowed, by_figure = [], dict(list(gemeenten.groupby(["indicator_id", "period"])))
    for (indicator_id, period), row in published.iterrows():
        g = by_figure[(indicator_id, period)]
        assert row.numerator % 5 == 0 and not row.lower_bound
        checks = [(row.numerator, list(g.numerator))]
        if indicator_id in GROUP:  # the referral total: one per gemeente, shared by the group
            checks.append((row.denominator, list(g.denominator)))
        for total, shown in checks:
            for lo, hi in attacker_bounds(total, shown):
                if lo > min(SECRET) or hi < max(SECRET):
                    narrowed.append((indicator_id, period, lo, hi))
    assert narrowed == []
    withheld = own.loc[sorted(lone - set(nl[~nl.demo].set_index(["indicator_id", "period"])
                                         .index))]
    assert len(withheld) > 10
    assert (withheld.value_basis == "berekend").all() and withheld.lower_bound.all()


def test_nederland_profile_rows_are_lower_bounds_only_where_withheld(national):
    """Nederland in the latest layout at each indicator's latest period (the profile's row) is
    a published figure, not a lower bound, except where the disclosure rule withheld it: one
    gemeente alone is secret, or (referrers) another referrer of that period was withheld."""
    gemeenten, nl = national
    latest = nl[nl.classification_year == nl.classification_year.max()]
    latest = latest[latest.period == latest.groupby("indicator_id").period.transform("max")]
    assert len(latest) == len(INDICATORS) - 1  # all but the population
    lone = lone_secrets(gemeenten)
    bounds = latest[latest.lower_bound]
    withheld_referrer = {p for i, p in lone if i in GROUP}
    explained = [(r.indicator_id, r.period) in lone
                 or (r.indicator_id in GROUP and r.period in withheld_referrer)
                 for r in bounds.itertuples()]
    assert all(explained), bounds[["indicator_id", "period"]]
    assert (bounds.value_basis == "berekend").all()
    assert (latest[~latest.lower_bound].value_basis == "gepubliceerd").all()
    assert len(bounds) < len(latest) / 4


def test_the_national_figure_is_withheld_where_subtraction_tells_a_gemeente():
    """demo_national_facts on a small made-up world: a lone secret gemeente withholds
    Nederland, two secret ones do not (the true sum, rounded to 5); a real figure wins; in the
    referrers' group a withheld figure takes the next-smallest with it, so the shared total
    minus the others does not give it back."""
    def world(indicator_id, period, counts, totals=None):
        counts = np.array(counts, dtype=float)
        return pd.DataFrame({
            "indicator_id": indicator_id, "period": period, "classification_year": 2024,
            "true_count": counts, "suppressed": counts < 8,
            "true_denominator": 1000.0 if totals is None else np.array(totals, dtype=float),
            "denominator_secret": False, "status": "voorlopig"})

    big = [40, 120, 300, 90]
    referrers = {"verwijzer_gemeente": [3, *big], "verwijzer_huisarts": [9, 10, 30, 80, 200],
                 "verwijzer_jeugdarts": [9, 10, 20, 30, 40]}  # the smallest national total
    truth = pd.concat([
        world("deelname_sbo", "2023/2024", [3, *big]),  # one secret gemeente
        world("deelname_so", "2023/2024", [3, 6, *big]),  # two
        world("vsv", "2023/2024", [3, *big]),  # Nederland has a real figure
        *[world(ind, "2024", referrers.get(ind, [10, 20, 30, 40, 50]), [201, 300, 400, 500, 600])
          for ind in GROUP],
    ], ignore_index=True)
    real = pd.DataFrame({"indicator_id": ["vsv"], "period": ["2023/2024"]})
    rows, withheld = demo.demo_national_facts(truth, real)
    assert set(withheld.indicator_id) == {"deelname_sbo", "verwijzer_gemeente",
                                          "verwijzer_jeugdarts"}
    kept = rows.set_index("indicator_id")
    assert set(kept.index) == {"deelname_so", *GROUP} - set(withheld.indicator_id)
    assert (kept.region_code == "NL01").all() and kept.demo.all()
    assert (kept.source == "demo").all() and not kept.suppressed.any()
    so = kept.loc["deelname_so"]
    assert (so.numerator, so.denominator, so.raw_token) == (560.0, 6000.0, "560")
    assert (kept.loc["verwijzer_huisarts"].numerator, kept.loc["verwijzer_huisarts"].denominator
            ) == (330.0, 2000.0)  # the referral total is a count: rounded too


def test_public_bound_holds_every_secret_cell_and_tells_no_primary_apart():
    """On random groups protected by protect_group, the public bound of a group is at least
    every secret cell's true value (secondary ones too) and at least 7, from the published
    figures alone; a group whose total is secret too and shows nothing has no bound."""
    rng = np.random.default_rng(11)
    scale = rng.choice([1, 3, 8, 20, 60, 300], size=(8_000, 1))
    counts = rng.poisson(scale * rng.dirichlet(np.ones(6) * 0.7, size=8_000) * 6).astype(float)
    secret, total_secret = demo.protect_group(counts)
    shown = np.where(secret, np.nan, np.round(counts / 5) * 5)
    total = np.where(total_secret, np.nan, np.round(counts.sum(axis=1) / 5) * 5)
    bound = demo.public_bound(shown, total)
    known = ~np.isnan(bound)
    assert (bound[known] >= 7).all()
    assert (np.where(secret, counts, 0) <= np.where(known, bound, np.inf)[:, None]).all()
    extra = (secret & (counts >= 8)).any(axis=1)
    assert (extra & known).sum() > 500 and (bound[extra & known] > 7).any()
    unbounded = ~known
    assert (secret[unbounded].all(axis=1) & total_secret[unbounded]).all()


@pytest.fixture(scope="module")
def intervals(warehouse) -> pd.DataFrame:
    """Every computed lower bound of a standard region in the layout of its own year, beside
    what the published gemeente figures and the rule 'a secret cell is 0-7' give: the
    published members' numerator n and denominator d, k7 = sum of weight x min(7, member
    denominator) over the secret members, and for the referrers kmax, the same with the
    loosest bound an attacker gives a secret referrer from its group (the smallest published
    referrer + 2, else the total + 2; 7 for a lone secret one); open: a secret member without
    a denominator."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("""
            WITH g AS (
                SELECT indicator_id, region_code AS gemeente_code, period, classification_year,
                       numerator, denominator, suppressed
                FROM facts
                WHERE region_level = 'gemeente' AND value_basis = 'gepubliceerd'
                  AND source = 'demo'),
            grp AS (
                SELECT gemeente_code, period, classification_year,
                       CASE WHEN count(*) FILTER (WHERE suppressed) = 1 THEN 7
                            ELSE greatest(7, coalesce(min(numerator) + 2, max(denominator) + 2))
                       END AS most
                FROM g WHERE list_contains($group, indicator_id) GROUP BY ALL),
            r AS (
                SELECT m.region_code, g.indicator_id, g.period, g.classification_year,
                       sum(m.weight * g.numerator) AS n, sum(m.weight * g.denominator) AS d,
                       sum(m.weight * least(7, g.denominator)) FILTER (WHERE g.suppressed)
                           AS k7,
                       sum(m.weight * least(grp.most, g.denominator))
                           FILTER (WHERE g.suppressed) AS kmax,
                       bool_or(g.suppressed AND g.denominator IS NULL) AS open
                FROM g
                JOIN region_members AS m
                    ON m.gemeente_code = g.gemeente_code
                    AND m.classification_year = g.classification_year
                LEFT JOIN grp
                    ON grp.gemeente_code = g.gemeente_code AND grp.period = g.period
                    AND grp.classification_year = g.classification_year
                GROUP BY ALL)
            SELECT f.indicator_id, f.region_code, f.region_level, f.period, f.value_low,
                   f.value_high, i.scale, i.unit, r.n, r.d, r.k7, r.kmax, r.open
            FROM facts AS f
            JOIN r USING (region_code, indicator_id, period, classification_year)
            JOIN indicators AS i USING (indicator_id)
            WHERE f.value_basis = 'berekend' AND f.lower_bound""", {"group": GROUP}).df()


def test_intervals_pin_no_secret_cell_more_tightly_than_0_to_7(intervals):
    """Every interval runs from the published members alone (all secret cells 0) to at least
    all of them 7: both assignments satisfy every region's interval at once, nested or not, so
    no combination of intervals narrows a secret cell below 0-7. Outside the referrers the
    upper end is exactly that (7, the rule); for a referrer it is never looser than what an
    attacker bounds a secret referrer by from its group's published figures."""
    df = intervals
    per = np.where(df.unit == "count", 1, df.scale / df.d)
    assert len(df) > 10_000 and set(df.region_level) >= {"swv_po", "jeugdregio", "nederland"}
    assert np.allclose(df.value_low, df.n * per)
    bounded = df[~df.open]
    per_b = per[~df.open.to_numpy()]
    assert (bounded.value_high >= (bounded.n + bounded.k7) * per_b - 1e-9).all()
    plain = ~bounded.indicator_id.isin(GROUP).to_numpy()
    assert np.allclose(bounded.value_high[plain], ((bounded.n + bounded.k7) * per_b)[plain])
    referrers = bounded[~plain]
    assert len(referrers) > 1000
    assert (referrers.value_high <= (referrers.n + referrers.kmax) * per_b[~plain] + 1e-9).all()
    assert (referrers.value_high > (referrers.n + referrers.k7) * per_b[~plain] + 1e-9).any()


def test_only_a_secret_referral_total_leaves_a_lower_bound_without_upper_end(intervals):
    """The upper end is missing exactly where a secret member has no denominator (a referrer
    whose gemeente's referral total is secret too): 210 of ~13,000 (before secret_max: all)."""
    df = intervals
    assert (df.value_high.isna() == df.open).all()
    assert df[df.open].indicator_id.isin(GROUP).all()
    assert 0 < df.open.sum() <= 0.02 * len(df)


def test_secret_max_in_facts_tells_no_primary_cell_from_a_secondary_one(facts):
    """The facts' secret_max of a gemeente's secret referrers is one figure per group, at least
    7, so it does not single out the secondary (larger) cells."""
    own = facts[(facts.region_level == "gemeente") & facts.suppressed
                & (facts.value_basis == "gepubliceerd")]
    per_group = own.groupby(["region_code", "period"]).secret_max
    assert len(own) > 400 and (own.secret_max.dropna() >= 7).all()
    assert (per_group.nunique(dropna=False) == 1).all()
    assert (own.secret_max > 7).any()
