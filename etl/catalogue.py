"""The indicator catalogue: every indicator declared once, as data.

Everything the dashboard shows about an indicator (label, unit, definition, direction, source)
comes from here via the warehouse's `indicators` view. Per-indicator behaviour of the demo
generator is a field here too, never a second dict keyed by indicator id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Population groups the build can use as denominators (derived from CBS 5-year age bands;
# see etl/reference.py for how each is computed).
POPULATION_GROUPS = ("0_17", "4_11", "12_17", "5_17", "12_22")
# Region levels of the warehouse; `Indicator.levels` names those an indicator is shown for.
LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie", "grootteklasse",
          "nederland")
ALL_LEVELS = ",".join(LEVELS)
NOT_PO = ",".join(level for level in LEVELS if level != "swv_po")  # secondary school indicators
NOT_VO = ",".join(level for level in LEVELS if level != "swv_vo")  # primary school indicators


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    domain: str  # jeugdhulp | onderwijs | context
    label: str
    unit: str  # pct | per_1000 | count
    definition: str
    numerator_label: str
    denominator_label: str | None
    higher_is_better: bool | None  # None: no judgement (e.g. use of care is neither good nor bad)
    source: str
    source_table: str
    period_type: str  # year | school_year
    denominator_population: str | None  # one of POPULATION_GROUPS, or None
    trend_break: int | None = None  # first period year that is not comparable with earlier ones
    comparability: str = ""
    decimals: int = 1  # shown precision: 2 where values lie around 1 (0,29% not 0,3%)
    # Levels the indicator is shown for, comma-separated (text, so the warehouse view and
    # pandas carry it as is): an SWV PO gets no VO indicators, an SWV VO no PO ones.
    levels: str = ALL_LEVELS
    judged: bool = True  # judged against other regions; False for counts (population)
    # Demo generator: national level to follow. `demo_series` names a series in
    # data/national_figures.csv (real, published); `demo_level` is used where no public
    # national series is shipped, and `demo_basis` says where that level comes from.
    demo_series: str | None = None
    demo_series_kind: str = "rate"  # rate (in the indicator's unit) | count (national total)
    demo_level: float | None = None
    demo_basis: str = ""
    demo_group: str | None = None  # indicators drawn together from one total (referrers)
    size_effect: float = 0.0  # how strongly the rate rises with gemeente size (log-scale slope)
    sort_order: int = 0

    @property
    def scale(self) -> int:
        return {"pct": 100, "per_1000": 1000, "count": 1}[self.unit]


_CBS_JEUGD = "CBS Beleidsinformatie Jeugd"
_CBS_ROUNDING = (
    "CBS rondt aantallen op gemeenteniveau af op veelvouden van 5 en houdt kleine aantallen "
    "(0-7) geheim."
)
_BREAK_2021 = (
    "Vanaf 2021 leveren meer jeugdhulpaanbieders gegevens aan: cijfers vanaf 2021 zijn niet "
    "vergelijkbaar met 2015-2020 (trendbreuk)."
)
_LEERPLICHT = "Leerplichttelling (OCW/Ingrado), DUO verzuimoverzichten"
_LEERPLICHT_NOTE = (
    "Registratie van verzuim verschilt per gemeente; lokale registraties kunnen afwijken van "
    "landelijke tellingen."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "jeugdhulp", "jeugdhulp", "Jongeren met jeugdhulp", "pct",
        "Aantal jongeren met jeugdhulp (in natura of pgb) in het jaar, zoals CBS ze telt in "
        "'Jongeren met jeugdzorg' (vorm 'JH 1 Totaal jeugdhulp'; CBS telt jongeren tot 23 jaar), "
        "per 100 inwoners van 0-17 jaar op 1 januari van dat jaar.",
        "jongeren met jeugdhulp (JH 1)", "inwoners 0-17 jaar op 1 januari", None,
        _CBS_JEUGD, "84134NED, 85099NED; controle 85098NED", "year", "0_17", trend_break=2021,
        comparability=f"{_BREAK_2021} {_CBS_ROUNDING} CBS' eigen percentage (85098NED) telt "
        "alleen jeugdhulp in natura van jongeren tot 18 jaar en valt daardoor iets lager uit; "
        "de build vergelijkt beide en meldt verschillen groter dan de afronding.",
        demo_series="jeugdzorg_pct_tot18_incl_pgb",
        demo_basis="landelijk niveau volgt de NJi-reeks jeugdzorg < 18 jaar (incl. pgb)",
        size_effect=0.08, sort_order=10,
    ),
    Indicator(
        "jeugdhulp_verblijf", "jeugdhulp", "Jongeren met jeugdhulp met verblijf", "pct",
        "Aantal jongeren met jeugdhulp met verblijf (pleegzorg, gezinshuis, residentieel) in het "
        "jaar (CBS 'Jongeren met jeugdzorg', vorm 'JH 122 Totaal jeugdhulp met verblijf'; "
        "jongeren tot 23 jaar), per 100 inwoners van 0-17 jaar op 1 januari van dat jaar.",
        "jongeren met jeugdhulp met verblijf (JH 122)", "inwoners 0-17 jaar op 1 januari", None,
        _CBS_JEUGD, "84134NED, 85099NED; controle 85098NED", "year", "0_17", trend_break=2021,
        comparability=f"{_BREAK_2021} {_CBS_ROUNDING} Let op: het percentage verblijf in "
        "CBS-tabel 85098NED is een aandeel van de jongeren mét jeugdhulp, niet van alle "
        "jongeren; de build controleert het als JH 122 / JH 1.",
        demo_level=1.2,
        demo_basis="CBS Jeugdmonitor 2024: 41 duizend jongeren met verblijf in 2023, op ca. "
        "3,4 mln inwoners van 0-17 jaar",
        size_effect=0.10, decimals=2, sort_order=20,
    ),
    Indicator(
        "jeugdbescherming", "jeugdhulp", "Jongeren met jeugdbescherming", "pct",
        "Aantal jongeren met een jeugdbeschermingsmaatregel (ondertoezichtstelling of voogdij) "
        "in het jaar (CBS 'Jongeren met jeugdzorg', vorm 'JB 1 Totaal jeugdbescherming'), per "
        "100 inwoners van 0-17 jaar op 1 januari van dat jaar.",
        "jongeren met jeugdbescherming (JB 1)", "inwoners 0-17 jaar op 1 januari", False,
        _CBS_JEUGD, "84134NED, 85099NED; controle 85098NED", "year", "0_17",
        comparability=_CBS_ROUNDING,
        demo_level=1.1,
        demo_basis="CBS 85098NED, Nederland 2023: 1,1% (bijna 36 duizend jongeren)",
        size_effect=0.15, decimals=2, sort_order=30,
    ),
    Indicator(
        "jeugdreclassering", "jeugdhulp", "Jongeren met jeugdreclassering", "pct",
        "Aantal jongeren van 12-22 jaar met een jeugdreclasseringsmaatregel in het jaar (CBS "
        "'Jongeren met jeugdzorg', vorm 'JR 1 Totaal jeugdreclassering'), per 100 inwoners van "
        "12-22 jaar op 1 januari van dat jaar.",
        "jongeren met jeugdreclassering (JR 1)", "inwoners 12-22 jaar op 1 januari", False,
        _CBS_JEUGD, "84134NED, 85099NED; controle 85098NED", "year", "12_22",
        comparability=f"{_CBS_ROUNDING} Zonder CBS-verbinding is de noemer 12-22 jaar geschat "
        "uit 5-jaarsklassen (3/5 x 10-14 + 15-19 + 3/5 x 20-24).",
        demo_level=0.3,
        demo_basis="CBS 85098NED, Nederland 2023: 0,3% (ca. 8 duizend jongeren van 12-22 jaar)",
        size_effect=0.25, decimals=2, sort_order=40,
    ),
    Indicator(
        "verwijzer_gemeente", "jeugdhulp", "Verwijzing via gemeentelijke toegang", "pct",
        "Begonnen jeugdhulptrajecten in natura waarvoor de gemeentelijke toegang (wijkteam, "
        "jeugdteam) verwees, per 100 begonnen jeugdhulptrajecten in natura (CBS 85097NED, "
        "'Totaal begonnen trajecten', alle verwijzers).",
        "trajecten via gemeentelijke toegang", "alle begonnen jeugdhulptrajecten", None,
        _CBS_JEUGD, "85097NED", "year", None, trend_break=2021,
        comparability=f"{_BREAK_2021} {_CBS_ROUNDING}",
        demo_level=40.0, demo_group="verwijzer",
        demo_basis="geen landelijk cijfer meegeleverd; voorbeeldniveau",
        size_effect=-0.05, sort_order=50,
    ),
    Indicator(
        "verwijzer_huisarts", "jeugdhulp", "Verwijzing via huisarts", "pct",
        "Begonnen jeugdhulptrajecten in natura waarvoor de huisarts verwees, per 100 "
        "begonnen jeugdhulptrajecten in natura (CBS 85097NED, 'Totaal begonnen trajecten').",
        "trajecten via huisarts", "alle begonnen jeugdhulptrajecten", None,
        _CBS_JEUGD, "85097NED", "year", None, trend_break=2021,
        comparability=f"{_BREAK_2021} {_CBS_ROUNDING}",
        demo_level=30.0, demo_group="verwijzer",
        demo_basis="geen landelijk cijfer meegeleverd; voorbeeldniveau",
        size_effect=0.05, sort_order=60,
    ),
    Indicator(
        "verwijzer_jeugdarts", "jeugdhulp", "Verwijzing via jeugdarts", "pct",
        "Begonnen jeugdhulptrajecten in natura waarvoor de jeugdarts (JGZ) verwees, per 100 "
        "begonnen jeugdhulptrajecten in natura (CBS 85097NED, 'Totaal begonnen trajecten').",
        "trajecten via jeugdarts", "alle begonnen jeugdhulptrajecten", None,
        _CBS_JEUGD, "85097NED", "year", None, trend_break=2021,
        comparability=f"{_BREAK_2021} {_CBS_ROUNDING}",
        demo_level=4.0, demo_group="verwijzer",
        demo_basis="geen landelijk cijfer meegeleverd; voorbeeldniveau",
        sort_order=70,
    ),
    Indicator(
        "verwijzer_medisch_specialist", "jeugdhulp", "Verwijzing via medisch specialist", "pct",
        "Begonnen jeugdhulptrajecten in natura waarvoor een medisch specialist verwees, per 100 "
        "begonnen jeugdhulptrajecten in natura (CBS 85097NED, 'Totaal begonnen trajecten').",
        "trajecten via medisch specialist", "alle begonnen jeugdhulptrajecten", None,
        _CBS_JEUGD, "85097NED", "year", None, trend_break=2021,
        comparability=f"{_BREAK_2021} {_CBS_ROUNDING}",
        demo_level=9.0, demo_group="verwijzer",
        demo_basis="geen landelijk cijfer meegeleverd; voorbeeldniveau",
        size_effect=0.05, sort_order=80,
    ),
    Indicator(
        "verwijzer_gi", "jeugdhulp", "Verwijzing via gecertificeerde instelling", "pct",
        "Begonnen jeugdhulptrajecten in natura waarvoor een gecertificeerde instelling "
        "(jeugdbescherming, jeugdreclassering) verwees, per 100 begonnen jeugdhulptrajecten in "
        "natura (CBS 85097NED, 'Totaal begonnen trajecten').",
        "trajecten via gecertificeerde instelling", "alle begonnen jeugdhulptrajecten", None,
        _CBS_JEUGD, "85097NED", "year", None, trend_break=2021,
        comparability=f"{_BREAK_2021} {_CBS_ROUNDING}",
        demo_level=8.0, demo_group="verwijzer",
        demo_basis="geen landelijk cijfer meegeleverd; voorbeeldniveau",
        size_effect=0.1, sort_order=90,
    ),
    Indicator(
        "verwijzer_overig", "jeugdhulp", "Verwijzing via overige verwijzers", "pct",
        "Begonnen jeugdhulptrajecten in natura verwezen door rechter of officier van justitie, "
        "zonder verwijzer of met onbekende verwijzer, per 100 begonnen jeugdhulptrajecten in "
        "natura (CBS 85097NED, 'Totaal begonnen trajecten').",
        "trajecten via overige verwijzers", "alle begonnen jeugdhulptrajecten", None,
        _CBS_JEUGD, "85097NED", "year", None, trend_break=2021,
        comparability=f"{_BREAK_2021} {_CBS_ROUNDING}",
        demo_level=9.0, demo_group="verwijzer",
        demo_basis="geen landelijk cijfer meegeleverd; voorbeeldniveau",
        sort_order=100,
    ),
    Indicator(
        "absoluut_verzuim", "onderwijs", "Absoluut verzuim", "per_1000",
        "Leerplichtige kinderen (5-17 jaar) die niet op een school staan ingeschreven en geen "
        "vrijstelling hebben, per 1.000 kinderen van 5-17 jaar.",
        "absoluut verzuimers", "kinderen 5-17 jaar", False,
        _LEERPLICHT, "Leerplichttelling", "school_year", "5_17",
        comparability=_LEERPLICHT_NOTE,
        demo_series="absoluut_verzuim", demo_series_kind="count",
        demo_basis="landelijk niveau volgt de gepubliceerde reeks absoluut verzuim "
        "(Leerplichttelling)",
        size_effect=0.15, sort_order=110,
    ),
    Indicator(
        "relatief_verzuim", "onderwijs", "Relatief verzuim", "per_1000",
        "Ingeschreven leerlingen die zonder geldige reden afwezig zijn en bij de "
        "leerplichtambtenaar zijn gemeld, per 1.000 kinderen van 5-17 jaar.",
        "leerlingen met relatief verzuim", "kinderen 5-17 jaar", False,
        _LEERPLICHT, "Leerplichttelling", "school_year", "5_17",
        comparability=_LEERPLICHT_NOTE,
        demo_level=25.0,
        demo_basis="geen landelijk cijfer meegeleverd; voorbeeldniveau",
        size_effect=0.10, sort_order=120,
    ),
    Indicator(
        "thuiszitters_4wk", "onderwijs", "Thuiszitters langer dan 4 weken", "per_1000",
        "Ingeschreven leerplichtigen die langer dan 4 weken zonder vrijstelling verzuimen "
        "(langdurig relatief verzuim), per 1.000 kinderen van 5-17 jaar.",
        "thuiszitters > 4 weken", "kinderen 5-17 jaar", False,
        _LEERPLICHT, "Leerplichttelling", "school_year", "5_17",
        comparability=_LEERPLICHT_NOTE,
        demo_series="langdurig_relatief_verzuim", demo_series_kind="count",
        demo_basis="landelijk niveau volgt de gepubliceerde reeks langdurig relatief verzuim",
        size_effect=0.10, sort_order=130,
    ),
    Indicator(
        "thuiszitters_3mnd", "onderwijs", "Thuiszitters langer dan 3 maanden", "per_1000",
        "Ingeschreven leerplichtigen die langer dan 3 maanden thuiszitten zonder passend "
        "aanbod (OCW-definitie), per 1.000 kinderen van 5-17 jaar.",
        "thuiszitters > 3 maanden", "kinderen 5-17 jaar", False,
        _LEERPLICHT, "Leerplichttelling; Dashboard Passend Onderwijs", "school_year", "5_17",
        comparability=_LEERPLICHT_NOTE,
        demo_series="thuiszitters_gt3mnd", demo_series_kind="count",
        demo_basis="landelijk niveau volgt het gepubliceerde cijfer (ruim 4.300 in 2020/2021, "
        "Kamerbrief); andere jaren op dat niveau",
        size_effect=0.10, sort_order=140,
    ),
    Indicator(
        "vrijstelling_5a", "onderwijs", "Vrijstellingen artikel 5 onder a", "per_1000",
        "Kinderen met een vrijstelling van de leerplicht op grond van lichamelijke of psychische "
        "ongeschiktheid (art. 5 sub a Leerplichtwet), per 1.000 kinderen van 5-17 jaar.",
        "kinderen met vrijstelling 5a", "kinderen 5-17 jaar", False,
        "DUO vrijstellingenregister; Leerplichttelling", "Leerplichttelling", "school_year",
        "5_17", comparability=_LEERPLICHT_NOTE,
        demo_series="vrijstelling_5a", demo_series_kind="count",
        demo_basis="landelijk niveau volgt de gepubliceerde reeks vrijstellingen 5a",
        sort_order=150,
    ),
    Indicator(
        "vsv", "onderwijs", "Voortijdig schoolverlaters", "pct",
        "Nieuwe voortijdig schoolverlaters (12-22 jaar, het onderwijs verlaten zonder "
        "startkwalificatie: havo, vwo of mbo-2) in het schooljaar, per 100 leerlingen in vo, "
        "mbo en vavo, beide naar woongemeente (CBS 84780NED: VoortijdigSchoolverlaters over "
        "Leerlingen, geslacht totaal).",
        "nieuwe voortijdig schoolverlaters", "leerlingen (deelnemers vo, mbo, vavo)", False,
        "DUO; CBS", "84780NED", "school_year", "12_22",
        comparability="CBS en DUO delen door het aantal deelnemers; de demonstratieset benadert "
        "dat met de inwoners van 12-22 jaar (1 januari 2021).",
        demo_series="vsv_pct",
        demo_basis="landelijk niveau volgt de gepubliceerde reeks vsv-percentage (NJi/DUO)",
        size_effect=0.15, levels=NOT_PO, sort_order=160,
    ),
    Indicator(
        "deelname_sbo", "onderwijs", "Deelname speciaal basisonderwijs", "pct",
        "Leerlingen in het speciaal basisonderwijs (sbo) op 1 oktober als percentage van de "
        "leerlingen in het primair onderwijs (bao + sbo), hier benaderd met kinderen van "
        "4-11 jaar.",
        "leerlingen sbo", "kinderen 4-11 jaar", None,
        "DUO", "Leerlingen per samenwerkingsverband", "school_year", "4_11",
        comparability="DUO telt sbo-leerlingen bij het SWV van de school (het SWV dat de TLV "
        "afgaf), niet bij de woongemeente.",
        demo_level=2.4, demo_basis="orde van grootte 2019/2020: sbo ca. 2,4%",
        levels=NOT_VO, sort_order=170,
    ),
    Indicator(
        "deelname_so", "onderwijs", "Deelname speciaal onderwijs (so)", "pct",
        "Leerlingen in het speciaal onderwijs (so) op 1 oktober als percentage van de "
        "leerlingen in het primair onderwijs, hier benaderd met kinderen van 4-11 jaar.",
        "leerlingen so", "kinderen 4-11 jaar", None,
        "DUO", "Leerlingen per samenwerkingsverband", "school_year", "4_11",
        comparability="Geteld bij het SWV van de school.",
        demo_level=2.2, demo_basis="orde van grootte 2019/2020: so ca. 2,2%",
        size_effect=0.05, levels=NOT_VO, sort_order=180,
    ),
    Indicator(
        "deelname_vso", "onderwijs", "Deelname voortgezet speciaal onderwijs", "pct",
        "Leerlingen in het voortgezet speciaal onderwijs (vso) op 1 oktober als percentage van "
        "de leerlingen in het voortgezet onderwijs, hier benaderd met jongeren van 12-17 jaar.",
        "leerlingen vso", "jongeren 12-17 jaar", None,
        "DUO", "Leerlingen per samenwerkingsverband", "school_year", "12_17",
        comparability="Geteld bij het SWV van de school.",
        demo_level=3.8, demo_basis="orde van grootte 2019/2020: vso ca. 3,8%",
        size_effect=0.05, levels=NOT_PO, sort_order=190,
    ),
    Indicator(
        "leerlingenvervoer", "onderwijs", "Leerlingenvervoer", "pct",
        "Leerlingen met gemeentelijk leerlingenvervoer als percentage van de kinderen van "
        "4-17 jaar (benaderd met 5-17 jaar).",
        "leerlingen met leerlingenvervoer", "kinderen 5-17 jaar", None,
        "Monitor Leerlingenvervoer", "Monitor Leerlingenvervoer", "school_year", "5_17",
        comparability="Gemeenten registreren leerlingenvervoer verschillend.",
        demo_level=3.0, demo_basis="orde van grootte: ca. 3% van de leerlingen",
        size_effect=-0.15, sort_order=200,
    ),
    Indicator(
        "jeugdpopulatie", "context", "Jongeren 0-17 jaar", "count",
        "Aantal inwoners van 0-17 jaar op 1 januari. Met CBS-verbinding: de som van de "
        "leeftijden 0 t/m 17 jaar per jaar (CBS 03759ned). Zonder (demonstratieset): alleen "
        "1 januari 2021, afgeleid uit 5-jaarsklassen (0-14 plus drie vijfde van 15-19 jaar), per "
        "postcodegebied geteld en naar gemeente opgeteld.",
        "inwoners 0-17 jaar", None, None,
        "CBS Bevolking (03759ned; demonstratieset: bevolking per postcode via certegis)",
        "03759ned / 83502NED", "year", None,
        comparability="De benadering uit 5-jaarsklassen wijst postcodegebieden die een "
        "gemeentegrens kruisen in hun geheel toe; afwijking tot ca. 1%.",
        decimals=0, judged=False, sort_order=300,
    ),
)

BY_ID: dict[str, Indicator] = {i.indicator_id: i for i in INDICATORS}


def catalogue_rows() -> list[dict]:
    """The catalogue as plain rows, for writing into the warehouse."""
    rows = []
    for ind in INDICATORS:
        row = asdict(ind)
        row["scale"] = ind.scale
        rows.append(row)
    return rows
