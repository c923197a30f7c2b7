"""CBS StatLine (OData v3) youth-care and population tables turned into gemeente facts.

What is read, declared once in `TABLES` below (columns are found through DataProperties by their
Key stem or Title, never by a hard-coded `_n` suffix, because CBS renumbers them per edition):

- 03759ned "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio": topic
  `BevolkingOp1Januari_n`, Leeftijd members "0 jaar" .. "17 jaar" summed, Geslacht and
  BurgerlijkeStaat at their "Totaal ..." member -> `jeugdpopulatie` (not rounded).
  This is also the population used to turn a published percentage back into a count.
- 85098NED "Indicatoren jeugdzorg in natura; gemeenten": topics `JongerenMetJeugdhulp(InNatura)`,
  `...JeugdhulpMetVerblijf...`, `JongerenMetJeugdbescherming...`, `JongerenMetJeugdreclassering...`
  -> jeugdhulp, jeugdhulp_verblijf, jeugdbescherming, jeugdreclassering. A topic in persons
  (Unit "aantal") is preferred; where the edition only publishes a percentage of youths 0-17,
  numerator = pct x population(03759ned) / 100 and denominator = that population, so the
  published rate is reproduced exactly and the raw token keeps the percentage.
- 85097NED "Jeugdhulptrajecten in natura; verwijzer, regio (gemeente)": the "begonnen
  trajecten" topic per VerwijzerJeugdzorg member -> verwijzer_gemeente (gemeentelijke toegang),
  verwijzer_huisarts, verwijzer_jeugdarts, verwijzer_medisch_specialist, verwijzer_gi
  (gecertificeerde instelling), verwijzer_overig (rechter/OM, geen verwijzer, overig: summed);
  the denominator is the "Totaal verwijzers" member.

Rules: only year periods (`YYYYJJ00` -> '2023', classification year 2023: StatLine publishes each
year in the gemeente layout of that year); Perioden.Status "Voorlopig"/"Nader voorlopig" ->
voorlopig. Cells: JSON null, "" and "." -> missing, which in the youth-care tables means secret
(CBS hides 0-7), "x" -> secret, "-" -> 0. Youth-care counts carry rounded_to=5. Regions other
than GM (NL01, LD, PV, WK, BU, JZ...) are skipped; a GM code that is not a gemeente in that
classification year stops the load with an EtlError listing the codes, because a silent drop would
understate every region total. Years outside the reference layers (2015-2025) are skipped.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import pandas as pd
from tqdm import tqdm

from etl.errors import EtlError, InputError
from etl.sources import FACT_COLUMNS
from etl.sources.odata import ODataClient


@dataclass(frozen=True)
class Measure:
    indicator_id: str
    topics: tuple[str, ...]  # regexes, tried in order, fully matched on Key stem or Title
    members: str | None = None  # regex on the category dimension's member Title (summed)


@dataclass(frozen=True)
class Table:
    table_id: str
    measures: tuple[Measure, ...]
    youth_care: bool  # counts rounded to 5; an empty cell means secret
    category: str | None = None  # the dimension whose members the measures pick
    total_member: str | None = None  # member Title regex giving the denominator


POPULATION = Table("03759ned", (
    Measure("jeugdpopulatie", (r"BevolkingOp1Januari", r"bevolking op 1 januari"),
            members=r"([0-9]|1[0-7]) jaar"),
), youth_care=False, category="Leeftijd")

TABLES: tuple[Table, ...] = (
    POPULATION,
    Table("85098NED", (
        Measure("jeugdhulp", (r"JongerenMetJeugdhulp(InNatura)?",
                              r"jongeren met jeugdhulp( in natura)?")),
        Measure("jeugdhulp_verblijf", (r"\w*JeugdhulpMetVerblijf\w*",
                                       r".*jeugdhulp met verblijf.*")),
        Measure("jeugdbescherming", (r"JongerenMetJeugdbescherming\w*",
                                     r"jongeren met jeugdbescherming.*")),
        Measure("jeugdreclassering", (r"JongerenMetJeugdreclassering\w*",
                                      r"jongeren met jeugdreclassering.*")),
    ), youth_care=True),
    Table("85097NED", tuple(
        Measure(ind, (r"\w*Begonnen\w*", r".*begonnen.*", r".*gestart.*"), members=m)
        for ind, m in (
            ("verwijzer_gemeente", r".*(gemeentelijke toegang|wijkteam).*"),
            ("verwijzer_huisarts", r".*huisarts.*"),
            ("verwijzer_jeugdarts", r".*jeugdarts.*"),
            ("verwijzer_medisch_specialist", r".*medisch specialist.*"),
            ("verwijzer_gi", r".*gecertificeerde instelling.*"),
            ("verwijzer_overig", r".*(rechter|officier|justitie|geen verwijzer|onbekend|overig"
                                 r"|anders).*"),
        )
    ), youth_care=True, category="VerwijzerJeugdzorg", total_member=r"totaal.*"),
)

_DIMENSION_TYPES = ("Dimension", "GeoDimension", "TimeDimension")
_SKIPPED_REGION_PREFIXES = ("NL", "LD", "PV", "WK", "BU", "JZ", "CR", "GG", "RE")


def load(ctx) -> pd.DataFrame:
    """Every table in `TABLES` as facts in the contract shape (see etl.sources)."""
    client = ODataClient(ctx.data_dir / "raw" / "cbs", offline=ctx.offline)
    frames: list[pd.DataFrame] = []
    population = None
    for table in TABLES:
        facts = read_table(client, table, ctx, population)
        if table is POPULATION:
            population = facts
        frames.append(facts)
    out = pd.concat(frames, ignore_index=True)[list(FACT_COLUMNS)]
    return out.astype({"rounded_to": "Int64", "classification_year": "int64",
                       "numerator": "float64", "denominator": "float64", "suppressed": "bool"})


def read_table(client: ODataClient, table: Table, ctx, population=None) -> pd.DataFrame:
    """One CBS table as facts; nothing is returned unless every page arrived."""
    tid = table.table_id
    props = client.collection(tid, "DataProperties")
    dims = [p for p in props if p.get("Type") in _DIMENSION_TYPES]
    region_dim = next((p["Key"] for p in dims if p["Key"].startswith("Regio")), None)
    period_dim = next((p["Key"] for p in dims if p["Type"] == "TimeDimension"), None)
    if not region_dim or not period_dim:
        raise EtlError(f"CBS {tid}: geen regio- of periodedimensie in DataProperties")
    topics = {m.indicator_id: _topic(tid, props, m) for m in table.measures}

    filters = []
    members: dict[str, pd.DataFrame] = {}
    for dim in (p["Key"] for p in dims if p["Key"] not in (region_dim, period_dim)):
        rows = pd.DataFrame(client.collection(tid, dim))
        rows["key"], rows["title"] = rows["Key"].str.strip(), rows["Title"].str.strip()
        if dim == table.category:
            members[dim] = rows
            wanted = rows[_matches(rows["title"], [m.members for m in table.measures if m.members]
                                   + ([table.total_member] if table.total_member else []))]
        else:
            wanted = rows[rows["title"].str.lower().str.startswith("totaal")].head(1)
        if wanted.empty:
            raise EtlError(f"CBS {tid}: geen bruikbare categorie in dimensie {dim}")
        filters.append("(" + " or ".join(f"{dim} eq '{k}'" for k in wanted["Key"]) + ")")

    periods = pd.DataFrame(client.collection(tid, period_dim))
    periods = periods[periods["Key"].str.strip().str.fullmatch(r"\d{4}JJ00")]
    years_known = set(ctx.reference.gemeenten["classification_year"].astype(int))
    frames = []
    for _, per in tqdm(list(periods.iterrows()), desc=f"CBS {tid}", unit="periode", disable=None):
        period = per["Key"].strip()[:4]
        year = ctx.reference.classification_year(period)
        if year not in years_known:
            warnings.warn(f"CBS {tid}: {period} overgeslagen, geen gemeente-indeling {year}",
                          stacklevel=2)
            continue
        flt = " and ".join([f"{period_dim} eq '{per['Key']}'", f"startswith({region_dim},'GM')",
                            *filters])
        select = ",".join([region_dim, *(p["Key"] for p in dims if p["Key"] != region_dim),
                           *sorted({t["Key"] for t in topics.values()})])
        rows = pd.DataFrame(client.collection(tid, "TypedDataSet",
                                              {"$filter": flt, "$select": select}, paged=True))
        if rows.empty:
            continue
        rows["region_code"] = rows[region_dim].astype(str).str.strip()
        rows = rows[rows["region_code"].str.startswith("GM")]
        rows = rows.assign(period=period, classification_year=year, status=_status(per))
        frames.append(rows)
    if not frames:
        return pd.DataFrame(columns=list(FACT_COLUMNS))
    data = pd.concat(frames, ignore_index=True)
    _check_regions(tid, data, ctx.reference.gemeenten)
    if table.category:
        titles = members[table.category].set_index("key")["title"]
        data["member"] = data[table.category].astype(str).str.strip().map(titles)

    out = [_measure_facts(tid, table, m, topics[m.indicator_id], data, population)
           for m in table.measures]
    return pd.concat(out, ignore_index=True)[list(FACT_COLUMNS)]


def _topic(tid: str, props: list[dict], measure: Measure) -> dict:
    """The DataProperties Topic a measure reads: first pattern that matches wins, counts
    before percentages. A missing topic fails loudly, naming what the edition does offer."""
    topics = [p for p in props if p.get("Type") == "Topic"]
    for pattern in measure.topics:
        hits = [t for t in topics
                if re.fullmatch(pattern, re.sub(r"_\d+$", "", t["Key"]), re.I)
                or re.fullmatch(pattern, (t.get("Title") or "").strip(), re.I)]
        if hits:
            return sorted(hits, key=lambda t: _is_percentage(t))[0]
    offered = ", ".join(f"{t['Key']} ({t.get('Title')})" for t in topics)
    raise EtlError(f"CBS {tid}: geen kolom voor {measure.indicator_id}; "
                   f"DataProperties biedt: {offered}")


def _is_percentage(topic: dict) -> bool:
    return "%" in (topic.get("Unit") or "")


def _matches(titles: pd.Series, patterns: list[str]) -> pd.Series:
    hit = pd.Series(False, index=titles.index)
    for p in patterns:
        hit |= titles.str.fullmatch(p, case=False)
    return hit


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


def _measure_facts(tid: str, table: Table, measure: Measure, topic: dict, data: pd.DataFrame,
                   population: pd.DataFrame | None) -> pd.DataFrame:
    cells = parse_cells(data[topic["Key"]], table.youth_care, f"CBS {tid}", topic["Key"],
                        data.get("ID"))
    d = pd.concat([data[["region_code", "period", "classification_year", "status"]], cells],
                  axis=1)
    keys = ["region_code", "period", "classification_year", "status"]
    if measure.members:
        picked = d[data["member"].str.fullmatch(measure.members, case=False, na=False)]
        picked = picked.assign(n_missing=picked["value"].isna())
        grouped = picked.groupby(keys)
        facts = grouped.agg(numerator=("value", "sum"), suppressed=("suppressed", "any"),
                            n_missing=("n_missing", "sum"))
        facts["raw_token"] = grouped["raw_token"].agg("+".join)
        facts = facts.reset_index()
        # A sum with a secret or missing member is unknown, never a silent lower bound.
        facts.loc[facts["n_missing"] > 0, "numerator"] = float("nan")
    else:
        facts = d.rename(columns={"value": "numerator"})
    facts["denominator"] = float("nan")
    facts["note"] = None
    if table.total_member:
        total = d[data["member"].str.fullmatch(table.total_member, case=False, na=False)]
        facts = facts.merge(total[["region_code", "period", "value"]], how="left",
                            on=["region_code", "period"])
        facts["denominator"] = facts.pop("value")
    if _is_percentage(topic):
        facts = _from_percentage(facts, population)
        rounded = None
    else:
        rounded = 5 if table.youth_care else None
    return facts.assign(indicator_id=measure.indicator_id, rounded_to=rounded, demo=False,
                        source=f"CBS {tid}")[list(FACT_COLUMNS)]


def _from_percentage(facts: pd.DataFrame, population: pd.DataFrame | None) -> pd.DataFrame:
    if population is None:
        raise EtlError("CBS-percentages vragen om de bevolkingstabel, die ontbreekt")
    pop = population[["region_code", "period", "numerator"]].rename(
        columns={"numerator": "population"})
    facts = facts.merge(pop, how="left", on=["region_code", "period"])
    facts["denominator"] = facts.pop("population")
    facts["numerator"] = facts["numerator"] * facts["denominator"] / 100
    facts["note"] = "teller = gepubliceerd percentage x bevolking 0-17 jaar (CBS 03759ned)"
    return facts
