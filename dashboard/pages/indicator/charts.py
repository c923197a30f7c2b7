"""Each part of the indicator page as a function of a `View`: the map, the distribution, the
trend (with the targets of the chosen region's agreements, see `notes`) and the table (with
its duiding count and downloads), each returned as the values `components.chart.chart_values`
(or the table block) expects, so the first render and the callbacks share one code path. The
charts' stores hold the view's key (`key`); `export` builds a download from it again."""

from __future__ import annotations

import functools
from html import escape
from types import SimpleNamespace

import pandas as pd
from dash import html

from dashboard import cache, figures, formatting, ids, queries, verdict
from dashboard.components import chart
from dashboard.components import duiding as dn
from dashboard.export import registry
from dashboard.export.components import table_exports
from dashboard.pages.indicator import notes
from dashboard.pages.indicator.state import LEVEL_PLURAL, SORTS, View, href, parse

PAGE = "indicator"
MAP_HEIGHT, DISTRIBUTION_HEIGHT, TREND_HEIGHT = 560, 380, 440
TABLE_COLUMNS = ["region_code", "region_name", "numerator", "denominator", "value",
                 "value_low", "value_high", "status", "suppressed", "lower_bound", "demo",
                 "value_basis", "computed_value"]


def _status(df: pd.DataFrame) -> str:
    statuses = set(df["status"].dropna())
    return "voorlopig" if "voorlopig" in statuses else ("definitief" if statuses else "")


def _caption(view: View, df: pd.DataFrame, extra: str = "", period: str | None = None) -> str:
    demo = bool(df["demo"].fillna(False).astype(bool).any()) if "demo" in df else False
    return chart.caption_text(view.indicator, period or view.period,
                              queries.latest_classification_year(), status=_status(df),
                              demo=demo, extra=extra)


def _summary(view: View, level: SimpleNamespace) -> pd.DataFrame:
    """The chart's text alternative: the selected region, the country and the spread."""
    rows = []
    mine = level.by_code.get(view.region)
    if mine is not None:
        rows.append((mine["region_name"], formatting.figure(mine, view.indicator)))
    return pd.DataFrame(rows + level.summary, columns=["", view.indicator["label"]], dtype=object)


def _spread(df: pd.DataFrame, ind: dict, national: dict | None) -> list[tuple]:
    """The summary's rows that are the same whichever region is chosen."""
    shown = df[~df["suppressed"].astype(bool) & df["value"].notna()]["value"]
    rows = []
    if national:
        rows.append((f"Nederland, {formatting.basis(national['value_basis'], national['source'])}",
                     formatting.figure(national, ind)))
    for label, q in (("laagste", 0), ("5e percentiel", .05), ("mediaan", .5),
                     ("95e percentiel", .95), ("hoogste", 1)):
        rows.append((label, formatting.figure(
            {"value": shown.quantile(q) if len(shown) else None}, ind)))
    secret = int(df["suppressed"].astype(bool).sum())
    rows.append(("geheim (< 8)", formatting.number(secret)))
    return rows


@cache.per_warehouse(maxsize=32)
def _level(indicator_id: str, level: str, period: str) -> SimpleNamespace:
    """What every region's view of one level and period shares, kept per build: its figures by
    region, the summary's spread and the captions. The map and the ranking drawn on it are
    kept apart (`_level_map`, `_level_ranking`), so the two callbacks draw them side by side.
    A region not drawn before then costs its own marks only (the gemeenten: ~2 ms a chart
    instead of ~20)."""
    view = View(queries.indicator(indicator_id), level, None, period)
    ind, df = view.indicator, level_frame(view)
    national = queries.national_fact(indicator_id, period)
    rows = figures.records(df, figures.FIGURE_COLUMNS)
    return SimpleNamespace(
        df=df, view=view, national=national, rows=rows,
        by_code={r["region_code"]: r for r in rows}, summary=_spread(df, ind, national),
        caption=_caption(view, df), map_caption=_caption(view, df, extra="grenzen 2024"))


@cache.per_warehouse(maxsize=32)
def _level_map(indicator_id: str, level: str, period: str) -> dict:
    """The level's map without an outline, kept per build (shared: do not modify)."""
    lv = _level(indicator_id, level, period)
    return figures.map_figure(lv.df, queries.region_shapes(level), indicator=lv.view.indicator,
                              highlight=None, height=MAP_HEIGHT, points=region_centres(level))


@cache.per_warehouse(maxsize=32)
def _level_ranking(indicator_id: str, level: str, period: str) -> SimpleNamespace:
    """The level's ranking and the distribution a region is placed in, kept per build."""
    lv = _level(indicator_id, level, period)
    national = lv.national["value"] if lv.national else None
    return SimpleNamespace(
        figure=figures.Ranking(lv.df, indicator=lv.view.indicator, national_value=national,
                               level_label=LEVEL_PLURAL[level], height=DISTRIBUTION_HEIGHT),
        distribution=verdict.Distribution(lv.rows))


def key(view: View) -> dict:
    """What the charts' stores hold: the view, as the address names it."""
    return {"indicator": view.indicator_id, "level": view.level, "region": view.region,
            "period": view.period, "sort": view.sort}


@registry.register(PAGE)
def export(name: str, key: dict) -> registry.Export | None:
    """The download of chart `name` (kaart, verdeling, trend, tabel) for a view's key."""
    view = parse(*(key.get(k) for k in ("indicator", "region", "level", "period", "sort")))
    if not isinstance(view, View):
        return None
    if name == "tabel":
        df = level_frame(view)
        return registry.Export(table_data(view, df, notes.level_duiding(view, df)))
    if name == "trend":
        df = trend_frame(view)
        fig, _table, caption = trend_parts(view, notes.region_agreements(view), df)
        return registry.Export(trend_data(view, df, caption), fig)
    parts = {"kaart": map_parts, "verdeling": distribution_parts}.get(name)
    if parts is None:
        return None
    fig, _table, caption, *_ = parts(view)
    return registry.Export(level_data(view, level_frame(view), LEVEL_TITLES[name](view),
                                      caption), fig)


def level_frame(view: View) -> pd.DataFrame:
    return queries.level_values(view.indicator_id, view.level, view.period)


def level_data(view: View, df: pd.DataFrame, title: str, caption: str) -> dict:
    """The download of a whole-level chart: every region's raw figure with its flags. Built
    for a download only, not with every drawing."""
    return chart.export_data(title, caption, df[TABLE_COLUMNS],
                             bool(df["demo"].fillna(False).any()))


@cache.per_warehouse(maxsize=8)
def region_centres(level: str) -> dict:
    """Each region's centre on the map (where a secret region's cross goes), once per build:
    3,420 wijken took 50 ms a drawing."""
    return {f["properties"]["region_code"]: figures.centroid(f["geometry"])
            for f in queries.region_shapes(level)["features"]}


def map_parts(view: View) -> tuple:
    """(figure, table, caption) of the map; `chart.chart_values` takes these."""
    level = _level(view.indicator_id, view.level, view.period)
    fig = figures.with_map_highlight(_level_map(view.indicator_id, view.level, view.period),
                                     queries.region_shapes(view.level), view.region)
    return fig, _summary(view, level), level.map_caption


def percentile_text(view: View, level: SimpleNamespace, ranking: SimpleNamespace) -> str:
    """Where the chosen region stands among the level's regions, by the one rule
    (`verdict.position`): only when its interval allows it, never for counts."""
    own = level.by_code.get(view.region)
    if own is None:
        return "Kies een regio om te zien waar die staat tussen de " + LEVEL_PLURAL[view.level]
    name, shown = own["region_name"], formatting.figure(own, view.indicator)
    if formatting.interval(own) is None or not verdict.judged(view.indicator):
        return f"{name}: {shown}."
    text = verdict.position(ranking.distribution.shares(own), view.indicator,
                            LEVEL_PLURAL[view.level])
    if text is None:
        return (f"{name}: {shown}; door geheime cijfers is niet te zeggen waar dat staat "
                f"tussen de {LEVEL_PLURAL[view.level]}.")
    return f"{name} ligt {text}."


def distribution_parts(view: View) -> tuple:
    """(figure, table, caption, percentile sentence) of the distribution."""
    level = _level(view.indicator_id, view.level, view.period)
    ranking = _level_ranking(view.indicator_id, view.level, view.period)
    return (ranking.figure.figure(view.region), _summary(view, level), level.caption,
            percentile_text(view, level, ranking))


# The downloads' titles of the whole-level charts.
LEVEL_TITLES = {
    "kaart": lambda v: f"{v.indicator['label']} per {queries.LEVELS[v.level].lower()}",
    "verdeling": lambda v: f"{v.indicator['label']}: alle {LEVEL_PLURAL[v.level]} gerangschikt",
}


def trend_frame(view: View) -> pd.DataFrame:
    return queries.trend_comparison(view.indicator_id, view.region or queries.NATIONAL_CODE)


def trend_parts(view: View, found: list[dict] | None = None,
                df: pd.DataFrame | None = None) -> tuple:
    """(figure, table, caption) of the trend against the comparators, with the targets of the
    agreements in `found` measured in a region the chart shows."""
    df = trend_frame(view) if df is None else df
    fig = figures.trend_spec(df, indicator=view.indicator, height=TREND_HEIGHT)
    # The rest from plain rows: each pandas column read costs more than its Python loop.
    rows = figures.records(df, ["region_code", "region_name", "period", "value", "value_low",
                                "value_high", "suppressed", "lower_bound", "secret_max",
                                "weight", "status", "demo"])
    targets = notes.targets(view, found or [], {r["region_code"] for r in rows})
    if targets:
        fig = notes.with_targets(fig, view, targets)
    periods = sorted({r["period"] for r in rows})
    span = (f"{formatting.period(periods[0])} t/m {formatting.period(periods[-1])}"
            if periods else "")
    # One row per period, one column per region (plain Python: a pivot costs 20 ms).
    cells: dict[tuple, str] = {}
    for r in rows:
        cells.setdefault((r["period"], r["region_name"]), formatting.figure(r, view.indicator))
    names = list(dict.fromkeys(r["region_name"] for r in rows))
    table = pd.DataFrame([[p, *(cells.get((p, n), "") for n in names)]
                          for p in dict.fromkeys(r["period"] for r in rows)],
                         columns=["periode", *names],
                         dtype=object)  # text: no inference of string columns (2 ms)
    extra = f"{span} · oudere jaren terugberekend naar de indeling van het laatste jaar"
    if targets:
        extra += f" · {notes.TARGET_NOTE}"
    if any(r["weight"] < 0.999 for r in rows):
        extra += (" · de gemeente ligt in meer dan één SWV: getoond is het SWV met het grootste"
                  " deel van haar jeugd (aandeel tussen haakjes)")
    statuses = {r["status"] for r in rows if isinstance(r["status"], str)}
    status = ("laatste periode voorlopig" if "voorlopig" in statuses else
              "definitief" if statuses else "")
    caption = chart.caption_text(view.indicator, None, queries.latest_classification_year(),
                                 status=status,
                                 demo=any(formatting.flag(r["demo"]) for r in rows), extra=extra)
    return fig, table, caption


TREND_COLUMNS = ["region_code", "region_name", "role", "period", "value", "value_low",
                 "value_high", "numerator", "denominator", "status", "suppressed", "lower_bound",
                 "demo", "value_basis"]


def trend_data(view: View, df: pd.DataFrame, caption: str) -> dict:
    """The trend's download: every series' raw figures with their flags. Built for a download
    only, not with every drawing."""
    return chart.export_data(f"{view.indicator['label']}: ontwikkeling", caption,
                             df[TREND_COLUMNS], bool(df["demo"].fillna(False).any()))


def _text(value, default: str) -> str:
    """A catalogue text, or `default` when it is empty (None or NaN from the warehouse)."""
    return value if isinstance(value, str) and value else default


def _flags(r) -> str:
    flags = [name for name, on in (("geheim", r.suppressed), ("deels geheim", r.lower_bound),
                                   ("voorlopig", r.status == "voorlopig"),
                                   ("voorbeeldcijfer", r.demo is True)) if on]
    return ", ".join(flags)


def _duiding_link(view: View, code: str, n: int) -> str:
    """A count with a link that chooses the region, whose duiding then shows beside the
    trend. Generated text only: users' text never goes into this raw-HTML table."""
    if not n:
        return ""
    url = href(view.indicator_id, region=code, level=view.level, period=view.period,
               sort=view.sort) + f"#{ids.INDICATOR_NOTES}"
    return f'<a href="{escape(url)}">{n} {"duiding" if n == 1 else "duidingen"}</a>'


def table(view: View, df: pd.DataFrame | None = None,
          duiding: dict | None = None) -> tuple[str, html.Div]:
    """Every region of the level in one period, sorted as the view says, as escaped HTML
    (which the browser writes into the page as it is: 342 rows of Dash components, or of
    Markdown, take the browser a large part of a second), and its downloads. Users' duiding
    is counted here, shown as components beside the trend and written in full into the
    downloads."""
    df = level_frame(view) if df is None else df
    duiding = duiding or {}
    # Only the regions with duiding on this indicator (a few), not every region of the level.
    codes = set(df["region_code"])
    counts = {c: len(dn.for_figure(duiding, ind, c, view.period))
              for ind, c in duiding if ind == view.indicator_id and c in codes}
    head, rows, where = _table_rows(view.indicator_id, view.level, view.period, view.sort,
                                    cache.keyed(counts))
    if view.region in where:  # the chosen region's row marked; the kept rows stay as they are
        i = where[view.region]
        rows = [*rows[:i], '<tr class="selected">' + rows[i].removeprefix("<tr>"), *rows[i + 1:]]
    caption = (f"{view.indicator['label']}, {formatting.period(view.period)}, alle "
               f"{LEVEL_PLURAL[view.level]}, gesorteerd op {SORTS[view.sort]}")
    markup = (f'<table class="data cards"><caption>{escape(caption)}</caption><thead><tr>'
              f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return markup, table_exports(PAGE, "tabel", _table_title(view), key(view))


@cache.per_warehouse(maxsize=64)
def _table_rows(indicator_id: str, level: str, period: str, sort: str,
                counts: cache.Keyed) -> tuple[str, list[str], dict[str, int]]:
    """The table's header cells, its rows in order (none marked as chosen) and each region's
    row number, kept per level, period, order and duiding counts: a region not drawn before
    then costs one marked row, not every row of the level again (342 rows: 14 ms)."""
    view = View(queries.indicator(indicator_id), level, None, period, sort)
    df, counts = level_frame(view), counts.value
    with_notes = any(counts.values())
    if view.sort == "naam":
        df = df.sort_values("region_name", key=lambda s: s.str.lower().str.lstrip("'"))
    else:
        df = df.sort_values("value", ascending=view.sort == "oplopend", na_position="last")

    def num(v) -> str:
        return "" if formatting.is_missing(v) else formatting.number(v)

    # The few distinct statuses and flags escaped once, not in every row (3,420 wijken).
    escaped = functools.lru_cache(maxsize=64)(escape)

    head = ["Regio", "Code", _text(view.indicator.get("numerator_label"), "teller"),
            _text(view.indicator.get("denominator_label"), "noemer"), "Waarde", "Status",
            "Kenmerken"] + (["Duiding"] if with_notes else [])
    cells = [f'<th scope="col">{escape(h)}</th>' if i not in (2, 3, 4) else
             f'<th scope="col" class="num">{escape(h)}</th>' for i, h in enumerate(head)]
    # Each cell names its column (data-label): below 700 px a row shows as a card of
    # "label: value" lines (profile.css, table.cards).
    labels = [escape(h, quote=True) for h in head]

    def td(i: int, text: str, num_class: bool = False) -> str:
        cls = ' class="num"' if num_class else ""
        return f'<td{cls} data-label="{labels[i]}">{text}</td>'

    rows, where = [], {}
    for d in figures.records(df, [*figures.FIGURE_COLUMNS, "demo"]):
        r = SimpleNamespace(**d)
        value = formatting.figure(d, view.indicator)
        where[r.region_code] = len(rows)
        rows.append(
            f'<tr><th scope="row">{escape(str(r.region_name))}</th>'
            + td(1, escape(r.region_code))
            + td(2, "geheim" if r.suppressed else num(r.numerator), True)
            + td(3, num(r.denominator), True) + td(4, escape(value), True)
            + td(5, escaped(r.status or "")) + td(6, escaped(_flags(r)))
            + (td(7, _duiding_link(view, r.region_code, counts.get(r.region_code, 0)))
               if with_notes else "") + "</tr>")
    return "".join(cells), rows, where


def _table_title(view: View) -> str:
    return (f"{view.indicator['label']}, {formatting.period(view.period)}, alle "
            f"{LEVEL_PLURAL[view.level]}")


def table_data(view: View, df: pd.DataFrame, duiding: dict) -> dict:
    """CSV/Excel of the table: every region raw, with its flags and its duiding."""
    out = df[TABLE_COLUMNS].assign(duiding=[
        dn.export_text(dn.for_figure(duiding, view.indicator_id, c, view.period))
        for c in df["region_code"]])
    return chart.export_data(_table_title(view), _caption(view, df), out,
                             bool(df["demo"].fillna(False).any()))


