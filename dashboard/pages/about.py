"""`/over`: what every figure means and where it comes from — per indicator its definition,
source, status, classification year, disclosure and comparability notes (anchor `#<id>`), an
honest account of the demonstration figures (`#voorbeeldcijfers`), how regions are computed,
and the build information."""

from __future__ import annotations

import json

import dash
import pandas as pd
from dash import dcc, html

from dashboard import formatting, queries, verdict

dash.register_page(__name__, path="/over", title="Over de cijfers", name="Over de cijfers")

UNIT_TEXT = {"pct": "percentage (%)", "per_1000": "per 1.000", "count": "aantal"}
LEVEL_TEXT = {"gemeente": "gemeenten", "swv_po": "SWV's primair onderwijs",
              "swv_vo": "SWV's voortgezet onderwijs", "jeugdregio": "jeugdregio's",
              "rmc": "RMC-regio's", "provincie": "provincies", "grootteklasse": "grootteklassen",
              "nederland": "Nederland"}


def _levels_text(levels) -> str:
    """'alle niveaus' or 'alle niveaus behalve SWV's primair onderwijs'."""
    shown = [lv for lv in verdict.RESTRICTABLE_LEVELS
             if verdict.applies({"levels": levels}, lv)]
    left_out = [LEVEL_TEXT[lv] for lv in verdict.RESTRICTABLE_LEVELS if lv not in shown]
    return "alle niveaus" + (f" behalve {' en '.join(left_out)}" if left_out else "")


def _direction(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "neutraal: hoger of lager is op zich niet beter of slechter"
    return "hoger is gunstiger" if bool(value) else "lager is gunstiger"


def _text(value, empty: str = "—") -> str:
    return empty if value is None or (isinstance(value, float) and pd.isna(value)) or \
        value == "" else str(value)


def _indicator_section(ind: dict, cov: dict, year: int) -> html.Section:
    period = (f"{formatting.period(cov['first_period'])} t/m "
              f"{formatting.period(cov['last_period'])} ({cov['n_periods']} perioden)"
              if cov else "geen gegevens")
    trend_break = ind.get("trend_break")
    rows = [
        ("Definitie", ind["definition"]),
        ("Teller", _text(ind.get("numerator_label"))),
        ("Noemer", _text(ind.get("denominator_label"), "geen (een aantal)")),
        ("Eenheid", UNIT_TEXT.get(ind["unit"], ind["unit"])),
        ("Richting", _direction(ind.get("higher_is_better"))),
        ("Bron", f"{ind['source']} — tabel {ind['source_table']}"),
        ("Perioden", period),
        ("Status", f"laatste periode {cov['last_status']}; eerdere perioden definitief"
         if cov and cov.get("last_status") == "voorlopig" else _text(cov and cov.get(
             "last_status"))),
        ("Indeling", f"gemeentelijke indeling {year}; oudere jaren terugberekend"),
        ("Trendbreuk", f"vanaf {int(trend_break)}: niet vergelijkbaar met eerdere jaren"
         if trend_break is not None and not pd.isna(trend_break) else "geen"),
        ("Geheimhouding", "kleine aantallen (0-7) geheim, aantallen afgerond op 5; een "
         "regiototaal met geheime leden staat als marge (bijvoorbeeld 1,3–1,4%)"),
        ("Getoond voor", _levels_text(ind.get("levels"))),
        ("Oordeel", "hoger, lager of vergelijkbaar met andere regio's, alleen als de hele marge "
         "aan één kant ligt" if verdict.judged(ind) else
         "geen: een aantal zegt vooral iets over de grootte van de regio"),
        ("Vergelijkbaarheid", _text(ind.get("comparability"))),
        ("Basis voorbeeldcijfers", _text(ind.get("demo_basis"), "—")),
    ]
    return html.Section([
        html.H3(ind["label"]),
        html.Dl([part for term, desc in rows for part in (html.Dt(term), html.Dd(desc))]),
        html.P(dcc.Link(f"Bekijk {ind['label'].lower()} op de kaart en in de tijd",
                        href=f"/indicator/{ind['indicator_id']}")),
    ], id=ind["indicator_id"])


def _demo_section(info: dict) -> html.Section:
    shown = "Deze monitor bevat nu voorbeeldcijfers." if info["contains_demo"] else (
        "Deze monitor bevat nu geen voorbeeldcijfers; deze uitleg geldt alleen als de "
        "voorbeeldset wordt gebruikt.")
    return html.Section([
        html.H2("Voorbeeldcijfers"),
        html.P(shown, className="notice"),
        html.P("De voorbeeldcijfers zijn gegenereerd om de monitor te laten zien; het is geen "
               "officiële statistiek. Ze zijn gemaakt over de echte gemeenten, de echte "
               "indeling van samenwerkingsverbanden, jeugdregio's en RMC-regio's en de echte "
               "bevolking per postcodegebied."),
        html.Ul([
            html.Li("Het landelijke niveau volgt waar mogelijk een gepubliceerde landelijke reeks; "
                    "per indicator staat hieronder bij ‘Basis voorbeeldcijfers’ welke reeks, of "
                    "welke orde van grootte is gebruikt."),
            html.Li("De spreiding tussen gemeenten is verzonnen: een vaste toevalsreeks met "
                    "verschillen naar grootte, jeugdregio en een gedeelde ‘zorgbehoefte’, een "
                    "langzame ontwikkeling in de tijd en een sprong bij de trendbreuk van 2021."),
            html.Li("De cijfers worden gepubliceerd zoals CBS dat doet: aantallen 0-7 geheim, "
                    "andere aantallen afgerond op 5, de laatste periode voorlopig."),
            html.Li("Trek uit deze cijfers geen conclusies over een echte gemeente of regio."),
        ]),
    ], id="voorbeeldcijfers")


def _method_section() -> html.Section:
    return html.Section([
        html.H2("Hoe de cijfers voor regio's worden berekend"),
        html.H3("Optellen, niet middelen"),
        html.P("Elk cijfer boven de gemeente (SWV, jeugdregio, RMC-regio, provincie, "
               "grootteklasse, Nederland) is de som van de tellers gedeeld door de som van de "
               "noemers van de gemeenten, nooit het gemiddelde van hun percentages. Een regio "
               "krijgt alleen een cijfer als elke gemeente heeft gerapporteerd."),
        html.H3("Gesplitste gemeenten"),
        html.P("Ongeveer een dozijn gemeenten ligt in meer dan één samenwerkingsverband (de "
               "wettelijke indeling gaat per postcodegebied). Zo'n gemeente telt in elk SWV mee "
               "met een gewicht: het aandeel van haar jeugd (0-17 jaar) dat in de "
               "postcodegebieden van dat SWV woont. De gewichten van één gemeente tellen op tot 1. "
               "Op de kaart staat een gesplitste gemeente in het SWV met haar grootste deel."),
        html.H3("Terugberekenen naar de nieuwste indeling"),
        html.P("Gemeenten fuseren bijna elk jaar. Om doorlopende lijnen te tonen zijn oudere "
               "jaren terugberekend naar de nieuwste gemeentelijke indeling: de aantallen van "
               "samengevoegde gemeenten worden opgeteld, en een opgedeelde gemeente wordt "
               "verdeeld naar het aandeel van haar jeugd in elke opvolger. Een percentage wordt "
               "daarna opnieuw uit teller en noemer berekend. Onder elke grafiek staat welke "
               "indeling is gebruikt."),
        html.H3("Geheimhouding"),
        html.P("Een geheim gemeentecijfer ligt tussen 0 en 7 (de regel van CBS). Een "
               "regiototaal met geheime gemeenten ligt daarom tussen twee grenzen: de som van "
               "de gepubliceerde gemeenten, en die som plus 7 voor elke geheime gemeente. De "
               "monitor toont die marge (‘1,3–1,4%’), of één cijfer als beide grenzen op de "
               "getoonde decimalen gelijk zijn; ‘≥’ staat er alleen waar geen bovengrens bekend "
               "is. Omdat elk regiototaal alleen uit gepubliceerde gemeentecijfers en deze regel "
               "bestaat, kan een geheim cijfer niet worden teruggerekend door andere gemeenten "
               "van het totaal af te trekken. Geheime cijfers staan in grafieken en tabellen als "
               "‘geheim (< 8)’, nooit als 0."),
        html.H3("Oordelen"),
        html.P("‘Hoger dan’, ‘lager dan’ of ‘vergelijkbaar met’ een andere regio staat er "
               "alleen als de hele marge van beide cijfers aan één kant ligt (met 5% speling "
               "voor afronding); anders staat er ‘niet te beoordelen’. Het oordeel noemt de "
               "regio waarmee is vergeleken. Aantallen, zoals het aantal jongeren, krijgen geen "
               "oordeel en geen positie."),
    ], id="methode")


def _build_section(info: dict) -> html.Section:
    sources = json.loads(info["sources"] or "{}") if isinstance(info["sources"], str) else (
        info["sources"] or {})
    own = json.loads(info["own_files"] or "{}") if isinstance(info["own_files"], str) else (
        info["own_files"] or {})
    files = [(name, digest, "basisbestand") for name, digest in sorted(sources.items())] + [
        (name, digest, "eigen registratie") for name, digest in sorted(own.items())]
    built = pd.Timestamp(info["built_at"])
    rows = [("Gebouwd op", f"{formatting.date_long(built)}, {built:%H:%M} uur (UTC)"),
            ("Basisbron", str(info["base_source"])),
            ("Codeversie", str(info["code_version"])),
            ("Bevat voorbeeldcijfers", "ja" if info["contains_demo"] else "nee"),
            ("Nieuwste gemeentelijke indeling", str(info["latest_classification_year"]))]
    return html.Section([
        html.H2("Over deze versie van de gegevens"),
        html.Dl([part for term, desc in rows for part in (html.Dt(term), html.Dd(desc))]),
        html.Table([
            html.Caption("Bronbestanden met hun SHA-256-controlegetal"),
            html.Thead(html.Tr([html.Th("Bestand", scope="col"), html.Th("Soort", scope="col"),
                                html.Th("SHA-256", scope="col")])),
            html.Tbody([html.Tr([html.Td(name), html.Td(kind), html.Td(html.Code(digest))])
                        for name, digest, kind in files]),
        ], className="data"),
    ], id="versie")


def layout(**_query) -> html.Div:
    info = queries.build_info()
    year = queries.latest_classification_year()
    catalogue = queries.indicators()
    coverage = {r["indicator_id"]: r for r in queries.indicator_coverage().to_dict("records")}
    return html.Div([
        html.H1("Over de cijfers"),
        html.P("Wat elk cijfer betekent, waar het vandaan komt en hoe regiocijfers worden "
               "berekend. Onder elke grafiek in de monitor staan bron, periode, indeling en "
               "status; hier staat de uitleg daarbij."),
        html.Nav(html.Ul([html.Li(html.A(label, href=f"#{i}")) for i, label in (
            ("voorbeeldcijfers", "Voorbeeldcijfers"), ("methode", "Hoe regiocijfers worden "
                                                       "berekend"),
            ("indicatoren", "De indicatoren"), ("versie", "Over deze versie van de gegevens"))]),
            className="toc", **{"aria-label": "Op deze pagina"}),
        _demo_section(info),
        _method_section(),
        html.Section([
            html.H2("De indicatoren"),
            html.Ul([html.Li(html.A(r["label"], href=f"#{r['indicator_id']}"))
                     for r in catalogue.to_dict("records")], className="toc"),
            *[_indicator_section(r, coverage.get(r["indicator_id"]), year)
              for r in catalogue.to_dict("records")],
        ], id="indicatoren"),
        _build_section(info),
    ], className="about-page")
