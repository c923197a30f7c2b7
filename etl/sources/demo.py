"""The demonstration dataset: synthetic gemeente figures over the real gemeenten, SWV layouts
and population, generated deterministically (fixed seed). Every gemeente row it returns has
demo=True.

National levels follow the real published series in data/ref/national_figures.csv where the
catalogue names one, and Nederland carries that series itself where it has the period
(`national_facts`: real figures, demo=False); elsewhere the set publishes Nederland as a
publisher does, from its own unsuppressed gemeente figures (`demo_national_facts`, demo=True,
withheld where subtraction would tell a secret gemeente). The spread over gemeenten is
synthetic. The latent model lives at the level of 2024 gemeenten and is summed over PC4 areas
into each year's gemeenten, so herindelingen behave like real ones: dissolved gemeenten stop,
merged ones start, totals carry over.

Disclosure follows CBS (counts 0-7 secret, the rest and every total rounded to 5 on its own) plus
secondary suppression for the referral categories, whose published total is their sum: see
`protect_group`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from etl.catalogue import INDICATORS, Indicator
from etl.reference import REF_DIR

SEED = 20240101
FIRST_YEAR, LAST_YEAR = 2015, 2024
LATENT_YEAR = 2024
SMALL_COUNT = 8  # CBS keeps counts 0-7 secret
ROUND_TO = 5
TRAJECTORIES_PER_CLIENT = 1.3  # referral denominators: trajectories, not persons
SOURCE = "demo"
BY_ID = {i.indicator_id: i for i in INDICATORS}
NATIONAL_COLUMNS = ["indicator_id", "region_code", "period", "classification_year", "numerator",
                    "value", "denominator", "status", "suppressed", "rounded_to", "raw_token",
                    "demo", "source", "note"]


def period_label(ind: Indicator, year: int) -> str:
    """Period code for the period ending in `year`: '2023' or school year '2022/2023'."""
    return str(year) if ind.period_type == "year" else f"{year - 1}/{year}"


def national_rows() -> pd.DataFrame:
    """The published national figures, one row per series and period (ranges such as
    '2016..2024' expanded; the first row of the file giving a period wins): series, period,
    value, token (the value as written), status (as the file says it), unit, source_url, note."""
    df = pd.read_csv(REF_DIR / "national_figures.csv", sep=";", dtype=str, keep_default_na=False)
    out = []
    for row in df.itertuples():
        tokens = row.value.split("|")
        if ".." in row.period:
            first, last = row.period.split("..")
            start, end = int(first[:4]), int(last[:4])
            fmt = (lambda y: f"{y}/{y + 1}") if "/" in first else str
            periods = [fmt(y) for y in range(start, end + 1)]
        else:
            periods = [row.period]
        if len(periods) != len(tokens):
            raise ValueError(f"national_figures.csv: {row.indicator} {row.period}: "
                             f"{len(tokens)} waarden voor {len(periods)} perioden")
        out.extend((row.indicator, p, float(t), t, row.status, row.unit, row.source_url,
                    row.note) for p, t in zip(periods, tokens, strict=True))
    columns = ["series", "period", "value", "token", "status", "unit", "source_url", "note"]
    return pd.DataFrame(out, columns=columns).drop_duplicates(["series", "period"])


def national_series() -> dict[str, dict[str, float]]:
    """Published national series by name and period."""
    out: dict[str, dict[str, float]] = {}
    for row in national_rows().itertuples():
        out.setdefault(row.series, {})[row.period] = row.value
    return out


def _national_status(text: str, period: str) -> tuple[str, str | None]:
    """The file's status for one period ('voorlopig', '2024 voorlopig', 'definitief?', empty)
    -> status and, where the file gives none or doubts it, a note saying so."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4}) voorlopig", text)
    if m:  # the series is definitive except the period (ending in) that year
        return ("voorlopig" if period[-4:] == m[1] else "definitief"), None
    if text.startswith("voorlopig"):
        return "voorlopig", None
    if text == "definitief":
        return "definitief", None
    return "definitief", ("de bron vermeldt geen status; als definitief opgenomen" if not text
                          else f"status volgens de bron: '{text}'")


def national_facts() -> pd.DataFrame:
    """Nederland (NL01) as published: for every indicator whose national level follows a series
    in national_figures.csv, the series' figure for each period of the demonstration set it
    covers, with its source and status. A rate series gives `value` (the counts are not
    published; the denominator is the computed one); a count series the numerator. These are
    real figures (demo=False); periods the series lacks get the set's own national figure
    (`demo_national_facts`)."""
    rows = national_rows()
    out = []
    for ind in INDICATORS:
        if ind.demo_series is None:
            continue
        wanted = {period_label(ind, y): y for y in range(FIRST_YEAR, LAST_YEAR + 1)}
        for r in rows[(rows["series"] == ind.demo_series)
                      & rows["period"].isin(wanted)].itertuples():
            status, doubt = _national_status(r.status, r.period)
            count = ind.demo_series_kind == "count"
            note = "; ".join(x for x in [
                f"landelijk cijfer zoals gepubliceerd ({r.unit})",
                "noemer: som van de gemeenten" if count else None, doubt] if x)
            out.append({
                "indicator_id": ind.indicator_id, "region_code": "NL01", "period": r.period,
                "classification_year": wanted[r.period],
                "numerator": r.value if count else np.nan,
                "value": np.nan if count else r.value, "denominator": np.nan,
                "status": status, "suppressed": False, "rounded_to": pd.NA,
                "raw_token": r.token, "demo": False, "source": r.source_url, "note": note,
            })
    return pd.DataFrame(out)


def national_rates(ind: Indicator, series: dict, youth: float) -> np.ndarray:
    """Target national rate (as a fraction) per year FIRST_YEAR..LAST_YEAR. Years outside the
    published series take the nearest published year."""
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    if ind.demo_series is None:
        return np.full(len(years), ind.demo_level / ind.scale)
    published = series[ind.demo_series]
    known = {int(re.match(r"\d{4}", p).group()) + ("/" in p): v for p, v in published.items()}
    rates = []
    for y in years:
        nearest = min(known, key=lambda k: (abs(k - y), -k))
        v = known[nearest]
        rates.append(v / youth if ind.demo_series_kind == "count" else v / ind.scale)
    return np.array(rates)


def _latent_effects(rng, codes24: pd.Index, log_size: pd.Series, region: pd.Series,
                    ind: Indicator, shared: pd.Series, n_years: int) -> np.ndarray:
    """Log-rate effects per 2024 gemeente and year: size, region, own level, need factor shared
    by all indicators, slow drift over time, and a gemeente-specific jump at a trend break."""
    n = len(codes24)
    region_codes = region.astype("category")
    region_effect = rng.normal(0, 0.12, len(region_codes.cat.categories))[region_codes.cat.codes]
    level = (ind.size_effect * log_size.to_numpy() + region_effect + rng.normal(0, 0.15, n)
             + 0.6 * shared.to_numpy())
    drift = np.zeros((n, n_years))
    for t in range(1, n_years):
        drift[:, t] = 0.8 * drift[:, t - 1] + rng.normal(0, 0.05, n)
    if ind.trend_break:
        jump = rng.normal(0, 0.08, n)
        drift[:, FIRST_YEAR + np.arange(n_years) >= ind.trend_break] += jump[:, None]
    return level[:, None] + drift


def _disclose(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CBS disclosure: 0-7 secret, everything else rounded to a multiple of 5."""
    suppressed = counts < SMALL_COUNT
    published = np.where(suppressed, np.nan, np.round(counts / ROUND_TO) * ROUND_TO)
    return published, suppressed


def _round(counts: np.ndarray) -> np.ndarray:
    return np.round(counts / ROUND_TO) * ROUND_TO


def _protected(counts: np.ndarray, secret: np.ndarray, total: np.ndarray,
               total_secret: np.ndarray) -> np.ndarray:
    """Per group (row): whether an attacker who knows the rules, the published figures and even
    which secret cells are primary (0-7) can still give every primary cell any value 0-7, and
    the group does not have a single secret cell (total minus the others would estimate it).

    Published cell r: true value in [max(8, r - 2), r + 2]; total t: [t - 2, t + 2]; a secondary
    cell: [8, smallest published + 2] (it is never larger than a published one).
    """
    primary = counts < SMALL_COUNT
    shown = np.where(secret, np.nan, _round(counts))
    tot = _round(total)
    smallest = np.nanmin(np.where(secret, np.inf, shown), axis=1)
    ceiling = np.where(np.isfinite(smallest), smallest + 2, tot + 2)
    lo = np.where(secret, np.where(primary, 0, SMALL_COUNT), np.maximum(SMALL_COUNT, shown - 2))
    hi = np.where(secret, np.where(primary, SMALL_COUNT - 1, ceiling[:, None]), shown + 2)
    least = np.maximum(tot - 2, 0)[:, None] - (hi.sum(axis=1)[:, None] - hi)
    most = (tot + 2)[:, None] - (lo.sum(axis=1)[:, None] - lo)
    open_ = (least <= 0) & (most >= SMALL_COUNT - 1)
    cells_ok = np.where(primary, open_, True).all(axis=1)
    return total_secret | (cells_ok & (secret.sum(axis=1) != 1))


def protect_group(counts: np.ndarray,
                  secret: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Disclosure of categories whose published total is their sum (one group per row of
    `counts`): which cells and which totals are secret.

    Primary: counts 0-7 and totals 0-7 are secret (CBS), or the cells `secret` names (a
    national figure withheld for its own reasons: `demo_national_facts`). Rounding every cell
    and the total to 5 on its own (as CBS does) still lets total minus the published categories
    estimate a lone secret cell within a few units (issue 12: 275 - 265 = 10 for a true 7), so,
    as a publisher does, the next-smallest category is suppressed as well until `_protected`
    holds; a group that cannot be protected that way (everything secret, total still telling)
    loses its total.
    """
    counts = np.asarray(counts, dtype=float)
    total = counts.sum(axis=1)
    secret = counts < SMALL_COUNT if secret is None else np.array(secret, dtype=bool)
    total_secret = total < SMALL_COUNT
    for _ in range(counts.shape[1] + 1):
        todo = ~_protected(counts, secret, total, total_secret)
        if not todo.any():
            break
        candidates = np.where(secret, np.inf, counts)
        left = np.isfinite(candidates).any(axis=1)
        rows = np.flatnonzero(todo & left)
        secret[rows, candidates[rows].argmin(axis=1)] = True
        total_secret |= todo & ~left
    return secret, total_secret


def public_bound(shown: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Per group of categories (a row of `shown`, NaN = secret; `total` the published total,
    NaN when secret): the largest count a secret cell of the group can hold, as anyone who
    knows the rule of `protect_group` can tell from the published figures alone (the same for
    every secret cell of the group, so it never tells a primary cell from a secondary one);
    NaN when the published figures give no upper end.

    A lone secret cell is primary: 0-7. Otherwise every secret cell is at most the smallest
    published category + 2 (a secondary cell is never larger than a published one; each
    figure is rounded to 5 on its own, so it lies within 2 of what is shown), or the total + 2
    when no category is published, and at most the total + 2 minus the least the published
    categories hold (8 each, and their shown value - 2); never below 7, the primary range."""
    shown = np.asarray(shown, dtype=float)
    secret = np.isnan(shown)
    smallest = np.where(secret, np.inf, shown).min(axis=1)
    ceiling = np.where(np.isfinite(smallest), smallest + 2, total + 2)
    room = total + 2 - np.where(secret, 0, np.maximum(SMALL_COUNT, shown - 2)).sum(axis=1)
    bound = np.maximum(np.fmin(ceiling, room), SMALL_COUNT - 1)
    return np.where(secret.sum(axis=1) == 1, SMALL_COUNT - 1, bound)


def national_safe(counts: np.ndarray, secret: np.ndarray) -> bool:
    """Whether a national total of these gemeente counts (rounded to 5) can be published beside
    the gemeenten: total minus the published gemeenten is the sum of the secret ones, so it
    must hide each of them as a group total must (`_protected`, the rule of `protect_group`)."""
    counts, secret = np.asarray(counts, dtype=float)[None, :], np.asarray(secret)[None, :]
    return bool(_protected(counts, secret, counts.sum(axis=1), np.array([False]))[0])


def demo_national_facts(truth: pd.DataFrame,
                        real: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nederland as the demonstration set's publisher publishes it, for every indicator and
    period without a real national figure in `real` (national_facts: the real series wins):
    the true (unsuppressed) gemeente counts and denominators summed, counts rounded to 5 as
    every count of the set is (a population denominator stays exact, as at the gemeenten),
    demo=True.

    `truth` has one row per gemeente figure as generated: indicator_id, period,
    classification_year (its own layout), true_count, suppressed (primary or secondary),
    true_denominator, denominator_secret (a secret referral total), status. A figure is
    withheld (Nederland keeps the one computed from the gemeenten) where subtracting the
    published gemeenten would tell a secret one (`national_safe` fails for the counts or the
    secret denominators), and, in a group sharing one total (the referrers), where the total
    minus the group's other national figures would tell a withheld one (`protect_group` on the
    national figures). Returns the rows and the withheld keys."""
    key = ["indicator_id", "period", "classification_year"]
    if real is not None and len(real):
        known = pd.MultiIndex.from_frame(real[["indicator_id", "period"]])
        truth = truth[~pd.MultiIndex.from_frame(truth[["indicator_id", "period"]]).isin(known)]
    nl = truth.groupby(key, sort=True).apply(lambda g: pd.Series({
        "numerator": g["true_count"].sum(), "denominator": g["true_denominator"].sum(),
        "status": g["status"].iloc[0],
        "withheld": not (national_safe(g["true_count"], g["suppressed"]) and (
            not g["denominator_secret"].any()
            or national_safe(g["true_denominator"], g["denominator_secret"])))}),
        include_groups=False).reset_index()
    nl["group"] = nl["indicator_id"].map(lambda i: BY_ID[i].demo_group)
    for _, g in nl[nl["group"].notna()].groupby(["group", "period", "classification_year"]):
        secret, _total = protect_group(g["numerator"].to_numpy()[None, :],
                                       g["withheld"].to_numpy()[None, :])
        nl.loc[g.index, "withheld"] = secret[0]
    shown = nl[~nl["withheld"]]
    count_denominator = shown["indicator_id"].map(
        lambda i: BY_ID[i].denominator_population is None)  # the referral total
    numerator = _round(shown["numerator"].astype(float))
    rows = shown[key].assign(
        region_code="NL01", numerator=numerator, value=np.nan,
        denominator=np.where(count_denominator, _round(shown["denominator"].astype(float)),
                             shown["denominator"].astype(float)),
        status=shown["status"], suppressed=False, rounded_to=ROUND_TO,
        raw_token=numerator.map("{:.0f}".format), demo=True, source=SOURCE,
        note="landelijk cijfer van de demonstratieset: alle gemeenten vóór geheimhouding")
    return rows[NATIONAL_COLUMNS].reset_index(drop=True), nl.loc[nl["withheld"], key]


def load(ctx) -> pd.DataFrame:
    """Generate the demonstration facts for every catalogue indicator except population."""
    ref = ctx.reference
    rng = np.random.default_rng(SEED)
    pc4 = ref.pc4
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    code24 = pc4[f"code_{LATENT_YEAR}"]
    pop24 = pc4.groupby(code24)["inwoners"].sum()
    codes24 = pop24.index
    log_size = np.log(pop24) - np.log(pop24).mean()
    jz = ref.members[(ref.members["classification_year"] == LATENT_YEAR)
                     & (ref.members["region_level"] == "jeugdregio")]
    region = jz.sort_values("weight").drop_duplicates("gemeente_code", keep="last").set_index(
        "gemeente_code")["region_code"].reindex(codes24)
    shared = pd.Series(rng.normal(0, 0.15, len(codes24)), index=codes24)
    series = national_series()

    frames = []
    jeugdhulp_rate = None  # PC4 x year rate of youth care, the base of referral counts
    verwijzers = [i for i in INDICATORS if i.demo_group == "verwijzer"]
    referral_counts = {}
    for ind in INDICATORS:
        if ind.indicator_id == "jeugdpopulatie":
            continue
        effects = _latent_effects(rng, codes24, log_size, region, ind, shared, len(years))
        pc4_effect = pd.DataFrame(effects, index=codes24).reindex(code24).to_numpy()
        if ind.demo_group == "verwijzer":
            base = ind.demo_level / sum(v.demo_level for v in verwijzers)
            pc4_rate = jeugdhulp_rate * TRAJECTORIES_PER_CLIENT * base * np.exp(pc4_effect)
            pop = pc4["pop_0_17"].to_numpy()
        else:
            pop = pc4[f"pop_{ind.denominator_population}"].to_numpy()
            target = national_rates(ind, series, pop.sum())
            raw = np.exp(pc4_effect)
            scale = target / ((pop[:, None] * raw).sum(axis=0) / pop.sum())
            pc4_rate = raw * scale
            if ind.indicator_id == "jeugdhulp":
                jeugdhulp_rate = pc4_rate
        for t, year in enumerate(years):
            gem = pc4[f"code_{year}"]
            lam = pd.Series(pop * pc4_rate[:, t]).groupby(gem.to_numpy()).sum()
            counts = rng.poisson(lam.to_numpy()).astype(float)
            frame = pd.DataFrame({
                "indicator_id": ind.indicator_id,
                "region_code": lam.index,
                "period": period_label(ind, year),
                "classification_year": year,
                "true_count": counts,
            })
            if ind.demo_group == "verwijzer":
                referral_counts[(ind.indicator_id, year)] = frame
            else:
                denominators = ref.population[
                    (ref.population["classification_year"] == year)
                    & (ref.population["population_group"] == ind.denominator_population)
                ].set_index("gemeente_code")["persons"]
                frame["denominator"] = np.round(frame["region_code"].map(denominators).to_numpy())
                frame["secret_max"] = SMALL_COUNT - 1  # every secret cell is primary
                frames.append(frame)
    # Referral shares: every referrer's count over all trajectories of the gemeente, with
    # secondary suppression within each gemeente's group of referrers.
    for year in years:
        parts = [referral_counts[(v.indicator_id, year)] for v in verwijzers]
        counts = np.column_stack([p["true_count"].to_numpy() for p in parts])
        secret, total_secret = protect_group(counts)
        total = np.where(total_secret, np.nan, _round(counts.sum(axis=1)))
        bound = public_bound(np.where(secret, np.nan, _round(counts)), total)
        for k, p in enumerate(parts):
            frames.append(p.assign(denominator=total, secondary=secret[:, k], secret_max=bound,
                                   true_denominator=counts.sum(axis=1),
                                   denominator_secret=total_secret))

    facts = pd.concat(frames, ignore_index=True)
    true_count = facts.pop("true_count").to_numpy()
    published, suppressed = _disclose(true_count)
    suppressed |= facts.pop("secondary").fillna(False).to_numpy(dtype=bool)
    published[suppressed] = np.nan
    truth = facts[["indicator_id", "period", "classification_year"]].assign(
        true_count=true_count, suppressed=suppressed,
        true_denominator=facts.pop("true_denominator").fillna(facts["denominator"]),
        denominator_secret=facts.pop("denominator_secret").fillna(False).astype(bool))
    facts["numerator"] = published
    facts["suppressed"] = suppressed
    facts["secret_max"] = facts["secret_max"].where(suppressed)
    facts["rounded_to"] = ROUND_TO
    facts["raw_token"] = np.where(suppressed, ".", pd.Series(published).map("{:.0f}".format))
    last = facts.groupby("indicator_id")["classification_year"].transform("max")
    facts["status"] = np.where(facts["classification_year"] == last, "voorlopig", "definitief")
    facts["demo"] = True
    facts["source"] = SOURCE
    facts["note"] = None
    real = national_facts()
    own, _withheld = demo_national_facts(truth.assign(status=facts["status"]), real)
    return pd.concat([facts, real, own], ignore_index=True)
