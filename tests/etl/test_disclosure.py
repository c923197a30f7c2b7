"""Disclosure control of the demonstration set: no secret cell comes back by subtracting the
published categories of a group from its published total (issue 12, item 5)."""

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
