"""Reference layers: gemeenten per classification year, region memberships and weights,
youth population denominators and region boundaries, all derived from the files in data/ref/.

The spine is the postcode area (PC4): the SWV law lists every PC4 with its 2015 gemeente and its
PO and VO SWV, and CBS gives inhabitants per PC4. Walking each PC4 through the herindelingen
gives its gemeente in every year, so memberships, split weights and back-cast shares all follow
from one table. No statistics are made up here.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from etl.errors import InputError


def data_dir() -> Path:
    """The folder holding ref/ and geo/: AOJ_DATA_DIR if set, else the checkout's data/, else
    the copy a non-editable install ships inside the package (etl/data, see pyproject.toml)."""
    if os.environ.get("AOJ_DATA_DIR"):
        return Path(os.environ["AOJ_DATA_DIR"])
    package = Path(__file__).resolve().parent
    checkout = package.parent / "data"
    return checkout if (checkout / "ref").is_dir() else package / "data"


DATA_DIR = data_dir()
REF_DIR = DATA_DIR / "ref"
GEO_DIR = DATA_DIR / "geo"
CLASSIFICATION_YEARS = tuple(range(2015, 2026))
SHAPE_YEAR = 2024  # the only year boundaries are shipped for

# CBS size classes (gemeentegrootte) used as peer groups.
SIZE_CLASSES = (
    ("GK01", "Gemeenten < 20.000 inwoners", 0, 20_000),
    ("GK02", "Gemeenten 20.000-50.000 inwoners", 20_000, 50_000),
    ("GK03", "Gemeenten 50.000-100.000 inwoners", 50_000, 100_000),
    ("GK04", "Gemeenten 100.000-150.000 inwoners", 100_000, 150_000),
    ("GK05", "Gemeenten 150.000-250.000 inwoners", 150_000, 250_000),
    ("GK06", "Gemeenten >= 250.000 inwoners", 250_000, 10**9),
)

# Fractions of each CBS 5-year age band that fall in a population group (single years are
# assumed evenly spread within a band).
AGE_GROUPS = {
    "0_17": {"0-4": 1, "5-9": 1, "10-14": 1, "15-19": 3 / 5},
    "4_11": {"0-4": 1 / 5, "5-9": 1, "10-14": 2 / 5},
    "12_17": {"10-14": 3 / 5, "15-19": 3 / 5},
    "5_17": {"5-9": 1, "10-14": 1, "15-19": 3 / 5},
    "12_22": {"10-14": 3 / 5, "15-19": 1, "20-24": 3 / 5},
}

# What an alias in region_aliases.csv is to the official name.
ALIAS_KINDS = ("gangbare naam", "Nederlandse naam", "Friese naam", "oude naam")
ALIAS_COLUMNS = ("alias", "region_code", "region_name", "kind")
ALIAS_FILE = "region_aliases.csv"

LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie", "grootteklasse",
          "nederland")


def classification_year(period: str) -> int:
    """The gemeente layout a period is published in: its year, or the second year of a
    school year (the layout on 1 January within that school year)."""
    m = re.fullmatch(r"(\d{4})(?:-H[12])?", period)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"(\d{4})/(\d{4})", period)
    if m and int(m.group(2)) == int(m.group(1)) + 1:
        return int(m.group(2))
    raise ValueError(f"onbekende periode '{period}' (verwacht 2023, 2023-H1 of 2022/2023)")


def _read(name: str, **kw) -> pd.DataFrame:
    return pd.read_csv(REF_DIR / name, dtype=str, keep_default_na=False, **kw)


@dataclass
class Reference:
    history: pd.DataFrame  # one row per gemeente code with geldig_van / geldig_tot
    gemeenten: pd.DataFrame  # gemeente_code, gemeente_name, classification_year
    pc4: pd.DataFrame  # pc4, swv_po, swv_vo, population groups, code_<year> per year
    regions: pd.DataFrame  # region_code, region_name, region_level, classification_year
    members: pd.DataFrame  # region_code, gemeente_code, weight, classification_year
    population: pd.DataFrame  # gemeente_code, classification_year, population_group, persons
    files: list[Path] = field(default_factory=list)
    # alias, region_code, kind: names people type for a region of the latest layout
    aliases: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {c: pd.Series(dtype=str) for c in ("alias", "region_code", "kind")}))

    classification_year = staticmethod(classification_year)

    def successors(self, year: int, latest: int) -> pd.DataFrame:
        """gemeente_code (valid in `year`) -> successor_code (valid in `latest`) with the
        share of the old gemeente's 0-17 population that ended up in the successor."""
        df = self.pc4.groupby([f"code_{year}", f"code_{latest}"], as_index=False)["pop_0_17"].sum()
        df.columns = ["gemeente_code", "successor_code", "persons"]
        total = df.groupby("gemeente_code")["persons"].transform("sum")
        df["share"] = df["persons"] / total
        df["classification_year"] = year
        return df[["classification_year", "gemeente_code", "successor_code", "share"]]


def _herindelingen() -> dict[str, list[tuple[date, str]]]:
    moves: dict[str, list[tuple[date, str]]] = {}
    for r in _read("herindelingen_2015_2025.csv").itertuples():
        moves.setdefault(r.oud_code, []).append((date.fromisoformat(r.datum), r.nieuw_code))
    return moves


def _pc4_table() -> pd.DataFrame:
    """One row per PC4 area: its SWVs, 2015 and 2024 gemeente, and youth population groups."""
    swv = _read("swv_pc4_gemeente_2015.csv")
    swv = swv[swv["swv_po"].str.match(r"PO\d{4}$")]  # drops the 'Europoort' placeholder rows
    names = _read("swv_gemeente_names_to_codes.csv")
    split_pc4 = {}
    for verdeling in names["pc4_verdeling_2024"]:
        for pc4, code in re.findall(r"(\d{4})->(GM\d{4})", verdeling):
            split_pc4[pc4] = code
    df = swv.merge(
        names[["gemeentenaam_swv_regeling", "gemeente_code_2015", "gemeente_code_2024"]],
        left_on="gemeentenaam", right_on="gemeentenaam_swv_regeling", how="left",
        validate="many_to_one",
    )
    if df["gemeente_code_2015"].eq("").any() or df["gemeente_code_2015"].isna().any():
        raise ValueError("SWV-indeling: gemeentenaam zonder CBS-code")
    df["code_2024_known"] = df["pc4"].map(split_pc4).fillna(df["gemeente_code_2024"])

    pc4_pop = _read("certegis_pc4_regios_2021.csv")[["postcode", "inwoners", "gemeente"]]
    bands = pd.read_csv(REF_DIR / "certegis_gemeente_bevolking_5jr_2021_approx.csv")
    shares = pd.DataFrame({"gemeente": bands["gemeentenaam"]})
    for group, parts in AGE_GROUPS.items():
        shares[f"share_{group}"] = sum(bands[b] * f for b, f in parts.items()) / bands["totaal"]
    pc4_pop = pc4_pop.merge(shares, on="gemeente", how="left")
    df = df.merge(pc4_pop, left_on="pc4", right_on="postcode", how="left")
    # Four PC4 areas of the 2015 law have no inhabitants in the 2021 CBS data.
    df["inwoners"] = pd.to_numeric(df["inwoners"]).fillna(0.0)
    for group in AGE_GROUPS:
        df[f"pop_{group}"] = df["inwoners"] * df[f"share_{group}"].fillna(0.0)
    return df[["pc4", "swv_po", "swv_vo", "gemeente_code_2015", "code_2024_known", "inwoners"]
              + [f"pop_{g}" for g in AGE_GROUPS]]


def _walk(pc4: pd.DataFrame, years) -> pd.DataFrame:
    """Add code_<year>: the gemeente each PC4 belonged to on 1 January of that year."""
    moves = _herindelingen()

    @cache
    def reaches(code: str) -> frozenset[str]:
        nxt = moves.get(code, [])
        return frozenset({code}) if not nxt else frozenset().union(*(reaches(n) for _, n in nxt))

    def code_in(c2015: str, c2024: str, year: int) -> str:
        code, cutoff = c2015, date(year, 1, 1)
        while True:
            options = [n for d, n in moves.get(code, []) if d <= cutoff]
            if not options:
                return code
            code = options[0] if len(options) == 1 else next(
                n for n in options if c2024 in reaches(n))

    pairs = pc4[["gemeente_code_2015", "code_2024_known"]].drop_duplicates()
    for year in years:
        lookup = {(a, b): code_in(a, b, year) for a, b in pairs.itertuples(index=False)}
        pc4[f"code_{year}"] = [lookup[k] for k in zip(pc4["gemeente_code_2015"],
                                                       pc4["code_2024_known"], strict=True)]
    return pc4


def _gemeenten(history: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for year in CLASSIFICATION_YEARS:
        jan1 = f"{year}-01-01"
        valid = history[(history["geldig_van"] <= jan1)
                        & ((history["geldig_tot"] == "") | (history["geldig_tot"] > jan1))]
        rows.append(pd.DataFrame({"gemeente_code": valid["gemeente_code"],
                                  "gemeente_name": valid["gemeente_naam"],
                                  "classification_year": year}))
    return pd.concat(rows, ignore_index=True)


def _weighted(pc4: pd.DataFrame, year: int, key: pd.Series, level: str) -> pd.DataFrame:
    """Memberships of `level` in `year` from a PC4 -> region key, weighted by 0-17 population."""
    df = pd.DataFrame({"region_code": key, "gemeente_code": pc4[f"code_{year}"],
                       "persons": pc4["pop_0_17"]})
    df = df.groupby(["region_code", "gemeente_code"], as_index=False)["persons"].sum()
    total = df.groupby("gemeente_code")["persons"].transform("sum")
    df["weight"] = df["persons"] / total
    df["classification_year"] = year
    df["region_level"] = level
    return df[["region_code", "gemeente_code", "weight", "classification_year", "region_level"]]


def _swv_names(members: pd.DataFrame, gemeenten: pd.DataFrame, pc4: pd.DataFrame,
               year: int, duo: dict[str, str] | None = None) -> pd.DataFrame:
    """An SWV is named 'PO2707: <name>' after DUO's address file (`duo`, see
    etl.sources.duo_swv) where one was dropped in data/ (no ' — ', so pages that cut a member
    list at the dash keep the name), else 'PO2707 — <largest members>'."""
    pop = pc4.groupby(f"code_{year}")["pop_0_17"].sum()
    names = gemeenten[gemeenten["classification_year"] == year].set_index("gemeente_code")
    ranked = (members.assign(p=members["weight"] * members["gemeente_code"].map(pop),
                             name=members["gemeente_code"].map(names["gemeente_name"]))
              .sort_values(["region_code", "p"], ascending=[True, False], kind="stable"))
    by_region = ranked.groupby("region_code", sort=True)["name"]
    listed = by_region.agg(lambda s: ", ".join(s.iloc[:3]))
    size = by_region.size()
    more = size.map(lambda n: f" e.a. ({n} gemeenten)" if n > 3 else "")
    label = listed.index.to_series() + " — " + listed + more
    duo = pd.Series(duo or {}, dtype=object)
    named = listed.index.to_series().map(lambda c: f"{c}: {duo[c]}" if c in duo.index else None)
    return pd.DataFrame({"region_code": listed.index,
                         "region_name": named.fillna(label).to_numpy()})


@cache
def load_reference() -> Reference:
    """Read and derive every reference layer (a few seconds; cached per process, treat the
    result as read-only)."""
    aliases = read_aliases()  # first: a wrong alias stops the build in milliseconds
    history = _read("gemeenten_2015_2025.csv")
    gemeenten = _gemeenten(history)
    pc4 = _walk(_pc4_table(), CLASSIFICATION_YEARS)

    jz = _read("jeugdregio_2024_per_gemeente.csv").set_index("gemeente_code")
    mc = _read("rmc_regio_2024_per_gemeente.csv").set_index("gemeente_code")
    koppel = pd.read_csv(REF_DIR / "rubensan19_KoppelCodes.csv", sep=";", dtype=str,
                         encoding="utf-8-sig").set_index("gemeentCode")
    region_names = _read("jeugdregio_rmc_codes_2024.csv").set_index("code_cbs")["naam"]
    provincie_names = koppel.drop_duplicates("provincieCode").set_index("provincieCode")[
        "Provincie"]

    from etl.sources import duo_swv

    duo = duo_swv.names(DATA_DIR)
    members, regions = [], []
    for year in CLASSIFICATION_YEARS:
        code = pc4[f"code_{year}"]
        code24 = pc4[f"code_{SHAPE_YEAR}"]
        inhabitants = pc4.groupby(code)["inwoners"].transform("sum")
        size = pd.cut(inhabitants, [lo for _, _, lo, _ in SIZE_CLASSES] + [10**9], right=False,
                      labels=[c for c, *_ in SIZE_CLASSES]).astype(str)
        year_members = [
            _weighted(pc4, year, pc4["swv_po"], "swv_po"),
            _weighted(pc4, year, pc4["swv_vo"], "swv_vo"),
            # Jeugdregio, RMC and provincie layouts are known for 2024 only; earlier gemeenten
            # take the region of their 2024 successor(s).
            _weighted(pc4, year, code24.map(jz["jeugdregio_code"]), "jeugdregio"),
            _weighted(pc4, year, code24.map(mc["rmc_code_cbs"]), "rmc"),
            _weighted(pc4, year, code24.map(koppel["provincieCode"]), "provincie"),
            _weighted(pc4, year, size, "grootteklasse"),
            _weighted(pc4, year, pd.Series("NL01", index=pc4.index), "nederland"),
        ]
        members.extend(year_members)
        gem = gemeenten[gemeenten["classification_year"] == year]
        regions.append(pd.DataFrame({"region_code": gem["gemeente_code"],
                                     "region_name": gem["gemeente_name"],
                                     "region_level": "gemeente"}).assign(classification_year=year))
        for m in year_members:
            level = m["region_level"].iloc[0]
            codes = pd.Series(sorted(m["region_code"].unique()))
            if level in ("swv_po", "swv_vo"):
                named = _swv_names(m, gemeenten, pc4, year, duo)
            else:
                lookup = {"jeugdregio": region_names, "rmc": region_names,
                          "provincie": provincie_names,
                          "grootteklasse": pd.Series({c: n for c, n, *_ in SIZE_CLASSES}),
                          "nederland": pd.Series({"NL01": "Nederland"})}[level]
                named = pd.DataFrame({"region_code": codes, "region_name": codes.map(lookup)})
            regions.append(named.assign(region_level=level, classification_year=year))

    population = []
    for year in CLASSIFICATION_YEARS:
        for group in AGE_GROUPS:
            p = pc4.groupby(f"code_{year}", as_index=False)[f"pop_{group}"].sum()
            p.columns = ["gemeente_code", "persons"]
            population.append(p.assign(classification_year=year, population_group=group))

    ref = Reference(
        aliases=aliases,
        history=history,
        gemeenten=gemeenten,
        pc4=pc4,
        regions=pd.concat(regions, ignore_index=True),
        members=pd.concat(members, ignore_index=True),
        population=pd.concat(population, ignore_index=True),
        files=sorted(REF_DIR.glob("*.csv")) + [GEO_DIR / "gemeenten_2024.geojson"]
        + duo_swv.find_files(DATA_DIR),
    )
    _check(ref)
    return ref


def _named_regions(year: int) -> dict[str, str]:
    """Code -> name of the gemeenten, jeugdregio's, RMC-regio's and provincies of `year`, the
    regions whose names come from a source (SWV names are derived from their members)."""
    history = _read("gemeenten_2015_2025.csv")
    gem = _gemeenten(history)
    gem = gem[gem["classification_year"] == year]
    names = dict(zip(gem["gemeente_code"], gem["gemeente_name"], strict=True))
    names.update(_read("jeugdregio_rmc_codes_2024.csv").set_index("code_cbs")["naam"])
    koppel = pd.read_csv(REF_DIR / "rubensan19_KoppelCodes.csv", sep=";", dtype=str,
                         encoding="utf-8-sig")
    names.update(koppel.drop_duplicates("provincieCode").set_index("provincieCode")["Provincie"])
    return names


def read_aliases(path: Path | None = None) -> pd.DataFrame:
    """alias, region_code, kind from region_aliases.csv (or `path`): every row must name a
    gemeente, jeugdregio, RMC-regio or provincie of the latest classification year by its code
    and its official name, with a known kind, so a stale or mistyped alias stops the build
    instead of leading nowhere."""
    path = path or REF_DIR / ALIAS_FILE
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ALIAS_COLUMNS:
        if col not in df.columns:
            raise InputError(str(path), "verplichte kolom ontbreekt", row=1, column=col)
    year = CLASSIFICATION_YEARS[-1]
    names = _named_regions(year)
    seen: dict[tuple[str, str], int] = {}
    for row, r in enumerate(df[list(ALIAS_COLUMNS)].itertuples(index=False), start=2):
        problem = _alias_problem(r, names, year, seen)
        if problem:
            raise InputError(str(path), problem[1], row=row, column=problem[0])
        seen[(r.alias.strip().casefold(), r.region_code)] = row
    return pd.DataFrame({"alias": df["alias"].str.strip(), "region_code": df["region_code"],
                         "kind": df["kind"]})


def _alias_problem(r, names: dict[str, str], year: int,
                   seen: dict[tuple[str, str], int]) -> tuple[str, str] | None:
    """(column, Dutch reason) for the first thing wrong with one alias row, else None."""
    key = (r.alias.strip().casefold(), r.region_code)
    if not key[0]:
        return "alias", "lege alias"
    if r.region_code not in names:
        return "region_code", f"onbekende regiocode '{r.region_code}' in de indeling {year}"
    if r.region_name != names[r.region_code]:
        return "region_name", (f"'{r.region_name}' is niet de naam van {r.region_code} "
                               f"('{names[r.region_code]}')")
    if r.kind not in ALIAS_KINDS:
        return "kind", f"onbekende soort '{r.kind}'; toegestaan: {', '.join(ALIAS_KINDS)}"
    if key in seen:
        return "alias", f"dubbele alias '{r.alias}' voor {r.region_code} (ook in rij {seen[key]})"
    return None


def _check(ref: Reference) -> None:
    """The PC4 walk must reproduce exactly the official gemeente list of every year."""
    for year in CLASSIFICATION_YEARS:
        walked = set(ref.pc4[f"code_{year}"])
        official = set(ref.gemeenten.loc[ref.gemeenten["classification_year"] == year,
                                         "gemeente_code"])
        if walked != official:
            raise ValueError(f"indeling {year}: PC4-indeling wijkt af van de gemeentelijst: "
                             f"{sorted(walked ^ official)[:5]}")
    if ref.regions["region_name"].isna().any():
        missing = ref.regions[ref.regions["region_name"].isna()]["region_code"].unique()
        raise ValueError(f"regio's zonder naam: {list(missing)[:5]}")


def region_shapes(ref: Reference) -> pd.DataFrame:
    """GeoJSON geometry per region of the 2024 layout. Regions are dissolved from gemeente
    polygons; a gemeente split over SWVs is drawn in the SWV holding its larger share.
    Coordinates are kept to 4 decimals (about 10 m, far below a pixel of any map drawn):
    the source's 15 decimals made the map's response 2.6 times as large."""
    import shapely
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    features = json.loads((GEO_DIR / "gemeenten_2024.geojson").read_text(encoding="utf-8"))
    geoms = {f["properties"]["gemeenteCode"]: shape(f["geometry"]).buffer(0)
             for f in features["features"]}
    rows = [{"region_code": c, "region_level": "gemeente", "geometry": g} for c, g in geoms.items()]
    m = ref.members[ref.members["classification_year"] == SHAPE_YEAR]
    m = m.sort_values("weight", ascending=False).drop_duplicates(["region_level", "gemeente_code"])
    all_members = ref.members[ref.members["classification_year"] == SHAPE_YEAR]
    partial = all_members[all_members["weight"] < 1].groupby("region_code")["gemeente_code"].agg(
        lambda codes: ",".join(sorted(codes)))
    for (level, code), grp in m.groupby(["region_level", "region_code"]):
        if level in ("nederland", "grootteklasse"):
            continue
        parts = [geoms[g] for g in grp["gemeente_code"] if g in geoms]
        rows.append({"region_code": code, "region_level": level,
                     "geometry": unary_union(parts).simplify(0.002)})
    out = pd.DataFrame(rows)
    # Gemeenten split over regions of this level: the shape shows them whole or not at all.
    out["partial_members"] = out["region_code"].map(partial)
    out["geojson"] = [json.dumps(mapping(shapely.transform(g, lambda xy: xy.round(4))),
                                 separators=(",", ":"))
                      for g in out.pop("geometry")]
    out["classification_year"] = SHAPE_YEAR
    return out
