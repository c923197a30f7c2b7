"""The targets in the agreement form: one fieldset per target slot (indicator, basisperiode,
the baseline from the warehouse shown read-only, streefwaarde, streefperiode, mijlpalen), and
the live preview of a slot: its baseline in words and the trajectory chart as typed."""

from __future__ import annotations

from dash import dcc, html

from dashboard import formatting, ids, queries
from dashboard.afspraken import overview, validation
from dashboard.components.chart import GRAPH_CONFIG
from dashboard.figures import agreements as figures
from dashboard.pages.afspraken import common, targets_view
from dashboard.pages.afspraken import form_fields as ff

FORM = "afspraak-form"
FIELDS = ("indicator_id", "baseline_period", "target_value", "target_period", "milestones")
NEW_SLOTS = 5   # a new agreement gets up to five targets in the form


def number_text(value) -> str:
    """12.5 -> '12,5' (as a user would type it back)."""
    if formatting.is_missing(value):
        return ""
    return f"{float(value):.6f}".rstrip("0").rstrip(".").replace(".", ",")


def milestones_text(milestones: list[dict]) -> str:
    return "\n".join(f"{m['period']}: {number_text(m['value'])}" for m in milestones or [])


def slot(i: int, target: dict | None, *, hidden: bool) -> html.Fieldset:
    """Target slot `i`, filled from a stored or prefilled target."""
    t = target or {}

    def tid(name: str):
        return ids.afspraak_target(name, i)

    def err(name: str) -> str:
        return f"targets[{i}].{name}"

    baseline_label = ids.page(FORM, f"baseline-label-{i}")
    return html.Fieldset([
        html.Legend(f"Doel {i + 1}"),
        html.Div([
            ff.field(FORM, err("indicator_id"), "Indicator",
                     ff.text_input(tid("indicator_id"), ff.indicator_text(t.get("indicator_id")),
                                   list_id=ids.page(FORM, "indicators")),
                     hint="Typ een deel van de naam en kies uit de lijst."),
            ff.field(FORM, err("baseline_period"), "Basisperiode",
                     ff.text_input(tid("baseline_period"), t.get("baseline_period") or "",
                                   list_id=ids.page(FORM, "periods")),
                     hint="Bijvoorbeeld 2023 of 2022/2023."),
            ff.field(FORM, err("target_value"), "Streefwaarde",
                     ff.text_input(tid("target_value"), number_text(t.get("target_value")),
                                   inputMode="decimal"), hint="Bijvoorbeeld 10,5."),
            ff.field(FORM, err("target_period"), "Streefperiode",
                     ff.text_input(tid("target_period"), t.get("target_period") or "",
                                   list_id=ids.page(FORM, "periods"))),
        ], className="target-grid"),
        html.Div([
            html.Span("Basiswaarde (uit de cijfers, niet te wijzigen)", id=baseline_label,
                      className="control-label"),
            html.Div(id=ids.afspraak_target_part("baseline", i), className="baseline-box",
                     role="status", **{"aria-labelledby": baseline_label}),
            ff.error_box(FORM, err("baseline_value")),
        ], className="form-field"),
        ff.field(FORM, err("milestones"), "Mijlpalen (optioneel)",
                 ff.textarea(tid("milestones"), milestones_text(t.get("milestones")), rows=3),
                 hint="Eén per regel: periode, dubbele punt, waarde. Bijvoorbeeld 2025: 12,0"),
        html.Div(id=ids.afspraak_target_part("preview", i), className="target-preview"),
        html.Button("Dit doel weghalen", id=ids.afspraak_target_part("remove", i), n_clicks=0,
                    type="button", className="action-button"),
    ], id=ids.afspraak_target_part("fieldset", i), hidden=hidden, className="target-fieldset")


def slots(targets: list[dict]) -> list[html.Fieldset]:
    """Every slot: the stored targets shown, then empty hidden ones up to NEW_SLOTS (at least
    one slot is shown)."""
    count = max(NEW_SLOTS, len(targets))
    shown = max(1, len(targets))
    return [slot(i, targets[i] if i < len(targets) else None, hidden=i >= shown)
            for i in range(count)]


def draft(values: dict) -> dict:
    """A target as typed (field -> text), indicator read from its label."""
    return {"indicator_id": ff.indicator_id(values.get("indicator_id")),
            "baseline_period": (values.get("baseline_period") or "").strip(),
            "target_value": (values.get("target_value") or "").strip(),
            "target_period": (values.get("target_period") or "").strip(),
            "milestones": values.get("milestones") or ""}


def keep_baseline(target: dict, stored: dict | None, region: str, stored_region: str | None):
    """The stored baseline (value and flags) stays when indicator, period and region are the
    same: a rebuilt warehouse never changes an agreed baseline."""
    if stored and region == stored_region and stored.get("baseline_value") is not None \
            and target["indicator_id"] == stored.get("indicator_id") \
            and target["baseline_period"] == stored.get("baseline_period"):
        return {**target, "baseline_value": stored["baseline_value"],
                "baseline_flags": dict(stored.get("baseline_flags") or {})}
    return target


def preview(region_text: str | None, values: dict, stored: dict | None,
            stored_region: str | None) -> tuple:
    """(baseline words, chart or hint) of one slot as typed."""
    t = draft(values)
    ind = queries.indicator(t["indicator_id"] or "")
    if ind is None:
        return ("Kies eerst een indicator.", None)
    region = ff.region_code(region_text)
    t = keep_baseline(t, stored, region, stored_region)
    clean, errors = validation.agreement({"title": "voorbeeld", "region_code": region,
                                          "targets": [t]},
                                         werkgebied_members=common.werkgebied_members)
    c = clean["targets"][0]
    region_ok = not any(f == "region_code" for f, _ in errors)
    if c.get("baseline_value") is not None:
        words = targets_view.baseline_words(c, ind)
        flags = c.get("baseline_flags") or {}
        if flags.get("source") != "opgegeven" and not (flags.get("build_id")
                                                       or flags.get("taken_at")):
            built = common.nl_date(str(queries.build_info()["built_at"]))
            words += f" — ontleend aan de cijfers van {built}"
    else:
        words = next((m for f, m in errors if f in ("targets[0].baseline_value",
                                                    "targets[0].baseline_period",
                                                    "region_code")),
                     "Vul de regio en de basisperiode in.")
    rows = overview.series([{"region_code": region, "targets": [c]}]).get(
        (region, c["indicator_id"]), []) if region_ok else []
    demo = bool(queries.build_info()["contains_demo"])
    figure = figures.trajectory_spec(rows, c, indicator=ind,
                                     region_name=common.region_name(region) if region_ok
                                     else "regio", demo=demo, height=320)
    return (words, html.Div([
        html.P(f"Voorbeeld: {ind['label']} tegen het traject zoals u het nu invult.",
               className="caption"),
        dcc.Graph(figure=figure, config=GRAPH_CONFIG, style={"height": "320px"}),
    ]))
