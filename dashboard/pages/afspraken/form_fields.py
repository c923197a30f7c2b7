"""Building blocks of the agreement and ambitie forms: a labelled field with its error text
beside it, the native suggestion lists (regions, indicators, periods, ambities), and readers
for what was typed into them ('Amsterdam (GM0363)' -> 'GM0363'). Native inputs only: they work
with keyboard and screen reader and pass axe."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from dash import dcc, html

from dashboard import db, ids, queries, store
from dashboard.pages.afspraken import common

CODE_IN_LABEL = re.compile(r"\(([A-Za-z]{2}\d{2,5})\)\s*$")
ID_IN_LABEL = re.compile(r"\(([a-z0-9_]+)\)\s*$")
AMBITIE_IN_LABEL = re.compile(r"^\s*(\d{1,10})\s*(?::|$)")
REGION_LEVELS = ("gemeente", "swv_po", "swv_vo", "jeugdregio", "rmc", "provincie")


def dom_id(component_id) -> str:
    """The id as it appears in the page: Dash writes a dict id as sorted compact JSON."""
    if isinstance(component_id, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{json.dumps(component_id[k])}"
                              for k in sorted(component_id)) + "}"
    return component_id


def error_box(form: str, field: str) -> html.Div:
    return html.Div(id=ids.form_error(form, field), className="field-error")


def field(form: str, name: str, label: str, control, *, hint: str | None = None,
          error_field: str | None = None) -> html.Div:
    """A label tied to its control, an optional hint and the error text of `error_field`."""
    return html.Div([
        html.Label(label, htmlFor=dom_id(control.id)),
        html.P(hint, className="hint") if hint else None,
        control,
        error_box(form, error_field or name),
    ], className="form-field")


def text_input(component_id, value: str = "", *, list_id: str | None = None,
               debounce: bool = True, **extra) -> dcc.Input:
    return dcc.Input(id=component_id, type="text", value=value or "", list=list_id,
                     debounce=debounce, autoComplete="off", **extra)


def textarea(component_id, value: str = "", rows: int = 4) -> dcc.Textarea:
    return dcc.Textarea(id=component_id, value=value or "", rows=rows)


@lru_cache(maxsize=4)
def _warehouse_options(_generation: tuple) -> tuple[list[dict], list[dict]]:
    """The region and indicator suggestions of one warehouse build, as plain component data:
    500 html.Option objects cost 100 ms to build on every page view; this costs nothing."""
    regions = queries.regions()
    regions = regions[regions["region_level"].isin(REGION_LEVELS)]
    inds = queries.indicators()
    return ([option(name if name.startswith(code) else f"{name} ({code})")
             for code, name in zip(regions["region_code"], regions["region_name"], strict=True)],
            [option(f"{label} ({i})")
             for i, label in zip(inds["indicator_id"], inds["label"], strict=True)])


def option(value: str, label: str | None = None) -> dict:
    """An <option> as the JSON Dash sends (what html.Option(...).to_plotly_json() gives)."""
    props = {"value": value} if label is None else {"value": value, "label": label}
    return {"type": "Option", "namespace": "dash_html_components", "props": props}


def region_options() -> list[dict]:
    """'Amsterdam (GM0363)' for every region of the pickable levels, and every werkgebied."""
    regions, _ = _warehouse_options(db.generation())
    with store.session(readonly=True) as s:
        own = [option(f"{w['name']} ({w['code']})") for w in store.werkgebieden.list(s)]
    return [*regions, *own]


def datalists(form: str) -> html.Div:
    """The suggestion lists a form's inputs refer to (each rendered once per page)."""
    _, indicators = _warehouse_options(db.generation())
    years = [str(y) for y in range(2015, 2036)]
    periods = years + [f"{y - 1}/{y}" for y in range(2016, 2036)]
    return html.Div([
        html.Datalist(region_options(), id=ids.page(form, "regions")),
        html.Datalist(list(indicators), id=ids.page(form, "indicators")),
        html.Datalist([option(p) for p in periods], id=ids.page(form, "periods")),
        html.Datalist([option(s) for s in common.STATUSES], id=ids.page(form, "statuses")),
    ])


def ambitie_datalist(form: str, ambities: list[dict]) -> html.Datalist:
    return html.Datalist([html.Option(value=ambitie_label(a)) for a in ambities],
                         id=ids.page(form, "ambities"))


def ambitie_label(ambitie: dict | None) -> str:
    return f"{ambitie['id']}: {ambitie['title'][:120]}" if ambitie else ""


def region_code(text: str | None) -> str:
    """The code in 'Amsterdam (GM0363)', 'GM0363' or 'gm0363'; the text itself otherwise (so
    the validation can say what is wrong with it)."""
    text = str(text or "").strip()
    match = CODE_IN_LABEL.search(text)
    return (match.group(1) if match else text).upper()


def indicator_id(text: str | None) -> str:
    """The id in 'Jongeren met jeugdhulp (jeugdhulp)', the id itself, or an exact label."""
    text = str(text or "").strip()
    match = ID_IN_LABEL.search(text)
    if match and queries.indicator(match.group(1)):
        return match.group(1)
    if queries.indicator(text):
        return text
    inds = queries.indicators()
    named = inds[inds["label"].str.lower() == text.lower()]
    return str(named["indicator_id"].iloc[0]) if not named.empty else text


def indicator_text(indicator: str | None) -> str:
    ind = queries.indicator(indicator or "")
    return f"{ind['label']} ({indicator})" if ind else str(indicator or "")


def ambitie_id(text: str | None) -> int | None | str:
    """The ambitie id at the start of '3: Titel'; None when empty; the text when unreadable."""
    text = str(text or "").strip()
    if not text:
        return None
    match = AMBITIE_IN_LABEL.match(text)
    return int(match.group(1)) if match else text


def lines(text: str | None) -> list[str]:
    """One item per line (or separated by ';'); empty items dropped."""
    return [p.strip() for p in re.split(r"[\n;]", str(text or "")) if p.strip()]


def region_picker(form: str, target_id: str, label: str) -> html.Div:
    """A search field with the region list and a 'Toevoegen' button that appends the chosen
    code to the textarea `target_id` (see form_callbacks.add_code)."""
    pick, add = ids.page(form, f"{target_id}-pick"), ids.page(form, f"{target_id}-add")
    return html.Div([
        html.Label(label, htmlFor=pick),
        html.Div([text_input(pick, list_id=ids.page(form, "regions"), debounce=False),
                  html.Button("Toevoegen", id=add, n_clicks=0, type="button",
                              className="action-button")], className="afspraken-actions"),
    ], className="form-field")
