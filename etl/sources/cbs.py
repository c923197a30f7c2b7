"""CBS StatLine (OData v3) tables turned into gemeente facts, and the check of those tables'
structures (`check_tables`, behind `python -m etl check-sources`).

What is read is declared once in `TABLES` (topics are found through DataProperties by their Key
stem or Title, never by a hard-coded `_n` suffix, because CBS renumbers them per edition):

- 03759ned (population on 1 January): Leeftijd "0 jaar" .. "22 jaar" at Geslacht and
  BurgerlijkeStaat totals -> `jeugdpopulatie` (0-17) and the denominators of every year
  (0-17, 12-22). A year 03759ned lacks keeps an empty denominator, which the build fills from
  the shipped 2021 population (the fact's note says so).
- 85099NED (2021-) and its predecessor 84134NED (2015-2020), "Jongeren met jeugdzorg" by
  VormenVanJeugdzorg: counts of "JH 1 Totaal jeugdhulp", "JH 122 Totaal jeugdhulp met
  verblijf", "JB 1 Totaal jeugdbescherming", "JR 1 Totaal jeugdreclassering" -> jeugdhulp,
  jeugdhulp_verblijf, jeugdbescherming, jeugdreclassering, each over the population group of
  its catalogue definition. Where both tables have a year, the successor wins.
- 85098NED publishes percentages only; it is read as a check, not as facts: `compare_published`
  recomputes its rates from the counts and the build logs the differences beyond rounding
  (and writes them to data/raw/cbs/controle_gepubliceerd.csv).
- 85097NED: "Totaal begonnen trajecten" per VerwijzerJeugdzorg member -> verwijzer_*; the topic
  is the one under the root group "Totaal jeugdhulptrajecten in natura" of the topic tree
  (ParentID), because every block of care repeats that title. The "Totaal" member divides.
- 84780NED (VSV by woonregio): region dimension Regiokenmerken, Geslacht T001038,
  VoortijdigSchoolverlaters_2 over Leerlingen_1 -> vsv per school year (read from the period
  title, "2021/'22"); VoortijdigSchoolverlatersPercentage_4 is compared like 85098NED.

Rules: only year (or school-year) periods; Perioden.Status "Voorlopig"/"Nader voorlopig" ->
voorlopig. Cells: JSON null, "" and "." -> missing, which in these tables means secret, "x" ->
secret, "-" -> 0. Youth-care counts carry rounded_to=5 and, where secret, secret_max=7 (CBS's
publication rule for youth care: 0-7 is not shown); a referrer summing several members, secret
in some, the sum of its published members + 7 for each secret one. VSV'ers (84780NED) follow
another rule, which the table does not state: a secret VSV cell has no secret_max. Besides
gemeenten (GM), the rows CBS publishes for Nederland (NL01), provincies (PVnn) and jeugdregio's
(JZnn) are read into facts of those regions, which the warehouse shows as published beside the
figures it computes from the gemeenten (85098NED's and 84780NED's percentages are compared for
gemeenten only). A GM code that is not a gemeente in its classification year stops the load with
an EtlError, because a silent drop would understate every region total; a higher-level code the
reference does not know in that year (a former jeugdregio) is left out with a log line. Other
regions (landsdelen, COROP) are not read. Years outside the reference layers are skipped with a
warning.
"""

from __future__ import annotations

import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from etl.catalogue import BY_ID
from etl.errors import EtlError, InputError
from etl.sources import FACT_COLUMNS
from etl.sources.odata import ODataClient, Unreachable

# Single years of age in each population group a CBS indicator divides by.
AGE_RANGES = {"0_17": range(0, 18), "12_22": range(12, 23)}
CHECK_FILE = "controle_gepubliceerd.csv"
# Region key prefixes read: gemeenten, and the levels whose published figures are carried.
REGION_PREFIXES = ("GM", "NL", "PV", "JZ")
SECRET_MAX = 7  # youth-care tables: counts 0-7 are secret


@dataclass(frozen=True)
class Topic:
    name: str
    key: str | None  # the Key stem seen in the real table (None: never seen, match the title)
    title: str  # regex, fully matched on the Title (case and spacing ignored)
    unit: str  # a word the Unit must contain: "aantal" or "%"
    under: str | None = None  # Title of the root TopicGroup the topic must sit under


@dataclass(frozen=True)
class Table:
    table_id: str
    topics: tuple[Topic, ...]
    category: str | None = None  # the dimension whose members are picked
    members: tuple[tuple[str, str], ...] = ()  # (name, member Title regex); first match wins
    fixed: dict = field(default_factory=dict)  # dimension -> member Key to hold it at
    region_dim: str = "RegioS"
    school_year: bool = False  # periods are school years, read from the period Title
    secret_empty: bool = True  # an empty cell is secret (else: unknown)


def _title(title: str) -> str:
    """A member title as a regex that matches it exactly, whatever its spacing."""
    return re.escape(title).replace(r"\ ", r"\s+")


POPULATION = Table("03759ned", (
    Topic("persons", "BevolkingOp1Januari", r"bevolking op 1 januari", "aantal"),
), category="Leeftijd", members=(("age", r"([0-9]|1[0-9]|2[0-2]) jaar"),), secret_empty=False)

COUNT_MEMBERS = (
    ("jeugdhulp", _title("JH 1 Totaal jeugdhulp")),
    ("jeugdhulp_verblijf", _title("JH 122 Totaal jeugdhulp met verblijf")),
    ("jeugdbescherming", _title("JB 1 Totaal jeugdbescherming")),
    ("jeugdreclassering", _title("JR 1 Totaal jeugdreclassering")),
)
_COUNT_TOPIC = Topic("count", "JongerenMetJeugdzorg", r"jongeren met jeugdzorg", "aantal")
COUNTS = (  # newest first: a year in the successor is not read from the predecessor
    Table("85099NED", (_COUNT_TOPIC,), category="VormenVanJeugdzorg", members=COUNT_MEMBERS),
    Table("84134NED", (_COUNT_TOPIC,), category="VormenVanJeugdzorg", members=COUNT_MEMBERS),
)

PUBLISHED = Table("85098NED", (
    Topic("jeugdhulp", "JongerenMetJeugdhulpInNatura", r"jongeren met jeugdhulp in natura",
          "%"),
    Topic("jeugdhulp_verblijf", "JongerenMetJeugdhMetVerblInNat",
          r"jongeren met jeugdh\. met verbl\. in nat\.?", "%"),
    Topic("jeugdbescherming", "JongerenMetJeugdbescherming", r"jongeren met jeugdbescherming",
          "%"),
    Topic("jeugdbescherming_verblijf", "JeugdbeschEnJeugdhMetVerblInNat",
          r"jeugdbesch\. en jeugdh\. met verbl\. in nat\.?", "%"),
    Topic("jeugdreclassering", "JongerenMetJeugdreclassering",
          r"jongeren met jeugdreclassering", "%"),
))

REFERRALS = Table("85097NED", (
    Topic("begonnen", None, r"totaal begonnen trajecten", "aantal",
          under=r"totaal jeugdhulptrajecten in natura"),
), category="VerwijzerJeugdzorg", members=(
    ("total", r"totaal.*"),
    ("verwijzer_gemeente", r".*(gemeentelijke toegang|wijkteam).*"),
    ("verwijzer_huisarts", r".*huisarts.*"),
    ("verwijzer_jeugdarts", r".*jeugdarts.*"),
    ("verwijzer_medisch_specialist", r".*medisch specialist.*"),
    ("verwijzer_gi", r".*gecertificeerde instelling.*"),
    ("verwijzer_overig", r".*(rechter|officier|justitie|geen verwijzer|onbekend|overig"
                         r"|anders).*"),
))

VSV = Table("84780NED", (
    Topic("pupils", "Leerlingen", r"leerlingen", "aantal"),
    Topic("vsv", "VoortijdigSchoolverlaters", r"voortijdig schoolverlaters", "aantal"),
    Topic("pct", "VoortijdigSchoolverlatersPercentage", r"voortijdig schoolverlaters.*%.*|"
          r".*percentage.*", "%"),
), fixed={"Geslacht": "T001038"}, region_dim="Regiokenmerken", school_year=True)

TABLES: tuple[Table, ...] = (POPULATION, *COUNTS, PUBLISHED, REFERRALS, VSV)

_DIMENSION_TYPES = ("Dimension", "GeoDimension", "TimeDimension")


def log(ctx, message: str) -> None:
    (getattr(ctx, "log", None) or (lambda m: print(m, file=sys.stderr, flush=True)))(message)


# -- loading -------------------------------------------------------------------------------
def load(ctx) -> pd.DataFrame:
    """Facts in the contract shape (see etl.sources) from every table in `TABLES`."""
    client = ODataClient(ctx.data_dir / "raw" / "cbs", offline=ctx.offline)
    pop_rows = read_table(client, POPULATION, ctx)
    population = population_groups(pop_rows)
    counts = read_counts(client, ctx, population)
    vsv_rows = read_table(client, VSV, ctx)
    published = read_table(client, PUBLISHED, ctx)
    report = compare_published(counts, population, published, vsv_rows)
    _report(ctx, report)
    frames = [youth_population(population), counts, referrals(read_table(client, REFERRALS, ctx)),
              vsv_facts(vsv_rows, ctx)]
    out = pd.concat([f for f in frames if not f.empty], ignore_index=True).reindex(
        columns=[*FACT_COLUMNS, "secret_max"])
    return out.astype({"rounded_to": "Int64", "classification_year": "int64",
                       "numerator": "float64", "denominator": "float64", "suppressed": "bool",
                       "secret_max": "float64"})


@dataclass
class Meta:
    """What a table's metadata says: its topics as matched, dimensions, members per dimension
    and periods. `problems` lists what is missing; `read_meta` raises on it, checks list it."""

    props: list[dict]
    topics: dict[str, dict]
    region_dim: str | None
    period_dim: str | None
    dimensions: dict[str, pd.DataFrame]  # other dimensions: their members (key, title, name)
    problems: list[str]


def read_meta(client: ODataClient, table: Table, strict: bool = True) -> Meta:
    tid = table.table_id
    props = client.collection(tid, "DataProperties")
    dims = [p for p in props if p.get("Type") in _DIMENSION_TYPES]
    keys = [p["Key"] for p in dims]
    problems = []
    region_dim = table.region_dim if table.region_dim in keys else None
    if region_dim is None:
        problems.append(f"regiodimensie {table.region_dim} ontbreekt (wel: {', '.join(keys)})")
    period_dim = next((p["Key"] for p in dims if p["Type"] == "TimeDimension"), None)
    if period_dim is None:
        problems.append("geen periodedimensie")
    topics = {}
    for topic in table.topics:
        hit, problem = _topic(props, topic)
        topics[topic.name] = hit
        if problem:
            problems.append(problem)
    for wanted in [table.category, *table.fixed]:
        if wanted and wanted not in keys:
            problems.append(f"dimensie {wanted} ontbreekt (wel: {', '.join(keys)})")
    dimensions = {}
    for dim in (k for k in keys if k not in (region_dim, period_dim)):
        rows = pd.DataFrame(client.collection(tid, dim))
        rows["key"] = rows["Key"].str.strip()
        rows["title"] = rows["Title"].str.strip()
        rows["name"] = None
        if dim == table.category:
            for name, pattern in reversed(table.members):
                hit = rows["title"].str.fullmatch(pattern, case=False)
                rows.loc[hit, "name"] = name
            for name, pattern in table.members:
                if not (rows["name"] == name).any():
                    shown = pattern.replace(r"\s+", " ").replace("\\", "")
                    problems.append(f"{dim}: geen categorie '{shown}' voor {name} (wel: "
                                    f"{', '.join(rows['title'][:12])})")
        elif dim in table.fixed:
            rows.loc[rows["key"] == table.fixed[dim], "name"] = "fixed"
            if not (rows["name"] == "fixed").any():
                problems.append(f"{dim}: categorie {table.fixed[dim]} ontbreekt")
        else:
            total = rows.index[rows["title"].str.lower().str.startswith("totaal")]
            if len(total):
                rows.loc[total[0], "name"] = "fixed"
            else:
                problems.append(f"{dim}: geen 'Totaal'-categorie")
        dimensions[dim] = rows
    if strict and problems:
        raise EtlError(f"CBS {tid}: " + "; ".join(problems))
    return Meta(props, topics, region_dim, period_dim, dimensions, problems)


def read_table(client: ODataClient, table: Table, ctx) -> pd.DataFrame:
    """The gemeente rows of one table: region_code, period, classification_year, status,
    `member` (the category member's name) and `member_title`, and one column per topic
    (named as the Topic). Nothing is returned unless every page arrived."""
    tid = table.table_id
    meta = read_meta(client, table)
    filters = []
    for dim, rows in meta.dimensions.items():
        wanted = rows[rows["name"].notna()]
        filters.append("(" + " or ".join(f"{dim} eq '{k}'" for k in wanted["Key"]) + ")")
    periods = pd.DataFrame(client.collection(tid, meta.period_dim))
    periods["label"] = [_period_label(tid, k, t, table.school_year)
                        for k, t in zip(periods["Key"], periods["Title"], strict=True)]
    periods = periods[periods["label"].notna()]
    years_known = set(ctx.reference.gemeenten["classification_year"].astype(int))
    select = ",".join([meta.region_dim, *meta.dimensions, meta.period_dim,
                       *sorted({t["Key"] for t in meta.topics.values()})])
    frames = []
    for _, per in tqdm(list(periods.iterrows()), desc=f"CBS {tid}", unit="periode", disable=None):
        year = ctx.reference.classification_year(per["label"])
        if year not in years_known:
            warnings.warn(f"CBS {tid}: {per['label']} overgeslagen, geen gemeente-indeling "
                          f"{year}", stacklevel=2)
            continue
        regions = " or ".join(f"startswith({meta.region_dim},'{p}')" for p in REGION_PREFIXES)
        flt = " and ".join([f"{meta.period_dim} eq '{per['Key']}'", f"({regions})", *filters])
        rows = pd.DataFrame(client.collection(tid, "TypedDataSet",
                                              {"$filter": flt, "$select": select}, paged=True))
        if rows.empty:
            continue
        rows["region_code"] = rows[meta.region_dim].astype(str).str.strip()
        rows = rows[rows["region_code"].str.startswith(REGION_PREFIXES)]
        frames.append(rows.assign(period=per["label"], classification_year=year,
                                  status=_status(per)))
    columns = ["region_code", "period", "classification_year", "status", "member",
               "member_title", *meta.topics]
    if not frames:
        return pd.DataFrame(columns=columns)
    data = pd.concat(frames, ignore_index=True)
    _check_regions(tid, data[data["region_code"].str.startswith("GM")], ctx.reference.gemeenten)
    data = _known_higher_levels(tid, data, ctx)
    data["member"] = data["member_title"] = None
    if table.category:
        members = meta.dimensions[table.category].set_index("key")
        key = data[table.category].astype(str).str.strip()
        data["member"], data["member_title"] = key.map(members["name"]), key.map(members["title"])
    for name, topic in meta.topics.items():
        cells = parse_cells(data[topic["Key"]], table.secret_empty, f"CBS {tid}", topic["Key"],
                            data.get("ID"))
        data[name] = cells["value"]
        data[f"{name}_suppressed"] = cells["suppressed"]
        data[f"{name}_token"] = cells["raw_token"]
    return data.drop(columns=[t["Key"] for t in meta.topics.values()], errors="ignore")


def _topic(props: list[dict], topic: Topic) -> tuple[dict | None, str | None]:
    """The DataProperties Topic a Topic declares: matched on Key stem or Title, with the unit
    it must have and, if `under` is set, the root group it must sit under. Exactly one must fit."""
    by_id = {p.get("ID"): p for p in props}

    def root(p):
        seen = 0
        while p.get("ParentID") is not None and p["ParentID"] in by_id and seen < 50:
            p, seen = by_id[p["ParentID"]], seen + 1
        return p if p.get("Type") == "TopicGroup" else None

    def norm(text):
        return re.sub(r"\s+", " ", (text or "").strip())

    candidates = [p for p in props if p.get("Type") == "Topic"]
    hits = [p for p in candidates
            if (topic.key and re.sub(r"_\d+$", "", p["Key"]) == topic.key)
            or re.fullmatch(topic.title, norm(p.get("Title")), re.I)]
    hits = [p for p in hits if topic.unit.lower() in (p.get("Unit") or "").lower()]
    if topic.under:
        hits = [p for p in hits if (r := root(p)) is not None
                and re.fullmatch(topic.under, norm(r.get("Title")), re.I)]
    if topic.key:  # the real key stem, where it was seen, beats a title match
        exact = [p for p in hits if re.sub(r"_\d+$", "", p["Key"]) == topic.key]
        hits = exact or hits
    if len(hits) == 1:
        return hits[0], None
    offered = ", ".join(f"{p['Key']} ({p.get('Title')}, {p.get('Unit')})" for p in candidates)
    what = (f"onderwerp {topic.key or topic.title} ({topic.unit}"
            + (f", onder '{topic.under}'" if topic.under else "") + ")")
    if not hits:
        return None, f"geen kolom voor {what}; DataProperties biedt: {offered}"
    return None, f"{len(hits)} kolommen passen bij {what}: {', '.join(p['Key'] for p in hits)}"


def _period_label(tid: str, key: str, title: str, school_year: bool) -> str | None:
    """'2023JJ00' -> '2023'; for school-year tables the title "2021/'22" -> '2021/2022'.
    Half-years and other periods -> None (skipped)."""
    key = key.strip()
    if not school_year:
        return key[:4] if re.fullmatch(r"\d{4}JJ00", key) else None
    m = re.fullmatch(r"(\d{4})\s*/\s*'?(\d{2}|\d{4})\*{0,2}", (title or "").strip())
    if not m:
        if re.fullmatch(r"\d{4}(HJ|KW|MM)\d\d", key):
            return None
        raise EtlError(f"CBS {tid}: periode {key} ('{title}') is geen schooljaar")
    first = int(m[1])
    if int(m[2][-2:]) != (first + 1) % 100:
        raise EtlError(f"CBS {tid}: periode {key} ('{title}') is geen schooljaar")
    return f"{first}/{first + 1}"


def _status(period_row) -> str:
    return "voorlopig" if "voorlopig" in str(period_row.get("Status") or "").lower() \
        else "definitief"


def _check_regions(tid: str, data: pd.DataFrame, gemeenten: pd.DataFrame) -> None:
    valid = set(zip(gemeenten["gemeente_code"], gemeenten["classification_year"].astype(int),
                    strict=True))
    pairs = data[["region_code", "classification_year"]].drop_duplicates()
    bad = [f"{c} ({y})" for c, y in pairs.itertuples(index=False) if (c, int(y)) not in valid]
    if bad:
        raise EtlError(f"CBS {tid}: onbekende gemeentecode(s) voor hun indelingsjaar: "
                       f"{', '.join(sorted(bad)[:10])}. Werk data/ref/gemeenten bij of meld het.")


def _known_higher_levels(tid: str, data: pd.DataFrame, ctx) -> pd.DataFrame:
    """`data` without the NL/PV/JZ rows whose code the reference does not know in their
    classification year (without a region reference: all of them), saying how many."""
    higher = ~data["region_code"].str.startswith("GM")
    regions = getattr(ctx.reference, "regions", None)
    known = set() if regions is None else set(zip(
        regions["region_code"], regions["classification_year"].astype(int), strict=True))
    pairs = zip(data["region_code"], data["classification_year"].astype(int), strict=True)
    unknown = higher & ~pd.Series([p in known for p in pairs], index=data.index)
    if unknown.any():
        codes = sorted(set(data.loc[unknown, "region_code"]))
        log(ctx, f"CBS {tid}: {len(codes)} regiocode(s) boven de gemeente niet in de "
                 f"regio-indeling, overgeslagen: {', '.join(codes[:8])}")
    return data[~unknown]


def parse_cells(values: pd.Series, empty_is_secret: bool, where: str, column: str,
                row_ids: pd.Series | None = None) -> pd.DataFrame:
    """Published cells -> value, suppressed, raw_token. Typed numbers and untyped padded
    strings are both accepted; see the module docstring for the symbols."""
    raw = values.map(_token)
    value = pd.to_numeric(raw.where(~raw.isin(["", ".", "x", "-"])), errors="coerce")
    value = value.mask(raw == "-", 0.0)
    bad = value.isna() & ~raw.isin(["", ".", "x", "-"])
    if bad.any():
        i = bad.idxmax()
        row = int(row_ids[i]) if row_ids is not None else int(i) + 1
        raise InputError(where, f"onleesbare waarde '{raw[i]}'", row=row, column=column)
    secret = raw.eq("x") | (raw.isin(["", "."]) & empty_is_secret)
    return pd.DataFrame({"value": value, "suppressed": secret, "raw_token": raw})


def _token(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int | float):
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    return str(v).strip()


# -- facts per table -------------------------------------------------------------------------
_KEYS = ["region_code", "period", "classification_year", "status"]


def population_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """03759ned rows -> region_code, period, classification_year, population_group, persons:
    the sum of single years in each group; a group with a missing year is missing."""
    ages = rows.assign(age=rows["member_title"].str.extract(r"^(\d+)", expand=False).astype(int))
    out = []
    for group, years in AGE_RANGES.items():
        part = ages[ages["age"].isin(years)]
        grouped = part.groupby(_KEYS, as_index=False).agg(
            persons=("persons", "sum"), n=("persons", "count"))
        grouped.loc[grouped["n"] < len(years), "persons"] = np.nan
        out.append(grouped.drop(columns="n").assign(population_group=group))
    return pd.concat(out, ignore_index=True)


def youth_population(population: pd.DataFrame) -> pd.DataFrame:
    p = population[population["population_group"] == "0_17"]
    return p[_KEYS].assign(
        indicator_id="jeugdpopulatie", numerator=p["persons"], denominator=np.nan,
        suppressed=False, rounded_to=None, raw_token=p["persons"].map(_token), demo=False,
        source="CBS 03759ned", note="som van de leeftijden 0 t/m 17 jaar op 1 januari")


def read_counts(client: ODataClient, ctx, population: pd.DataFrame) -> pd.DataFrame:
    """The four youth-care counts from the count tables, the successor winning a shared year,
    each over its catalogue population group of the same year (03759ned)."""
    frames, years_done = [], set()
    for table in COUNTS:
        rows = read_table(client, table, ctx)
        rows = rows[~rows["period"].isin(years_done)]
        years_done |= set(rows["period"])
        frames.append(rows.assign(source=f"CBS {table.table_id}"))
    rows = pd.concat(frames, ignore_index=True)
    out = []
    for indicator_id, _pattern in COUNT_MEMBERS:
        group = BY_ID[indicator_id].denominator_population
        part = rows[rows["member"] == indicator_id]
        pop = population[population["population_group"] == group][
            ["region_code", "period", "persons"]]
        part = part.merge(pop, how="left", on=["region_code", "period"])
        year = part["period"]
        note = np.where(part["persons"].notna(),
                        "noemer: CBS 03759ned, inwoners " + group.replace("_", "-")
                        + " jaar op 1 januari " + year,
                        "noemer: geschatte bevolking (1 januari 2021); 03759ned heeft " + year
                        + " niet")
        out.append(part[_KEYS].assign(
            indicator_id=indicator_id, numerator=part["count"], denominator=part["persons"],
            suppressed=part["count_suppressed"], rounded_to=5, raw_token=part["count_token"],
            demo=False, source=part["source"], note=note,
            secret_max=np.where(part["count_suppressed"], SECRET_MAX, np.nan)))
    return pd.concat(out, ignore_index=True)


def referrals(rows: pd.DataFrame) -> pd.DataFrame:
    """verwijzer_* counts (a sum over members where several map to one indicator; a sum with a
    secret member is unknown, never a silent lower bound) over the "Totaal" member."""
    total = rows[rows["member"] == "total"][["region_code", "period", "begonnen"]].rename(
        columns={"begonnen": "denominator"})
    parts = rows[rows["member"].notna() & (rows["member"] != "total")]
    grouped = parts.groupby([*_KEYS, "member"])
    facts = grouped.agg(numerator=("begonnen", "sum"),
                        suppressed=("begonnen_suppressed", "any"),
                        n_secret=("begonnen_suppressed", "sum"),
                        n_missing=("begonnen", lambda s: s.isna().sum()))
    facts["raw_token"] = grouped["begonnen_token"].agg("+".join)
    facts = facts.reset_index().rename(columns={"member": "indicator_id"})
    # The most a partly secret sum can be: its published members + 7 for each secret one
    # (unknown when a member is missing without being secret).
    facts["secret_max"] = (facts["numerator"] + SECRET_MAX * facts["n_secret"]).where(
        facts["suppressed"] & (facts["n_missing"] == facts["n_secret"]))
    facts.loc[facts["n_missing"] > 0, "numerator"] = np.nan
    facts = facts.merge(total, how="left", on=["region_code", "period"])
    return facts.assign(rounded_to=5, demo=False, source="CBS 85097NED", note=None)[
        [*FACT_COLUMNS, "secret_max"]]


def vsv_facts(rows: pd.DataFrame, ctx) -> pd.DataFrame:
    """VSV'ers over pupils of the same gemeente and school year. A row without a number of
    pupils cannot be a rate of this definition and is left out (the region then lacks it)."""
    dropped = int(rows["pupils"].isna().sum())
    rows = rows[rows["pupils"].notna()]
    if dropped:
        log(ctx, f"CBS 84780NED: {dropped} gemeenten zonder aantal leerlingen overgeslagen")
    return rows[_KEYS].assign(
        indicator_id="vsv", numerator=rows["vsv"], denominator=rows["pupils"],
        suppressed=rows["vsv_suppressed"], rounded_to=None, raw_token=rows["vsv_token"],
        demo=False, source="CBS 84780NED",
        note="noemer: leerlingen (deelnemers vo, mbo, vavo) naar woonregio")


# -- the check against published percentages -------------------------------------------------
def compare_published(counts: pd.DataFrame, population: pd.DataFrame, published: pd.DataFrame,
                      vsv_rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Recomputed gemeente rates beside CBS's published percentages, one row per compared
    figure: indicator_id, region_code, period, recomputed, published, difference, tolerance,
    beyond. The tolerance is the published rounding (0.05) plus what rounding the counts to 5
    can move the recomputed rate. What is compared:

    - 85098NED jeugdhulp in natura % <-> 100 x JH 1 / inwoners 0-17
    - 85098NED verblijf % (of youths with jeugdhulp) <-> 100 x JH 122 / JH 1
    - 85098NED jeugdbescherming % <-> 100 x JB 1 / inwoners 0-17
    - 85098NED jeugdreclassering % <-> 100 x JR 1 / inwoners 12-22
    - 84780NED VSV % <-> 100 x VSV'ers / leerlingen

    Gemeenten only: a published higher level is compared in the warehouse, with the figure
    computed from its gemeenten.
    """
    counts, population, published = (df[df["region_code"].str.startswith("GM")]
                                      for df in (counts, population, published))
    if vsv_rows is not None:
        vsv_rows = vsv_rows[vsv_rows["region_code"].str.startswith("GM")]
    c = counts.pivot_table(index=["region_code", "period"], columns="indicator_id",
                           values="numerator", aggfunc="first")
    pop = population.pivot_table(index=["region_code", "period"], columns="population_group",
                                 values="persons", aggfunc="first")
    base = c.join(pop, how="left")
    pairs = {  # published topic: (numerator, denominator, is the denominator a rounded count)
        "jeugdhulp": ("jeugdhulp", "0_17", False),
        "jeugdhulp_verblijf": ("jeugdhulp_verblijf", "jeugdhulp", True),
        "jeugdbescherming": ("jeugdbescherming", "0_17", False),
        "jeugdreclassering": ("jeugdreclassering", "12_22", False),
    }
    pub = published.set_index(["region_code", "period"]).add_prefix("published_")
    out = []
    for topic, (num, den, den_rounded) in pairs.items():
        column = f"published_{topic}"
        if column not in pub or num not in base or den not in base:
            continue
        joined = base[[num, den]].join(pub[[column]], how="inner").dropna()
        joined = joined[joined[den] > 0]
        out.append(_compared(topic, joined[num], joined[den], joined[column], 2.5, den_rounded))
    if vsv_rows is not None and not vsv_rows.empty:
        v = vsv_rows.dropna(subset=["vsv", "pupils", "pct"])
        v = v[v["pupils"] > 0].set_index(["region_code", "period"])
        out.append(_compared("vsv", v["vsv"], v["pupils"], v["pct"], 0.0, False))
    columns = ["indicator_id", "region_code", "period", "recomputed", "published", "difference",
               "tolerance", "beyond"]
    out = [o for o in out if not o.empty]
    return pd.concat(out, ignore_index=True)[columns] if out else pd.DataFrame(columns=columns)


def _compared(topic, num, den, published, count_rounding, den_rounded) -> pd.DataFrame:
    recomputed = 100 * num / den
    slack = 100 * count_rounding / den * (1 + (num / den if den_rounded else 0))
    frame = pd.DataFrame({"recomputed": recomputed.round(3), "published": published,
                          "tolerance": (0.05 + slack).round(3)}).reset_index()
    frame["difference"] = (frame["recomputed"] - frame["published"]).round(3)
    frame["beyond"] = frame["difference"].abs() > frame["tolerance"] + 1e-9
    return frame.assign(indicator_id=topic)


def _report(ctx, report: pd.DataFrame) -> None:
    """One log line per checked indicator, the file with every comparison beside the cache."""
    path = Path(ctx.data_dir) / "raw" / "cbs" / CHECK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    report.to_csv(path, index=False)
    if report.empty:
        log(ctx, "CBS-controle: geen gepubliceerde percentages om mee te vergelijken")
        return
    for indicator_id, grp in report.groupby("indicator_id"):
        off = grp[grp["beyond"]].sort_values("difference", key=abs, ascending=False)
        examples = ", ".join(f"{r.region_code} {r.period}: {r.recomputed:.2f} vs "
                             f"{r.published:.1f}" for r in off.head(3).itertuples())
        log(ctx, f"CBS-controle {indicator_id}: {len(grp)} gemeentecijfers vergeleken met het "
                 f"gepubliceerde percentage, {len(off)} wijken meer af dan de afronding"
                 + (f" (bijv. {examples})" if examples else "") + f"; zie {path}")


# -- check-sources ---------------------------------------------------------------------------
CHECK_TIMEOUT_S = 15


def check_tables(client: ODataClient) -> list[tuple[str, list[str], str | None]]:
    """Per table: the problems its current metadata shows against what the loader expects
    (no problems: every topic, dimension and member is there) and the newest period the loader
    would read. Unreachable propagates."""
    results = []
    for table in TABLES:
        try:
            meta = read_meta(client, table, strict=False)
        except Unreachable:
            raise
        except EtlError as exc:
            results.append((table.table_id, [str(exc)], None))
            continue
        problems = list(meta.problems)
        if meta.period_dim:
            periods = client.collection(table.table_id, meta.period_dim)
            try:
                labels = [_period_label(table.table_id, p["Key"], p.get("Title"),
                                        table.school_year) for p in periods]
            except EtlError as exc:
                labels = []
                problems.append(str(exc))
            if not any(labels) and not problems:
                problems.append("geen jaar- of schooljaarperioden")
        newest = max((lb for lb in labels if lb), default=None) if meta.period_dim else None
        results.append((table.table_id, problems, newest))
    return results


def check_sources(out=print) -> int:
    """`python -m etl check-sources`: fetch each table's metadata now (no cache) and say per
    table whether everything the loader reads is there. 0: all there; 1: a table differs;
    2: CBS cannot be reached."""
    started = time.perf_counter()
    client = ODataClient(None, timeout=CHECK_TIMEOUT_S)
    try:
        results = check_tables(client)
    except Unreachable as exc:
        out(f"CBS is niet bereikbaar ({exc.reason}) op {client.root}.")
        out("Geen controle mogelijk; een build met --source cbs kan nu alleen met --offline uit "
            "de cache.")
        return 2
    for tid, problems, newest in results:
        out(f"CBS {tid}: " + ("WIJKT AF" if problems else "in orde")
            + (f" (nieuwste periode {newest})" if newest and not problems else ""))
        for problem in problems:
            out(f"  - {problem}")
    bad = sum(1 for _, p, _ in results if p)
    out(f"{len(results) - bad} van {len(results)} tabellen in orde "
        f"({time.perf_counter() - started:.1f} s, {client.root})")
    return 1 if bad else 0
